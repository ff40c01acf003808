// Attrs (extractors/attrs.h) behaves as the std::map it replaced, for the part of
// the interface the project uses: key order, first of equal keys in a list,
// insertion by [], lookups, erase and the hinted insert.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>

#include "extractors/attrs.h"

using namespace newsdeal;

namespace {

std::string listed(const Attrs& a) {
  std::string out;
  for (const auto& [k, v] : a) out += k + "=" + v + ";";
  return out;
}

std::string listed(const std::map<std::string, std::string>& m) {
  std::string out;
  for (const auto& [k, v] : m) out += k + "=" + v + ";";
  return out;
}

}  // namespace

TEST_CASE("Attrs keeps keys sorted and the first of equal keys in a list") {
  Attrs a{{"per", "year"}, {"currency", "USD"}, {"per", "month"}};
  CHECK(listed(a) == "currency=USD;per=year;");
  a["unit"] = "GW";
  a["approx"];
  CHECK(listed(a) == "approx=;currency=USD;per=year;unit=GW;");
  CHECK(a.at("unit") == "GW");
  CHECK_THROWS_AS(a.at("none"), std::out_of_range);
  CHECK(a.value("unit") == "GW");
  CHECK(a.value("none").empty());
  CHECK(a.count("none") == 0);  // value() looks, it does not insert
  CHECK(a.count("per") == 1);
  CHECK(a.find("pe") == a.end());
  CHECK(a.erase("per") == 1);
  CHECK(a.erase("per") == 0);
  CHECK(listed(a) == "approx=;currency=USD;unit=GW;");
  auto at = a.find("unit");
  at = a.emplace_hint(at, "role", "CEO") + 1;
  CHECK(at->first == "unit");
  CHECK(listed(a) == "approx=;currency=USD;role=CEO;unit=GW;");
  CHECK(a == Attrs{{"unit", "GW"}, {"role", "CEO"}, {"currency", "USD"}, {"approx", ""}});
}

TEST_CASE("Attrs gives what std::map gives under random inserts and erases") {
  std::mt19937 rng(7);
  const char* keys[] = {"currency", "per", "unit", "org", "role", "name", "zh", "parent", "kind", "a", "zz"};
  for (int round = 0; round < 200; ++round) {
    Attrs a;
    std::map<std::string, std::string> m;
    for (int step = 0; step < 20; ++step) {
      const std::string k = keys[rng() % 11];
      const std::string v = std::to_string(rng() % 5);
      if (rng() % 4 == 0) {
        CHECK(a.erase(k) == m.erase(k));
      } else {
        a[k] = v;
        m[k] = v;
      }
      REQUIRE(listed(a) == listed(m));
      // Lookups of every key, present or not, with few keys (looked at in turn)
      // and with more than eight (searched).
      for (const char* key : keys) {
        auto it = m.find(key);
        REQUIRE(a.count(key) == (it != m.end() ? 1u : 0u));
        REQUIRE(a.value(key) == (it != m.end() ? it->second : std::string()));
        if (it != m.end()) REQUIRE(a.find(key)->first == key);
      }
    }
  }
}
