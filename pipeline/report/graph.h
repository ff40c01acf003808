// The allocation graph of the report as SVG: Graphviz `dot -Tsvg` on
// AllocationModel::to_dot() where it can run, a built-in column layout otherwise.
// Both give the same hooks for the page's script and for tests: every node is a
// <g class="node"> whose <title> is the entity key, every edge a <g class="edge">
// whose <title> is "vendor->buyer" (escaped as XML).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/model.h"
#include "pipeline/report/report.h"

namespace newsdeal::report {

struct GraphSvg {
  std::string svg;     // an <svg> element, sized by its viewBox
  std::string layout;  // "dot" or "builtin"
  std::string note;    // why the built-in layout was used, when it was
};

GraphSvg draw_graph(const AllocationModel& model, const nlohmann::ordered_json& model_json, const ReportOptions& opts);

// The built-in layout of a model (newsdeal.allocation/1 JSON).
std::string builtin_graph(const nlohmann::ordered_json& model_json);

// The edge of an allocation as to_dot() draws it: the kind that colours it (one
// that is not "unspecified" when there is one) and its width (1 up to $100M,
// +1 per decade above).
std::string edge_kind(const nlohmann::ordered_json& allocation);
double edge_width(const nlohmann::ordered_json& allocation);

}  // namespace newsdeal::report
