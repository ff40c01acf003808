// Normalization as one table lookup per character.
//
// NFKC of a lone character, ICU "Hant-Hans" and full case folding are all
// per-character functions (Hant-Hans is 1:1 on single Han characters: its few
// context rules do not change the result, which the constructor's build relies
// on and tests/lang/test_normalize.cpp checks on words), so the constructor
// runs ICU once for every character that any of the three steps can change and
// keeps the results: a dense table for the BMP and a sorted list for the few
// supplementary characters. normalize() then never calls the transliterator,
// which is not safe for concurrent use, and the Normalizer is immutable after
// construction.
//
// NFKC is per character except where characters compose (e + U+0301 -> é,
// Hangul jamo -> syllables): a character with no normalization boundary before
// it is normalized together with the characters before and after it up to the
// next boundaries, and the whole group maps back to its whole input extent.
#include "lang/normalize.h"
#include "lang/lower_bound.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "lang/utf8.h"

namespace newsdeal {

namespace {

// A BMP table entry: bit 31 set when the character has no NFKC boundary
// before it (it may compose with what precedes it); bits 0..6 the length of
// its replacement (0: the character maps to itself); bits 7..30 the offset of
// the replacement in the pool.
constexpr std::uint32_t kCombinesBack = 0x80000000u;
constexpr std::uint32_t kLenMask = 0x7Fu;
constexpr std::uint32_t kMaxLen = 0x7Fu;
constexpr std::uint32_t kMaxOffset = (1u << 24) - 1;

struct SupplementaryEntry {
  char32_t cp;
  std::uint32_t offset;
  std::uint32_t length;
};

void icu_check(UErrorCode status, const char* what) {
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("Normalizer: ") + what + ": " + u_errorName(status));
  }
}

inline char ascii_fold(unsigned char c) {
  return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

}  // namespace

struct Normalizer::Impl {
  const icu::Normalizer2* nfkc = nullptr;  // ICU's shared instance, thread-safe
  std::vector<std::uint32_t> bmp;          // 0x10000 entries, see kCombinesBack
  // Per BMP character, a bit set when its bmp entry is 0: it maps to itself
  // and composes with nothing before it, the common case (every unchanged
  // ideograph), asked of an 8 KB bitmap that stays in cache rather than the
  // 256 KB table.
  std::vector<std::uint64_t> unchanged;
  bool is_unchanged(char32_t cp) const { return (unchanged[cp >> 6] >> (cp & 63)) & 1; }
  std::vector<SupplementaryEntry> supplementary;  // sorted by cp
  std::string pool;                        // replacements, UTF-8

  Impl();

  bool combines_back(char32_t cp) const {
    if (cp < 0x80) return false;
    if (cp < 0x10000) return (bmp[cp] & kCombinesBack) != 0;
    return !nfkc->hasBoundaryBefore(static_cast<UChar32>(cp));
  }

  // The replacement of `cp`, or an empty view when it maps to itself.
  std::string_view replacement(char32_t cp) const {
    if (cp < 0x10000) {
      std::uint32_t e = bmp[cp];
      std::uint32_t len = e & kLenMask;
      if (len == 0) return {};
      return std::string_view(pool).substr((e & ~kCombinesBack) >> 7, len);
    }
    auto it = std::lower_bound(supplementary.begin(), supplementary.end(), cp,
                               [](const SupplementaryEntry& e, char32_t c) { return e.cp < c; });
    if (it == supplementary.end() || it->cp != cp) return {};
    return std::string_view(pool).substr(it->offset, it->length);
  }
};

Normalizer::Impl::Impl() : bmp(0x10000, 0) {
  UErrorCode status = U_ZERO_ERROR;
  nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu_check(status, "NFKC instance");

  std::unique_ptr<icu::Transliterator> hant_hans(
      icu::Transliterator::createInstance("Hant-Hans", UTRANS_FORWARD, status));
  icu_check(status, "Hant-Hans transliterator");
  // Only Han characters: Hant-Hans also turns 「」 into “”, which is not a
  // traditional/simplified difference and would surprise rules that look for 「」.
  auto* han = new icu::UnicodeSet(icu::UnicodeString(u"[:Han:]"), status);
  icu_check(status, "[:Han:]");
  hant_hans->adoptFilter(han);

  // Every character that one of the steps can change: NFKC changes a lone
  // character exactly when its quick check says No; folding changes those
  // that change when case folded (NFKC_CF catches the ones that only change
  // after NFKC); the transliterator changes only its source set.
  icu::UnicodeSet candidates(
      icu::UnicodeString(u"[[:^NFKC_QC=Yes:][:Changes_When_Casefolded:][:Changes_When_NFKC_Casefolded:]]"),
      status);
  icu_check(status, "candidate set");
  icu::UnicodeSet translit_source;
  hant_hans->getSourceSet(translit_source);
  candidates.addAll(translit_source);
  candidates.remove(0xD800, 0xDFFF);
  candidates.remove(0, 0x7F);  // ASCII is folded inline

  for (int32_t r = 0; r < candidates.getRangeCount(); ++r) {
    for (UChar32 c = candidates.getRangeStart(r); c <= candidates.getRangeEnd(r); ++c) {
      icu::UnicodeString original(c);
      icu::UnicodeString s = nfkc->normalize(original, status);
      icu_check(status, "NFKC");
      hant_hans->transliterate(s);
      s.foldCase();
      if (s == original) continue;
      std::string utf8;
      s.toUTF8String(utf8);
      if (utf8.size() > kMaxLen || pool.size() > kMaxOffset) {
        throw std::runtime_error("Normalizer: replacement table overflow");
      }
      auto offset = static_cast<std::uint32_t>(pool.size());
      auto length = static_cast<std::uint32_t>(utf8.size());
      pool += utf8;
      if (c < 0x10000) {
        bmp[c] = (offset << 7) | length;
      } else {
        supplementary.push_back({static_cast<char32_t>(c), offset, length});
      }
    }
  }
  // Ranges are visited in order, so `supplementary` is already sorted.

  for (UChar32 c = 0x80; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    if (!nfkc->hasBoundaryBefore(c)) bmp[c] |= kCombinesBack;
  }
  unchanged.assign(0x10000 / 64, 0);
  for (char32_t c = 0; c < 0x10000; ++c)
    if (bmp[c] == 0) unchanged[c >> 6] |= std::uint64_t{1} << (c & 63);
}

// The tables depend on nothing but ICU, so one process builds them once (most
// of the cost is ICU compiling the Hant-Hans rules) and every Normalizer
// shares them: a pipeline holds several.
Normalizer::Normalizer() : impl_([] {
  static const std::shared_ptr<const Impl> shared = std::make_shared<const Impl>();
  return shared;
}()) {}
Normalizer::~Normalizer() = default;

namespace {

// The first i in [0, n) with at[i] >= in, else n, searched from `guess`. A
// normalization shrinks or grows its text about evenly (full-width punctuation
// all through a Chinese article, say), so an input offset's place is near its
// share of the text: the gallop from there reads a line or two of `at` where a
// binary search over a whole article reads a dozen far apart.
std::size_t first_at_from(const std::vector<std::uint32_t>& at, std::size_t n, std::size_t in, std::size_t guess) {
  const std::uint32_t* base = at.data();
  return static_cast<std::size_t>(
      galloping_lower_bound(base, base + n, static_cast<std::uint32_t>(in), base + std::min(guess, n)) - base);
}

}  // namespace

std::optional<Span> NormalizedText::part_of(std::size_t start, std::size_t end) const {
  if (input_start.size() != text.size() + 1 || input_end.size() != input_start.size() || end < start ||
      end > input_start.back())
    return std::nullopt;
  const std::size_t n = text.size(), input = input_start.back();
  auto place = [&](std::size_t offset) { return input ? static_cast<std::size_t>(double(offset) * double(n) / double(input)) : 0; };
  const std::size_t a = first_at_from(input_start, n, start, place(start));
  const std::size_t b = first_at_from(input_start, n, end, a + place(end - start));
  if (input_start[a] != start || input_start[b] != end || b < a) return std::nullopt;
  if (a > 0 && input_end[a - 1] > start) return std::nullopt;
  if (b > 0 && input_end[b - 1] > end) return std::nullopt;
  return Span{a, b};
}

namespace {

// Buffers of up to this many bytes stay with their thread for the next text.
constexpr std::size_t kKeptCapacity = std::size_t{16} << 20;

// The output of normalize() as it is built: per-thread arrays, kept for the
// next text (up to kKeptCapacity), written through pointers and copied into
// the result once at the end. Every
// input byte passes through here, and resizing the result's own vectors as it
// goes would zero them first and check capacity at every byte.
struct OutputBuffers {
  std::unique_ptr<char[]> text;
  std::unique_ptr<std::uint32_t[]> starts, ends;
  std::size_t capacity = 0;

  // Room for `size` bytes (and the end entry after them in `starts` and
  // `ends`), keeping the first `kept`.
  void reserve(std::size_t size, std::size_t kept) {
    if (size > capacity) grow(size, kept);
  }

  [[gnu::noinline]] void grow(std::size_t size, std::size_t kept) {
    const std::size_t cap = std::max(size, capacity * 2);
    auto t = std::make_unique_for_overwrite<char[]>(cap);
    auto s = std::make_unique_for_overwrite<std::uint32_t[]>(cap + 1);
    auto e = std::make_unique_for_overwrite<std::uint32_t[]>(cap + 1);
    if (kept) {
      std::memcpy(t.get(), text.get(), kept);
      std::memcpy(s.get(), starts.get(), kept * sizeof(std::uint32_t));
      std::memcpy(e.get(), ends.get(), kept * sizeof(std::uint32_t));
    }
    text = std::move(t);
    starts = std::move(s);
    ends = std::move(e);
    capacity = cap;
  }
};

// Eight ASCII bytes folded at once: a byte gets 0x20 added when it is in
// 'A'..'Z'. The sums stay below 0x100 for bytes below 0x80, so no byte carries
// into the next.
std::uint64_t fold_ascii8(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  const std::uint64_t at_least_a = w + (0x80 - 'A') * kOnes;  // high bit: byte >= 'A'
  const std::uint64_t above_z = w + (0x7F - 'Z') * kOnes;     // high bit: byte > 'Z'
  const std::uint64_t upper = at_least_a & ~above_z & (0x80 * kOnes);
  return w | (upper >> 2);
}

bool all_ascii8(const unsigned char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return (w & 0x8080808080808080ull) == 0;
}

}  // namespace

NormalizedText Normalizer::normalize(std::string_view input) const {
  const Impl& im = *impl_;
  const auto* s = reinterpret_cast<const unsigned char*>(input.data());
  const std::size_t n = input.size();

  thread_local OutputBuffers out;
  // NFKC and folding rarely grow text: this is nearly always all the room needed.
  out.reserve(n + n / 16 + 16, 0);
  std::size_t o = 0;  // bytes written
  auto emit = [&](const char* bytes, std::size_t size, std::size_t from, std::size_t to) {
    out.reserve(o + size, o);
    char* text = out.text.get() + o;
    std::uint32_t* starts = out.starts.get() + o;
    std::uint32_t* ends = out.ends.get() + o;
    for (std::size_t q = 0; q < size; ++q) {  // mostly one character: 2 to 4 bytes
      text[q] = bytes[q];
      starts[q] = static_cast<std::uint32_t>(from);
      ends[q] = static_cast<std::uint32_t>(to);
    }
    o += size;
  };

  // Where the last emitted group began, in the input and in the output, so a
  // combining character can take it back and normalize it with the group.
  std::size_t group_in = 0;
  std::size_t group_out = 0;

  std::size_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      // ASCII run: fold in place; only the last byte of the run can start a
      // composing group, and that is handled when the combining mark comes.
      std::size_t j = i + 1;
      while (j + 8 <= n && all_ascii8(s + j)) j += 8;
      while (j < n && s[j] < 0x80) ++j;
      out.reserve(o + (j - i), o);
      char* text = out.text.get() + o;
      std::uint32_t* starts = out.starts.get() + o;
      std::uint32_t* ends = out.ends.get() + o;
      const std::size_t len = j - i;
      std::size_t k = 0;
      for (; k + 8 <= len; k += 8) {
        std::uint64_t w;
        std::memcpy(&w, s + i + k, 8);
        w = fold_ascii8(w);
        std::memcpy(text + k, &w, 8);
      }
      for (; k < len; ++k) text[k] = ascii_fold(s[i + k]);
      // Each byte maps to itself: starts i, i+1, ..., ends one more, four at a time.
      using U32x4 = std::uint32_t __attribute__((vector_size(16)));
      const auto first = static_cast<std::uint32_t>(i);
      U32x4 at = {first, first + 1, first + 2, first + 3};
      for (k = 0; k + 4 <= len; k += 4) {
        const U32x4 next = at + 1;
        std::memcpy(starts + k, &at, sizeof at);
        std::memcpy(ends + k, &next, sizeof next);
        at += 4;
      }
      for (; k < len; ++k) {
        starts[k] = static_cast<std::uint32_t>(i + k);
        ends[k] = static_cast<std::uint32_t>(i + k + 1);
      }
      o += len;
      group_in = j - 1;
      group_out = o - 1;
      i = j;
      continue;
    }

    // Two- and three-byte characters (all of the BMP) decoded inline.
    std::size_t j = i;
    char32_t cp;
    if (s[i] < 0xE0) {
      cp = (static_cast<char32_t>(s[i] & 0x1F) << 6) | (s[i + 1] & 0x3F);
      j = i + 2;
    } else if (s[i] < 0xF0) {
      cp = (static_cast<char32_t>(s[i] & 0x0F) << 12) | (static_cast<char32_t>(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
      j = i + 3;
    } else {
      cp = next_code_point(input, j);
    }
    if (cp < 0x10000 && im.is_unchanged(cp)) {
      // The common case (every unchanged ideograph): a BMP character that maps
      // to itself and does not compose with what precedes it.
      out.reserve(o + 3, o);
      char* text = out.text.get() + o;
      std::uint32_t* starts = out.starts.get() + o;
      std::uint32_t* ends = out.ends.get() + o;
      const auto from = static_cast<std::uint32_t>(i), to = static_cast<std::uint32_t>(j);
      text[0] = static_cast<char>(s[i]);  // two or three bytes
      text[1] = static_cast<char>(s[i + 1]);
      starts[0] = starts[1] = from;
      ends[0] = ends[1] = to;
      if (j - i == 3) {
        text[2] = static_cast<char>(s[i + 2]);
        starts[2] = from;
        ends[2] = to;
      }
      group_in = i;
      group_out = o;
      o += j - i;
      i = j;
      continue;
    }
    if (!im.combines_back(cp)) {
      group_in = i;
      group_out = o;
      std::string_view rep = im.replacement(cp);
      if (rep.empty()) {
        emit(input.data() + i, j - i, i, j);
      } else {
        emit(rep.data(), rep.size(), i, j);
      }
      i = j;
      continue;
    }

    // A character that may compose with the one before it: take back the
    // previous group (nothing when this starts the text) and normalize it
    // together with every following character that may compose too.
    std::size_t k = j;
    while (k < n && s[k] >= 0x80) {
      std::size_t m = k;
      if (!im.combines_back(next_code_point(input, m))) break;
      k = m;
    }
    const std::size_t from = i == 0 ? 0 : group_in;
    o = i == 0 ? 0 : group_out;

    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString group = icu::UnicodeString::fromUTF8(
        icu::StringPiece(input.data() + from, static_cast<int32_t>(k - from)));
    icu::UnicodeString composed = im.nfkc->normalize(group, status);
    icu_check(status, "NFKC");
    // Each character of NFKC output is its own NFKC, so the table gives the
    // rest of the steps for it.
    std::string bytes;
    for (int32_t q = 0; q < composed.length();) {
      const UChar32 c = composed.char32At(q);
      q += U16_LENGTH(c);
      if (c < 0x80) {
        bytes += ascii_fold(static_cast<unsigned char>(c));
        continue;
      }
      std::string_view rep = im.replacement(static_cast<char32_t>(c));
      if (rep.empty()) {
        append_utf8(bytes, static_cast<char32_t>(c));
      } else {
        bytes.append(rep);
      }
    }
    group_in = from;
    group_out = o;
    emit(bytes.data(), bytes.size(), from, k);
    i = k;
  }

  out.starts[o] = static_cast<std::uint32_t>(n);
  out.ends[o] = static_cast<std::uint32_t>(n);
  NormalizedText r;
  r.text.assign(out.text.get(), o);
  r.input_start.assign(out.starts.get(), out.starts.get() + o + 1);
  r.input_end.assign(out.ends.get(), out.ends.get() + o + 1);
  if (out.capacity > kKeptCapacity) out = OutputBuffers{};  // a huge text's buffers are not kept
  return r;
}

}  // namespace newsdeal
