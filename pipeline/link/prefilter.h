// Which of a set of RE2 patterns can match a text at all, from one literal scan,
// so the linker runs RE2 only where a match is possible (most sentences hold no
// cue and state no deal).
//
//   Prefilter f;
//   int id = f.add(R"(\b(?:the|this) (?:deal|agreement)\b)", RE2::Options());
//   f.compile();
//   Prefilter::Seen seen = f.scan("analysts said the deal ...");
//   f.may_match(id, seen);  // true: "the " and "deal" are there
//
// RE2's FilteredRE2 reduces a pattern to the literal strings ("atoms") that any
// match must contain, combined with AND and OR. At compile() each pattern's
// formula is turned into clauses, sets of atoms of which a match holds at least
// one ({"deal", "agreement"} above), by asking FilteredRE2 which sets of atoms
// fail it; at run time an Aho-Corasick scan finds the atoms of a text, and a
// pattern may match only if each of its clauses has an atom there. The verdict is
// exact in one direction, which is all callers rely on: a pattern ruled out
// cannot match the text nor any part of it. A pattern with no usable atom, or
// whose atoms could miss a match (see add()), is never ruled out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

namespace newsdeal {

// Finds which of a fixed set of strings occur in a text, in one pass over its
// bytes (Aho-Corasick, a full transition table over the bytes the strings use;
// up to 32,767 rows of 8 classes: the shipped rules take a quarter of that).
// ASCII letters match either case: FilteredRE2's atoms are lower case.
// Written here because no dependency offers it: FilteredRE2 leaves the atom search
// to the caller, and an RE2::Set of the atoms (what the linker used before) ran
// several times slower per sentence than this table.
class LiteralScanner {
 public:
  explicit LiteralScanner(const std::vector<std::string>& strings = {});
  // Sets bit i of `found` (sized for every string) for each string i that occurs
  // in `text`.
  void scan(std::string_view text, std::uint64_t* found) const;
  // Too many strings for the table: scan finds none.
  bool too_big() const { return too_big_; }

 private:
  static constexpr std::uint32_t kRowUnit = 8;
  std::uint8_t byte_class_[256] = {};
  std::uint32_t row_units_ = 1;          // a row holds row_units_ * kRowUnit classes
  std::size_t longest_ = 1;              // bytes of the longest string
  std::vector<std::uint16_t> next_;      // (state's row + class) -> target's row in
                                         // kRowUnit entries, flagged when strings end
                                         // there; empty: no strings
  std::vector<std::uint32_t> out_begin_; // state -> range of out_ (size states + 1)
  std::vector<int> out_;                 // string indices that end at a state
  bool too_big_ = false;
};

class Prefilter {
 public:
  // The atoms scan() found in a text.
  class Seen {
   public:
    // Adds the atoms of `other` (of the same Prefilter).
    void merge(const Seen& other) {
      for (std::size_t i = 0; i < bits_.size() && i < other.bits_.size(); ++i) bits_[i] |= other.bits_[i];
    }

   private:
    friend class Prefilter;
    std::vector<std::uint64_t> bits_;
  };

  // Registers a pattern and returns its id (0, 1, ...). A pattern FilteredRE2
  // cannot take, or one whose literals could escape the scan's case folding (it
  // folds ASCII only: "(?i)" and cased non-ASCII letters), is never ruled out.
  int add(const std::string& pattern, const RE2::Options& options);
  // Call once, after every add(): derives the clauses and builds the scanner.
  void compile();

  Seen scan(std::string_view text) const;
  // The same into `seen`, reusing its storage (for a scan per sentence).
  void scan(std::string_view text, Seen& seen) const;
  // Adds the atoms of `text` to `seen` (from scan()).
  void scan_more(std::string_view text, Seen& seen) const;
  // The longest atom: an atom found in a text lies within this many bytes.
  static constexpr std::size_t kAtomBytes = 8;
  // False only when pattern `id` cannot match the scanned text or any part of it.
  bool may_match(int id, const Seen& seen) const;
  int size() const { return static_cast<int>(patterns_.size()); }

 private:
  struct Pattern {
    std::string text;
    RE2::Options options;
    bool always = true;
    std::vector<std::vector<int>> clauses;  // atom ids; each must have one seen
  };
  std::vector<Pattern> patterns_;
  // What may_match reads, built by compile(): per pattern, its clauses as a
  // range of tests_, each test the atoms of one clause in one word of Seen.
  struct Test {
    std::uint64_t mask;
    std::uint32_t word;
    bool clause_end;  // the clause's last test
  };
  struct Check {
    std::uint32_t begin, end;  // into tests_
    bool always;
  };
  std::vector<Check> checks_;
  std::vector<Test> tests_;
  std::vector<std::string> atoms_;  // by atom id
  LiteralScanner scanner_;
  bool compiled_ = false;
};

// A text's scan and the filter that made it, for the lookups that share it
// (Cues::find, RelationRules::hits): each uses it when it is by its filter.
struct TextScan {
  const Prefilter* filter = nullptr;
  Prefilter::Seen seen;
};

}  // namespace newsdeal
