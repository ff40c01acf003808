#include "extractors/document.h"

#include <algorithm>

namespace newsdeal {

std::string_view entity_type_name(EntityType t) {
  switch (t) {
    case EntityType::company: return "company";
    case EntityType::chip: return "chip";
    case EntityType::person: return "person";
    case EntityType::money: return "money";
    case EntityType::headcount: return "headcount";
    case EntityType::percent: return "percent";
    case EntityType::quantity: return "quantity";
    case EntityType::duration: return "duration";
  }
  return "";
}

const Paragraph* Document::paragraph_at(std::size_t offset) const {
  auto it = std::upper_bound(paragraphs.begin(), paragraphs.end(), offset,
                             [](std::size_t off, const Paragraph& p) { return off < p.span.start; });
  if (it == paragraphs.begin()) return nullptr;
  --it;
  return offset < it->span.end ? &*it : nullptr;
}

}  // namespace newsdeal
