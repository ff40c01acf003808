// Loading rule files: every kind of mistake fails at load with `file:line: what is
// wrong`, and --rules directories add or replace embedded files.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "extractors/rule_engine.h"
#include "extractors/rule_extractor.h"
#include "extractors/rules.h"
#include "tests/support.h"

using namespace newsdeal;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system temp folder, removed when it goes away.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("newsdeal-rules-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  std::string write(const std::string& rel, const std::string& text) const {
    fs::path p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

 private:
  fs::path path_;
};

// Loads `text` as the only file `rel` of a rules directory; returns the error
// message, or "" when it loads.
std::string load_error(const std::string& rel, const std::string& text, const RuleLimits& limits = {}) {
  TempDir dir;
  dir.write(rel, text);
  std::vector<RuleSource> sources;
  add_rule_dir(sources, dir.path().string());
  try {
    RuleBook book = parse_rules(sources, limits);
    RuleEngine engine(std::move(book), limits);
  } catch (const std::runtime_error& e) {
    std::string msg = e.what();
    // Name errors by the file's name inside the directory, as the tests expect.
    std::string prefix = (dir.path() / rel).string();
    if (msg.rfind(prefix, 0) == 0) msg = rel + msg.substr(prefix.size());
    return msg;
  }
  return "";
}

const char* kGood =
    "rule: usd\n"
    "pattern: \\$(?P<v>\\d+)\n"
    "value: v\n"
    "currency: USD\n"
    "example: {$5} => 5 currency=USD\n";

}  // namespace

TEST_CASE("a good rule file loads", "[rules]") {
  CHECK(load_error("en/money.rules", kGood) == "");
}

TEST_CASE("rule file errors name the file and line", "[rules]") {
  using Catch::Matchers::StartsWith;
  using Catch::Matchers::Contains;

  SECTION("unknown key") {
    auto e = load_error("en/money.rules", "rule: a\npattern: \\d+\nvalue: v\ncolour: red\n");
    CHECK_THAT(e, StartsWith("en/money.rules:4: ") && Contains("unknown key 'colour'"));
  }
  SECTION("missing pattern") {
    auto e = load_error("en/money.rules", "# money\n\nrule: a\nvalue: 5\n");
    CHECK_THAT(e, StartsWith("en/money.rules:3: ") && Contains("has no pattern"));
  }
  SECTION("pattern that does not compile") {
    auto e = load_error("en/money.rules", "rule: a\nvalue: 5\npattern: (\\d+\n");
    CHECK_THAT(e, StartsWith("en/money.rules:3: ") && Contains("does not compile") && Contains("missing )"));
  }
  SECTION("value group the pattern lacks") {
    auto e = load_error("en/money.rules", "rule: a\npattern: (?P<n>\\d+)\nvalue: v\n");
    CHECK_THAT(e, StartsWith("en/money.rules:3: ") && Contains("no group 'v'"));
  }
  SECTION("currency group the pattern lacks") {
    auto e = load_error("en/money.rules", "rule: a\npattern: (?P<v>\\d+)\nvalue: v\ncurrency: @cur\n");
    CHECK_THAT(e, StartsWith("en/money.rules:4: ") && Contains("no group 'cur'"));
  }
  SECTION("bad example value") {
    auto e = load_error("en/money.rules", "rule: a\npattern: (?P<v>\\d+)\nvalue: v\nexample: 5 => five\n");
    CHECK_THAT(e, StartsWith("en/money.rules:4: ") && Contains("bad value 'five'"));
  }
  SECTION("example without =>") {
    auto e = load_error("en/money.rules", "rule: a\npattern: (?P<v>\\d+)\nvalue: v\nexample: 5 dollars\n");
    CHECK_THAT(e, StartsWith("en/money.rules:4: ") && Contains("TEXT => VALUE"));
  }
  SECTION("example with unbalanced braces") {
    auto e = load_error("en/money.rules", "rule: a\npattern: (?P<v>\\d+)\nvalue: v\nexample: {5 dollars => 5\n");
    CHECK_THAT(e, StartsWith("en/money.rules:4: ") && Contains("braces"));
  }
  SECTION("example with an unknown attribute") {
    auto e = load_error("en/money.rules", "rule: a\npattern: (?P<v>\\d+)\nvalue: v\nexample: 5 => 5 colour=red\n");
    CHECK_THAT(e, StartsWith("en/money.rules:4: ") && Contains("unknown attribute 'colour'"));
  }
  SECTION("pattern over the RE2 memory budget") {
    RuleLimits tight;
    tight.max_mem = 32 << 10;
    auto e = load_error("en/money.rules", "rule: a\npattern: (?P<v>(?:\\p{Han}|\\w){300})\nvalue: v\n", tight);
    CHECK_THAT(e, StartsWith("en/money.rules:2: ") && Contains("exceeds the RE2 memory budget"));
    // The same pattern loads under the default budget.
    CHECK(load_error("en/money.rules", "rule: a\npattern: (?P<v>(?:\\p{Han}|\\w){300})\nvalue: v\n") == "");
  }
  SECTION("pattern that matches the empty string") {
    auto e = load_error("en/money.rules", "rule: a\npattern: (?P<v>\\d*)\nvalue: v\n");
    CHECK_THAT(e, StartsWith("en/money.rules:2: ") && Contains("empty string"));
  }
  SECTION("unknown define") {
    auto e = load_error("en/money.rules", "rule: a\npattern: (?P<v>{NOPE})\nvalue: v\n");
    CHECK_THAT(e, StartsWith("en/money.rules:2: ") && Contains("unknown define {NOPE}"));
  }
  SECTION("rule without a value") {
    auto e = load_error("en/money.rules", "rule: a\npattern: \\d+\n");
    CHECK_THAT(e, StartsWith("en/money.rules:1: ") && Contains("has no value"));
  }
  SECTION("duplicate key") {
    auto e = load_error("en/money.rules", "rule: a\npattern: \\d+\npattern: \\d\nvalue: 5\n");
    CHECK_THAT(e, StartsWith("en/money.rules:3: ") && Contains("duplicate key 'pattern'"));
  }
  SECTION("duplicate rule name") {
    auto e = load_error("en/money.rules", std::string(kGood) + "\n" + kGood);
    CHECK_THAT(e, StartsWith("en/money.rules:7: ") && Contains("duplicate rule name 'usd'"));
  }
  SECTION("bad bound") {
    auto e = load_error("en/money.rules", "rule: a\npattern: \\d+\nvalue: 5\nbound: plenty\n");
    CHECK_THAT(e, StartsWith("en/money.rules:4: ") && Contains("bound:"));
  }
  SECTION("map outside a common file") {
    auto e = load_error("en/money.rules", "map: currency $ => USD\n");
    CHECK_THAT(e, StartsWith("en/money.rules:1: ") && Contains("common.rules"));
  }
  SECTION("rule inside a common file") {
    auto e = load_error("en/common.rules", kGood);
    CHECK_THAT(e, StartsWith("en/common.rules:1: ") && Contains("only define: and map:"));
  }
  SECTION("a file name that is no language and type") {
    auto e = load_error("fr/money.rules", kGood);
    CHECK_THAT(e, StartsWith("fr/money.rules:1: ") && Contains("<lang>/<type>.rules"));
    e = load_error("en/weather.rules", kGood);
    CHECK_THAT(e, StartsWith("en/weather.rules:1: ") && Contains("<lang>/<type>.rules"));
  }
  SECTION("a line that is no key") {
    auto e = load_error("en/money.rules", "rule: a\nthis is prose\n");
    CHECK_THAT(e, StartsWith("en/money.rules:2: ") && Contains("key: value"));
  }
}

TEST_CASE("continuation lines and defines build a pattern", "[rules]") {
  TempDir dir;
  dir.write("en/common.rules", "define: AMT = \\d+\n");
  dir.write("en/money.rules",
            "define: SIGN = \\$\n"
            "\n"
            "rule: usd\n"
            "pattern: (?P<cur>{SIGN})\n"
            "    (?P<v>{AMT})\n"
            "value: v\n"
            "currency: @cur\n");
  dir.write("common.rules", "map: currency $ | usd => USD\n");
  std::vector<RuleSource> sources;
  add_rule_dir(sources, dir.path().string());
  RuleEngine engine(parse_rules(sources));
  auto m = engine.match("pay $40 now", {Lang::en}, EntityType::money);
  REQUIRE(m.size() == 1);
  CHECK(m[0].span == Span{4, 7});
  CHECK(m[0].value == Range::exact(40));
  CHECK(m[0].attrs.at("currency") == "USD");
  CHECK(engine.book().rules[0].pattern == "(?P<cur>(?:\\$))(?P<v>(?:\\d+))");
}

TEST_CASE("a rules directory (--rules) replaces embedded files of the same name", "[rules]") {
  TempDir dir;
  dir.write("en/money.rules",
            "rule: only-euros\n"
            "pattern: (?P<v>\\d+) eur\\b\n"
            "value: v\n"
            "currency: EUR\n"
            "example: {5 eur} => 5 currency=EUR\n");
  RuleExtractor x({dir.path().string()});
  bool replaced = true, zh_kept = false;
  for (const Rule& r : x.engine().book().rules) {
    if (r.lang == Lang::en && r.type == EntityType::money) replaced &= r.name == "only-euros";
    if (r.lang == Lang::zh && r.type == EntityType::money) zh_kept = true;
  }
  CHECK(replaced);
  CHECK(zh_kept);
  auto ms = x.extract_text("it costs 5 eur, not $5", Lang::en);
  std::vector<Mention> money;
  for (auto& m : ms)
    if (m.type == EntityType::money) money.push_back(m);
  REQUIRE(money.size() == 1);
  CHECK(money[0].attrs.at("currency") == "EUR");
  CHECK(money[0].rule == "only-euros");

  CHECK_THROWS_WITH(RuleExtractor({(dir.path() / "missing").string()}), Catch::Matchers::Contains("not a directory"));
}

TEST_CASE("the extractor reports input offsets and attributes", "[rules]") {
  const RuleExtractor x;
  Document doc;
  doc.text = "Ｍｅｔａ将裁员约８０００人。\nAmazon earns more than $20 billion a year.";
  std::size_t nl = doc.text.find('\n');
  doc.paragraphs.push_back({{0, nl}, Lang::zh, 0});
  doc.paragraphs.push_back({{nl + 1, doc.text.size()}, Lang::en, 0});
  x.extract(doc);
  const Mention* hc = nullptr;
  const Mention* money = nullptr;
  for (const auto& m : doc.mentions) {
    if (m.type == EntityType::headcount) hc = &m;
    if (m.type == EntityType::money) money = &m;
  }
  REQUIRE(hc);
  CHECK(doc.slice(hc->span) == "约８０００人");
  CHECK(hc->value == Range::exact(8000, true));
  CHECK_FALSE(hc->rule.empty());
  REQUIRE(money);
  CHECK(doc.slice(money->span) == "more than $20 billion a year");
  CHECK(money->value.min == 2e10);
  CHECK_FALSE(money->value.max);
  CHECK(money->attrs.at("currency") == "USD");
  CHECK(money->attrs.at("per") == "year");
}

TEST_CASE("元 in a traditional-character article is the New Taiwan dollar", "[rules]") {
  const RuleExtractor x;
  Document doc;
  doc.text = "該公司昨天公布財報，每股純益八點七五元。";
  x.extract(doc);
  REQUIRE(doc.mentions.size() == 1);
  CHECK(doc.mentions[0].attrs.at("currency") == "TWD");
  CHECK(doc.mentions[0].attrs.at("per") == "share");

  Document simplified;
  simplified.text = "该公司昨天公布财报，每股纯益八点七五元。";
  x.extract(simplified);
  REQUIRE(simplified.mentions.size() == 1);
  CHECK(simplified.mentions[0].attrs.at("currency") == "CNY");
}

TEST_CASE("whether a text is traditional is asked only for a key a -hant map holds", "[rules]") {
  const RuleExtractor x;
  const RuleEngine& engine = x.engine();
  int asked = 0;
  bool answer = false;
  MatchOptions opts;
  opts.traditional_if_asked = [&] {
    ++asked;
    return answer;
  };
  // 美元 is in the currency map only: the question does not arise.
  REQUIRE(engine.lookup("currency", "美元", opts));
  CHECK(*engine.lookup("currency", "美元", opts) == "USD");
  CHECK(asked == 0);
  // 元 is in currency-hant too: its value depends on the answer.
  CHECK(*engine.lookup("currency", "元", opts) == "CNY");
  CHECK(asked == 1);
  answer = true;
  CHECK(*engine.lookup("currency", "元", opts) == "TWD");
  CHECK(asked == 2);
  // A text known to be traditional needs no question.
  opts.traditional = true;
  CHECK(*engine.lookup("currency", "元", opts) == "TWD");
  CHECK(asked == 2);
  // The -hant map under its own name, as before.
  CHECK(*engine.lookup("currency-hant", "元") == "TWD");
}

TEST_CASE("a percent range is reported as its two ends", "[rules]") {
  const RuleExtractor x;
  auto ms = x.extract_text("只要成本下降百分之三到五", Lang::zh);
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].value == Range::exact(3));
  CHECK(ms[1].value == Range::exact(5));
  CHECK_FALSE(ms[0].span.overlaps(ms[1].span));
}
