#include "lang/segment.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "lang/embedded.h"
#include "lang/sentence_break.h"
#include "lang/word_break.h"

namespace newsdeal {

namespace {

// Characters of valid UTF-8, a step per character (the merge counts short
// tokens, where a byte-wise count costs more in its set-up than its loop).
std::size_t count_chars(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) i += p[i] < 0x80 ? 1 : p[i] < 0xE0 ? 2 : p[i] < 0xF0 ? 3 : 4;
  return n;
}

}  // namespace

// ---------------------------------------------------------------- Lexicon

Lexicon Lexicon::builtin() {
  // Parsed once per process (about 30 ms for 130,000 words), then copied (a few
  // ms: two flat arrays), so every Pipeline and Segmenter may ask for its own.
  static const Lexicon parsed = [] {
    Lexicon lex;
    // zh_general_words.txt is generated at build time from jieba's dictionary
    // when python3-jieba is installed (cmake/general_words.cmake): without it the
    // merge still fixes the domain words, only general-text F1 stays near ICU's.
    for (std::string_view path : {"lang/data/zh_lexicon.txt", "lang/data/zh_general_words.txt"}) {
      if (auto data = embedded_file(path)) lex.add_all(*data);
    }
    return lex;
  }();
  return parsed;
}

Lexicon Lexicon::parse(std::string_view data) {
  Lexicon lex;
  lex.add_all(data);
  return lex;
}

void Lexicon::add_all(std::string_view data) {
  if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);  // BOM
  // Room for every line's word and half as many prefixes (jieba's words have
  // about one prefix for two words), so the table is not rehashed while it fills.
  const auto lines = static_cast<std::size_t>(std::count(data.begin(), data.end(), '\n') + 1);
  reserve(lines + lines / 2);
  // One scan per line: the word is the first run of bytes that are neither
  // blank (space, tab, CR) nor '#', which starts a comment; nothing else of
  // the line counts.
  const char* p = data.data();
  const char* const end = p + data.size();
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (p < end) {
    while (p < end && blank(*p)) ++p;
    const char* word = p;
    while (p < end && *p != '\n' && *p != '#' && !blank(*p)) ++p;
    if (p > word) add(std::string_view(word, static_cast<std::size_t>(p - word)));
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    p = nl ? static_cast<const char*>(nl) + 1 : end;
  }
}

void Lexicon::add(std::string_view word) {
  if (word.empty() || word.size() >= (1u << 24)) return;
  // The word's proper prefixes of two characters or more (a merge joins two
  // tokens at least), by their byte lengths.
  thread_local std::vector<std::size_t> prefixes;
  prefixes.clear();
  std::size_t chars = 0;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80) {  // a character starts at i
      if (chars >= 2) prefixes.push_back(i);
      ++chars;
    }
  }
  if (insert(word, kWord) & kWord) return;  // already a word
  ++size_;
  if (chars > max_chars_) max_chars_ = chars;
  for (std::size_t size : prefixes) insert(word.substr(0, size), kPrefix);
}

std::uint8_t Lexicon::find(std::string_view key) const {
  std::uint64_t packed;
  std::size_t chars;
  if (ideograph_key::pack(key, packed, chars)) return find_short(packed);
  KeyHash h;
  h.add(key);
  return find_long(key, h.value());
}

std::uint8_t Lexicon::find_long(std::string_view key, std::uint64_t h) const {
  if (slots_.empty()) return 0;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.hash == 0) return 0;
    if (s.hash == h && s.size == key.size() && std::memcmp(arena_.data() + s.offset, key.data(), key.size()) == 0)
      return s.flags;
  }
}

std::uint8_t Lexicon::insert(std::string_view key, std::uint8_t flags) {
  std::uint64_t packed;
  std::size_t chars;
  if (ideograph_key::pack(key, packed, chars)) return static_cast<std::uint8_t>(short_keys_.add(packed, flags));
  KeyHash h;
  h.add(key);
  return insert_long(key, h.value(), flags);
}

std::uint8_t Lexicon::insert_long(std::string_view key, std::uint64_t h, std::uint8_t flags) {
  if (2 * (used_ + 1) > slots_.size()) {
    // Twice the room it needs, at most half full.
    std::size_t size = std::max<std::size_t>(64, slots_.size());
    while (size < 4 * (used_ + 1)) size *= 2;
    std::vector<Slot> old(size);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.hash == 0) continue;
      std::size_t i = s.hash & mask;
      while (slots_[i].hash != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.hash == h && s.size == key.size() && std::memcmp(arena_.data() + s.offset, key.data(), key.size()) == 0) {
      const std::uint8_t before = static_cast<std::uint8_t>(s.flags);
      s.flags |= flags;
      return before;
    }
    if (s.hash == 0) {
      if (arena_.size() + key.size() > UINT32_MAX) throw std::length_error("lexicon larger than 4 GB");
      s.hash = h;
      s.offset = static_cast<std::uint32_t>(arena_.size());
      s.size = static_cast<std::uint32_t>(key.size());
      s.flags = flags;
      arena_.append(key);
      ++used_;
      return 0;
    }
  }
}

void Lexicon::reserve(std::size_t keys) {
  // Nearly every key is short; the few others grow their table as they come.
  short_keys_.reserve(short_keys_.size() + keys);
}

// ---------------------------------------------------------------- ICU iterators

namespace {

// ICU break iterators are not thread-safe, and building one costs: measured
// here (ICU 72), a word iterator 130 us the first time and 2 us once ICU has
// cached its rules, a clone 0.1 us, against 10 us to segment a 260-byte Chinese
// line. So each thread clones its own pair, once, from one process-wide
// prototype (a clone per call would also do, at about 1%). The iterators do not
// depend on the Segmenter (its lexicon is applied after ICU), so one pair per
// thread serves every Segmenter and needs no key.
struct Iterators {
  std::unique_ptr<icu::BreakIterator> word;
  std::unique_ptr<icu::BreakIterator> sentence;
};

const Iterators& prototypes() {
  static const Iterators protos = [] {
    Iterators it;
    UErrorCode status = U_ZERO_ERROR;
    it.word.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !it.word) throw std::runtime_error(std::string("ICU word break: ") + u_errorName(status));
    status = U_ZERO_ERROR;
    it.sentence.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !it.sentence)
      throw std::runtime_error(std::string("ICU sentence break: ") + u_errorName(status));
    return it;
  }();
  return protos;
}

Iterators& thread_iterators() {
  thread_local Iterators mine = [] {
    // clone() only reads the prototype, but ICU does not promise that concurrent
    // clones are safe; this runs once per thread, so a lock costs nothing.
    static std::mutex clone_mutex;
    const Iterators& p = prototypes();
    std::lock_guard<std::mutex> lock(clone_mutex);
    Iterators it{std::unique_ptr<icu::BreakIterator>(p.word->clone()),
                 std::unique_ptr<icu::BreakIterator>(p.sentence->clone())};
    if (!it.word || !it.sentence) throw std::runtime_error("ICU break iterator clone failed");
    return it;
  }();
  return mine;
}

// Points `bi` at `text` through a UTF-8 UText, so its indices are byte offsets.
// The iterator keeps a shallow clone of the UText, that is a pointer into the
// text, which is not used again before the next set_text.
void set_text(icu::BreakIterator& bi, std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &status);
  bi.setText(&ut, status);
  utext_close(&ut);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU setText: ") + u_errorName(status));
}

bool is_han(UChar32 c) {
  if (c >= 0x4E00 && c <= 0x9FFF) return true;  // CJK Unified Ideographs: nearly all of them
  if (c < 0x2E80) return false;                   // below the CJK radicals: never Han
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_HAN;
}

bool all_han(std::string_view text, Span s) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  auto i = static_cast<int32_t>(s.start);
  const auto end = static_cast<int32_t>(s.end);
  while (i < end) {
    UChar32 c;
    U8_NEXT(p, i, end, c);
    if (!is_han(c)) return false;
  }
  return true;
}

// ICU word tokens: pieces whose rule status says letters, numbers, kana or
// ideographs (spaces and punctuation have UBRK_WORD_NONE). `han` (if given)
// gets whether each token is all Han characters.
void icu_tokens(std::string_view text, std::vector<Span>& out, std::vector<char>* han) {
  if (text.empty()) return;
  if (text.size() > static_cast<std::size_t>(INT32_MAX))
    throw std::length_error("segment: text longer than 2 GB");
  icu::BreakIterator& bi = *thread_iterators().word;
  set_text(bi, text);
  int32_t prev = bi.first();
  for (int32_t cur = bi.next(); cur != icu::BreakIterator::DONE; prev = cur, cur = bi.next()) {
    if (bi.getRuleStatus() == UBRK_WORD_NONE) continue;
    Span s{static_cast<std::size_t>(prev), static_cast<std::size_t>(cur)};
    out.push_back(s);
    if (han) han->push_back(all_han(text, s));
  }
}

// English abbreviations after which a full stop does not end a sentence even
// before a capital ("The U.S. Commerce Department", "Dr. Su"). ICU has such a
// filter (locale keyword ss=standard), but in ICU 72 it misses the dotted ones
// (U.S.) and costs 100 us to build, so the few news needs are checked here.
// Company suffixes stay breakable: "... with Nvidia Corp. The company said".
constexpr std::string_view kAbbreviations[] = {
    "Mr.",  "Mrs.", "Ms.",  "Dr.",  "Prof.", "Sen.", "Rep.", "Gov.", "Gen.", "Lt.",   "Col.", "Sgt.",
    "Capt.", "St.", "Mt.",  "Ft.",  "No.",   "Nos.", "vs.",  "approx.", "U.S.", "U.K.", "U.N.", "E.U.",
    "U.S.A.", "e.g.", "i.e.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.",
    "Oct.", "Nov.", "Dec."};

// Whether text[from, to), less trailing spaces, ends with one of kAbbreviations
// standing as a word of its own.
bool ends_with_abbreviation(std::string_view text, std::size_t from, std::size_t to) {
  while (to > from && (text[to - 1] == ' ' || text[to - 1] == '\t')) --to;
  if (to == from || text[to - 1] != '.') return false;
  std::size_t b = to;
  auto part_of = [](char c) { return c == '.' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  while (b > from && part_of(text[b - 1])) --b;
  std::string_view word = text.substr(b, to - b);
  for (std::string_view a : kAbbreviations)
    if (word == a) return true;
  return false;
}

// The first bytes of what Segmenter::sentences ends a sentence after, besides
// ICU's breaks: '\n', U+2029 (E2 80 A9) and U+FF1B (EF BC 9B).
constexpr auto kMayEndClause = [] {
  std::array<bool, 256> t{};
  t['\n'] = t[0xE2] = t[0xEF] = true;
  return t;
}();

// Whether one of the eight bytes at p is such a first byte (a byte b of x is
// zero when x ^ b's byte is: the usual test for a zero byte in a word).
bool may_end_clause8(const std::uint8_t* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x80 * kOnes;
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  auto has = [&](std::uint8_t b) {
    const std::uint64_t x = w ^ (b * kOnes);
    return (x - kOnes) & ~x & kHigh;
  };
  return (has('\n') | has(0xE2) | has(0xEF)) != 0;
}

bool is_space(UChar32 c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c > 0x7F && u_isUWhiteSpace(c)); }

}  // namespace

// ---------------------------------------------------------------- Segmenter

Segmenter::Segmenter(Lexicon lexicon) : lexicon_(std::move(lexicon)) {
  thread_iterators();  // fail here, not in the middle of a document, if ICU data is missing
  std::vector<Span> none;
  std::vector<char> han;
  fast_word_tokens("", none, han);  // builds its tables (and reads ICU's dictionary) now
}

Segmenter::~Segmenter() = default;

std::vector<Span> Segmenter::sentences(std::string_view text) const {
  std::vector<Span> out;
  if (text.empty()) return out;
  if (text.size() > static_cast<std::size_t>(INT32_MAX))
    throw std::length_error("segment: text longer than 2 GB");
  // ICU's breaks: from sentence_break.h where it covers the text (all but text
  // with combining marks or format characters), else from ICU.
  thread_local std::vector<int32_t> breaks;
  breaks.clear();
  if (!fast_sentence_breaks(text, breaks)) {
    icu::BreakIterator& bi = *thread_iterators().sentence;
    set_text(bi, text);
    bi.first();
    for (int32_t brk = bi.next(); brk != icu::BreakIterator::DONE; brk = bi.next()) breaks.push_back(brk);
  }
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());

  // Emits [from, to) less leading and trailing whitespace, unless nothing is left.
  auto emit = [&](int32_t from, int32_t to) {
    while (from < to) {
      int32_t i = from;
      UChar32 c;
      U8_NEXT(p, i, to, c);
      if (!is_space(c)) break;
      from = i;
    }
    while (to > from) {
      int32_t i = to;
      UChar32 c;
      U8_PREV(p, from, i, c);
      if (!is_space(c)) break;
      to = i;
    }
    if (to > from) out.push_back({static_cast<std::size_t>(from), static_cast<std::size_t>(to)});
  };

  // Between ICU's breaks, also end a sentence after a newline (a title or list
  // item without a full stop is a sentence of its own) or a full-width
  // semicolon (a clause mark to ICU, a stop in Chinese news). Drop ICU's break
  // after an abbreviation.
  // The three are found by their bytes: '\n', and the lead bytes E2 and EF,
  // which in valid UTF-8 only ever start a character.
  int32_t start = 0, scanned = 0;
  for (int32_t brk : breaks) {
    for (int32_t i = scanned; i < brk; ++i) {
      while (i + 8 <= brk && !may_end_clause8(p + i)) i += 8;  // the common case, eight bytes at a time
      if (i == brk) break;
      if (!kMayEndClause[p[i]]) continue;
      int32_t after = -1;
      if (p[i] == '\n') after = i + 1;
      else if (p[i] == 0xE2 && p[i + 1] == 0x80 && p[i + 2] == 0xA9) after = i + 3;  // U+2029
      else if (p[i] == 0xEF && p[i + 1] == 0xBC && p[i + 2] == 0x9B) after = i + 3;  // U+FF1B ；
      if (after < 0) continue;
      emit(start, after);
      start = after;
      i = after - 1;
    }
    scanned = brk;
    if (brk < n && ends_with_abbreviation(text, start, brk)) continue;
    emit(start, brk);
    start = brk;
  }
  if (start < n) emit(start, n);
  return out;
}

std::vector<Span> Segmenter::icu_words(std::string_view text) const {
  std::vector<Span> out;
  icu_tokens(text, out, nullptr);
  return out;
}

std::vector<Span> Segmenter::words(std::string_view text) const {
  std::vector<Span> out;
  append_words(text, out);
  return out;
}

void Segmenter::append_words(std::string_view text, std::vector<Span>& out) const {
  thread_local std::vector<Span> tokens;
  thread_local std::vector<char> han;
  tokens.clear();
  han.clear();
  // The same tokens without ICU where word_break.h covers the text (news in
  // Chinese and English nearly always), else ICU's.
  if (!fast_word_tokens(text, tokens, han)) icu_tokens(text, tokens, &han);
  // Room for them all (no more words than tokens), growing geometrically when
  // `out` gathers the words of many texts.
  if (out.capacity() - out.size() < tokens.size()) out.reserve(std::max(out.size() + tokens.size(), 2 * out.capacity()));
  std::size_t k = 0;
  while (k < tokens.size()) {
    if (!han[k]) {
      out.push_back(tokens[k++]);
      continue;
    }
    std::size_t e = k + 1;  // the run of adjacent Han tokens [k, e)
    while (e < tokens.size() && han[e] && tokens[e].start == tokens[e - 1].end) ++e;
    merge_run(text, tokens.data() + k, e - k, out);
    k = e;
  }
}

// Shortest path over the run: nodes are the ICU boundaries, edges the ICU tokens
// and every concatenation of two or more of them that is a lexicon word. The
// cost is (tokens, one-character tokens), compared in that order: the fewest
// words over the whole run, rather than the longest match greedily from one
// end (which measured the same F1 on PKU, within 0.0005, but depends on the
// direction). Without any lexicon edge the path is the ICU segmentation itself.
void Segmenter::merge_run(std::string_view text, const Span* t, std::size_t n, std::vector<Span>& out) const {
  if (n < 2 || lexicon_.max_chars_ < 2) {
    out.insert(out.end(), t, t + n);
    return;
  }
  struct Node {
    std::uint32_t tokens = UINT32_MAX, singles = 0, from = 0;
  };
  // Per token: its characters, and its packed key (ideograph_key.h), 0 when it
  // does not pack (a character outside U+3400-9FFF, or more than four).
  thread_local std::vector<Node> best;
  thread_local std::vector<std::uint32_t> chars;
  thread_local std::vector<std::uint64_t> packed;
  best.assign(n + 1, Node{});
  best[0].tokens = 0;
  chars.resize(n);
  packed.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::string_view token = text.substr(t[k].start, t[k].size());
    std::size_t c;
    if (!ideograph_key::pack(token, packed[k], c)) {
      packed[k] = 0;
      c = count_chars(token);
    }
    chars[k] = static_cast<std::uint32_t>(c);
  }
  // Every start's first candidate (two tokens) is looked up whatever the
  // lookups before it found, and each lookup is a cache miss in a table of
  // megabytes: asking for the slot a few starts ahead overlaps the misses.
  constexpr std::size_t kAhead = 4;
  auto prefetch_pair = [&](std::size_t a) {
    if (a + 1 < n && packed[a] != 0 && packed[a + 1] != 0 && chars[a] + chars[a + 1] <= ideograph_key::kMaxChars)
      __builtin_prefetch(lexicon_.short_keys_.filter_address(
          (packed[a] << (ideograph_key::kBitsPerChar * chars[a + 1])) | packed[a + 1]));
  };
  for (std::size_t a = 0; a < std::min(kAhead, n); ++a) prefetch_pair(a);
  for (std::size_t a = 0; a < n; ++a) {
    prefetch_pair(a + kAhead);
    const Node here = best[a];
    auto relax = [&](std::size_t b, bool single) {
      const Node c{here.tokens + 1, here.singles + single, static_cast<std::uint32_t>(a)};
      if (c.tokens < best[b].tokens || (c.tokens == best[b].tokens && c.singles < best[b].singles)) best[b] = c;
    };
    relax(a + 1, t[a].size() <= 4);  // one Han character is 3 or 4 bytes
    // The candidates t[a, b) grow a token at a time, and so does their key:
    // the tokens are adjacent, so the candidate's bytes are theirs in order.
    // Up to four ideographs the key is packed; past that (or on a character
    // that does not pack) it is hashed, from then on a token at a time.
    std::size_t length = chars[a];
    std::uint64_t key = packed[a];
    Lexicon::KeyHash h;
    bool hashed = false;
    for (std::size_t b = a + 2; b <= n; ++b) {
      const std::uint32_t c = chars[b - 1];
      length += c;
      if (length > lexicon_.max_chars_) break;
      std::uint8_t flags;
      if (key != 0 && packed[b - 1] != 0 && length <= ideograph_key::kMaxChars) {
        key = (key << (ideograph_key::kBitsPerChar * c)) | packed[b - 1];
        flags = lexicon_.find_short(key);
      } else {
        if (!hashed) {
          h.add(text.substr(t[a].start, t[b - 2].end - t[a].start));
          hashed = true;
        }
        key = 0;
        h.add(text.substr(t[b - 1].start, t[b - 1].size()));
        flags = lexicon_.find_long(text.substr(t[a].start, t[b - 1].end - t[a].start), h.value());
      }
      if (flags & Lexicon::kWord) relax(b, false);
      if (!(flags & Lexicon::kPrefix)) break;  // no longer word starts with these tokens
    }
  }
  // The path back from the end, written into `out` from its back.
  std::size_t words = 0;
  for (std::size_t b = n; b > 0; b = best[b].from) ++words;
  std::size_t k = out.size() + words;
  out.resize(k);
  for (std::size_t b = n; b > 0; b = best[b].from) out[--k] = {t[best[b].from].start, t[b - 1].end};
}

}  // namespace newsdeal
