// Relation rules: how a sentence states a deal, written over the sentence with
// each named mention replaced by a typed placeholder, so one pattern covers every
// company and chip:
//
//   rule: signed-deal-to-use
//   pattern: {BUYER:company} …sign(?:ed|s)? (?:a|an) …(?:deal|agreement) to use {VENDOR:company}'s {PRODUCT:chip}
//   type: compute
//   status: signed
//   example: [Tesla:company] signed a deal to use [Nvidia:company]'s [H100:chip] chips => buyer=tesla vendor=nvidia product=h100
//   reject: [Tesla:company] competes with [Nvidia:company]
//
// Files: extractors/rules/<lang>/deals.relations (embedded), replaced by a file of
// the same relative name under --rules DIR. Syntax in extractors/rules/README.md.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "pipeline/link/prefilter.h"

namespace newsdeal {

// A placeholder in a sentence: \x01, a type letter, the mention's number, \x02.
char placeholder_letter(std::string_view type);  // "company" -> 'c'; 0 if unknown

// The options relation patterns are compiled with.
RE2::Options relation_options();

struct RelationExample {
  std::string text;      // with [surface:type] marks
  std::string expected;  // "buyer=meta vendor=amazon product=graviton ; ..." or "" for reject
  bool reject = false;
  int line = 0;
};

struct RelationRule {
  std::string name;
  std::string file;
  int line = 0;
  std::string lang;
  std::string pattern;             // as written
  std::string expanded;            // RE2 syntax, placeholders expanded
  // `expanded` compiled (relation_options()). With an opened pattern (below) it
  // is compiled on first use, once, whichever thread asks first: unrolled
  // bounded repetitions make it by far the biggest program of the rule and most
  // of the linker's start-up, and only a match whose opened groups break a bound
  // needs it. Its syntax is checked at load; should it still not compile, this
  // throws std::runtime_error("file:line: ...").
  const RE2& exact() const;
  std::string type = "compute";    // compute, cloud, investment, partnership
  std::string status;              // signed, agreed, committed, in talks, planned, denied
  // "roles: symmetric": the pattern names parties A and B, and whichever sells
  // compute (by gazetteer category) is the vendor.
  bool symmetric = false;
  // Whether a deal it finds needs a vendor: the pattern names one (VENDOR,
  // PRODUCT, or a symmetric pair). "ByteDance spends billions leasing data
  // centers abroad" names none.
  bool needs_vendor = true;
  std::vector<RelationExample> examples;
  // The pattern with its long bounded repetitions opened (see
  // extractors/regex_filter.h), which finds groups many times faster, and the
  // bounds to check: group index, least and most characters. Null when the
  // pattern has no such repetition.
  std::unique_ptr<RE2> opened;
  struct Bound {
    int group;
    unsigned min, max;
  };
  std::vector<Bound> bounds;

  // The next match from `pos` with its groups (room for both patterns' groups):
  // by the opened pattern when its match keeps every bound, else by the pattern
  // itself. `used` tells whose groups they are.
  bool next_match(std::string_view text, std::size_t pos, re2::StringPiece* groups, const RE2** used) const;
  // The most groups next_match can fill, the whole match included.
  int group_room() const;

  // The role groups of a pattern next_match used (`used`), by group index: the
  // upper-case names (lower-case ones are the engine's own), digits dropped
  // (VENDOR2 is VENDOR). Read once per pattern, not per match.
  struct RoleGroup {
    int index;
    std::string role;
  };
  const std::vector<RoleGroup>& role_groups(const RE2* used) const;

  // What the literal prefilter is given for this rule: a pattern that matches
  // wherever `expanded` does.
  std::string filter_pattern() const;

  // Where a match of the pattern next_match tries first (the opened one, else
  // the pattern) can start: when every match starts with a placeholder (as
  // RE2::PossibleMatchRange shows for most rules), only at a \x01 whose type
  // letter lies in [letter_min, letter_max]. A pattern that starts
  // "(?:^|[^与和])" (its first placeholder not preceded by 与 or 和) followed by
  // what starts with a placeholder (char_before) may also start one character
  // before such a \x01.
  struct MatchStart {
    bool at_placeholder = false;
    bool char_before = false;
    unsigned char letter_min = 0, letter_max = 255;
  };
  MatchStart match_start;

 private:
  struct Exact {
    std::once_flag once;
    std::unique_ptr<RE2> re;
    std::vector<RoleGroup> roles;
  };
  std::unique_ptr<Exact> exact_ = std::make_unique<Exact>();
  std::vector<RoleGroup> opened_roles_;
  friend class RelationRules;
};

class RelationRules {
 public:
  // The embedded files plus `rule_dirs` (a file there replaces the embedded one of
  // the same relative name, or adds a new one). Throws std::runtime_error with
  // "file:line: what is wrong".
  static RelationRules load(const std::vector<std::string>& rule_dirs);
  // Parses one file's text; `lang` is the folder it sits in.
  void parse(const std::string& file, const std::string& lang, std::string_view text);

  const std::vector<RelationRule>& rules() const { return rules_; }

  // The rules of `lang` that may match `text`, by index into rules(), ascending:
  // one literal scan of the sentence by the filter given to share_filter (see
  // prefilter.h) rules out the others, so only these run for roles. Any rule that
  // matches is among them. Before share_filter, every rule of `lang`.
  // `scan`, of `text`, spares the scan when it is by that filter.
  std::vector<std::size_t> hits(std::string_view lang, std::string_view text, const TextScan* scan = nullptr) const;
  // The same into `out` (a buffer reused from sentence to sentence).
  void hits(std::string_view lang, std::string_view text, const TextScan* scan, std::vector<std::size_t>& out) const;

  // Registers the rules of `lang` with `shared` (compiled by the caller after
  // every add), which hits() then filters by: one scan of a sentence serves them
  // and the other patterns there (the cues). `shared` must outlive this. Call it
  // after the last parse().
  void share_filter(std::string_view lang, Prefilter& shared);

 private:
  // Groups the rules by language; parse() calls it after each file.
  void index_languages();

  std::vector<RelationRule> rules_;
  struct LangSet {
    const Prefilter* filter = nullptr;  // from share_filter
    std::vector<std::size_t> rules;     // rule indices of the language
    std::vector<int> ids;               // their ids in `filter`
  };
  std::map<std::string, LangSet, std::less<>> sets_;
};

// The leftmost-first match of `re` in `text` from `pos` on, with `n` groups, as
// re.Match(text, pos, text.size(), RE2::UNANCHORED, groups, n) gives it, for a
// pattern whose matches all start as `start` says (at_placeholder set) in a
// valid UTF-8 text; faster than that search when the text holds few placeholders.
bool match_from_placeholders(const RE2& re, const RelationRule::MatchStart& start, std::string_view text,
                             std::size_t pos, re2::StringPiece* groups, int n);

// Expands {ROLE:type|type}, {type} and … in a relation pattern into RE2 syntax.
std::string expand_relation_pattern(std::string_view pattern);

}  // namespace newsdeal
