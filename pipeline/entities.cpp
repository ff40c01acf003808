#include "pipeline/entities.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cmath>
#include <cstring>
#include <map>
#include <unordered_map>
#include <string_view>

namespace newsdeal {
namespace {

// Writes the mention's group key to `k`: the text form of an entity's identity
// (group_by_text_keys, the reference for group_by_fields).
void group_key(const Mention& m, std::string& k) {
  char buf[32];
  k.clear();
  auto [type_end, type_ec] = std::to_chars(buf, buf + sizeof buf, static_cast<int>(m.type));
  k.append(buf, type_end);
  k += '|';
  if (!m.key.empty()) {
    k += m.key;
    return;
  }
  // The shortest form that reads back as the same double: equal values, equal keys.
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
}

// A mention's group key as fields read in place: equal exactly when the text
// keys of group_key are, for mentions whose key, currency and unit hold no '|'
// (with one, a named key could read as a numeric one, or two numeric keys as
// each other). Numbers compare by their bits: the shortest text that reads back
// as a double is one per value, and both zeros and both signs of NaN print
// apart (every NaN of a sign prints alike, hence one NaN per sign); an absent
// bound is -1, as its text is.
struct FieldKey {
  EntityType type = EntityType::company;
  std::string_view key;  // named things ("" for numeric ones)
  std::uint64_t min = 0, max = 0;
  std::string_view currency, unit;
  std::size_t hash = 0;

  bool operator==(const FieldKey& o) const {
    return type == o.type && key == o.key && min == o.min && max == o.max && currency == o.currency &&
           unit == o.unit;
  }
};

std::uint64_t figure_bits(const std::optional<double>& v) {
  const double d = v ? *v : -1.0;
  if (std::isnan(d)) return std::signbit(d) ? 0xFFF8000000000001u : 0x7FF8000000000001u;
  std::uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}

// False when a value holds '|', where field keys could part what text keys join.
bool field_key(const Mention& m, FieldKey& k) {
  k.type = m.type;
  k.key = m.key;
  if (!m.key.empty()) {
    k.min = k.max = 0;
    k.currency = k.unit = {};
    k.hash = std::hash<std::string_view>()(k.key) * 31 + static_cast<std::size_t>(m.type);
    return k.key.find('|') == std::string_view::npos;
  }
  k.min = figure_bits(m.value.min);
  k.max = figure_bits(m.value.max);
  k.currency = m.attrs.value("currency");
  k.unit = m.attrs.value("unit");
  std::size_t h = std::hash<std::string_view>()(k.currency) ^ (std::hash<std::string_view>()(k.unit) * 0x9E3779B97F4A7C15u);
  h ^= (k.min * 0xC2B2AE3D27D4EB4Fu) ^ (k.max * 0x165667B19E3779F9u) ^ (static_cast<std::size_t>(m.type) << 56);
  k.hash = h ^ (h >> 29);
  return k.currency.find('|') == std::string_view::npos && k.unit.find('|') == std::string_view::npos;
}

// Merges a mention's attributes (but its name) into its entity's: a new key is
// added, an empty value filled. Both maps are sorted alike, so one walk over
// them does it, with no lookup from the root per attribute.
void merge_attrs(Attrs& into, const Attrs& from) {
  auto at = into.begin();
  for (const auto& [k, v] : from) {
    if (k == "name") continue;
    int c = 1;
    while (at != into.end() && (c = at->first.compare(k)) < 0) ++at;
    if (at != into.end() && c == 0) {
      if (at->second.empty()) at->second = v;
    } else {
      at = into.emplace_hint(at, k, v) + 1;  // before `at`, the first key past k
    }
  }
}

}  // namespace

namespace {

bool same_number(std::optional<double> a, std::optional<double> b) {
  return a && b && std::fabs(*a - *b) <= 1e-9 * std::max(std::fabs(*a), std::fabs(*b));
}

std::string_view qualifier(const Entity& e) {
  for (std::string_view q : {"currency", "unit"})
    if (auto it = e.attrs.find(q); it != e.attrs.end()) return it->second;
  return {};
}

// An article that says "more than 380 billion yuan" and later "the 380 billion
// yuan" speaks of one amount: an exact figure equal to the bound of a one-sided
// amount of the same type and unit joins that entity.
void fold_restated_bounds(std::vector<Entity>& entities) {
  std::vector<bool> gone(entities.size(), false);
  // Each entity's qualifier, looked up once rather than once per pair (attrs
  // do not change below, so the views stay valid).
  std::vector<std::string_view> units;
  units.reserve(entities.size());
  for (const Entity& e : entities) units.push_back(e.value ? qualifier(e) : std::string_view());
  // The one-sided amounts, in order: only they can take in an exact figure. (An
  // exact one has both bounds, so none of these is ever folded away itself.)
  std::vector<std::size_t> one_sided;
  for (std::size_t j = 0; j < entities.size(); ++j)
    if (entities[j].value && (!entities[j].value->min || !entities[j].value->max)) one_sided.push_back(j);
  for (std::size_t i = 0; i < entities.size(); ++i) {
    const Entity& exact = entities[i];
    if (!exact.value || !same_number(exact.value->min, exact.value->max)) continue;
    const std::string_view unit = units[i];
    for (std::size_t j : one_sided) {
      Entity& bounded = entities[j];
      if (j == i || gone[j] || bounded.type != exact.type || !bounded.value || units[j] != unit) continue;
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
  // Renumber in order of first mention. The sort runs over (first mention,
  // index) pairs and the entities move once into place: std::sort's moves
  // depend only on its comparisons, which are the same as on the entities
  // themselves, so ties come out as they would there.
  struct Order {
    std::size_t start, index;
  };
  std::vector<Order> order;
  order.reserve(entities.size());
  for (std::size_t i = 0; i < entities.size(); ++i)
    if (!gone[i]) order.push_back({entities[i].mentions.front().span.start, i});
  std::sort(order.begin(), order.end(), [](const Order& a, const Order& b) { return a.start < b.start; });
  bool in_place = order.size() == entities.size();  // nothing folded, nothing moved (the usual case)
  for (std::size_t i = 0; i < order.size() && in_place; ++i) in_place = order[i].index == i;
  if (in_place) {
    for (std::size_t i = 0; i < entities.size(); ++i) entities[i].id = "e" + std::to_string(i + 1);
    return;
  }
  std::vector<Entity> kept;
  kept.reserve(order.size());
  for (const Order& o : order) kept.push_back(std::move(entities[o.index]));
  for (std::size_t i = 0; i < kept.size(); ++i) kept[i].id = "e" + std::to_string(i + 1);
  entities = std::move(kept);
}

}  // namespace

namespace entities_detail {

std::vector<std::uint32_t> group_by_text_keys(const std::vector<Mention>& mentions) {
  std::vector<std::uint32_t> entity_of(mentions.size());
  std::unordered_map<std::string, std::uint32_t> index;
  index.reserve(mentions.size());
  std::string key;
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    group_key(mentions[i], key);
    entity_of[i] = index.try_emplace(key, static_cast<std::uint32_t>(index.size())).first->second;
  }
  return entity_of;
}

std::vector<std::uint32_t> group_by_fields(const std::vector<Mention>& mentions) {
  // Open addressing over the entities' first keys: no string and no node per
  // mention, as most mentions name an entity seen before.
  std::vector<FieldKey> firsts;  // by entity
  firsts.reserve(mentions.size());
  std::size_t capacity = 16;
  while (capacity < 2 * mentions.size()) capacity *= 2;
  std::vector<std::uint32_t> slots(capacity, 0);  // entity + 1; 0 empty
  std::vector<std::uint32_t> entity_of(mentions.size());
  FieldKey k;
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    if (!field_key(mentions[i], k)) return group_by_text_keys(mentions);
    for (std::size_t at = k.hash & (capacity - 1);; at = (at + 1) & (capacity - 1)) {
      if (!slots[at]) {
        firsts.push_back(k);
        slots[at] = static_cast<std::uint32_t>(firsts.size());
        entity_of[i] = slots[at] - 1;
        break;
      }
      const FieldKey& o = firsts[slots[at] - 1];
      if (o.hash == k.hash && o == k) {
        entity_of[i] = slots[at] - 1;
        break;
      }
    }
  }
  return entity_of;
}

}  // namespace entities_detail

std::vector<Entity> group_entities(const Document& doc) {
  const std::vector<Mention>& mentions = doc.mentions;
  // Each mention's entity; an entity's number is the order of its first mention.
  const std::vector<std::uint32_t> entity_of = entities_detail::group_by_fields(mentions);
  std::vector<std::uint32_t> first_mention, mention_count;
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    if (entity_of[i] == first_mention.size()) {
      first_mention.push_back(static_cast<std::uint32_t>(i));
      mention_count.push_back(0);
    }
    ++mention_count[entity_of[i]];
  }
  // The entities, each made from its first mention with room for all its
  // mentions, then the mentions in order: an entity sees its own mentions in
  // the order the one pass over them gave before, so the same attrs result.
  std::vector<Entity> entities(first_mention.size());
  for (std::size_t n = 0; n < entities.size(); ++n) {
    const Mention& m = mentions[first_mention[n]];
    Entity& e = entities[n];
    e.type = m.type;
    if (!m.key.empty()) {
      e.key = m.key;
      auto name = m.attrs.find("name");
      e.name = name != m.attrs.end() ? name->second : m.key;
    } else {
      e.value = m.value;
    }
    // The first mention's attributes but its name (what merging them into
    // none gives), copied as a tree rather than inserted one by one.
    e.attrs = m.attrs;
    e.attrs.erase("name");
    e.mentions.reserve(mention_count[n]);
  }
  // doc.paragraph_at for the mentions' starts, which mostly ascend: a walk on
  // from the last answer (the first paragraph starting past the offset, as
  // paragraph_at's binary search finds it), the search itself where one goes back.
  const std::vector<Paragraph>& paragraphs = doc.paragraphs;
  std::size_t next_paragraph = 0, last_start = 0;
  auto paragraph_at = [&](std::size_t offset) -> const Paragraph* {
    if (offset < last_start) return doc.paragraph_at(offset);
    last_start = offset;
    while (next_paragraph < paragraphs.size() && paragraphs[next_paragraph].span.start <= offset) ++next_paragraph;
    if (next_paragraph == 0) return nullptr;
    const Paragraph& p = paragraphs[next_paragraph - 1];
    return offset < p.span.end ? &p : nullptr;
  };
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    const Mention& m = mentions[i];
    Entity& e = entities[entity_of[i]];
    if (e.value && m.value.approx) e.value->approx = true;
    if (first_mention[entity_of[i]] != i) merge_attrs(e.attrs, m.attrs);
    MentionOut out;
    out.span = m.span;
    out.text = std::string(doc.slice(m.span));
    const Paragraph* p = paragraph_at(m.span.start);
    out.lang = mention_lang(out.text, p ? p->lang : Lang::none);
    out.section = p ? p->section : 0;
    e.mentions.push_back(std::move(out));
  }
  fold_restated_bounds(entities);
  return entities;
}

}  // namespace newsdeal
