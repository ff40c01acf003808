// Matching the gazetteer's names in a document: one walk of the name index at
// each position that can start a name, then the boundary and case checks of
// gazetteer_extractor.h on the few names found there.
//
// Speed (the matcher reads every byte of every article): ASCII text is read
// sixteen bytes at a time, stopping only at word starts; NameIndex::may_start
// (inlined) rules out most positions with a table test or two before find_at;
// the offset maps and input text, often out of cache, are read in a second pass
// after prefetches; token boundaries are read from the words in place; and most
// documents skip overlap resolution (PlainOrder).
#include "extractors/gazetteer_extractor.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <mutex>

#include "lang/utf8.h"

namespace newsdeal {

namespace {

bool is_cjk(char32_t cp) {
  if (cp < 0x1100) return false;
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(static_cast<UChar32>(cp), &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_HANGUL:
    case USCRIPT_BOPOMOFO:
      return true;
    default:
      return false;
  }
}

// A character that joins an English name to its neighbour: a letter or digit of
// an alphabetic script. Han and kana do not, so "Meta签署" and "NVIDIAの" match.
bool compute_word_char(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  return u_isalnum(static_cast<UChar32>(cp)) && !is_cjk(cp);
}

// compute_word_char for the BMP, one bit per code point, filled once by the first
// GazetteerExtractor (the only way to the functions that read it).
std::uint64_t g_bmp_word_chars[0x10000 / 64];
std::once_flag g_bmp_word_chars_once;

void fill_bmp_word_chars() {
  std::call_once(g_bmp_word_chars_once, [] {
    for (char32_t cp = 0; cp < 0x10000; ++cp)
      if (compute_word_char(cp)) g_bmp_word_chars[cp >> 6] |= std::uint64_t{1} << (cp & 63);
  });
}

inline bool is_word_char(char32_t cp) {
  if (cp < 0x10000) return (g_bmp_word_chars[cp >> 6] >> (cp & 63)) & 1;
  return compute_word_char(cp);
}

bool is_hyphen(char32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }

// The code point that ends at `end` (> 0), and where it starts.
char32_t prev_code_point(std::string_view s, std::size_t end, std::size_t& start) {
  start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  std::size_t p = start;
  return next_code_point(s, p);
}

char32_t code_point_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return 0;
  return next_code_point(s, pos);
}

bool starts_capitalized(char32_t cp) {
  return u_isupper(static_cast<UChar32>(cp)) || u_istitle(static_cast<UChar32>(cp)) ||
         u_isdigit(static_cast<UChar32>(cp));
}

// Lowercase words that may follow a hyphen and leave the name before it a name
// ("Arm-based", "Nvidia-only"); words ending in -ed ("Nvidia-backed") also may.
bool compound_suffix(std::string_view w) {
  static constexpr std::array<std::string_view, 22> kSuffixes = {
      "built",  "made",    "run",    "only",     "style",    "specific", "compatible", "centric",
      "native", "friendly", "free",  "exclusive", "class",   "grade",    "scale",      "level",
      "like",   "led",     "owned",  "backed",   "designed", "funded"};
  if (w.size() > 3 && w.substr(w.size() - 2) == "ed") return true;
  return std::find(kSuffixes.begin(), kSuffixes.end(), w) != kSuffixes.end();
}

// Lowercase words that may precede a hyphen and leave the name after it a name.
bool compound_prefix(std::string_view w) {
  static constexpr std::array<std::string_view, 6> kPrefixes = {"non", "pro", "anti", "ex", "post", "pre"};
  return std::find(kPrefixes.begin(), kPrefixes.end(), w) != kPrefixes.end();
}

// The cased letters of a string ('U' upper, 'l' lower) and the word (run of
// letters and digits) each belongs to.
struct CaseShape {
  std::string letters;
  std::vector<std::uint32_t> word;
};

void case_shape(std::string_view s, CaseShape& c) {
  c.letters.clear();
  c.word.clear();
  std::uint32_t w = 0;
  bool prev_alnum = false;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    bool alnum;
    char k = 0;
    if (b < 0x80) {  // ASCII, as ICU classifies it
      ++i;
      const bool upper = b >= 'A' && b <= 'Z', lower = b >= 'a' && b <= 'z';
      alnum = upper || lower || (b >= '0' && b <= '9');
      k = upper ? 'U' : lower ? 'l' : 0;
    } else {
      const auto cp = static_cast<UChar32>(next_code_point(s, i));
      alnum = u_isalnum(cp);
      if (u_isupper(cp) || u_istitle(cp)) {
        k = 'U';
      } else if (u_islower(cp)) {
        k = 'l';
      }
    }
    if (alnum && !prev_alnum) ++w;
    prev_alnum = alnum;
    if (k) {
      c.letters += k;
      c.word.push_back(w);
    }
  }
}

// Whether `input` is capitalized like `written` (see the header).
bool case_matches(std::string_view written, std::string_view input) {
  // Written as in the gazetteer (most mentions are): the same shapes, which the
  // checks below accept word by word.
  if (input == written) return true;
  thread_local CaseShape s, t;  // reused: no allocation per name
  case_shape(written, s);
  if (s.letters.find('U') == std::string::npos) return true;
  case_shape(input, t);
  // Folding changed the letter count (ß -> ss): too rare to judge, accept.
  if (s.letters.size() != t.letters.size()) return true;
  if (t.letters.size() >= 2 && t.letters.find('l') == std::string::npos) return true;  // ALL CAPS text
  for (std::size_t i = 0; i < s.letters.size();) {
    std::size_t j = i;
    while (j < s.letters.size() && s.word[j] == s.word[i]) ++j;
    const std::string_view sw = std::string_view(s.letters).substr(i, j - i);
    const std::string_view tw = std::string_view(t.letters).substr(i, j - i);
    if (sw.find('U') != std::string_view::npos) {
      const bool all_caps = sw.size() >= 2 && sw.find('l') == std::string_view::npos;
      if (all_caps) {
        if (tw.find('l') != std::string_view::npos) return false;
      } else if (sw[0] == 'U') {
        if (tw[0] != 'U') return false;
      } else if (tw != sw && tw.find('l') != std::string_view::npos) {
        return false;  // "xAI": as written, or all caps
      }
    }
    i = j;
  }
  return true;
}

// Checks the characters around an English name at normalized [a, b).
bool english_boundaries(std::string_view input, const NormalizedText& n, std::size_t a, std::size_t b) {
  const std::string& t = n.text;
  if (a > 0) {
    std::size_t h;
    const char32_t before = prev_code_point(t, a, h);
    if (is_word_char(before)) return false;
    if (is_hyphen(before) && h > 0) {
      std::size_t w = h;
      std::size_t s;
      if (is_word_char(prev_code_point(t, w, s))) {
        // Joined to the word before: allowed after a capitalized word or a prefix.
        while (w > 0) {
          std::size_t s2;
          if (!is_word_char(prev_code_point(t, w, s2))) break;
          w = s2;
        }
        const bool capitalized = starts_capitalized(code_point_at(input, n.input_start[w]));
        if (!capitalized && !compound_prefix(std::string_view(t).substr(w, h - w))) return false;
      }
    }
  }
  if (b < t.size()) {
    std::size_t p = b;
    const char32_t after = next_code_point(t, p);
    if (is_word_char(after)) return false;
    if (is_hyphen(after) && p < t.size()) {
      std::size_t q = p;
      if (is_word_char(next_code_point(t, q))) {
        // Joined to the word after: allowed before a capitalized word or a suffix.
        std::size_t e = p;
        while (e < t.size()) {
          std::size_t e2 = e;
          if (!is_word_char(next_code_point(t, e2))) break;
          e = e2;
        }
        const bool capitalized = starts_capitalized(code_point_at(input, n.input_start[p]));
        if (!capitalized && !compound_suffix(std::string_view(t).substr(p, e - p))) return false;
      }
    }
  }
  return true;
}

// Single-character function words that ICU often glues to a neighbouring name
// (向台|積電, 阿里|云和): a name may start right after one that opens its token, or
// end right before one that closes it. 通 in 博通过 is no such case: 过 is none.
bool is_function_char(std::string_view ch) {
  static const std::string_view chars[] = {
      "向", "与", "與", "和", "在", "对", "對", "将", "將", "从", "從", "为", "為", "被", "把", "跟", "同", "给", "給",
      "让", "讓", "由", "及", "或", "而", "也", "已", "还", "還", "即", "其", "据", "據", "于", "於", "是", "的", "了",
      "并", "並", "就", "又", "再", "均", "都", "则", "則", "等", "以", "会", "會"};
  for (std::string_view c : chars)
    if (ch == c) return true;
  return false;
}

// The token boundaries of a document: every start and end of its words, read in
// place. Words come sorted and apart, so their starts and ends in turn already
// form a sorted list; it is checked once, on the first Han name (most documents
// have none), and only words out of order are copied out and sorted.
class Boundaries {
 public:
  explicit Boundaries(const std::vector<Span>& words) : words_(words) {}

  bool empty() const { return words_.empty(); }

  // Whether a Han name may start (or end) at `offset`: on a token boundary, or
  // one function character inside the token that holds it.
  bool han_edge_ok(std::string_view text, std::size_t offset, bool start) {
    std::size_t before, after;  // the nearest boundaries <= offset and > offset
    bool has_before, has_after;
    around(offset, before, has_before, after, has_after);
    if (has_before && before == offset) return true;
    if (!has_before || !has_after) return false;
    if (start) return offset - before == 3 && is_function_char(text.substr(before, 3));
    return after - offset == 3 && is_function_char(text.substr(offset, 3));
  }

 private:
  const std::vector<Span>& words_;
  enum class State { unknown, in_place, copied } state_ = State::unknown;
  std::vector<std::size_t> copy_;  // sorted, unique; only when words_ are out of order

  std::size_t at(std::size_t j) const { return j & 1 ? words_[j >> 1].end : words_[j >> 1].start; }

  void around(std::size_t offset, std::size_t& before, bool& has_before, std::size_t& after, bool& has_after) {
    if (state_ == State::unknown) prepare();
    if (state_ == State::copied) {
      auto it = std::upper_bound(copy_.begin(), copy_.end(), offset);
      has_before = it != copy_.begin();
      has_after = it != copy_.end();
      if (has_before) before = *(it - 1);
      if (has_after) after = *it;
      return;
    }
    // upper_bound over starts and ends in turn; duplicates do not change the
    // nearest values on either side.
    std::size_t lo = 0, hi = 2 * words_.size();
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (at(mid) <= offset) lo = mid + 1;
      else hi = mid;
    }
    has_before = lo > 0;
    has_after = lo < 2 * words_.size();
    if (has_before) before = at(lo - 1);
    if (has_after) after = at(lo);
  }

  void prepare() {
    std::size_t prev = 0;
    bool sorted = true;
    for (const Span& w : words_) {  // no early exit: a plain pass over the words
      sorted &= (w.start >= prev) & (w.end >= w.start);
      prev = w.end;
    }
    if (sorted) {
      state_ = State::in_place;
      return;
    }
    copy_.reserve(2 * words_.size());
    for (const Span& w : words_) {
      copy_.push_back(w.start);
      copy_.push_back(w.end);
    }
    std::sort(copy_.begin(), copy_.end());
    copy_.erase(std::unique(copy_.begin(), copy_.end()), copy_.end());
    state_ = State::copied;
  }
};

const std::string& first_or_empty(const std::vector<std::string>& v) {
  static const std::string kEmpty;
  return v.empty() ? kEmpty : v.front();
}

// ASCII letters and digits: is_word_char below 0x80.
constexpr std::array<bool, 128> kAsciiWord = [] {
  std::array<bool, 128> a{};
  for (int c = 0; c < 128; ++c) a[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return a;
}();

// Of 16 bytes, bit k set: byte k is an ASCII letter or digit (word); byte k is
// not ASCII (high).
struct AsciiBlock {
  std::uint32_t word, high;
};

#if defined(__SSE2__)
inline AsciiBlock classify16(const unsigned char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // x in [lo, lo + span] as unsigned bytes: min(x - lo, span) == x - lo.
  auto in_range = [](__m128i x, char lo, char span) {
    const __m128i d = _mm_sub_epi8(x, _mm_set1_epi8(lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(span)), d);
  };
  // Setting bit 5 maps A-Z onto a-z and no other byte into a-z.
  const __m128i letter = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z' - 'a');
  const __m128i digit = in_range(v, '0', 9);
  return {static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(letter, digit))),
          static_cast<std::uint32_t>(_mm_movemask_epi8(v))};
}
#else
inline AsciiBlock classify16(const unsigned char* p) {
  AsciiBlock b{0, 0};
  for (unsigned k = 0; k < 16; ++k) {
    if (p[k] >= 0x80) b.high |= 1u << k;
    else if (kAsciiWord[p[k]]) b.word |= 1u << k;
  }
  return b;
}
#endif

// next_code_point (lang/utf8.h), inlined: the matcher decodes every non-ASCII
// character of every document. Same result on any input, well-formed or not.
inline char32_t decode_at(const unsigned char* s, std::size_t size, std::size_t& pos) {
  const unsigned char c = s[pos];
  if (c >= 0xE0 && c < 0xF0 && pos + 2 < size) {  // the common case: BMP beyond U+07FF (Han, kana)
    const char32_t cp = (char32_t{c} & 0x0F) << 12 | (char32_t{s[pos + 1]} & 0x3F) << 6 | (s[pos + 2] & 0x3F);
    pos += 3;
    return cp;
  }
  return next_code_point(std::string_view(reinterpret_cast<const char*>(s), size), pos);
}

// Candidates whose input spans rise strictly by (start, end), are not empty and
// do not overlap others of their type are what overlap_survivors and
// sort_by_span would return unchanged: nothing is dropped, and with no two spans
// equal the sort has a single result, the order they came in. Names rarely
// overlap, so most documents skip both.
class PlainOrder {
 public:
  void add(Span in, std::size_t type) {
    if (!plain_) return;
    const bool rises = !any_ || in.start > last_.start || (in.start == last_.start && in.end > last_.end);
    plain_ = rises && in.start < in.end && in.start >= type_end_[type];
    any_ = true;
    last_ = in;
    type_end_[type] = in.end;
  }
  bool plain() const { return plain_; }

 private:
  bool plain_ = true, any_ = false;
  Span last_{};
  std::array<std::size_t, 3> type_end_{};
};

}  // namespace

GazetteerExtractor::GazetteerExtractor(std::shared_ptr<const Gazetteer> gazetteer) : gaz_(std::move(gazetteer)) {
  fill_bmp_word_chars();
}

// The priority make_mention gives.
static int priority_of(const NameIndex::Target& t) { return t.type == EntityType::chip ? 1 : 0; }

// The attribute maps of each type with their keys and empty values. A mention's
// map is a copy of its type's (copying a tree clones its nodes as they are, with
// no key comparisons and no rebalancing), and the values are set in key order.
namespace {
const Attrs& attr_keys(EntityType type) {
  static const Attrs chip{{"family", ""}, {"kind", ""}, {"name", ""}, {"vendor", ""}};
  static const Attrs person{{"name", ""}, {"org", ""}, {"role", ""}, {"zh", ""}};
  static const Attrs company{{"category", ""}, {"name", ""}, {"parent", ""}, {"zh", ""}};
  switch (type) {
    case EntityType::chip: return chip;
    case EntityType::person: return person;
    default: return company;
  }
}

// Sets the values of `attrs`, a copy of attr_keys, in key order.
void set_values(Attrs& attrs, std::initializer_list<const std::string*> values) {
  auto it = attrs.begin();
  for (const std::string* v : values) (it++)->second = *v;
}
}  // namespace

void GazetteerExtractor::make_mention(const NameIndex::Target& t, Span input, Mention& m) const {
  m.type = t.type;
  m.span = input;
  m.attrs = attr_keys(t.type);
  switch (t.type) {
    case EntityType::chip: {
      const Chip& c = gaz_->chips()[t.entry];
      m.key = c.id;
      set_values(m.attrs, {&c.family, &c.kind, &c.name, &c.vendor});
      m.priority = 1;  // a chip name is more specific than a company name
      break;
    }
    case EntityType::person: {
      const Person& p = gaz_->people()[t.entry];
      m.key = p.id;
      set_values(m.attrs, {&p.name, &p.org, &p.role, &first_or_empty(p.zh)});
      break;
    }
    default: {
      const Company& c = gaz_->companies()[t.entry];
      m.key = c.id;
      set_values(m.attrs, {&c.category, &c.name, &c.parent, &first_or_empty(c.zh)});
      break;
    }
  }
  static constexpr std::string_view kRule = "gazetteer:";
  m.rule.reserve(kRule.size() + m.key.size());
  m.rule.append(kRule).append(m.key);
}

void GazetteerExtractor::scan(const NormalizedText& n, std::vector<NameIndex::Hit>& hits,
                              std::vector<Pending>& pending) const {
  const std::string& t = n.text;
  const NameIndex& index = gaz_->index();
  // The names at normalized offset i (where may_start said yes), and a prefetch
  // of the offset maps where to_input will read them.
  auto names_at = [&](std::size_t i) {
    const auto before = static_cast<std::uint32_t>(hits.size());
    index.find_at(t, i, hits);
    if (hits.size() == before) return;
    pending.push_back({static_cast<std::uint32_t>(i), before, static_cast<std::uint32_t>(hits.size())});
    __builtin_prefetch(n.input_start.data() + i);
    __builtin_prefetch(n.input_end.data() + hits.back().end - 1);
  };
  // A name never starts inside a word of an alphabetic script: at a word's first
  // character only, or at a character that is no letter or digit.
  const auto* s = reinterpret_cast<const unsigned char*>(t.data());
  const std::size_t size = t.size();
  const bool skip_ascii_punct = index.ascii_starts_alnum();
  bool prev_word = false;
  std::size_t i = 0;
  while (i < size) {
    const unsigned char b = s[i];
    if (b >= 0x80) {
      std::size_t next = i;
      const char32_t cp = decode_at(s, size, next);
      const bool word = is_word_char(cp);
      if (!(word && prev_word)) {
        // A Chinese character: one bit says whether a name starts with it.
        const int char3 = b >= 0xE0 && next == i + 3 && i + 2 < size ? index.starts_with_char3(s + i, cp) : -1;
        if (char3 > 0 || (char3 < 0 && index.may_start(t, i))) names_at(i);
      }
      prev_word = word;
      i = next;
      continue;
    }
    if (skip_ascii_punct && i + 16 <= size) {
      // Sixteen bytes at a time up to the next non-ASCII one: only the first
      // letter or digit of each word can start a name there.
      const AsciiBlock blk = classify16(s + i);
      const unsigned stop = blk.high ? static_cast<unsigned>(__builtin_ctz(blk.high)) : 16;  // >= 1: s[i] < 0x80
      const std::uint32_t word = blk.word & ((std::uint32_t{1} << stop) - 1);
      for (std::uint32_t starts = word & ~(word << 1 | (prev_word ? 1u : 0u)); starts; starts &= starts - 1) {
        const std::size_t at = i + static_cast<unsigned>(__builtin_ctz(starts));
        if (index.may_start(t, at)) names_at(at);
      }
      prev_word = (word >> (stop - 1)) & 1;
      i += stop;
      continue;
    }
    const bool word = kAsciiWord[b];
    if (!(word && prev_word) && index.may_start(t, i)) names_at(i);
    prev_word = word;
    ++i;
  }
}

std::vector<Mention> GazetteerExtractor::find(std::string_view text, const NormalizedText& n,
                                              const std::vector<Span>& words) const {
  std::vector<Mention> out;
  find_into(text, n, words, out);
  return out;
}

void GazetteerExtractor::find_into(std::string_view text, const NormalizedText& n, const std::vector<Span>& words,
                                   std::vector<Mention>& out) const {
  const std::string& t = n.text;
  if (t.empty() || n.input_start.size() != t.size() + 1) return;
  const NameIndex& index = gaz_->index();

  // Three passes, so that the reads of the offset maps and the input text (often
  // out of cache, one read a name) are started long before they are needed and
  // wait together instead of one after another:
  // 1. the names at each position, from the normalized text read in order;
  std::vector<NameIndex::Hit> hits;  // the names found, by position, shortest first at each
  std::vector<Pending> pending;      // the positions with names
  scan(n, hits, pending);
  if (pending.empty()) return;
  // 2. their input spans;
  std::vector<Span> hit_spans(hits.size());
  for (const Pending& p : pending) {
    for (std::uint32_t k = p.hit_begin; k < p.hit_end; ++k) {
      hit_spans[k] = n.to_input({p.pos, hits[k].end});
      __builtin_prefetch(text.data() + hit_spans[k].start);
    }
  }
  // 3. the checks, the longest name first at each position; the first accepted
  // name of each type wins there.
  Boundaries bounds(words);  // token boundaries of the merged segmentation, in input offsets
  auto accept = [&](std::size_t a, std::size_t b, const NameIndex::Target& target, Span in) {
    if (target.han) {
      if (!bounds.empty() &&
          !(bounds.han_edge_ok(text, in.start, true) && bounds.han_edge_ok(text, in.end, false)))
        return false;
    } else if (!english_boundaries(text, n, a, b)) {
      return false;
    }
    // A name without capitals matches in any case (case_matches says so after
    // reading it; the index knows it already).
    return !target.capitals || case_matches(index.spelling(target.spelling), text.substr(in.start, in.size()));
  };
  struct Candidate {
    const NameIndex::Target* target;
    Span in;
  };
  std::vector<Candidate> cands;
  PlainOrder order;
  for (const Pending& p : pending) {
    std::array<bool, 3> found{};
    for (std::uint32_t k = p.hit_end; k-- > p.hit_begin;) {
      const NameIndex::Hit& h = hits[k];
      for (const NameIndex::Target* tg = h.begin; tg != h.finish; ++tg) {
        const auto ty = static_cast<std::size_t>(tg->type);
        if (ty >= found.size() || found[ty]) continue;
        if (!accept(p.pos, h.end, *tg, hit_spans[k])) continue;
        found[ty] = true;
        cands.push_back({tg, hit_spans[k]});
        order.add(hit_spans[k], ty);
      }
    }
  }

  out.reserve(out.size() + cands.size());
  if (order.plain()) {
    for (const Candidate& c : cands) make_mention(*c.target, c.in, out.emplace_back());
    return;
  }
  // resolve_overlaps, with the mentions made only for the names it keeps.
  std::vector<Span> spans(cands.size());
  std::vector<EntityType> types(cands.size());
  std::vector<int> priorities(cands.size());
  for (std::size_t k = 0; k < cands.size(); ++k) {
    spans[k] = cands[k].in;
    types[k] = cands[k].target->type;
    priorities[k] = priority_of(*cands[k].target);
  }
  std::vector<std::uint32_t> kept = overlap_survivors(spans, types, priorities);
  sort_by_span(kept, spans);
  for (std::uint32_t k : kept) make_mention(*cands[k].target, cands[k].in, out.emplace_back());
}

void GazetteerExtractor::extract(Document& doc) const { find_into(doc.text, doc.normalized, doc.words, doc.mentions); }

}  // namespace newsdeal
