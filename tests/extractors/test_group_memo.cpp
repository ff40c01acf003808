// The GroupMemo (extractors/group_memo.h) serves a match's groups from an earlier
// match of the same shape. Every rule example, with its digits changed, must give
// the same mentions with the memo as without it; and the values still come from
// each match's own digits.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "extractors/group_memo.h"
#include "extractors/rule_engine.h"
#include "extractors/rule_extractor.h"
#include "extractors/rules.h"
#include "lang/normalize.h"

using namespace newsdeal;

namespace {

const RuleExtractor& memo_extractor() {
  static const RuleExtractor x;
  return x;
}

std::string shift_digits(std::string s, int by) {
  for (char& c : s)
    if (c >= '0' && c <= '9') c = static_cast<char>('0' + (c - '0' + by) % 10);
  return s;
}

std::string describe(const std::vector<RuleMatch>& found) {
  std::string out;
  for (const RuleMatch& m : found) {
    out += m.rule->name + " " + std::to_string(m.span.start) + "-" + std::to_string(m.span.end) + " " +
           format_range(m.value);
    for (const auto& [k, v] : m.attrs) out += " " + k + "=" + v;
    out += " | " + std::to_string(m.min_span.start) + "-" + std::to_string(m.max_span.end) + "; ";
  }
  return out;
}

std::string run(const Rule& r, const std::string& text, bool reuse) {
  NormalizedText n = memo_extractor().normalizer().normalize(text);
  MatchOptions opts;
  opts.keep_drops = true;
  opts.reuse_groups = reuse;
  return describe(memo_extractor().engine().match(n.text, {r.lang}, r.type, opts));
}

}  // namespace

TEST_CASE("remembered groups give what reading the groups again gives", "[rules]") {
  std::size_t texts = 0;
  for (const Rule& r : memo_extractor().engine().book().rules) {
    for (const Example& ex : r.examples) {
      // The example, then the same shapes with other digits, read twice with the
      // memo (the second time every shape is known) and once without.
      for (int by : {0, 3, 7, 0}) {
        const std::string text = shift_digits(ex.text, by);
        INFO(r.origin << ":" << ex.line << ": " << text);
        CHECK(run(r, text, true) == run(r, text, false));
        ++texts;
      }
    }
  }
  CHECK(texts > 500);
}

TEST_CASE("a remembered shape still takes its value from its own digits", "[rules]") {
  const Normalizer& norm = memo_extractor().normalizer();
  auto value = [&](const std::string& text, EntityType type, Lang lang) {
    NormalizedText n = norm.normalize(text);
    auto found = memo_extractor().engine().match(n.text, {lang}, type);
    REQUIRE(found.size() == 1);
    return found.front().value;
  };
  CHECK(*value("a $25 billion deal", EntityType::money, Lang::en).min == 2.5e10);
  CHECK(*value("a $98 billion deal", EntityType::money, Lang::en).min == 9.8e10);
  CHECK(*value("裁员约1.2万名员工", EntityType::headcount, Lang::zh).min == 12000);
  CHECK(*value("裁员约3.4万名员工", EntityType::headcount, Lang::zh).min == 34000);
}

TEST_CASE("the memo's key folds digits and nothing else", "[rules]") {
  GroupMemo memo;
  auto key = [&](std::uint64_t engine, std::uint32_t rule, std::string_view text, unsigned lead, unsigned trail) {
    return std::string(memo.key(engine, rule, text, lead, trail));
  };
  const std::string base = key(1, 2, " $25 billion,", 1, 1);
  CHECK(key(1, 2, " $98 billion,", 1, 1) == base);
  CHECK(key(1, 2, " $25 million,", 1, 1) != base);
  CHECK(key(1, 2, " $25 billion.", 1, 1) != base);
  CHECK(key(1, 2, " $25 bi1lion,", 1, 1) != base);
  CHECK(key(1, 3, " $25 billion,", 1, 1) != base);
  CHECK(key(2, 2, " $25 billion,", 1, 1) != base);
  CHECK(key(1, 2, " $25 billion,", 0, 1) != base);
  CHECK(key(1, 2, " $25 billion,", 1, 0) != base);

  // Stored under the last key made; found again under an equal key only.
  key(1, 2, " $25 billion,", 1, 1);
  GroupMemo::Groups g;
  g.matched = true;
  g.spans = {1, 11, 1, 1};
  memo.store(g);
  key(1, 2, " $70 billion,", 1, 1);
  REQUIRE(memo.find() != nullptr);
  CHECK(memo.find()->spans == g.spans);
  key(1, 2, " $70 million,", 1, 1);
  CHECK(memo.find() == nullptr);
}
