// Cue phrases the linker looks for in a sentence: a deal referred back to ("the
// deal", 该协议), a layoff (lay off, 裁员), revenue, a cloud deal, talks, a denial.
// Data: extractors/rules/<lang>/link.cues, blocks of
//
//   cue: deal-anaphor
//   pattern: \b(?:the|this) (?:deal|agreement|contract)\b
//   example: analysts said the deal could be worth billions
//   reject: a deal-maker
//
// Patterns match the normalized sentence (lower case, simplified Chinese). A
// pattern with capturing groups reports the span of the first group that took part (revenue-segment uses
// it to pick "custom silicon" out of "amazon's custom silicon business").
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "lang/span.h"
#include "pipeline/link/prefilter.h"

namespace newsdeal {

struct Cue {
  std::string name, lang, file;
  int line = 0;
  std::unique_ptr<RE2> re;
  std::vector<std::pair<std::string, int>> examples, rejects;  // text, line
};

class Cues {
 public:
  static Cues load(const std::vector<std::string>& rule_dirs);
  void parse(const std::string& file, const std::string& lang, std::string_view text);

  // Whether cue `name` of `lang` occurs in `text`; where is set to its first span.
  bool find(std::string_view lang, std::string_view name, std::string_view text, Span* where = nullptr) const;
  // Every occurrence of cue `name`.
  std::vector<Span> find_all(std::string_view lang, std::string_view name, std::string_view text) const;

  // The same by a group's number, looked up once (for calls in a loop); -1, a
  // name with no cues, finds nothing.
  int group_id(std::string_view lang, std::string_view name) const;
  bool find(int group, std::string_view text, Span* where = nullptr, const TextScan* scan = nullptr) const;
  std::vector<Span> find_all(int group, std::string_view text, const TextScan* scan = nullptr) const;
  // The same appended to `out` (a buffer reused from text to text).
  void find_all(int group, std::string_view text, const TextScan* scan, std::vector<Span>& out) const;

  // The literals of `lang`'s cues that occur in `text`: find() on this text, or
  // on a part of it, takes it to skip its own scan. Before share_filter, an
  // empty scan (no filter).
  TextScan scan(std::string_view lang, std::string_view text) const;
  // The same into `out`, reusing its storage.
  void scan(std::string_view lang, std::string_view text, TextScan& out) const;

  // Registers the cues of `lang` with `shared` (compiled by the caller after
  // every add), which rules out cues before RE2 runs: one scan of a text serves
  // these cues and the other patterns there (the relation rules). `shared` must
  // outlive this. Call it after the last parse(); before it, every cue runs.
  void share_filter(std::string_view lang, Prefilter& shared);

  const std::vector<Cue>& cues() const { return cues_; }

 private:
  // The cues of one "lang/name", and one pattern of them all that tells in a
  // single pass whether any occurs. Before it runs, a literal prefilter of the
  // language's cues (prefilter.h) rules most texts out: most sentences hold none
  // of a group's cues.
  struct Group {
    std::vector<std::size_t> cues;
    std::unique_ptr<RE2> any;
    std::string lang;
    const Prefilter* filter = nullptr;  // its language's, from share_filter
  };
  // Bit k set: cue g.cues[k] may occur in `text` (cues past 64 always may).
  std::uint64_t may_occur(const Group& g, std::string_view text, const TextScan* scan) const;
  // (Re)builds g.any from its cues' filter patterns.
  void build_any(Group& g);
  // Cue i's pattern loosened (a superset of its matches): the part of `any` and
  // what the prefilter is given.
  std::string filter_pattern(std::size_t cue) const;

  std::vector<Cue> cues_;
  std::vector<Group> groups_;
  std::map<std::string, int, std::less<>> by_key_;  // "lang/name" -> groups_ index
  std::vector<int> filter_id_;  // cue i's id in its group's filter
};

}  // namespace newsdeal
