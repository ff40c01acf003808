// Readers turn inputs (files, folders, stdin) into Articles. Each input yields
// its articles, or an ArticleError where one could not be read, in input order;
// nothing is dropped silently.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <variant>

#include "pipeline/article.h"

namespace newsdeal {

struct ReadOptions {
  // Larger articles (a whole file, or one JSONL line) become read errors instead of
  // being held in memory and processed.
  std::size_t max_article_bytes = 16u << 20;
};

using ReadItem = std::variant<Article, ArticleError>;
using ReadSink = std::function<void(ReadItem&&)>;

// The record id for a file input: its name without directory and extension.
std::string id_from_path(const std::string& path);

// A path without a trailing .gz or .zst ("dump.warc.gz" -> "dump.warc").
std::string without_compression_suffix(const std::string& path);

// The extension of a file name, lower-cased, with its dot ("A.HTML" -> ".html").
std::string lower_extension(const std::string& name);

}  // namespace newsdeal
