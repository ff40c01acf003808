#include "pipeline/entities.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <unordered_map>
#include <string_view>

namespace newsdeal {
namespace {

std::string group_key(const Mention& m) {
  std::string k = std::to_string(static_cast<int>(m.type));
  k += '|';
  if (!m.key.empty()) return k += m.key;
  // The shortest form that reads back as the same double: equal values, equal keys.
  char buf[32];
  for (const std::optional<double>& v : {m.value.min, m.value.max}) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v ? *v : -1.0);
    k.append(buf, ec == std::errc() ? end : buf);
    k += '|';
  }
  // `per` is no part of the identity: 年收入超200亿美元 and "more than $20 billion
  // a year" are one amount even where only one side states the period.
  for (const char* q : {"currency", "unit"}) {
    auto it = m.attrs.find(q);
    if (it != m.attrs.end()) k += it->second;
    k += '|';
  }
  return k;
}

}  // namespace

namespace {

bool same_number(std::optional<double> a, std::optional<double> b) {
  return a && b && std::fabs(*a - *b) <= 1e-9 * std::max(std::fabs(*a), std::fabs(*b));
}

std::string_view qualifier(const Entity& e) {
  for (const char* q : {"currency", "unit"})
    if (auto it = e.attrs.find(q); it != e.attrs.end()) return it->second;
  return {};
}

// An article that says "more than 380 billion yuan" and later "the 380 billion
// yuan" speaks of one amount: an exact figure equal to the bound of a one-sided
// amount of the same type and unit joins that entity.
void fold_restated_bounds(std::vector<Entity>& entities) {
  std::vector<bool> gone(entities.size(), false);
  for (std::size_t i = 0; i < entities.size(); ++i) {
    const Entity& exact = entities[i];
    if (!exact.value || !same_number(exact.value->min, exact.value->max)) continue;
    const std::string_view unit = qualifier(exact);
    for (std::size_t j = 0; j < entities.size(); ++j) {
      Entity& bounded = entities[j];
      if (j == i || gone[j] || bounded.type != exact.type || !bounded.value || qualifier(bounded) != unit) continue;
      const Range& r = *bounded.value;
      bool restates = (!r.max && same_number(r.min, exact.value->min)) || (!r.min && same_number(r.max, exact.value->max));
      if (!restates) continue;
      bounded.mentions.insert(bounded.mentions.end(), exact.mentions.begin(), exact.mentions.end());
      std::sort(bounded.mentions.begin(), bounded.mentions.end(),
                [](const MentionOut& a, const MentionOut& b) { return a.span.start < b.span.start; });
      gone[i] = true;
      break;
    }
  }
  std::vector<Entity> kept;
  kept.reserve(entities.size());
  for (std::size_t i = 0; i < entities.size(); ++i)
    if (!gone[i]) kept.push_back(std::move(entities[i]));
  // Renumber in order of first mention.
  std::sort(kept.begin(), kept.end(), [](const Entity& a, const Entity& b) {
    return a.mentions.front().span.start < b.mentions.front().span.start;
  });
  for (std::size_t i = 0; i < kept.size(); ++i) kept[i].id = "e" + std::to_string(i + 1);
  entities = std::move(kept);
}

}  // namespace

std::vector<Entity> group_entities(const Document& doc) {
  std::vector<Entity> entities;
  entities.reserve(doc.mentions.size());
  std::unordered_map<std::string, std::size_t> index;
  index.reserve(doc.mentions.size());
  for (const Mention& m : doc.mentions) {
    auto [it, fresh] = index.emplace(group_key(m), entities.size());
    if (fresh) {
      Entity e;
      e.id = "e" + std::to_string(entities.size() + 1);
      e.type = m.type;
      if (!m.key.empty()) {
        e.key = m.key;
        auto name = m.attrs.find("name");
        e.name = name != m.attrs.end() ? name->second : m.key;
      } else {
        e.value = m.value;
      }
      entities.push_back(std::move(e));
    }
    Entity& e = entities[it->second];
    if (e.value && m.value.approx) e.value->approx = true;
    for (const auto& [k, v] : m.attrs) {
      if (k == "name") continue;
      auto [at, fresh] = e.attrs.try_emplace(k, v);
      if (!fresh && at->second.empty()) at->second = v;
    }
    MentionOut out;
    out.span = m.span;
    out.text = std::string(doc.slice(m.span));
    const Paragraph* p = doc.paragraph_at(m.span.start);
    out.lang = mention_lang(out.text, p ? p->lang : Lang::none);
    out.section = p ? p->section : 0;
    e.mentions.push_back(std::move(out));
  }
  fold_restated_bounds(entities);
  return entities;
}

}  // namespace newsdeal
