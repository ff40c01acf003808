// Groups mentions into entities: one entity per distinct thing, whatever the
// language or form it was named in ("$25 billion" and "250亿美元" are one money
// entity; 亚马逊 and Amazon one company).
#pragma once

#include <cstdint>
#include <vector>

#include "extractors/document.h"
#include "pipeline/record.h"

namespace newsdeal {

// Named things group by type and canonical key; numeric ones by type, value and
// unit or currency (a period such as "per year" merges in from whichever mention
// states it). Entities are numbered e1, e2 ... in order of first mention. A
// mention's "name" attribute names its entity; the other attributes of all its
// mentions merge into the entity's attrs.
std::vector<Entity> group_entities(const Document& doc);

namespace entities_detail {
// Each mention's entity number (in order of first mention) as group_entities
// finds it: by a key of fields read in place, hashed without strings...
std::vector<std::uint32_t> group_by_fields(const std::vector<Mention>& mentions);
// ...which must group exactly as the key written out as text does (the reference).
std::vector<std::uint32_t> group_by_text_keys(const std::vector<Mention>& mentions);
}  // namespace entities_detail

}  // namespace newsdeal
