// The report page: the compute-allocation model as one self-contained HTML file
// (inline CSS, JS and SVG; nothing is fetched) with the allocation graph, a bar
// chart per buyer, a filterable table of deals that open to their evidence
// sentences, and a timeline by first-seen date.
//
//   report::ReportBuilder b;
//   for (const auto& rec : records) b.add_record(rec);   // newsdeal.article/1 (errors are counted)
//   std::string html = b.render({});
//
// Only records hold deals and evidence; a model (newsdeal.allocation/1, e.g. the
// live model of `newsdeal serve`) gives the graph, charts and timeline, and its
// allocations become the table's rows, without evidence:
//
//   std::string html = report::render_model_report(store.to_json(), {});
//
// Evidence sentences are cut from the record's "text" (`--with-text`); records
// without it show each sentence's byte range and the mentions it holds.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/model.h"

namespace newsdeal::report {

enum class Layout {
  automatic,  // Graphviz `dot` when it is on PATH, else the built-in layout
  dot,        // Graphviz; render() throws when `dot` cannot be run
  builtin,    // vendors, companies that are both, and buyers in columns
};

struct ReportOptions {
  std::string title = "newsdeal: who gets compute from whom";
  Layout layout = Layout::automatic;
  std::string dot_program = "dot";  // a name looked up on PATH, or a path
};

class ReportBuilder {
 public:
  // Evidence sentences longer than `max_evidence_bytes` are cut (with an ellipsis).
  explicit ReportBuilder(std::size_t max_evidence_bytes = 2000) : max_evidence_bytes_(max_evidence_bytes) {}

  // Folds one record: an article record adds its deals (rows of the table, with
  // their evidence) and its allocations; an error record is counted. Throws
  // std::invalid_argument for JSON that is not an object.
  void add_record(const nlohmann::json& record);
  // Folds a model written by AllocationModel::to_json(); each of its allocations
  // becomes a row without evidence unless records already gave deals for it.
  void add_model(const nlohmann::json& model);

  // The page. Throws std::runtime_error when Layout::dot is asked for and Graphviz
  // fails.
  std::string render(const ReportOptions& opts) const;

  std::size_t records() const { return records_; }
  std::size_t errors() const { return errors_; }
  std::size_t deals() const { return deals_.size(); }
  std::size_t records_without_text() const { return without_text_; }  // records with deals but no "text"

 private:
  AllocationModel model_;
  nlohmann::json deals_ = nlohmann::json::array();  // table rows
  std::vector<nlohmann::json> model_rows_;           // rows from folded models
  std::size_t max_evidence_bytes_;
  std::size_t records_ = 0, errors_ = 0, without_text_ = 0;
  bool any_model_ = false;
};

std::string render_report(const std::vector<nlohmann::json>& records, const ReportOptions& opts = {});
std::string render_model_report(const nlohmann::json& model, const ReportOptions& opts = {});

}  // namespace newsdeal::report
