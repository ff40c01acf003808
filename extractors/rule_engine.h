// The rule engine: all rules of one language in one RE2::Set (of each pattern
// without its optional ends, which finds the same rules and builds a far smaller
// DFA; see rule_engine.cpp), so a text is scanned once per language whatever the
// types asked for; only the rules that hit run their own RE2 for the whole
// matches, and only the matches that survive overlap resolution have their groups
// read. Overlapping matches of one type resolve by longest match, then priority.
// Groups are read once per shape of match (digits alike) and then remembered
// (extractors/group_memo.h).
//
//   RuleEngine engine(parse_rules(embedded_rule_sources()));
//   NormalizedText n = normalizer.normalize("Meta will cut about 8,000 jobs");
//   for (const RuleMatch& m : engine.match(n.text, {Lang::en}, EntityType::headcount))
//     // m.span {14, 30} "about 8,000 jobs", m.value {8000, 8000, approx}, m.rule->name
//
// The text given is normalized text (lang/normalize.h); spans are byte offsets into
// it. A match's value comes from its rule's value:/min:/max: groups through
// parse_number (lang/numerals.h), scaled, bounded and flagged approx as the rule
// says; its attributes (currency, per, unit, text) come from literals or from group
// texts looked up in the rule maps. A match whose value cannot be computed (its
// numeral does not parse) is discarded before overlaps are resolved, so a shorter
// rule that does compute can still win.
//
// A RuleEngine is immutable after construction and may be shared by threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/rules.h"

namespace re2 {
class StringPiece;
}

namespace newsdeal {

struct RuleMatch {
  const Rule* rule = nullptr;
  Span match;   // the whole match
  Span span;    // the mention: the rule's span: group, else the whole match
  Range value;
  Attrs attrs;
  // For split rules: the spans of the two mentions a range is reported as
  // (from the start of `span` to the end of the min group; from the start of the max
  // group to the end of `span`).
  Span min_span, max_span;
};

struct MatchOptions {
  // The text is traditional Chinese in origin: maps named "<map>-hant" are consulted
  // before "<map>" (元 in a Taiwanese article is the New Taiwan dollar).
  bool traditional = false;
  // Asked when `traditional` is false and a "<map>-hant" map holds a key looked up,
  // so that its answer is only worked out where it could change a value (whether
  // an article is traditional takes a walk over all its Han characters, and most
  // articles never look up a key of a -hant map). May be empty; should remember
  // its answer, as it can be asked once per lookup.
  std::function<bool()> traditional_if_asked;
  bool is_traditional() const { return traditional || (traditional_if_asked && traditional_if_asked()); }
  // Keep the matches of drop rules in the result (the example tests use this).
  bool keep_drops = false;
  // Take a match's groups from the GroupMemo (extractors/group_memo.h) when a match
  // of the same shape was read before; off only to check that both ways agree.
  bool reuse_groups = true;
};

class RuleEngine {
 public:
  explicit RuleEngine(RuleBook book, const RuleLimits& limits = {});
  ~RuleEngine();
  RuleEngine(const RuleEngine&) = delete;
  RuleEngine& operator=(const RuleEngine&) = delete;

  // The matches of the rules of `type` for any of `langs` in `text`, overlaps
  // resolved across all of them, in text order.
  std::vector<RuleMatch> match(std::string_view text, const std::vector<Lang>& langs, EntityType type,
                               const MatchOptions& opts = {}) const;

  // match() for several types at once, scanning `text` once per language:
  // out[i] receives what match(text, langs, types[i], opts) returns.
  void match(std::string_view text, const std::vector<Lang>& langs, const std::vector<EntityType>& types,
             const MatchOptions& opts, std::vector<std::vector<RuleMatch>>& out) const;

  // match() for several types over a text cut into chunks that no match crosses
  // (its sentences; together they cover `text`, in order): the set scans chunk by
  // chunk and a rule it hits searches only that chunk, with the whole text as the
  // context of \b, ^ and $. A paragraph's money rule then reads the one sentence
  // that has an amount, not the whole paragraph once per rule.
  void match(std::string_view text, const std::vector<Span>& chunks, const std::vector<Lang>& langs,
             const std::vector<EntityType>& types, const MatchOptions& opts,
             std::vector<std::vector<RuleMatch>>& out) const;

  // One text of several matched together (match(std::vector<Piece>&)): what the
  // chunked match() takes, and where its result goes.
  struct Piece {
    std::string_view text;
    const std::vector<Span>* chunks;
    const std::vector<Lang>* langs;
    const std::vector<EntityType>* types;
    const MatchOptions* opts;
    std::vector<std::vector<RuleMatch>>* out;
  };
  // The chunked match() of each piece, each out as that call gives it. The set
  // scans every chunk of every piece first, then each rule searches all the
  // chunks it hit, in every piece, one after another: a rule's automaton is
  // then in the caches for its searches, which, taken rule after rule per
  // chunk, ran five times slower than a search repeated at once (2026-12-07).
  void match(const std::vector<Piece>& pieces) const;

  // The entity types that have rules for `lang`.
  std::vector<EntityType> types(Lang lang) const;

  const RuleBook& book() const { return book_; }

  // The value a map gives `key` (lowercase, spaces collapsed; tried again without
  // spaces), or nullptr.
  const std::string* lookup(const std::string& map, std::string_view key, bool traditional = false) const;
  // The same, asking opts.is_traditional() only when a -hant map holds the key.
  const std::string* lookup(const std::string& map, std::string_view key, const MatchOptions& opts) const;

 private:
  struct Scanner;
  struct Plan;
  struct Candidate;
  bool evaluate(std::string_view text, const Candidate& c, const MatchOptions& opts, RuleMatch& m) const;
  // The matches kept among one piece's candidates (in the order its searches,
  // rule by rule, found them), per type of `types`, into out.
  void resolve(std::string_view text, const std::vector<EntityType>& types, const MatchOptions& opts,
               std::vector<Candidate>& cands, std::vector<std::vector<RuleMatch>>& out) const;
  bool find_groups(std::string_view around, std::size_t start, std::size_t end, std::uint32_t rule,
                   re2::StringPiece* sub) const;

  RuleBook book_;
  std::uint64_t id_;  // this engine's part of the GroupMemo's keys, never reused
  // Rules per language and type (types()), and each rule's place among them.
  std::map<std::pair<Lang, EntityType>, std::uint32_t> group_sizes_;
  // Per language: one set of all its rules (a set per type when that one would
  // exceed the memory budget).
  std::map<Lang, std::vector<Scanner>> scanners_;
  std::vector<Plan> plans_;  // by index into book_.rules
  // Per map name: its table and its "-hant" table (null when none), found once.
  struct Tables {
    const std::map<std::string, std::string>* plain = nullptr;
    const std::map<std::string, std::string>* hant = nullptr;
  };
  std::map<std::string, Tables, std::less<>> tables_;
  // A scale map value that std::stod rejects: reading groups lazily would skip
  // the error it raises, so every match is read.
  bool eager_ = false;
};

}  // namespace newsdeal
