// Short strings of CJK ideographs packed into one 64-bit word, and a hash set of
// such keys with a few bits of payload: the lexicon merge of segmentation
// (lang/segment.cpp) looks up strings of two to four ideographs nearly every
// time, once or more per character of Chinese text, and a key held whole in its
// slot costs one cache line per lookup where a hash with the key stored elsewhere
// costs two.
//
// A character of U+3400-9FFF (CJK Extension A and the Unified Ideographs, all
// but a handful of the ideographs of news) packs into 15 bits as its code point
// less 0x33FF, so never 0; a string of up to four packs first character
// highest, so the packed string of a concatenation follows from its parts':
// P(xy) = P(x) << 15|y| | P(y), and no two strings of up to four share a key
// (the highest nonzero group marks the first character).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace newsdeal::ideograph_key {

constexpr char32_t kFirst = 0x3400;
constexpr char32_t kLast = 0x9FFF;
constexpr int kBitsPerChar = 15;
constexpr std::size_t kMaxChars = 4;

inline bool packable(char32_t c) { return c >= kFirst && c <= kLast; }
inline std::uint64_t code(char32_t c) { return c - kFirst + 1; }

// Packs the UTF-8 string `s` into `key` and counts its characters into
// `chars`; false (key unspecified) when `s` is empty, holds a character outside
// U+3400-9FFF or more than four characters. `s` must be valid UTF-8.
inline bool pack(std::string_view s, std::uint64_t& key, std::size_t& chars) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  key = 0;
  chars = 0;
  if (s.empty() || s.size() > 3 * kMaxChars || s.size() % 3 != 0) return false;
  for (std::size_t i = 0; i < s.size(); i += 3) {
    // Every character of the range is three bytes, lead E3-E9.
    if (p[i] < 0xE3 || p[i] > 0xE9) return false;
    const char32_t c = (static_cast<char32_t>(p[i] & 0x0F) << 12) | (static_cast<char32_t>(p[i + 1] & 0x3F) << 6) |
                       (p[i + 2] & 0x3F);
    if (!packable(c)) return false;
    key = (key << kBitsPerChar) | code(c);
    ++chars;
  }
  return true;
}

// An open-addressing set of packed keys of at most `KeyBits` bits, each with
// 64 - KeyBits bits of payload, the two together in one 64-bit slot (0 is an
// empty slot: keys are never 0). Linear probing, at most 5/8 full, so a miss
// reads one cache line or two. In front of it a Bloom filter of eight bits
// per slot, two bits a key in one 64-bit word (about 2% false positives): most
// keys looked up are absent, and the filter, an eighth of the table's size,
// is far more often in cache than the slot a key hashes to.
template <int KeyBits>
class PackedKeyTable {
 public:
  static constexpr std::uint64_t kKeyMask = (std::uint64_t{1} << KeyBits) - 1;

  // The payload of `key`, 0 when absent.
  std::uint64_t find(std::uint64_t key) const {
    if (slots_.empty()) return 0;
    const std::uint64_t g = filter_hash(key);
    const std::uint64_t bits = filter_bits(g);
    if ((filter_[filter_word(g)] & bits) != bits) return 0;
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      const std::uint64_t s = slots_[i];
      if ((s & kKeyMask) == key) return s >> KeyBits;
      if (s == 0) return 0;
    }
  }

  // Where find(key) reads first, to prefetch it.
  const void* filter_address(std::uint64_t key) const {
    return slots_.empty() ? nullptr : filter_.data() + filter_word(filter_hash(key));
  }

  // ORs `payload` into the key's, inserting it if absent; returns its payload before.
  std::uint64_t add(std::uint64_t key, std::uint64_t payload) {
    if (8 * (used_ + 1) > 5 * slots_.size()) reserve(used_ + 1);
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      std::uint64_t& s = slots_[i];
      if (s == 0) {
        s = key | (payload << KeyBits);
        ++used_;
        add_to_filter(key);
        return 0;
      }
      if ((s & kKeyMask) == key) {
        const std::uint64_t before = s >> KeyBits;
        s |= payload << KeyBits;
        return before;
      }
    }
  }

  // Makes room for `keys` keys in all without a rehash.
  void reserve(std::size_t keys) {
    std::size_t size = std::max<std::size_t>(64, slots_.size());
    while (8 * keys > 5 * size) size *= 2;
    if (size == slots_.size()) return;
    std::vector<std::uint64_t> old(size, 0);
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    shift_ = 64;
    for (std::size_t s = slots_.size(); s > 1; s >>= 1) --shift_;
    filter_.assign(slots_.size() / 8, 0);  // eight bits per slot
    filter_shift_ = shift_ + 3;
    for (std::uint64_t s : old) {
      if (s == 0) continue;
      std::size_t i = home(s & kKeyMask);
      while (slots_[i] != 0) i = (i + 1) & mask_;
      slots_[i] = s;
      add_to_filter(s & kKeyMask);
    }
  }

  std::size_t size() const { return used_; }

 private:
  // Fibonacci hashing: the multiply spreads every key bit into the top bits.
  std::size_t home(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  // The filter's word from the top bits of another multiply, its two bits
  // from the twelve below them.
  static std::uint64_t filter_hash(std::uint64_t key) { return key * 0xD6E8FEB86659FD93ull; }
  std::size_t filter_word(std::uint64_t g) const { return static_cast<std::size_t>(g >> filter_shift_); }
  std::uint64_t filter_bits(std::uint64_t g) const {
    return (std::uint64_t{1} << ((g >> (filter_shift_ - 6)) & 63)) | (std::uint64_t{1} << ((g >> (filter_shift_ - 12)) & 63));
  }
  void add_to_filter(std::uint64_t key) {
    const std::uint64_t g = filter_hash(key);
    filter_[filter_word(g)] |= filter_bits(g);
  }

  std::vector<std::uint64_t> slots_;  // a power of two, at least 64
  std::vector<std::uint64_t> filter_;  // slots_.size() / 8 words
  std::size_t used_ = 0;
  std::size_t mask_ = 0;
  int shift_ = 64;
  int filter_shift_ = 64;
};

}  // namespace newsdeal::ideograph_key
