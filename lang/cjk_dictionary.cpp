// See cjk_dictionary.h. ICU 72 source for what is redone here: rbbi_cache.cpp
// DictionaryCache::populateDictionary, dictbe.cpp
// CjkBreakEngine::divideUpDictionaryRange, dictionarydata.cpp
// UCharsDictionaryMatcher::matches.
#include "lang/cjk_dictionary.h"

#include <unicode/appendable.h>
#include <unicode/udata.h>

#include <algorithm>
#include <cstdlib>
#include <new>
#include <limits>
#include <stdexcept>
#include <string>

namespace newsdeal {

namespace {

constexpr std::size_t kCount = CjkDictionary::kLast - CjkDictionary::kFirst + 1;

// The second characters of a trie state's continuations.
struct Units : icu::Appendable {
  std::vector<char16_t> units;
  UBool appendCodeUnit(char16_t c) override {
    units.push_back(c);
    return true;
  }
};

// The hash of a second character's code in a block of 2^(32 - shift) slots.
std::uint32_t slot_of(std::uint32_t code, std::uint32_t shift) { return (code * 0x9E3779B1u) >> shift; }

}  // namespace

const CjkDictionary* CjkDictionary::get() {
  static const CjkDictionary* const dict = []() -> const CjkDictionary* {
    UErrorCode status = U_ZERO_ERROR;
    UDataMemory* file = udata_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", "dict", "cjdict", &status);
    if (U_FAILURE(status)) return nullptr;
    // Layout (dictionarydata.h): int32 indexes, [0] the trie's byte offset, [4]
    // the trie type (1: UChars; 8: has values).
    const auto* data = static_cast<const std::uint8_t*>(udata_getMemory(file));
    const auto* indexes = reinterpret_cast<const std::int32_t*>(data);
    if ((indexes[4] & 7) != 1 || !(indexes[4] & 8)) {
      udata_close(file);
      return nullptr;
    }
    try {
      return new CjkDictionary(file, reinterpret_cast<const char16_t*>(data + indexes[0]));  // never freed
    } catch (const std::exception&) {
      udata_close(file);
      return nullptr;
    }
  }();
  return dict;
}

CjkDictionary::CjkDictionary(UDataMemory* file, const char16_t* trie)
    : file_(file), trie_(trie), chars_(new Char[kCount]), after_first_(kCount) {
  icu::UCharsTrie t(trie_);
  for (std::size_t k = 0; k < kCount; ++k) {
    const UStringTrieResult r = t.first(static_cast<int32_t>(kFirst + k));
    if (r == USTRINGTRIE_NO_MATCH) continue;
    t.saveState(after_first_[k]);
    std::uint32_t packed = USTRINGTRIE_HAS_NEXT(r) ? kHasNext : 0;
    if (USTRINGTRIE_HAS_VALUE(r)) {
      const std::int32_t value = t.getValue();
      // ICU's costs are 0-255; one that does not fit is no dictionary this reads.
      if (value < 0 || value >= 0xFFFF) throw std::runtime_error("cjdict: a cost out of range");
      packed |= static_cast<std::uint32_t>(value) + 1;
    }
    chars_[k].first_step = packed;
  }
}

CjkDictionary::Step CjkDictionary::first(char16_t c) const {
  const std::uint32_t packed = chars_[index(c)].first_step;
  const bool next = packed & kHasNext, value = packed & 0xFFFF;
  Step s;
  s.result = value ? (next ? USTRINGTRIE_INTERMEDIATE_VALUE : USTRINGTRIE_FINAL_VALUE)
                   : (next ? USTRINGTRIE_NO_VALUE : USTRINGTRIE_NO_MATCH);
  s.value = value ? static_cast<std::int32_t>((packed & 0xFFFF) - 1) : 0;
  return s;
}

CjkDictionary::Step CjkDictionary::pair(char16_t c1, char16_t c2) const {
  if (!(chars_[index(c1)].first_step & kHasNext)) return {};
  const std::uintptr_t block = pairs_of(c1);
  if ((block & kTagMask) == kTrieOnly) return walk_pair(c1, c2);
  const std::uint64_t packed = find_pair(block, c2);
  const bool next = packed & kPairHasNext;
  const auto value = static_cast<std::uint32_t>(packed >> 16) & 0xFFFF;
  Step s;
  if (!packed) return s;
  s.result = value ? (next ? USTRINGTRIE_INTERMEDIATE_VALUE : USTRINGTRIE_FINAL_VALUE) : USTRINGTRIE_NO_VALUE;
  s.value = value ? static_cast<std::int32_t>(value - 1) : 0;
  return s;
}

CjkDictionary::Step CjkDictionary::walk_pair(char16_t c1, char16_t c2) const {
  icu::UCharsTrie t(trie_);
  t.resetToState(after_first_[index(c1)]);
  Step s;
  s.result = t.next(c2);
  if (USTRINGTRIE_HAS_VALUE(s.result)) s.value = t.getValue();
  return s;
}

inline std::uint64_t CjkDictionary::find_pair(std::uintptr_t block, char16_t c2) {
  const auto shift = static_cast<std::uint32_t>(block & kTagMask);
  const auto* slots = reinterpret_cast<const std::uint64_t*>(block & ~kTagMask);
  const std::uint32_t mask = std::uint32_t{0xFFFFFFFFu} >> shift;
  const std::uint32_t code = static_cast<std::uint32_t>(c2 - kFirst) + 1;
  for (std::uint32_t i = slot_of(code, shift);; i = (i + 1) & mask) {
    const std::uint64_t s = slots[i];
    if ((s & 0x7FFF) == code) return s;
    if (s == 0) return 0;
  }
}

const icu::UCharsTrie::State& CjkDictionary::state_after(std::uintptr_t block, std::uint64_t second) {
  const auto shift = static_cast<std::uint32_t>(block & kTagMask);
  const auto* slots = reinterpret_cast<const std::uint64_t*>(block & ~kTagMask);
  const auto* states = reinterpret_cast<const icu::UCharsTrie::State*>(slots + (std::size_t{1} << (32 - shift)));
  return states[second >> 32];
}

void CjkDictionary::FreeBlock::operator()(void* p) const { std::free(p); }

std::uintptr_t CjkDictionary::build_pairs(char16_t c) const {
  std::lock_guard<std::mutex> lock(build_mutex_);
  if (const std::uintptr_t built = chars_[index(c)].pairs.load(std::memory_order_acquire)) return built;
  icu::UCharsTrie t(trie_);
  t.resetToState(after_first_[index(c)]);
  Units next;
  t.getNextUChars(next);
  // The steps first, to know how many states to keep.
  struct Second {
    char16_t c2;
    UStringTrieResult result;
    std::int32_t value;
    icu::UCharsTrie::State after;
  };
  std::vector<Second> seconds;
  std::size_t with_next = 0;
  bool fits = true;
  for (char16_t c2 : next.units) {
    if (c2 < kFirst || c2 > kLast) continue;  // never asked for: a run holds only ideographs of the range
    Second sc{c2, USTRINGTRIE_NO_MATCH, 0, {}};
    t.resetToState(after_first_[index(c)]);
    sc.result = t.next(c2);
    if (USTRINGTRIE_HAS_VALUE(sc.result)) {
      sc.value = t.getValue();
      fits = fits && sc.value >= 0 && sc.value < 0xFFFF;
    }
    if (USTRINGTRIE_HAS_NEXT(sc.result)) {
      t.saveState(sc.after);
      ++with_next;
    }
    seconds.push_back(sc);
  }
  // At most two thirds full, so that a miss, the common answer, reads one or
  // two slots.
  std::uint32_t log2 = 1;
  while ((std::size_t{1} << log2) * 2 < seconds.size() * 3) ++log2;
  const std::size_t size = std::size_t{1} << log2;
  std::size_t bytes = size * sizeof(std::uint64_t) + with_next * sizeof(icu::UCharsTrie::State);
  bytes = (bytes + 63) / 64 * 64;
  std::unique_ptr<void, FreeBlock> block(std::aligned_alloc(64, bytes));
  if (!block) throw std::bad_alloc();
  auto* slots = static_cast<std::uint64_t*>(block.get());
  std::fill(slots, slots + size, 0);
  auto* states = reinterpret_cast<icu::UCharsTrie::State*>(slots + size);
  const std::uintptr_t tag = fits ? 32 - log2 : kTrieOnly;  // (one that does not fit: walked in the trie)
  std::uint32_t kept = 0;
  for (const Second& sc : seconds) {
    if (!fits) break;
    std::uint64_t packed = static_cast<std::uint64_t>(sc.c2 - kFirst) + 1;
    if (USTRINGTRIE_HAS_VALUE(sc.result)) packed |= static_cast<std::uint64_t>(sc.value + 1) << 16;
    if (USTRINGTRIE_HAS_NEXT(sc.result)) {
      new (states + kept) icu::UCharsTrie::State(sc.after);
      packed |= kPairHasNext | static_cast<std::uint64_t>(kept++) << 32;
    }
    std::uint32_t i = slot_of(packed & 0x7FFF, static_cast<std::uint32_t>(tag));
    while (slots[i] != 0) i = (i + 1) & static_cast<std::uint32_t>(size - 1);
    slots[i] = packed;
  }
  const std::uintptr_t built = reinterpret_cast<std::uintptr_t>(slots) | tag;
  blocks_.push_back(std::move(block));
  chars_[index(c)].pairs.store(built, std::memory_order_release);
  return built;
}

// Step for step as divideUpDictionaryRange: for each start i, every dictionary
// word starting there (at most 20 UTF-16 units, shortest first) and, unless
// the dictionary has the single character, that character at cost 255; a
// candidate replaces the best path to its end only when strictly cheaper.
// Each end gets at most one candidate from a start (the word that ends there)
// but the end after the first character, which gets the single-character word
// or the unknown character, never both; so the order in which a start's
// candidates are tried does not matter. No katakana, Hangul or normalization
// branch: the run holds only NFKC-stable ideographs of the BMP, one UTF-16
// unit each.
void CjkDictionary::divide(const char16_t* u, std::size_t n, std::vector<std::uint32_t>& cuts) const {
  constexpr std::uint32_t kMax = std::numeric_limits<std::uint32_t>::max();
  constexpr std::size_t kMaxWordSize = 20;
  constexpr std::uint32_t kUnknownCost = 255;  // maxSnlength
  thread_local std::vector<std::uint32_t> best_buf;
  thread_local std::vector<std::uint32_t> prev_buf;
  best_buf.assign(n + 1, kMax);
  prev_buf.assign(n + 1, 0);
  std::uint32_t* const best = best_buf.data();  // (through pointers: no thread-local lookup per access)
  std::uint32_t* const prev = prev_buf.data();
  best[0] = 0;
  auto relax = [&](std::size_t end, std::uint32_t cost, std::size_t start) {
    if (cost < best[end]) {
      best[end] = cost;
      prev[end] = static_cast<std::uint32_t>(start);
    }
  };
  // The second step's slot is a cache miss more often than not, and which
  // slot a start reads does not depend on the starts before it: asking for
  // it a few characters ahead overlaps the misses. (A block not built yet is
  // skipped; it is built when its start comes.)
  constexpr std::size_t kAhead = 4;
  auto prefetch_pair = [&](std::size_t i) {
    if (i + 1 >= n) return;
    const std::uintptr_t block = chars_[index(u[i])].pairs.load(std::memory_order_acquire);
    if ((block & kTagMask) == kTrieOnly) return;  // (0 too: not built)
    const auto shift = static_cast<std::uint32_t>(block & kTagMask);
    const auto* slots = reinterpret_cast<const std::uint64_t*>(block & ~kTagMask);
    __builtin_prefetch(slots + slot_of(static_cast<std::uint32_t>(u[i + 1] - kFirst) + 1, shift));
  };
  for (std::size_t i = 0; i < std::min(kAhead, n); ++i) prefetch_pair(i);
  icu::UCharsTrie trie(trie_);
  for (std::size_t i = 0; i < n; ++i) {
    prefetch_pair(i + kAhead);
    // best[i] is never kMax: every character can stand alone.
    const std::uint32_t here = best[i];
    const std::uint32_t first = chars_[index(u[i])].first_step;
    const std::uint32_t single = first & 0xFFFF;  // the dictionary holds u[i] alone: its cost + 1
    relax(i + 1, single ? here + (single - 1) : here + kUnknownCost, i);
    if (!(first & kHasNext) || i + 1 == n) continue;
    // The second step from the table (or the trie, for a block that would not fit).
    const std::uintptr_t block = pairs_of(u[i]);
    if ((block & kTagMask) != kTrieOnly) {
      const std::uint64_t second = find_pair(block, u[i + 1]);
      const auto value = static_cast<std::uint32_t>(second >> 16) & 0xFFFF;
      if (value) relax(i + 2, here + (value - 1), i);
      if (!(second & kPairHasNext) || i + 2 == n) continue;
      trie.resetToState(state_after(block, second));
    } else {
      trie.resetToState(after_first_[index(u[i])]);
      const UStringTrieResult r = trie.next(u[i + 1]);
      if (USTRINGTRIE_HAS_VALUE(r)) relax(i + 2, here + static_cast<std::uint32_t>(trie.getValue()), i);
      if (!USTRINGTRIE_HAS_NEXT(r) || i + 2 == n) continue;
    }
    // Three characters and more: on in the trie from the first two.
    for (std::size_t k = i + 2; k < n; ++k) {
      const UStringTrieResult r = trie.next(u[k]);
      const std::size_t len = k - i + 1;
      if (USTRINGTRIE_HAS_VALUE(r)) {
        relax(k + 1, here + static_cast<std::uint32_t>(trie.getValue()), i);
        if (r == USTRINGTRIE_FINAL_VALUE) break;
      } else if (r == USTRINGTRIE_NO_MATCH) {
        break;
      }
      if (len >= kMaxWordSize) break;
    }
  }
  const std::size_t from = cuts.size();
  for (std::size_t b = n; b > 0; b = prev[b]) cuts.push_back(static_cast<std::uint32_t>(b));
  std::reverse(cuts.begin() + static_cast<std::ptrdiff_t>(from), cuts.end());
}

}  // namespace newsdeal
