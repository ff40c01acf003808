// Rule files: the data behind the numeric extractors (money, headcount, percent,
// quantity, duration), one file per language and type, parsed into Rules that
// the RuleEngine (extractors/rule_engine.h) compiles and runs.
//
//   std::vector<RuleSource> files = embedded_rule_sources();      // built in
//   add_rule_dir(files, "my-rules");        // my-rules/zh/money.rules replaces the built-in one
//   RuleBook book = parse_rules(files);     // throws std::runtime_error("file:line: what is wrong")
//
// A rule file `extractors/rules/<lang>/<type>.rules` is a list of rules separated by
// blank lines; `#` starts a comment line. extractors/rules/README.md is the manual;
// in short:
//
//   define: NUM = \d+(?:,\d{3})*          # a named piece of pattern, used as {NUM}
//
//   rule: usd-symbol
//   pattern: (?P<cur>\$)\s?(?P<v>{NUM}(?: (?:million|billion))?)
//   value: v                                # parse_number() of the group's text
//   currency: @cur                          # looked up in the `currency` map
//   priority: 2
//   example: a {$25 billion} expansion => 2.5e10 currency=USD
//   reject: $ alone
//
// Patterns are RE2 and are written against NORMALIZED text (lang/normalize.h:
// lowercase Latin, simplified Chinese, ASCII digits and punctuation). The `common.rules`
// files hold no rules, only `define:` lines (extractors/rules/<lang>/common.rules: for
// every file of that language; extractors/rules/common.rules: for all) and `map:`
// lines (the tables that turn a group's text into a currency code, unit, period or
// scale factor).
//
// Every pattern is compiled with an explicit RE2 memory budget
// (RuleLimits::max_mem); a pattern over it is a load error, as is anything else wrong
// in a file, reported as `file:line: what is wrong`.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/rule_sources.h"

#include "extractors/document.h"

namespace re2 {
class RE2;
}

namespace newsdeal {


// Where a value or an attribute comes from: a literal, or a capture group of the
// pattern (for attributes, the group's text looked up in the map of that name).
struct ValueSource {
  std::string group;           // named (or numbered) capture group; empty for a literal
  std::optional<Range> literal;
};

struct AttrSource {
  std::string literal;               // e.g. "USD"
  std::vector<std::string> groups;   // @g1 @g2: the first group that matched and maps
};

// What an example expects: a value and the attributes that must be present.
struct Expectation {
  bool drop = false;                       // "=> drop": the rule claims the text, emits nothing
  Range value;
  Attrs attrs;
};

struct Example {
  int line = 0;
  std::string text;                  // input text, braces removed
  std::optional<Span> span;          // byte span marked with {braces} in the input text
  Expectation expected;
};

struct Reject {
  int line = 0;
  std::string text;
};

enum class Bound { none, at_least, at_most };

struct Rule {
  std::string name;
  std::string origin;   // file, as errors name it
  int line = 0;         // the `rule:` line
  Lang lang = Lang::none;
  EntityType type = EntityType::money;

  std::string pattern;  // with {DEFINES} expanded
  std::shared_ptr<const re2::RE2> re;

  // value
  std::optional<ValueSource> value, min, max;
  Bound bound = Bound::none;
  std::vector<std::string> bound_groups;   // bound: @g1 @g2 (map "bound"; the first that matched)
  bool approx = false;                     // approx: true
  std::vector<std::string> approx_groups;  // approx: g1 g2 (when one of them matched)
  std::vector<std::string> negate_groups;  // negate: g (value times -1 when it matched)
  std::vector<double> scale;               // scale: 1e3 ...
  std::vector<std::string> scale_groups;   // scale: @g (map "scale"; 1 when absent)

  // attributes
  std::map<std::string, AttrSource> attrs;  // currency, per, unit, text

  std::string span_group;  // the mention's span; the rest of the match is context
  bool split = false;      // a range is reported as its two ends, two mentions
  bool drop = false;       // claims its match, emits nothing (a veto by longest match)
  int priority = 0;

  std::vector<Example> examples;
  std::vector<Reject> rejects;
};

// The maps of all common.rules files: map name -> key -> value. Keys are stored
// lowercase with single spaces.
using RuleMaps = std::map<std::string, std::map<std::string, std::string>>;

struct RuleBook {
  std::vector<Rule> rules;  // in file order; files in name order
  RuleMaps maps;
  std::vector<std::string> files;  // origins of the files that held rules or maps
};

struct RuleLimits {
  // RE2 memory budget per rule pattern (RE2::Options::set_max_mem); a pattern that
  // needs more fails to load. The set of a language and type gets `set_max_mem`.
  std::int64_t max_mem = 4 << 20;
  std::int64_t set_max_mem = 64 << 20;
};




// Parses and compiles. Throws std::runtime_error("origin:line: what is wrong").
RuleBook parse_rules(const std::vector<RuleSource>& sources, const RuleLimits& limits = {});

// The language and entity type a rule file's name stands for ("zh/money.rules");
// nullopt for common files. Throws for names that are neither.
struct RuleFileKind {
  Lang lang = Lang::none;
  EntityType type = EntityType::money;
};
std::optional<RuleFileKind> rule_file_kind(const std::string& name, const std::string& origin);

// Parses an example's expected value ("2.5e10", "~8000", "[1e9,1e10]~", "[2e10,]",
// "[,5e9]"); nullopt when malformed.
std::optional<Range> parse_expected_value(std::string_view text);

// Formats a range the way examples write it.
std::string format_range(const Range& r);

}  // namespace newsdeal
