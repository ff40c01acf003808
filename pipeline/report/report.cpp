#include "pipeline/report/report.h"

#include <set>
#include <stdexcept>
#include <utility>

#include "pipeline/report/assets.h"
#include "pipeline/report/evidence.h"
#include "pipeline/report/graph.h"
#include "pipeline/report/html.h"

#ifndef NEWSDEAL_VERSION
#define NEWSDEAL_VERSION "dev"
#endif

namespace newsdeal::report {
namespace {

using Json = nlohmann::json;

Json str_or_null(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? *it : Json();
}

Json object_or_null(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : Json();
}

Json strings(const Json& j, const char* key) {
  Json out = Json::array();
  if (auto it = j.find(key); it != j.end() && it->is_array())
    for (const auto& x : *it)
      if (x.is_string()) out.push_back(x);
  return out;
}

std::string join(const Json& strings, const char* sep) {
  std::string out;
  for (const auto& s : strings) out += (out.empty() ? "" : sep) + s.get<std::string>();
  return out;
}

// Fills {{name}} placeholders in one pass, so text put in is never read again
// as a placeholder.
std::string fill(std::string_view tmpl, const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = tmpl.find("{{", pos);
    if (open == std::string_view::npos) break;
    std::size_t close = tmpl.find("}}", open);
    if (close == std::string_view::npos) break;
    std::string_view name = tmpl.substr(open + 2, close - open - 2);
    out.append(tmpl.substr(pos, open - pos));
    bool found = false;
    for (const auto& [k, v] : values)
      if (k == name) {
        out += v;
        found = true;
        break;
      }
    if (!found) out.append(tmpl.substr(open, close + 2 - open));
    pos = close + 2;
  }
  out.append(tmpl.substr(pos));
  return out;
}

}  // namespace

void ReportBuilder::add_record(const Json& rec) {
  if (!rec.is_object()) throw std::invalid_argument("not a JSON object");
  const Json schema = str_or_null(rec, "schema");
  if (schema == "newsdeal.error/1") {
    ++records_;
    ++errors_;
    return;
  }
  if (schema != "newsdeal.article/1")
    throw std::invalid_argument("not a newsdeal record (schema " + (schema.is_null() ? std::string("missing") : schema.dump()) + ")");
  ++records_;
  model_.add_record(rec);
  auto deals = rec.find("deals");
  if (deals == rec.end() || !deals->is_array() || deals->empty()) return;

  RecordEvidence evidence(rec);
  if (!evidence.has_text()) ++without_text_;
  const Json source = object_or_null(rec, "source");
  for (const auto& d : *deals) {
    if (!d.is_object()) continue;
    Json row = {{"article", str_or_null(rec, "id")},
                {"title", str_or_null(rec, "title")},
                {"url", source.is_object() ? str_or_null(source, "url") : Json()},
                {"published", source.is_object() ? str_or_null(source, "published") : Json()}};
    for (const char* f : {"id", "type", "buyer", "vendor", "provider", "product", "kind", "status", "purpose"})
      row[f] = str_or_null(d, f);
    if (row["kind"].is_null()) row["kind"] = "unspecified";
    for (const char* f : {"value", "term", "quantity"}) row[f] = object_or_null(d, f);
    row["langs"] = strings(d, "langs");
    Json conflicts = Json::array();
    if (auto cs = d.find("conflicts"); cs != d.end() && cs->is_array())
      for (const auto& c : *cs)
        if (c.is_object()) conflicts.push_back(c);
    row["conflicts"] = conflicts;
    row["confidence"] = d.contains("confidence") && d["confidence"].is_number() ? d["confidence"] : Json();
    row["evidence"] = evidence.for_deal(d, max_evidence_bytes_);
    deals_.push_back(std::move(row));
  }
}

void ReportBuilder::add_model(const Json& m) {
  if (!m.is_object() || str_or_null(m, "schema") != "newsdeal.allocation/1")
    throw std::invalid_argument("not a model (schema newsdeal.allocation/1)");
  model_.add_model(m);
  any_model_ = true;
  auto allocs = m.find("allocations");
  if (allocs == m.end() || !allocs->is_array()) return;
  for (const auto& a : *allocs) {
    if (!a.is_object()) continue;
    Json sources = Json::array();
    if (auto s = a.find("sources"); s != a.end() && s->is_array()) sources = *s;
    const Json first = sources.empty() || !sources[0].is_object() ? Json::object() : sources[0];
    Json value;
    if (auto v = a.find("value"); v != a.end() && v->is_array() && !v->empty() && (*v)[0].is_object()) value = (*v)[0];
    Json row = {{"article", str_or_null(first, "article")},
                {"title", nullptr},
                {"url", str_or_null(first, "url")},
                {"published", str_or_null(a, "first_seen")},
                {"sources", sources.size()},
                {"id", nullptr},
                {"type", join(strings(a, "types"), ", ")},
                {"buyer", str_or_null(a, "buyer")},
                {"vendor", str_or_null(a, "vendor")},
                {"provider", nullptr},
                {"product", join(strings(a, "products"), ", ")},
                {"kind", edge_kind(nlohmann::ordered_json(a))},
                {"status", join(strings(a, "statuses"), ", ")},
                {"purpose", nullptr},
                {"value", value},
                {"term", nullptr},
                {"quantity", nullptr},
                {"langs", Json::array()},
                {"conflicts", Json::array()},
                {"confidence", nullptr},
                {"evidence", Json::array()}};
    for (const char* f : {"type", "product", "status"})
      if (row[f] == "") row[f] = nullptr;
    model_rows_.push_back(std::move(row));
  }
}

std::string ReportBuilder::render(const ReportOptions& opts) const {
  const nlohmann::ordered_json model = model_.to_json();
  const GraphSvg graph = draw_graph(model_, model, opts);

  // Allocations of folded models are rows only where no record gave a deal for
  // that buyer and vendor (a model and the records it came from would count twice).
  Json rows = deals_;
  auto pair = [](const Json& row) {
    return row["buyer"].is_string() && row["vendor"].is_string()
               ? std::pair{row["buyer"].get<std::string>(), row["vendor"].get<std::string>()}
               : std::pair<std::string, std::string>{};
  };
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& d : deals_) seen.insert(pair(d));
  std::size_t from_models = 0;
  for (const auto& r : model_rows_)
    if (!seen.count(pair(r))) {
      rows.push_back(r);
      ++from_models;
    }

  Json meta = {{"title", opts.title},
               {"generator", std::string("newsdeal ") + NEWSDEAL_VERSION},
               {"records", records_},
               {"errors", errors_},
               {"articles", model_.articles()},
               {"deals", rows.size()},
               {"rows_from_models", from_models},
               {"records_without_text", without_text_},
               {"layout", graph.layout},
               {"layout_note", graph.note}};
  Json data = {{"meta", meta}, {"model", Json(model)}, {"deals", rows}};

  std::string_view page = asset("page.html");
  if (page.empty()) throw std::runtime_error("the report template (page.html) was not built in");
  return fill(page, {{"title", escape(opts.title)},
                     {"generator", escape(meta["generator"].get<std::string>())},
                     {"layout", graph.layout},
                     {"style", std::string(asset("report.css"))},
                     {"script", std::string(asset("report.js"))},
                     {"graph", graph.svg},
                     {"data", script_json(data)}});
}

std::string render_report(const std::vector<Json>& records, const ReportOptions& opts) {
  ReportBuilder b;
  for (const auto& r : records) b.add_record(r);
  return b.render(opts);
}

std::string render_model_report(const Json& model, const ReportOptions& opts) {
  ReportBuilder b;
  b.add_model(model);
  return b.render(opts);
}

}  // namespace newsdeal::report
