// Every input the command line or a caller names: "-" is stdin, a folder is
// walked recursively (files with an article extension only, in sorted order,
// hidden files skipped), a file is read whatever its name.
//
// gzip and zstd are undone first, recognized by their magic bytes (so stdin
// may be compressed too). Then the format, by content first and by name
// (without .gz/.zst) second:
//   - WARC: a "WARC/1." first line, or .warc (warc.h), streamed record by record;
//   - JSONL: .jsonl, .ndjson, or a JSON object on the first line (jsonl.h),
//     streamed line by line;
//   - anything else is one document, read whole up to max_article_bytes:
//     feed, sitemap, HTML or text (document.h).
#pragma once

#include <string>
#include <vector>

#include "pipeline/readers/reader.h"

namespace newsdeal {

// Calls `sink` once per article or error, in input order.
void read_inputs(const std::vector<std::string>& inputs, const ReadOptions& opts, const ReadSink& sink);

// The files a folder walk takes, sorted; a file path is returned as it is.
std::vector<std::string> expand_input(const std::string& input);

// The extensions a folder walk takes, each also with .gz or .zst after it.
inline constexpr const char* kArticleExtensions[] = {".txt",   ".text", ".jsonl", ".ndjson", ".html", ".htm",
                                                     ".xhtml", ".rss",  ".atom",  ".xml",    ".warc"};

// Whether a folder walk takes a file with this name.
bool has_article_extension(const std::string& filename);

}  // namespace newsdeal
