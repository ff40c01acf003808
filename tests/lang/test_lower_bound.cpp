#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "lang/lower_bound.h"

using newsdeal::branchless_lower_bound;

// Offset maps hold runs of equal entries (every byte of a character maps to its
// start), so the arrays here do too; every value from below the first to past
// the last is looked up, over every sub-range [lo, hi).
TEST_CASE("branchless_lower_bound finds what std::lower_bound finds", "[lower_bound]") {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::uint32_t> at(rng() % 40);
    std::uint32_t v = rng() % 3;
    for (auto& x : at) {
      v += rng() % 3;  // steps of 0, 1 or 2: repeats and gaps
      x = v;
    }
    for (std::size_t lo = 0; lo <= at.size(); ++lo)
      for (std::size_t hi = lo; hi <= at.size(); ++hi)
        for (std::uint32_t want = 0; want <= v + 2; ++want) {
          const std::uint32_t* expected = std::lower_bound(at.data() + lo, at.data() + hi, want);
          REQUIRE(branchless_lower_bound(at.data() + lo, at.data() + hi, want) == expected);
        }
  }
}

TEST_CASE("branchless_lower_bound at the ends of the value range", "[lower_bound]") {
  const std::vector<std::uint32_t> at = {0, 0, 5, 5, 5, 9, UINT32_MAX};
  CHECK(branchless_lower_bound(at.data(), at.data() + at.size(), 0) == at.data());
  CHECK(branchless_lower_bound(at.data(), at.data() + at.size(), 5) == at.data() + 2);
  CHECK(branchless_lower_bound(at.data(), at.data() + at.size(), 6) == at.data() + 5);
  CHECK(branchless_lower_bound(at.data(), at.data() + at.size(), UINT32_MAX) == at.data() + 6);
  CHECK(branchless_lower_bound(at.data(), at.data(), 3) == at.data());  // empty
}

// The gallop from a guess gives the binary search's answer from every guess in
// the range (and from guesses outside it in the same array, which it clamps).
TEST_CASE("galloping_lower_bound finds what std::lower_bound finds from any guess", "[lower_bound]") {
  using newsdeal::galloping_lower_bound;
  std::mt19937 rng(11);
  for (int round = 0; round < 100; ++round) {
    std::vector<std::uint32_t> at(rng() % 40);
    std::uint32_t v = rng() % 3;
    for (auto& x : at) {
      v += rng() % 3;
      x = v;
    }
    for (std::size_t lo = 0; lo <= at.size(); ++lo)
      for (std::size_t hi = lo; hi <= at.size(); hi += 1 + hi % 3)
        for (std::uint32_t want = 0; want <= v + 2; ++want) {
          const std::uint32_t* expected = std::lower_bound(at.data() + lo, at.data() + hi, want);
          for (std::size_t guess = lo; guess <= hi; ++guess)
            REQUIRE(galloping_lower_bound(at.data() + lo, at.data() + hi, want, at.data() + guess) == expected);
          REQUIRE(galloping_lower_bound(at.data() + lo, at.data() + hi, want, at.data() + at.size()) == expected);
          REQUIRE(galloping_lower_bound(at.data() + lo, at.data() + hi, want, at.data()) == expected);
        }
  }
}
