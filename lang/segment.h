// Sentences and words, by ICU BreakIterator over a UTF-8 UText so every index is
// a byte offset into the caller's text. For nearly all news text the same breaks
// come from lang/word_break.h and lang/sentence_break.h, which redo ICU's root
// rules (and its CJK dictionary) without ICU, 3-5x faster, and hand back to ICU
// any text holding a character they do not cover. ICU's dictionary splits many domain words
// (芯片, 英伟达, 谷歌, 博通, 彭博社) into pieces, so a lexicon is merged into the
// Chinese tokens: inside a run of adjacent Han tokens, ICU tokens that together
// spell a lexicon word become one word. Merges only join whole ICU tokens, never
// cut one: 博通过 segmented by ICU as 博|通过 stays so, though 博通 is a word.
// Where several merges compete, the one with the fewest tokens wins (then the
// fewest one-character tokens), over the whole run.
//
//   Lexicon lex = Lexicon::builtin();          // lang/data/zh_lexicon.txt + zh_general_words.txt
//   lex.add("摩尔线程");                         // e.g. from the gazetteer
//   Segmenter seg(std::move(lex));
//   for (Span s : seg.sentences(text)) ...
//   for (Span w : seg.words(text)) ...        // words only: no spaces, no punctuation
//
// The builtin lexicon is the domain words of lang/data/zh_lexicon.txt plus a
// general vocabulary, lang/data/zh_general_words.txt: about 131,000 words of
// jieba's dictionary (jieba 0.42.1 as shipped by the Debian package
// python3-jieba, MIT license), selected and embedded at build time by
// cmake/general_words.cmake; a build without python3-jieba has the domain
// words only. Lexicon::builtin() parses them once per process (30-40 ms) and
// hands out copies (4-8 ms), so build one Segmenter and share it: it is
// immutable after construction and may be used by many threads at once, each
// with its own clones of the ICU break iterators, made on the thread's first
// call. On the SIGHAN 2005 PKU test set the builtin lexicon takes F1 from 0.795
// (ICU alone) to 0.857 (jieba itself: 0.836), in about 1.4x the time; see
// tests/bench/sighan.py.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lang/ideograph_key.h"
#include "lang/span.h"

namespace newsdeal {

class Lexicon {
 public:
  // The shipped lexicon: the domain words of lang/data/zh_lexicon.txt and, when
  // embedded, the general vocabulary of lang/data/zh_general_words.txt (from
  // jieba's dictionary, Debian python3-jieba, MIT; see the top of this file).
  // Parsed on the first call, copied on the others.
  static Lexicon builtin();
  // Parses a lexicon file: one word a line, '#' starts a comment, blank lines
  // are skipped; only the first field of a line counts ("word freq tag" works).
  static Lexicon parse(std::string_view data);

  // Adds a word (UTF-8). Only words of two or more Han characters can ever
  // merge ICU tokens; others are kept but have no effect on segmentation.
  void add(std::string_view word);
  bool contains(std::string_view word) const { return (find(word) & kWord) != 0; }
  std::size_t size() const { return size_; }
  std::size_t max_chars() const { return max_chars_; }

 private:
  friend class Segmenter;
  static constexpr std::uint8_t kWord = 1;    // the key is a word
  static constexpr std::uint8_t kPrefix = 2;  // the key is a proper prefix of a word

  // A polynomial hash of the key's bytes, sum of byte * kBase^(bytes after it)
  // (mod 2^64), so the hash of a concatenation follows from its parts':
  // H(xy) = H(x) * kBase^|y| + H(y). The merge hashes each token once and a
  // candidate of several tokens with one step per token. value() mixes the
  // sum so that its low bits (the slot) spread well.
  struct KeyHash {
    static constexpr std::uint64_t kBase = 0x100000001b3ull;
    std::uint64_t sum = 0;
    std::uint64_t scale = 1;  // kBase^(bytes added)
    void add(char byte) {
      sum = sum * kBase + static_cast<unsigned char>(byte);
      scale *= kBase;
    }
    void add(std::string_view bytes) {
      for (char b : bytes) add(b);
    }
    void add(const KeyHash& next) {
      sum = sum * next.scale + next.sum;
      scale *= next.scale;
    }
    std::uint64_t value() const {
      std::uint64_t h = sum;
      h ^= h >> 32;
      h *= 0xd6e8feb86659fd93ull;
      h ^= h >> 32;
      return h ? h : 1;  // 0 marks an empty slot
    }
  };

  // The key's flags, 0 when absent.
  std::uint8_t find(std::string_view key) const;
  // The same for a key that does not pack (see short_keys_); `h` is KeyHash{key}.value().
  std::uint8_t find_long(std::string_view key, std::uint64_t h) const;
  // The flags of a key that packs (ideograph_key::pack), 0 when absent.
  std::uint8_t find_short(std::uint64_t packed) const { return static_cast<std::uint8_t>(short_keys_.find(packed)); }
  // Adds `flags` to the key's, inserting it if absent; returns its flags before.
  std::uint8_t insert(std::string_view key, std::uint8_t flags);
  std::uint8_t insert_long(std::string_view key, std::uint64_t h, std::uint8_t flags);
  // Makes room for `keys` more keys without a rehash.
  void reserve(std::size_t keys);
  void add_all(std::string_view data);

  // Words and their proper prefixes of two or more characters (so the merge can
  // stop extending a candidate as soon as no word starts with it). Keys of one
  // to four ideographs of U+3400-9FFF, nearly all, are held whole in 8-byte
  // slots (lang/ideograph_key.h): a lookup reads one cache line. The others go
  // to an open-addressing table over one string arena (a hash, then the key's
  // bytes): still one line or two where std::unordered_map costs several.
  ideograph_key::PackedKeyTable<60> short_keys_;
  struct Slot {
    std::uint64_t hash = 0;  // 0: empty
    std::uint32_t offset = 0;
    std::uint32_t size : 24 = 0;
    std::uint32_t flags : 8 = 0;
  };
  std::vector<Slot> slots_;  // a power of two, at most half full
  std::string arena_;
  std::size_t used_ = 0;   // of slots_
  std::size_t size_ = 0;
  std::size_t max_chars_ = 0;
};

class Segmenter {
 public:
  explicit Segmenter(Lexicon lexicon = Lexicon::builtin());
  ~Segmenter();
  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

  // Sentence spans: ICU sentence break, except after a few English
  // abbreviations ("The U.S. Commerce Department", "Dr. Su"), plus a break after
  // every newline and every full-width semicolon ；. Leading and trailing whitespace excluded, empty
  // sentences dropped. 。！？ end sentences by ICU's own rules. `text` must be
  // valid UTF-8.
  std::vector<Span> sentences(std::string_view text) const;

  // Word tokens in order: letters, digits and ideographs; spaces and punctuation
  // are not tokens. Chinese runs are merged with the lexicon.
  std::vector<Span> words(std::string_view text) const;
  // The same, appended to `out` (offsets into `text`): one vector for the
  // words of many texts.
  void append_words(std::string_view text, std::vector<Span>& out) const;

  // Words by ICU alone (no lexicon): the baseline the benchmarks compare against.
  std::vector<Span> icu_words(std::string_view text) const;

  const Lexicon& lexicon() const { return lexicon_; }

 private:
  // Appends the merged words of one run of adjacent Han tokens.
  void merge_run(std::string_view text, const Span* tokens, std::size_t n, std::vector<Span>& out) const;

  Lexicon lexicon_;
};

}  // namespace newsdeal
