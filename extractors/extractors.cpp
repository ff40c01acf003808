#include <algorithm>
#include <array>
#include <cstdint>

#include "extractors/extractor.h"
#include "extractors/gazetteer_extractor.h"
#include "extractors/person_extractor.h"
#include "extractors/rule_extractor.h"

namespace newsdeal {

std::vector<std::unique_ptr<Extractor>> make_extractors(const ExtractorOptions& opts,
                                                        std::shared_ptr<const Gazetteer> gazetteer) {
  std::vector<std::unique_ptr<Extractor>> out;
  out.push_back(std::make_unique<GazetteerExtractor>(std::move(gazetteer)));
  // After the gazetteer: it skips people the gazetteer knows and reads the
  // company mentions next to a role.
  out.push_back(std::make_unique<PersonExtractor>(opts.rule_dirs));
  out.push_back(std::make_unique<RuleExtractor>(opts.rule_dirs));
  return out;
}

std::vector<std::uint32_t> overlap_survivors(const std::vector<Span>& spans, const std::vector<EntityType>& types,
                                             const std::vector<int>& priorities) {
  const std::size_t n = spans.size();
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
  // The order of the original stable sort: longest, then higher priority, then
  // earlier, then as given.
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (spans[a].size() != spans[b].size()) return spans[a].size() > spans[b].size();
    if (priorities[a] != priorities[b]) return priorities[a] > priorities[b];
    return spans[a].start < spans[b].start;
  });
  // Per type, what is kept so far. The non-empty spans never overlap each other,
  // so sorted by start their ends rise too, and only the last one that starts
  // before a span ends can overlap it. An empty span [s, s) overlaps exactly the
  // spans that hold s strictly inside.
  struct Kept {
    std::vector<Span> spans;           // non-empty, sorted by start
    std::vector<std::size_t> empties;  // positions of empty spans, sorted
  };
  std::vector<Kept> kept_by_type;
  std::vector<std::uint32_t> kept;
  kept.reserve(n);
  for (std::uint32_t i : order) {
    const Span m = spans[i];
    const auto t = static_cast<std::size_t>(types[i]);
    if (t >= kept_by_type.size()) kept_by_type.resize(t + 1);
    Kept& k = kept_by_type[t];
    const std::size_t until = m.empty() ? m.start : m.end;
    auto it = std::lower_bound(k.spans.begin(), k.spans.end(), until,
                               [](const Span& s, std::size_t e) { return s.start < e; });
    if (it != k.spans.begin() && std::prev(it)->end > m.start) continue;
    if (m.empty()) {
      k.empties.insert(std::upper_bound(k.empties.begin(), k.empties.end(), m.start), m.start);
    } else {
      auto e = std::upper_bound(k.empties.begin(), k.empties.end(), m.start);
      if (e != k.empties.end() && *e < m.end) continue;
      k.spans.insert(it, m);
    }
    kept.push_back(i);
  }
  return kept;
}

void sort_by_span(std::vector<std::uint32_t>& order, const std::vector<Span>& spans) {
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return spans[a].start != spans[b].start ? spans[a].start < spans[b].start : spans[a].end < spans[b].end;
  });
}

namespace {

// Mentions whose spans are all different (by start and end), none reversed, and
// of which no two of one type overlap: resolve_overlaps keeps every one and sorts
// them by start then end, an order that has a single result. Most documents'
// mentions are such (the extractors resolve their own overlaps), and then only
// that sort is needed. `order` receives it (indices into `mentions`); false when
// the mentions are not such.
bool plain_order(const std::vector<Mention>& mentions, std::vector<std::uint32_t>& order) {
  const std::size_t n = mentions.size();
  order.resize(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
  auto before = [&](std::uint32_t a, std::uint32_t b) {
    const Span& x = mentions[a].span;
    const Span& y = mentions[b].span;
    return x.start != y.start ? x.start < y.start : x.end < y.end;
  };
  if (!std::is_sorted(order.begin(), order.end(), before)) std::sort(order.begin(), order.end(), before);
  constexpr std::size_t kTypes = static_cast<std::size_t>(EntityType::duration) + 1;
  std::array<std::size_t, kTypes> end_of_type{};  // the largest end so far per type
  for (std::size_t k = 0; k < n; ++k) {
    const Mention& m = mentions[order[k]];
    const auto t = static_cast<std::size_t>(m.type);
    if (m.span.end < m.span.start || t >= kTypes) return false;
    if (k > 0 && m.span == mentions[order[k - 1]].span) return false;
    // Every earlier span of the type ends at or before this one starts: none
    // overlaps it (an end after the start may or may not; the general path decides).
    if (end_of_type[t] > m.span.start) return false;
    end_of_type[t] = std::max(end_of_type[t], m.span.end);
  }
  return true;
}

}  // namespace

// Sorting by size and checking each mention against all kept before it was
// quadratic; overlap_survivors checks against the kept of its type by binary
// search. The order of the result is the original's: the same sorts on the same
// sequences (an index sorted in place of the mentions goes through the same
// comparisons, so it comes out in the same order).
void resolve_overlaps(std::vector<Mention>& mentions) {
  std::vector<std::uint32_t> order;
  if (plain_order(mentions, order)) {
    bool identity = true;
    for (std::size_t k = 0; k < order.size() && identity; ++k) identity = order[k] == k;
    if (identity) return;
    // Into the order in place, cycle by cycle (each mention moves once, and a
    // cycle's first through `held`): a new vector of all the mentions cost an
    // allocation as large as they are and a first write to all of it.
    std::vector<bool> placed(order.size(), false);
    for (std::size_t start = 0; start < order.size(); ++start) {
      if (placed[start] || order[start] == start) continue;
      Mention held = std::move(mentions[start]);
      std::size_t k = start;
      while (order[k] != start) {
        mentions[k] = std::move(mentions[order[k]]);
        placed[k] = true;
        k = order[k];
      }
      mentions[k] = std::move(held);
      placed[k] = true;
    }
    return;
  }
  std::vector<Span> spans(mentions.size());
  std::vector<EntityType> types(mentions.size());
  std::vector<int> priorities(mentions.size());
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    spans[i] = mentions[i].span;
    types[i] = mentions[i].type;
    priorities[i] = mentions[i].priority;
  }
  std::vector<std::uint32_t> kept = overlap_survivors(spans, types, priorities);
  sort_by_span(kept, spans);
  std::vector<Mention> out;
  out.reserve(kept.size());
  for (std::uint32_t i : kept) out.push_back(std::move(mentions[i]));
  mentions = std::move(out);
}

}  // namespace newsdeal
