// Every example and reject line of every embedded rule file is a test: the rule
// must produce the example's span, value and attributes on its text (after
// normalization, with the other rules of its language and type competing), and
// must find nothing in a reject text. One failure names the file, rule and example.
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "extractors/rule_engine.h"
#include "extractors/rule_extractor.h"
#include "extractors/rules.h"
#include "lang/normalize.h"
#include "tests/support.h"

using namespace newsdeal;

namespace {

const RuleExtractor& extractor() {
  static const RuleExtractor x;
  return x;
}

bool close(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return !a && !b;
  return std::abs(*a - *b) <= 1e-9 * std::max({std::abs(*a), std::abs(*b), 1e-300});
}

std::string attrs_text(const Attrs& attrs) {
  std::string out;
  for (const auto& [k, v] : attrs) out += " " + k + "=" + v;
  return out;
}

std::string describe(const RuleMatch& m, const NormalizedText& n, std::string_view input) {
  Span in = n.to_input(m.span);
  std::ostringstream s;
  s << m.rule->name << " {" << input.substr(in.start, in.size()) << "}";
  if (m.rule->drop) s << " => drop";
  else s << " => " << format_range(m.value) << attrs_text(m.attrs);
  return s.str();
}

std::string where(const Rule& r, int line) {
  return r.origin + ":" + std::to_string(line) + ": rule " + r.name + ": ";
}

struct Run {
  NormalizedText n;
  std::vector<RuleMatch> matches;
};

Run run(const Rule& r, const std::string& text) {
  Run out;
  out.n = extractor().normalizer().normalize(text);
  MatchOptions opts;
  opts.keep_drops = true;
  opts.traditional = is_traditional(text, out.n);
  out.matches = extractor().engine().match(out.n.text, {r.lang}, r.type, opts);
  return out;
}

// The problem with one example, or "" when it holds.
std::string check_example(const Rule& r, const Example& ex) {
  Run got = run(r, ex.text);
  const RuleMatch* hit = nullptr;
  for (const auto& m : got.matches) {
    if (m.rule != &r) continue;
    if (ex.span && got.n.to_input(m.span) != *ex.span) continue;
    hit = &m;
    break;
  }
  std::ostringstream why;
  why << where(r, ex.line) << "example '" << ex.text << "'";
  if (!hit) {
    why << ": the rule did not produce ";
    if (ex.span) why << "{" << ex.text.substr(ex.span->start, ex.span->size()) << "}";
    else why << "a match";
    why << "; found:";
    if (got.matches.empty()) why << " nothing";
    for (const auto& m : got.matches) why << " [" << describe(m, got.n, ex.text) << "]";
    return why.str();
  }
  if (ex.expected.drop) return "";
  const Range& want = ex.expected.value;
  bool same = close(hit->value.min, want.min) && close(hit->value.max, want.max) && hit->value.approx == want.approx &&
              hit->attrs == ex.expected.attrs;
  if (same) return "";
  why << ": expected " << format_range(want) << attrs_text(ex.expected.attrs) << ", got "
      << describe(*hit, got.n, ex.text);
  return why.str();
}

std::string check_reject(const Rule& r, const Reject& rej) {
  Run got = run(r, rej.text);
  for (const auto& m : got.matches) {
    if (m.rule == &r)
      return where(r, rej.line) + "reject '" + rej.text + "' matched: " + describe(m, got.n, rej.text);
  }
  return "";
}

}  // namespace

TEST_CASE("the embedded rule files load", "[rules]") {
  const RuleBook& book = extractor().engine().book();
  REQUIRE_FALSE(book.rules.empty());
  for (const char* lang : {"en", "zh"}) {
    for (const char* type : {"money", "headcount", "percent", "quantity", "duration"}) {
      std::string origin = std::string("extractors/rules/") + lang + "/" + type + ".rules";
      INFO(origin);
      CHECK(std::any_of(book.rules.begin(), book.rules.end(), [&](const Rule& r) { return r.origin == origin; }));
    }
  }
}

TEST_CASE("every rule has examples", "[rules]") {
  for (const Rule& r : extractor().engine().book().rules) {
    if (r.examples.empty()) FAIL_CHECK(where(r, r.line) + "has no example");
  }
}

TEST_CASE("every rule example holds", "[rules]") {
  std::size_t n = 0, failed = 0;
  for (const Rule& r : extractor().engine().book().rules) {
    for (const Example& ex : r.examples) {
      ++n;
      std::string problem = check_example(r, ex);
      if (!problem.empty()) {
        ++failed;
        FAIL_CHECK(problem);
      }
    }
  }
  INFO(failed << " of " << n << " examples failed");
  CHECK(n > 0);
  CHECK(failed == 0);
}

TEST_CASE("no rule matches its reject lines", "[rules]") {
  std::size_t n = 0, failed = 0;
  for (const Rule& r : extractor().engine().book().rules) {
    for (const Reject& rej : r.rejects) {
      ++n;
      std::string problem = check_reject(r, rej);
      if (!problem.empty()) {
        ++failed;
        FAIL_CHECK(problem);
      }
    }
  }
  INFO(failed << " of " << n << " reject lines matched");
  CHECK(failed == 0);
}
