// Python values as articles, read by the same code as files so an article gives
// the same record from Python as from `newsdeal extract` or a JSONL dump:
//   - text (str or bytes): read_document, as a file is read (charset, HTML by
//     content, seedtext layout, headline as the title section);
//   - a dict: dumped to one JSON line by the caller and read by the JSONL reader
//     (id, url, title, text or html, published, lang; unknown keys ignored).
// And the pipeline over a batch of them on a set number of threads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"
#include "pipeline/readers/reader.h"

namespace newsdeal::py {

// What a caller names beside a text; the id defaults to "text-" and a hash of
// the bytes, so the same text is the same source in a model.
struct TextMeta {
  std::optional<std::string> id, url, title, lang, published;
};

ReadItem article_from_text(const std::string& bytes, const TextMeta& meta, const ReadOptions& opts);

// `line` is one JSON object on one line. Messages do not carry the reader's
// "name:line: " prefix (there is no file); without an id the id is "article-"
// and a hash of the line.
ReadItem article_from_json(const std::string& line, const ReadOptions& opts);

// An article through the pipeline, or an error passed through.
Outcome run_item(const Pipeline& pipeline, ReadItem&& item);

// Every item through the pipeline on up to `threads` threads (0: every core),
// results in the order of the items.
std::vector<Outcome> run_items(const Pipeline& pipeline, std::vector<ReadItem>&& items, unsigned threads);

}  // namespace newsdeal::py
