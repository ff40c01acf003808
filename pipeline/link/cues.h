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

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "lang/span.h"

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

  const std::vector<Cue>& cues() const { return cues_; }

 private:
  // The cues of one "lang/name", and one pattern of them all that tells in a
  // single pass whether any occurs (most sentences hold none).
  struct Group {
    std::vector<std::size_t> cues;
    std::unique_ptr<RE2> any;
  };
  const Group* group(std::string_view lang, std::string_view name) const;
  // The cues of `g` that may occur in `text`, in file order.
  std::vector<std::size_t> occurring(const Group& g, std::string_view text) const;
  void build_sets();

  std::vector<Cue> cues_;
  std::map<std::string, Group, std::less<>> by_key_;  // "lang/name"
};

}  // namespace newsdeal
