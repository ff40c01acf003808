// ICU's CJK word dictionary (brkitr/cjdict: a UCharsTrie of about 316,000
// words, each with a cost) and ICU's division of a run of ideographs by it
// (CjkBreakEngine), without ICU's break iterator: the half of lang/word_break.h
// that handles ideographs.
//
// The division looks up, at every character, the words starting there, and
// nearly all of them are one or two characters long (on news, 87% of the
// lookups stop at the second character). In the trie the second step is a
// search of the first character's branches, hundreds for a common one, a
// cache miss or several. So the first two steps come from tables of our own,
// filled from the trie itself: one entry per ideograph for the first step, and
// for the second a small hash table per first character, of its continuations
// (one cache line per lookup), built on the first character's first use so
// start-up does not pay for the 180,000 pairs. Longer words are walked in the
// trie from its state after the pair, kept with the pair. tests/lang/test_word_break.cpp checks both tables against
// the trie, and the division against ICU.
#pragma once

#include <unicode/ucharstrie.h>
#include <unicode/udata.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace newsdeal {

class CjkDictionary {
 public:
  // The ideographs it answers for: U+3400-9FFF (CJK Extension A and the
  // Unified Ideographs; lang/word_break.cpp divides only those).
  static constexpr char16_t kFirst = 0x3400;
  static constexpr char16_t kLast = 0x9FFF;

  // The process's dictionary, read from ICU's data on the first call (a few
  // ms); nullptr when ICU's data has no cjdict or lays it out otherwise.
  // Thread-safe, never freed.
  static const CjkDictionary* get();

  // What the trie answers: UCharsTrie::first(c), and first(c1) then next(c2),
  // with getValue() where the result has a value (else 0). c, c1, c2 in
  // [kFirst, kLast].
  struct Step {
    UStringTrieResult result = USTRINGTRIE_NO_MATCH;
    std::int32_t value = 0;
  };
  Step first(char16_t c) const;
  Step pair(char16_t c1, char16_t c2) const;

  // ICU's CjkBreakEngine over one run of ideographs u[0, n), each in [kFirst,
  // kLast]: the boundaries of the cheapest segmentation, as character indices
  // 0 < b1 < ... < n, appended to `cuts`.
  void divide(const char16_t* u, std::size_t n, std::vector<std::uint32_t>& cuts) const;

 private:
  CjkDictionary(UDataMemory* file, const char16_t* trie);

  // A first step, packed: the value plus one in the low 16 bits (0: no value),
  // kHasNext when longer words start with the character.
  static constexpr std::uint32_t kHasNext = 1u << 16;
  // A second step, in a 64-bit slot: the second character's code (c - kFirst
  // + 1, never 0: 0 is an empty slot) in the low 15 bits, kPairHasNext, the
  // value plus one in bits 16-31 (0: no value), and for a pair that longer
  // words start with, the index of the trie's state after it in the block's
  // states in the high 32 bits.
  static constexpr std::uint64_t kPairHasNext = 1u << 15;
  // A block of second steps: 2^k slots and then the trie states, 64-byte
  // aligned, found through its address tagged with its hash's shift (32 - k,
  // 1 to 31) in the low six bits, so a lookup reads one line of the block;
  // tag 0 (kTrieOnly) marks a character whose pairs did not fit and are
  // walked in the trie.
  static constexpr std::uintptr_t kTrieOnly = 0;
  static constexpr std::uintptr_t kTagMask = 63;

  static std::size_t index(char16_t c) { return static_cast<std::size_t>(c - kFirst); }
  // The tagged block of the pairs that start with `c` (a character whose first
  // step has kHasNext), built on first use.
  std::uintptr_t pairs_of(char16_t c) const {
    const std::uintptr_t block = chars_[index(c)].pairs.load(std::memory_order_acquire);
    return block ? block : build_pairs(c);
  }
  std::uintptr_t build_pairs(char16_t c) const;
  // The packed second step of c1 c2 in c1's block, 0 when no word starts with c1 c2.
  [[gnu::always_inline]] static inline std::uint64_t find_pair(std::uintptr_t block, char16_t c2);
  // The trie's state after the pair of a second step with kPairHasNext.
  static const icu::UCharsTrie::State& state_after(std::uintptr_t block, std::uint64_t second);
  Step walk_pair(char16_t c1, char16_t c2) const;

  struct FreeBlock {
    void operator()(void* p) const;
  };

  UDataMemory* file_;    // kept open for the life of the process
  const char16_t* trie_;
  // Per ideograph, side by side so a start reads one cache line for both:
  // its first step, packed, and its tagged block of pairs, 0 until built.
  struct alignas(16) Char {
    std::uint32_t first_step = 0;
    std::atomic<std::uintptr_t> pairs{0};
  };
  std::unique_ptr<Char[]> chars_;
  // The trie after the first character, where longer words are walked from.
  std::vector<icu::UCharsTrie::State> after_first_;
  mutable std::mutex build_mutex_;
  mutable std::vector<std::unique_ptr<void, FreeBlock>> blocks_;  // owns what chars_[].pairs point to
};

}  // namespace newsdeal
