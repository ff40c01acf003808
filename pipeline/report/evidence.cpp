#include "pipeline/report/evidence.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

namespace newsdeal::report {
namespace {

using Json = nlohmann::json;

std::optional<double> number(const Json& j, const char* key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::string str(const Json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<std::size_t> offset(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<std::size_t>();
}

bool same(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b)); }

// The entity type whose mentions state a deal field.
std::string type_of_field(const std::string& field) {
  if (field == "value") return "money";
  if (field == "term") return "duration";
  if (field == "quantity") return "quantity";
  return "";
}

// `end` moved back to the start of the character it falls in, so a cut never
// splits a UTF-8 sequence.
std::size_t char_boundary(const std::string& s, std::size_t end) {
  while (end > 0 && end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return end;
}

}  // namespace

RecordEvidence::RecordEvidence(const Json& record) {
  if (auto it = record.find("text"); it != record.end() && it->is_string()) text_ = &it->get_ref<const std::string&>();
  auto ents = record.find("entities");
  if (ents == record.end() || !ents->is_array()) return;
  for (const auto& e : *ents) {
    if (!e.is_object()) continue;
    auto ms = e.find("mentions");
    if (ms == e.end() || !ms->is_array()) continue;
    const Json value = e.contains("value") ? e["value"] : Json();
    for (const auto& m : *ms) {
      if (!m.is_object()) continue;
      auto s = offset(m, "start"), en = offset(m, "end");
      if (!s || !en || *s >= *en) continue;
      mentions_.push_back({*s, *en, str(e, "type"), str(e, "key"), str(m, "text"), number(value, "min"),
                           number(value, "max")});
    }
  }
  std::sort(mentions_.begin(), mentions_.end(),
            [](const Mention& a, const Mention& b) { return a.start != b.start ? a.start < b.start : a.end > b.end; });
}

Json RecordEvidence::for_deal(const Json& deal, std::size_t max_bytes) const {
  std::set<std::string> parties;
  for (const char* f : {"buyer", "vendor", "provider", "product"})
    if (auto k = str(deal, f); !k.empty()) parties.insert(k);

  // Values the languages stated but the record did not keep: their mentions get
  // flagged, so the reader sees which sentence says what.
  std::map<std::string, std::vector<double>> other_numbers;  // by entity type
  std::set<std::string> other_keys;
  if (auto cs = deal.find("conflicts"); cs != deal.end() && cs->is_array())
    for (const auto& c : *cs) {
      std::string field = str(c, "field");
      auto vs = c.is_object() ? c.find("values") : c.end();
      if (field.empty() || vs == c.end() || !vs->is_array()) continue;
      const Json kept = deal.contains(field) ? deal[field] : Json();
      for (const auto& v : *vs) {
        if (!v.is_string() && !v.is_number()) continue;
        std::string s = v.is_string() ? v.get<std::string>() : v.dump();
        char* end = nullptr;
        double x = std::strtod(s.c_str(), &end);
        if (!s.empty() && end && *end == '\0') {
          auto lo = number(kept, "min"), hi = number(kept, "max");
          if (!(lo && same(*lo, x)) && !(hi && same(*hi, x))) other_numbers[type_of_field(field)].push_back(x);
        } else if (!(kept.is_string() && kept.get<std::string>() == s)) {
          other_keys.insert(s);
        }
      }
    }
  auto flags = [&](const Mention& m) {
    std::string f;
    if (!m.key.empty() && parties.count(m.key)) f = "party";
    bool conflict = !m.key.empty() && other_keys.count(m.key);
    if (auto it = other_numbers.find(m.type); it != other_numbers.end())
      for (double x : it->second) conflict |= (m.min && same(*m.min, x)) || (m.max && same(*m.max, x));
    if (conflict) f += f.empty() ? "conflict" : " conflict";
    return f;
  };

  Json out = Json::array();
  auto ev = deal.find("evidence");
  if (ev == deal.end() || !ev->is_array()) return out;
  for (const auto& e : *ev) {
    if (!e.is_object()) continue;
    auto start = offset(e, "start"), end = offset(e, "end");
    if (!start || !end || *start > *end) continue;
    Json item = {{"lang", str(e, "lang")}, {"start", *start}, {"end", *end}};
    Json segs = Json::array();
    if (text_ && *end <= text_->size()) {
      std::size_t stop = *end, pos = *start;
      bool cut = stop - pos > max_bytes;
      if (cut) stop = char_boundary(*text_, pos + max_bytes);
      auto first = std::lower_bound(mentions_.begin(), mentions_.end(), pos,
                                    [](const Mention& m, std::size_t p) { return m.start < p; });
      for (auto it = first; it != mentions_.end() && it->start < stop; ++it) {
        if (it->start < pos || it->end > stop) continue;  // overlaps one already marked, or runs past the cut
        if (it->start > pos) segs.push_back(Json::array({text_->substr(pos, it->start - pos)}));
        segs.push_back(Json::array({text_->substr(it->start, it->end - it->start), it->type, flags(*it)}));
        pos = it->end;
      }
      if (stop > pos) segs.push_back(Json::array({text_->substr(pos, stop - pos)}));
      if (cut) segs.push_back(Json::array({"…"}));
      item["segs"] = segs;
    } else {
      // No text to cut from: the mentions the range holds, as the record names them.
      for (const auto& m : mentions_)
        if (m.start >= *start && m.end <= *end) segs.push_back(Json::array({m.text, m.type, flags(m)}));
      item["mentions"] = segs;
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace newsdeal::report
