// Entities: grouping mentions by key fields read in place must group exactly as
// the keys written out as text do.
#include <random>

#include "pipeline/entities.h"
#include "pipeline/pipeline.h"
#include "tests/support.h"

using namespace newsdeal;

namespace {

Mention numeric(EntityType type, std::optional<double> min, std::optional<double> max, std::string currency,
                std::string unit) {
  Mention m;
  m.type = type;
  m.value.min = min;
  m.value.max = max;
  if (!currency.empty()) m.attrs["currency"] = currency;
  if (!unit.empty()) m.attrs["unit"] = unit;
  m.attrs["per"] = "year";  // no part of the identity
  return m;
}

}  // namespace

TEST_CASE("mentions group by fields exactly as by their text keys", "[entities]") {
  // Mentions of the corpus and the seed article, then made-up ones that tell
  // apart what text keys tell apart: zeros, NaNs, absent bounds (read as -1),
  // named keys against numbers, and values holding '|'.
  std::vector<std::vector<Mention>> cases;
  Pipeline pipeline(PipelineOptions{});
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("corpus"))) {
    if (entry.path().extension() != ".txt") continue;
    Article a;
    a.id = entry.path().filename().string();
    a.text = test::read_file(entry.path());
    cases.push_back(pipeline.analyze(a).mentions);
  }
  REQUIRE(cases.size() >= 5);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<Mention> odd = {
      numeric(EntityType::money, 0.0, 0.0, "USD", ""),  numeric(EntityType::money, -0.0, 0.0, "USD", ""),
      numeric(EntityType::money, nan, nan, "USD", ""),  numeric(EntityType::money, -nan, nan, "USD", ""),
      numeric(EntityType::money, nan, nan, "USD", ""),  numeric(EntityType::money, std::nullopt, 5.0, "USD", ""),
      numeric(EntityType::money, -1.0, 5.0, "USD", ""), numeric(EntityType::money, 5.0, std::nullopt, "", "m"),
      numeric(EntityType::money, 5.0, -1.0, "", "m"),   numeric(EntityType::percent, 5.0, -1.0, "", "m"),
      numeric(EntityType::money, 1e300, 1e-300, "CNY", ""), numeric(EntityType::money, 0.1 + 0.2, 0.3, "CNY", ""),
      numeric(EntityType::money, 0.3, 0.3, "CNY", ""),  numeric(EntityType::money, 0.3, 0.3, "", "CNY"),
  };
  Mention named;
  named.type = EntityType::money;
  named.key = "5|-1||m|";  // reads as the text key of a number
  odd.push_back(named);
  named.key = "acme";
  odd.push_back(named);
  named.type = EntityType::company;
  odd.push_back(named);
  cases.push_back(odd);
  odd.pop_back();
  odd.erase(odd.end() - 3);  // without the '|' key: the field keys decide
  cases.push_back(odd);
  std::vector<Mention> pipes = {numeric(EntityType::money, 1.0, 1.0, "a|", "b"),
                                numeric(EntityType::money, 1.0, 1.0, "a", "|b")};
  cases.push_back(pipes);
  std::mt19937 rng(3);
  std::vector<Mention> shuffled = cases.front();
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  cases.push_back(shuffled);
  for (const auto& mentions : cases) {
    CHECK(entities_detail::group_by_fields(mentions) == entities_detail::group_by_text_keys(mentions));
  }
}
