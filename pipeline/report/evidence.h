// A deal's evidence for the report page: each sentence cut from the record's
// text into plain and marked segments (the mentions it holds, with the deal's
// parties and the figures that disagree across languages flagged).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace newsdeal::report {

class RecordEvidence {
 public:
  // Indexes the mentions of an article record (newsdeal.article/1). The record
  // must outlive this.
  explicit RecordEvidence(const nlohmann::json& record);

  bool has_text() const { return text_ != nullptr; }

  // One entry per evidence range of `deal`: {"lang", "start", "end", "segs"},
  // segs being [text] for plain text and [text, type, flags] for a mention
  // (flags: "party", "conflict", both space-separated, or ""). Without the
  // record's text, "mentions" lists the marked segments only. Sentences longer
  // than `max_bytes` are cut at a character boundary and end with "…".
  nlohmann::json for_deal(const nlohmann::json& deal, std::size_t max_bytes) const;

 private:
  struct Mention {
    std::size_t start, end;
    std::string type, key, text;
    std::optional<double> min, max;
  };
  std::vector<Mention> mentions_;  // by start
  const std::string* text_ = nullptr;
};

}  // namespace newsdeal::report
