#include "pipeline/json_writer.h"

#include <cmath>

namespace newsdeal {
namespace {

Json opt(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

Json range_json(const Range& r) {
  Json j;
  j["min"] = json_number(r.min);
  j["max"] = json_number(r.max);
  j["approx"] = r.approx;
  return j;
}

Json amount_json(const std::optional<Amount>& a, const char* qualifier) {
  if (!a) return nullptr;
  Json j = range_json(a->range);
  std::string q = qualifier;
  if (q == "currency") {
    j["currency"] = opt(a->currency);
    j["per"] = opt(a->per);
  } else if (q == "unit") {
    j["unit"] = opt(a->unit);
  } else if (q == "text") {
    j["text"] = opt(a->text);
  }
  return j;
}

Json langs_json(const std::vector<Lang>& langs) {
  Json j = Json::array();
  for (Lang l : langs) j.push_back(lang_name(l));
  return j;
}

Json evidence_json(const std::vector<Evidence>& ev) {
  Json j = Json::array();
  for (const auto& e : ev) j.push_back({{"lang", lang_name(e.lang)}, {"start", e.span.start}, {"end", e.span.end}});
  return j;
}

Json source_json(const Source& s) {
  return {{"format", source_format_name(s.format)}, {"url", opt(s.url)}, {"path", opt(s.path)},
          {"published", opt(s.published)}, {"fetched_at", opt(s.fetched_at)}};
}

Json entity_json(const Entity& e) {
  Json j;
  j["id"] = e.id;
  j["type"] = entity_type_name(e.type);
  if (e.key) {
    j["key"] = *e.key;
    j["name"] = opt(e.name);
  }
  if (e.value) j["value"] = range_json(*e.value);
  Json attrs = Json::object();
  for (const auto& [k, v] : e.attrs) attrs[k] = v.empty() ? Json(nullptr) : Json(v);
  j["attrs"] = attrs;
  Json ms = Json::array();
  for (const auto& m : e.mentions)
    ms.push_back({{"start", m.span.start}, {"end", m.span.end}, {"text", m.text},
                  {"lang", m.lang == Lang::none || m.lang == Lang::mixed ? "en" : lang_name(m.lang)},
                  {"section", m.section}});
  j["mentions"] = ms;
  return j;
}

Json deal_json(const Deal& d) {
  Json j;
  j["id"] = d.id;
  j["type"] = d.type;
  j["buyer"] = opt(d.buyer);
  j["vendor"] = opt(d.vendor);
  j["provider"] = opt(d.provider);
  j["product"] = opt(d.product);
  j["kind"] = opt(d.kind);
  j["value"] = amount_json(d.value, "currency");
  j["term"] = amount_json(d.term, "text");
  j["quantity"] = amount_json(d.quantity, "unit");
  j["purpose"] = opt(d.purpose);
  j["status"] = opt(d.status);
  j["langs"] = langs_json(d.langs);
  j["evidence"] = evidence_json(d.evidence);
  Json cs = Json::array();
  for (const auto& c : d.conflicts) {
    Json langs = Json::array();
    for (const auto& l : c.langs) langs.push_back(l);
    cs.push_back({{"field", c.field}, {"values", c.values}, {"langs", langs}});
  }
  j["conflicts"] = cs;
  j["confidence"] = d.confidence;
  return j;
}

Json event_json(const Event& e) {
  Json j;
  j["type"] = e.type;
  j["org"] = opt(e.org);
  if (e.type == "revenue") {
    j["segment"] = opt(e.segment);
    j["value"] = amount_json(e.value, "currency");
  } else {
    j["headcount"] = amount_json(e.headcount, "");
    j["percent"] = amount_json(e.percent, "");
  }
  j["langs"] = langs_json(e.langs);
  j["evidence"] = evidence_json(e.evidence);
  return j;
}

}  // namespace

Json json_number(std::optional<double> v) {
  if (!v) return nullptr;
  double d = *v;
  if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15) return static_cast<long long>(d);
  return d;
}

Json record_to_json(const Record& r) {
  Json j;
  j["schema"] = "newsdeal.article/1";
  j["id"] = r.id;
  j["source"] = source_json(r.source);
  j["title"] = opt(r.title);
  j["langs"] = langs_json(r.langs);
  Json secs = Json::array();
  for (const auto& s : r.sections)
    secs.push_back({{"name", s.name}, {"lang", s.lang == Lang::none ? "mixed" : lang_name(s.lang)},
                    {"start", s.span.start}, {"end", s.span.end}});
  j["sections"] = secs;
  Json ents = Json::array();
  for (const auto& e : r.entities) ents.push_back(entity_json(e));
  j["entities"] = ents;
  Json deals = Json::array();
  for (const auto& d : r.deals) deals.push_back(deal_json(d));
  j["deals"] = deals;
  Json events = Json::array();
  for (const auto& e : r.events) events.push_back(event_json(e));
  j["events"] = events;
  j["warnings"] = r.warnings;
  if (r.text) j["text"] = *r.text;
  return j;
}

Json error_to_json(const ArticleError& e) {
  Json j;
  j["schema"] = "newsdeal.error/1";
  j["id"] = e.id;
  j["source"] = source_json(e.source);
  j["stage"] = stage_name(e.stage);
  j["error"] = e.message;
  if (e.input_bytes) j["input_bytes"] = *e.input_bytes;
  return j;
}

Json outcome_to_json(const Outcome& o) {
  if (const auto* r = std::get_if<Record>(&o)) return record_to_json(*r);
  return error_to_json(std::get<ArticleError>(o));
}

std::string to_jsonl_line(const Outcome& o) {
  std::string line;
  append_jsonl_line(line, o);
  return line;
}

}  // namespace newsdeal
