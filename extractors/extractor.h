// An extractor finds mentions of one kind in a Document and appends them to
// doc.mentions, with input offsets. Extractors read the normalized text and the
// word tokens; they never look at other articles and are shared by threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/document.h"

namespace newsdeal {

class Extractor {
 public:
  virtual ~Extractor() = default;
  virtual std::string_view name() const = 0;
  virtual void extract(Document& doc) const = 0;
  // What extract() appends to each of `docs`, found for all of them together
  // where the extractor gains by it (the numeric rules: each rule's automaton
  // searches all the documents' sentences it hit in a row, while it is in the
  // caches). False when the extractor has no such way: the caller then runs
  // extract() on each. Throws without having changed any document.
  virtual bool extract_all(const std::vector<Document*>& docs) const {
    (void)docs;
    return false;
  }
};

struct ExtractorOptions {
  std::vector<std::string> rule_dirs;   // --rules: add or replace rule files
  std::vector<std::string> gazetteers;  // --gazetteer: add entries
};

class Gazetteer;

// The extractors for every entity type: names from `gazetteer`, numeric types
// from the rule files (embedded, plus opts.rule_dirs). Throws
// std::runtime_error("file:line: what is wrong") on bad data.
std::vector<std::unique_ptr<Extractor>> make_extractors(const ExtractorOptions& opts,
                                                        std::shared_ptr<const Gazetteer> gazetteer);

// Keeps, among overlapping mentions of the same type, the longest, then the one of
// higher priority, then the earlier; mentions of different types may overlap.
void resolve_overlaps(std::vector<Mention>& mentions);

}  // namespace newsdeal
