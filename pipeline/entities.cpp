#include "pipeline/entities.h"

#include <map>
#include <sstream>

namespace newsdeal {
namespace {

std::string group_key(const Mention& m) {
  std::ostringstream k;
  k << static_cast<int>(m.type) << '|';
  if (!m.key.empty()) {
    k << m.key;
    return k.str();
  }
  k.precision(17);
  k << (m.value.min ? *m.value.min : -1.0) << '|' << (m.value.max ? *m.value.max : -1.0);
  // `per` is no part of the identity: 年收入超200亿美元 and "more than $20 billion
  // a year" are one amount even where only one side states the period.
  for (const char* q : {"currency", "unit"}) {
    auto it = m.attrs.find(q);
    k << '|' << (it == m.attrs.end() ? "" : it->second);
  }
  return k.str();
}

}  // namespace

std::vector<Entity> group_entities(const Document& doc) {
  std::vector<Entity> entities;
  std::map<std::string, std::size_t> index;
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
    for (const auto& [k, v] : m.attrs)
      if (k != "name" && (!e.attrs.count(k) || e.attrs[k].empty())) e.attrs[k] = v;
    MentionOut out;
    out.span = m.span;
    out.text = std::string(doc.slice(m.span));
    const Paragraph* p = doc.paragraph_at(m.span.start);
    out.lang = mention_lang(out.text, p ? p->lang : Lang::none);
    out.section = p ? p->section : 0;
    e.mentions.push_back(std::move(out));
  }
  return entities;
}

}  // namespace newsdeal
