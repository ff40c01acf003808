// Sentences and words, by ICU BreakIterator over a UTF-8 UText so every index is
// a byte offset into the caller's text. ICU's dictionary splits many domain words
// (芯片, 英伟达, 谷歌, 博通, 彭博社) into pieces, so a domain lexicon is merged into
// the Chinese tokens: inside a run of Han characters, the longest lexicon word that
// starts at a token boundary and ends at a character replaces the ICU tokens it
// covers (forward maximum matching restricted to ICU boundaries where possible).
//
//   Lexicon lex = Lexicon::builtin();          // lang/data/zh_lexicon.txt
//   lex.add("摩尔线程");                         // e.g. from the gazetteer
//   Segmenter seg(std::move(lex));
//   for (Span s : seg.sentences(text)) ...
//   for (Span w : seg.words(text)) ...        // words only: no spaces, no punctuation
//
// A Segmenter is immutable after construction and may be shared by threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "lang/span.h"

namespace newsdeal {

class Lexicon {
 public:
  // The shipped domain lexicon (embedded lang/data/zh_lexicon.txt).
  static Lexicon builtin();
  // Parses a lexicon file: one word a line, '#' starts a comment.
  static Lexicon parse(std::string_view data);

  void add(std::string_view word);
  bool contains(std::string_view word) const { return words_.find(word) != words_.end(); }
  std::size_t size() const { return words_.size(); }
  std::size_t max_chars() const { return max_chars_; }

 private:
  // Transparent, so contains() looks a string_view up without a copy.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  void add_all(std::string_view data);

  std::unordered_set<std::string, Hash, std::equal_to<>> words_;
  std::size_t max_chars_ = 0;
};

class Segmenter {
 public:
  explicit Segmenter(Lexicon lexicon = Lexicon::builtin());
  ~Segmenter();
  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

  // Sentence spans (ICU sentence break; also breaks at newlines), trailing
  // whitespace excluded, empty sentences dropped. `text` must be valid UTF-8.
  std::vector<Span> sentences(std::string_view text) const;

  // Word tokens in order: letters, digits and ideographs; spaces and punctuation
  // are not tokens. Chinese runs are merged with the lexicon.
  std::vector<Span> words(std::string_view text) const;

  // Words by ICU alone (no lexicon): the baseline the benchmarks compare against.
  std::vector<Span> icu_words(std::string_view text) const;

  const Lexicon& lexicon() const { return lexicon_; }

 private:
  Lexicon lexicon_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdeal
