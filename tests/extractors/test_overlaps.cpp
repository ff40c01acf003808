// resolve_overlaps: its shortcut for mentions that need no resolving gives what
// the general path (overlap_survivors, then sort_by_span) gives.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "extractors/extractor.h"
#include "extractors/gazetteer_extractor.h"

using namespace newsdeal;

namespace {

// The general path, on a copy.
std::vector<std::string> general(const std::vector<Mention>& ms) {
  std::vector<Span> spans;
  std::vector<EntityType> types;
  std::vector<int> priorities;
  for (const Mention& m : ms) {
    spans.push_back(m.span);
    types.push_back(m.type);
    priorities.push_back(m.priority);
  }
  std::vector<std::uint32_t> kept = overlap_survivors(spans, types, priorities);
  sort_by_span(kept, spans);
  std::vector<std::string> out;
  for (std::uint32_t i : kept) out.push_back(ms[i].key);
  return out;
}

std::vector<std::string> resolved(std::vector<Mention> ms) {
  resolve_overlaps(ms);
  std::vector<std::string> out;
  for (const Mention& m : ms) out.push_back(m.key);
  return out;
}

Mention mention(std::size_t id, EntityType t, std::size_t start, std::size_t end, int priority) {
  Mention m;
  m.type = t;
  m.span = {start, end};
  m.key = "m" + std::to_string(id);
  m.priority = priority;
  return m;
}

}  // namespace

TEST_CASE("resolve_overlaps: the shortcut equals the general path", "[overlaps]") {
  std::mt19937 rng(5);
  const EntityType types[] = {EntityType::company, EntityType::chip, EntityType::person, EntityType::money};
  for (int round = 0; round < 3000; ++round) {
    std::vector<Mention> ms;
    const std::size_t n = rng() % 12;
    if (round % 2 == 0) {
      // Apart within each type, spans all different, in any order: the shortcut.
      for (EntityType t : types) {
        std::size_t at = rng() % 4;
        for (std::size_t k = rng() % 4; k-- > 0;) {
          const std::size_t len = rng() % 5;
          ms.push_back(mention(ms.size(), t, at, at + len, static_cast<int>(rng() % 2)));
          at += len + rng() % 3;
        }
      }
      std::shuffle(ms.begin(), ms.end(), rng);
    } else {
      // Anything: overlaps, equal spans, empty spans, one inside another.
      for (std::size_t k = 0; k < n; ++k) {
        const std::size_t start = rng() % 10;
        ms.push_back(mention(k, types[rng() % 4], start, start + rng() % 4, static_cast<int>(rng() % 2)));
      }
    }
    INFO("round " << round);
    CHECK(resolved(ms) == general(ms));
  }
}
