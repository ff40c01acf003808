// An article as a reader delivers it, before any stage has run.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "extractors/document.h"

namespace newsdeal {

enum class SourceFormat { seedtext, text, jsonl, html, rss, atom, warc };
std::string_view source_format_name(SourceFormat f);

// Where an article came from: the record's "source" object.
struct Source {
  SourceFormat format = SourceFormat::text;
  std::optional<std::string> url;
  std::optional<std::string> path;
  std::optional<std::string> published;
  std::optional<std::string> fetched_at;
};

struct Article {
  std::string id;
  Source source;
  std::optional<std::string> title;
  std::optional<std::string> lang_hint;  // a language the input declares ("zh", "en")
  std::string text;                      // raw bytes; decoded and validated by the pipeline
  // Sections a reader found in a known layout (seedtext); empty means "detect".
  std::vector<Section> sections;
};

// The pipeline's stages, as error records name them.
enum class Stage { read, fetch, decode, parse, segment, extract, link, write };
std::string_view stage_name(Stage s);

// An article that could not be made into a record: one error line in the output.
struct ArticleError {
  std::string id;
  Source source;
  Stage stage = Stage::read;
  std::string message;
  std::optional<std::size_t> input_bytes;
};

}  // namespace newsdeal
