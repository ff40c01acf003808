// The Recognizers-Text currency and percent suites (../shared/peer/recognizers,
// English and Chinese) through the RuleExtractor. A case passes when every entity
// it expects is found (a mention of the type overlapping the expected span, with
// the stated value and, for money, the currency) and nothing else of that type is.
// Cases newsdeal leaves out of scope are listed with their reason in
// tests/data/recognizers_units_skip.tsv. Prints the pass rates; requires 95% of
// the cases in scope to pass.
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "extractors/rule_extractor.h"
#include "lang/utf8.h"
#include "tests/support.h"

using namespace newsdeal;
using json = nlohmann::json;

namespace {

// Byte offset of code point `cp` in `text`.
std::size_t byte_of(std::string_view text, std::size_t cp) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < cp && pos < text.size(); ++i) next_code_point(text, pos);
  return pos;
}

// The ISO codes a spec unit may come out as. The spec names some units without an
// ISO code ("Dollar", "Pound"); sub-units (cents, pence) are reported by newsdeal in
// the main unit, so their spec value is divided by 100.
struct UnitWant {
  std::set<std::string> codes;
  double factor = 1;
};

UnitWant unit_want(const json& e) {
  if (e.contains("iso") && e["iso"].is_string()) return {{e["iso"].get<std::string>()}, 1};
  static const std::map<std::string, UnitWant> names = {
      {"Dollar", {{"USD"}, 1}},          {"United States dollar", {{"USD"}, 1}},
      {"Cent", {{"USD"}, 0.01}},         {"Pound", {{"GBP"}, 1}},
      {"Pence", {{"GBP"}, 0.01}},        {"Penny", {{"GBP"}, 0.01}},
      {"Franc", {{"CHF", "FRF"}, 1}},    {"Peseta", {{"ESP"}, 1}},
      {"Finnish markka", {{"FIM"}, 1}},  {"Netherlands guilder", {{"NLG"}, 1}},
      {"Rupee", {{"INR"}, 1}},           {"Euro", {{"EUR"}, 1}},
      {"Chinese yuan", {{"CNY"}, 1}},    {"Japanese yen", {{"JPY"}, 1}},
  };
  std::string unit = e.value("unit", json()).is_string() ? e["unit"].get<std::string>() : "";
  auto it = names.find(unit);
  return it != names.end() ? it->second : UnitWant{};
}

struct Suite {
  std::string file;
  EntityType type;
  std::size_t cases = 0, skipped = 0, passed = 0;
};

std::map<std::string, std::string> read_skips() {
  std::map<std::string, std::string> skips;
  std::ifstream in(test::source_path("tests/data/recognizers_units_skip.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    skips[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return skips;
}

// "" when the case passes, else what went wrong.
std::string check_case(const RuleExtractor& x, const json& c, EntityType type) {
  std::string text = c["text"];
  Lang lang = c["lang"] == "zh" ? Lang::zh : Lang::en;
  // The paragraph's own language decides, as in the pipeline; the suite's label
  // is only a fallback for texts with no letters ("25%").
  Lang detected = detect_lang(text);
  std::vector<Mention> found;
  for (auto& m : x.extract_text(text, detected == Lang::none ? lang : detected))
    if (m.type == type) found.push_back(m);
  std::vector<bool> used(found.size(), false);
  std::ostringstream why;
  for (const json& e : c["expected"]) {
    Span want{byte_of(text, e["start"]), byte_of(text, e["end"])};
    if (e["value"].is_null()) {  // a currency named with no amount: newsdeal reports none
      why << " missed {" << e["text"].get<std::string>() << "} (no amount)";
      continue;
    }
    double value = e["value"].get<double>();
    UnitWant unit = type == EntityType::money ? unit_want(e) : UnitWant{};
    value *= unit.factor;
    bool hit = false;
    for (std::size_t i = 0; i < found.size() && !hit; ++i) {
      const Mention& m = found[i];
      if (used[i] || !m.span.overlaps(want)) continue;
      auto stated = m.value.min ? m.value.min : m.value.max;
      if (!stated || std::abs(*stated - value) > 1e-6 * std::max(1.0, std::abs(value))) continue;
      if (!unit.codes.empty()) {
        auto cur = m.attrs.find("currency");
        if (cur == m.attrs.end() || !unit.codes.count(cur->second)) continue;
      }
      used[i] = hit = true;
    }
    if (!hit) why << " missed {" << e["text"].get<std::string>() << "}=" << value;
  }
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (used[i]) continue;
    const Mention& m = found[i];
    why << " found {" << text.substr(m.span.start, m.span.size()) << "}=" << format_range(m.value);
    auto cur = m.attrs.find("currency");
    if (cur != m.attrs.end()) why << " " << cur->second;
    why << " <" << m.rule << ">";
  }
  return why.str();
}

}  // namespace

TEST_CASE("Recognizers-Text currency and percent suites", "[rules][recognizers]") {
  auto dir = test::shared_path("peer/recognizers");
  if (!dir) NEWSDEAL_SKIP("../shared/peer/recognizers is absent");
  const RuleExtractor x;
  auto skips = read_skips();
  std::set<std::string> seen;
  std::vector<Suite> suites = {{"currency_en.jsonl", EntityType::money},
                               {"currency_zh.jsonl", EntityType::money},
                               {"percent_en.jsonl", EntityType::percent},
                               {"percent_zh.jsonl", EntityType::percent}};
  std::size_t in_scope = 0, passed = 0;
  for (Suite& s : suites) {
    std::ifstream in(*dir / s.file);
    REQUIRE(in);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      json c = json::parse(line);
      std::string id = c["id"];
      seen.insert(id);
      ++s.cases;
      std::string problem = check_case(x, c, s.type);
      auto skip = skips.find(id);
      if (skip != skips.end()) {
        ++s.skipped;
        if (problem.empty()) WARN(id << " is listed as skipped but passes; take it off the list");
        continue;
      }
      if (problem.empty()) {
        ++s.passed;
      } else {
        UNSCOPED_INFO(id << " '" << c["text"].get<std::string>() << "':" << problem);
        std::cout << "  fail " << id << " '" << c["text"].get<std::string>() << "':" << problem << "\n";
      }
    }
    std::size_t scope = s.cases - s.skipped;
    std::cout << "recognizers " << s.file << ": " << s.passed << "/" << scope << " in scope pass ("
              << (scope ? 100.0 * s.passed / scope : 100.0) << "%), " << s.skipped << " skipped of " << s.cases
              << "\n";
    in_scope += scope;
    passed += s.passed;
  }
  for (const auto& [id, reason] : skips) {
    INFO(id << " (" << reason << ")");
    CHECK(seen.count(id));  // a skip entry names a real case
  }
  double rate = in_scope ? static_cast<double>(passed) / in_scope : 1.0;
  std::cout << "recognizers currency+percent: " << passed << "/" << in_scope << " in scope pass (" << 100.0 * rate
            << "%)\n";
  INFO("pass rate " << 100.0 * rate << "% of " << in_scope << " cases in scope");
  CHECK(rate >= 0.95);
}
