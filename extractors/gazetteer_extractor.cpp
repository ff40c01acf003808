// Matching the gazetteer's names in a document: one walk of the name index at
// each position that can start a name, then the boundary and case checks of
// gazetteer_extractor.h on the few names found there.
#include "extractors/gazetteer_extractor.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <cstdint>
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

bool on_boundary(const std::vector<std::size_t>& bounds, std::size_t offset) {
  return std::binary_search(bounds.begin(), bounds.end(), offset);
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

// Whether a Han name may start (or end) at `offset`: on a token boundary, or one
// function character inside the token that holds it.
bool han_edge_ok(const std::vector<std::size_t>& bounds, std::string_view text, std::size_t offset, bool start) {
  if (on_boundary(bounds, offset)) return true;
  auto after = std::upper_bound(bounds.begin(), bounds.end(), offset);
  if (after == bounds.begin() || after == bounds.end()) return false;
  std::size_t token_start = *(after - 1), token_end = *after;
  if (start) return offset - token_start == 3 && is_function_char(text.substr(token_start, 3));
  return token_end - offset == 3 && is_function_char(text.substr(offset, 3));
}

std::string first_or_empty(const std::vector<std::string>& v) { return v.empty() ? std::string() : v.front(); }

}  // namespace

GazetteerExtractor::GazetteerExtractor(std::shared_ptr<const Gazetteer> gazetteer) : gaz_(std::move(gazetteer)) {
  fill_bmp_word_chars();
}

// The priority make_mention gives.
static int priority_of(const NameIndex::Target& t) { return t.type == EntityType::chip ? 1 : 0; }

Mention GazetteerExtractor::make_mention(const NameIndex::Target& t, Span input) const {
  Mention m;
  m.type = t.type;
  m.span = input;
  switch (t.type) {
    case EntityType::chip: {
      const Chip& c = gaz_->chips()[t.entry];
      m.key = c.id;
      m.attrs.emplace("name", c.name);
      m.attrs.emplace("vendor", c.vendor);
      m.attrs.emplace("kind", c.kind);
      m.attrs.emplace("family", c.family);
      m.priority = 1;  // a chip name is more specific than a company name
      break;
    }
    case EntityType::person: {
      const Person& p = gaz_->people()[t.entry];
      m.key = p.id;
      m.attrs.emplace("name", p.name);
      m.attrs.emplace("zh", first_or_empty(p.zh));
      m.attrs.emplace("role", p.role);
      m.attrs.emplace("org", p.org);
      break;
    }
    default: {
      const Company& c = gaz_->companies()[t.entry];
      m.key = c.id;
      m.attrs.emplace("name", c.name);
      m.attrs.emplace("zh", first_or_empty(c.zh));
      m.attrs.emplace("parent", c.parent);
      m.attrs.emplace("category", c.category);
      break;
    }
  }
  m.rule = "gazetteer:" + m.key;
  return m;
}

std::vector<Mention> GazetteerExtractor::find(std::string_view text, const NormalizedText& n,
                                              const std::vector<Span>& words) const {
  std::vector<Mention> out;
  const std::string& t = n.text;
  if (t.empty() || n.input_start.size() != t.size() + 1) return out;

  // Token boundaries of the merged segmentation, in input offsets.
  std::vector<std::size_t> bounds;
  bounds.reserve(words.size() * 2);
  for (const Span& w : words) {
    bounds.push_back(w.start);
    bounds.push_back(w.end);
  }
  if (!std::is_sorted(bounds.begin(), bounds.end())) std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());

  const NameIndex& index = gaz_->index();
  auto accept = [&](std::size_t a, std::size_t b, const NameIndex::Target& target, Span& in) {
    in = n.to_input({a, b});
    if (target.han) {
      if (!bounds.empty() && !(han_edge_ok(bounds, text, in.start, true) && han_edge_ok(bounds, text, in.end, false)))
        return false;
    } else if (!english_boundaries(text, n, a, b)) {
      return false;
    }
    return case_matches(index.spelling(target.spelling), text.substr(in.start, in.size()));
  };

  struct Candidate {
    const NameIndex::Target* target;
    Span in;
  };
  std::vector<Candidate> cands;
  std::vector<NameIndex::Hit> hits;
  bool prev_word = false;
  std::size_t i = 0;
  while (i < t.size()) {
    std::size_t next = i;
    const auto b = static_cast<unsigned char>(t[i]);
    const char32_t cp = b < 0x80 ? (++next, static_cast<char32_t>(b)) : next_code_point(t, next);
    const bool word = is_word_char(cp);
    // A name never starts inside a word of an alphabetic script.
    if (!(word && prev_word)) {
      hits.clear();
      index.find_at(t, i, hits);
      // Longest first; the first accepted name of each type wins at this position.
      std::array<bool, 3> found{};
      for (auto h = hits.rbegin(); h != hits.rend(); ++h) {
        for (const NameIndex::Target* tg = h->begin; tg != h->finish; ++tg) {
          const auto ty = static_cast<std::size_t>(tg->type);
          if (ty >= found.size() || found[ty]) continue;
          Span in;
          if (!accept(i, h->end, *tg, in)) continue;
          found[ty] = true;
          cands.push_back({tg, in});
        }
      }
    }
    prev_word = word;
    i = next;
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
  out.reserve(kept.size());
  for (std::uint32_t k : kept) out.push_back(make_mention(*cands[k].target, cands[k].in));
  return out;
}

void GazetteerExtractor::extract(Document& doc) const {
  std::vector<Mention> found = find(doc.text, doc.normalized, doc.words);
  doc.mentions.insert(doc.mentions.end(), std::make_move_iterator(found.begin()),
                      std::make_move_iterator(found.end()));
}

}  // namespace newsdeal
