#include "lang/segment.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>

#include "lang/embedded.h"

namespace newsdeal {

// ---------------------------------------------------------------- Lexicon

Lexicon Lexicon::builtin() {
  Lexicon lex;
  for (std::string_view path : {"lang/data/zh_lexicon.txt", "lang/data/zh_common_words.txt"}) {
    if (auto data = embedded_file(path)) lex.add_all(*data);
  }
  return lex;
}

Lexicon Lexicon::parse(std::string_view data) {
  Lexicon lex;
  lex.add_all(data);
  return lex;
}

void Lexicon::add_all(std::string_view data) {
  if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);  // BOM
  while (!data.empty()) {
    std::size_t nl = data.find('\n');
    std::string_view line = data.substr(0, nl);
    data.remove_prefix(nl == std::string_view::npos ? data.size() : nl + 1);
    if (std::size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    // The first field only, so a jieba-style "word freq tag" line also works.
    std::size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) continue;
    line.remove_prefix(b);
    line = line.substr(0, line.find_first_of(" \t\r"));
    add(line);
  }
}

void Lexicon::add(std::string_view word) {
  if (word.empty()) return;
  if (!words_.insert(std::string(word)).second) return;
  std::size_t chars = 0;
  for (unsigned char c : word) chars += (c & 0xC0) != 0x80;
  if (chars > max_chars_) max_chars_ = chars;
}

// ---------------------------------------------------------------- ICU iterators

namespace {

// ICU break iterators are costly to build (rule and dictionary loading) and not
// thread-safe, so each thread clones its own from one process-wide prototype.
// The iterators do not depend on the Segmenter (the lexicon is applied after
// ICU), so one pair per thread serves every Segmenter and needs no key.
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
    // "ss=standard" suppresses breaks after common abbreviations (Mr., U.S., Inc.).
    status = U_ZERO_ERROR;
    it.sentence.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
    if (U_FAILURE(status) || !it.sentence) {
      status = U_ZERO_ERROR;
      it.sentence.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    }
    if (U_FAILURE(status) || !it.sentence)
      throw std::runtime_error(std::string("ICU sentence break: ") + u_errorName(status));
    return it;
  }();
  return protos;
}

Iterators& thread_iterators() {
  thread_local Iterators mine = [] {
    static std::mutex clone_mutex;  // clone() reads the prototype; keep it simple and exclusive
    std::lock_guard<std::mutex> lock(clone_mutex);
    const Iterators& p = prototypes();
    return Iterators{std::unique_ptr<icu::BreakIterator>(p.word->clone()),
                     std::unique_ptr<icu::BreakIterator>(p.sentence->clone())};
  }();
  return mine;
}

// Points `bi` at `text` through a UTF-8 UText, so its indices are byte offsets.
// The iterator keeps a shallow clone of the UText, that is a pointer to the text.
void set_text(icu::BreakIterator& bi, std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &status);
  bi.setText(&ut, status);
  utext_close(&ut);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU setText: ") + u_errorName(status));
}

struct Token {
  Span span;
  bool han = false;  // every character is of the Han script
};

bool all_han(std::string_view text, Span s) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  auto i = static_cast<int32_t>(s.start);
  const auto end = static_cast<int32_t>(s.end);
  while (i < end) {
    UChar32 c;
    U8_NEXT(p, i, end, c);
    if (c < 0x2E80) return false;  // below the CJK radicals: never Han
    UErrorCode status = U_ZERO_ERROR;
    if (uscript_getScript(c, &status) != USCRIPT_HAN) return false;
  }
  return true;
}

// ICU word tokens: boundaries whose rule status says letters, numbers, kana or
// ideographs (spaces and punctuation have UBRK_WORD_NONE).
void icu_tokens(std::string_view text, std::vector<Token>& out) {
  if (text.empty()) return;
  icu::BreakIterator& bi = *thread_iterators().word;
  set_text(bi, text);
  int32_t prev = bi.first();
  for (int32_t cur = bi.next(); cur != icu::BreakIterator::DONE; prev = cur, cur = bi.next()) {
    if (bi.getRuleStatus() == UBRK_WORD_NONE) continue;
    Span s{static_cast<std::size_t>(prev), static_cast<std::size_t>(cur)};
    out.push_back({s, all_han(text, s)});
  }
}

std::size_t count_chars(std::string_view text, Span s) {
  std::size_t n = 0;
  for (std::size_t i = s.start; i < s.end; ++i) n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

int seg_mode() {
  static int m = [] { const char* e = std::getenv("NEWSDEAL_SEG_MODE"); return e ? std::atoi(e) : 0; }();
  return m;
}

// Merges the ICU tokens of one Han run where a lexicon word covers several of them.
void merge_run(std::string_view text, const Lexicon& lex, const Token* t, std::size_t n, std::vector<Span>& out) {
  if (n < 2 || lex.max_chars() < 2) {
    for (std::size_t i = 0; i < n; ++i) out.push_back(t[i].span);
    return;
  }
  std::vector<std::size_t> chars(n);
  for (std::size_t i = 0; i < n; ++i) chars[i] = count_chars(text, t[i].span);
  auto word = [&](std::size_t a, std::size_t b) {  // tokens [a, b) as one string
    return text.substr(t[a].span.start, t[b - 1].span.end - t[a].span.start);
  };
  const int mode = seg_mode();
  if (mode == 1 || mode == 2) {
    // 1: forward maximum matching; 2: backward
    std::vector<Span> tmp;
    if (mode == 1) {
      std::size_t a = 0;
      while (a < n) {
        std::size_t best = a + 1, c = chars[a];
        for (std::size_t b = a + 2; b <= n; ++b) {
          c += chars[b - 1];
          if (c > lex.max_chars()) break;
          if (lex.contains(word(a, b))) best = b;
        }
        out.push_back({t[a].span.start, t[best - 1].span.end});
        a = best;
      }
    } else {
      std::size_t b = n;
      while (b > 0) {
        std::size_t best = b - 1, c = chars[b - 1];
        for (std::size_t a = b - 1; a-- > 0;) {
          c += chars[a];
          if (c > lex.max_chars()) break;
          if (lex.contains(word(a, b))) best = a;
        }
        tmp.push_back({t[best].span.start, t[b - 1].span.end});
        b = best;
      }
      out.insert(out.end(), tmp.rbegin(), tmp.rend());
    }
    return;
  }
  // DP: fewest tokens, then fewest single characters.
  struct Cost { std::size_t tokens, singles; std::size_t from; };
  std::vector<Cost> best(n + 1, Cost{SIZE_MAX, SIZE_MAX, 0});
  best[0] = {0, 0, 0};
  for (std::size_t a = 0; a < n; ++a) {
    if (best[a].tokens == SIZE_MAX) continue;
    std::size_t c = 0;
    for (std::size_t b = a + 1; b <= n; ++b) {
      c += chars[b - 1];
      if (b > a + 1 && c > lex.max_chars()) break;
      if (b > a + 1 && !lex.contains(word(a, b))) continue;
      Cost nc{best[a].tokens + 1, best[a].singles + (c == 1), a};
      if (nc.tokens < best[b].tokens || (nc.tokens == best[b].tokens && nc.singles < best[b].singles) ||
          (mode == 4 && nc.tokens == best[b].tokens && nc.singles == best[b].singles))
        best[b] = nc;
    }
  }
  std::vector<Span> tmp;
  for (std::size_t b = n; b > 0; b = best[b].from) tmp.push_back({t[best[b].from].span.start, t[b - 1].span.end});
  out.insert(out.end(), tmp.rbegin(), tmp.rend());
}

bool is_space(UChar32 c) { return c == ' ' || (c >= '\t' && c <= '\r') || u_isUWhiteSpace(c); }

}  // namespace

// ---------------------------------------------------------------- Segmenter

struct Segmenter::Impl {};

Segmenter::Segmenter(Lexicon lexicon) : lexicon_(std::move(lexicon)) {
  thread_iterators();  // fail here, not in the middle of a document, if ICU data is missing
}

Segmenter::~Segmenter() = default;

std::vector<Span> Segmenter::sentences(std::string_view text) const {
  std::vector<Span> out;
  if (text.empty()) return out;
  icu::BreakIterator& bi = *thread_iterators().sentence;
  set_text(bi, text);
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

  // Within each ICU sentence, also end a sentence after a newline or a
  // full-width semicolon (ICU treats ； as a clause mark, Chinese news as a stop).
  int32_t start = bi.first();
  for (int32_t brk = bi.next(); brk != icu::BreakIterator::DONE; brk = bi.next()) {
    int32_t i = start;
    while (i < brk) {
      UChar32 c;
      U8_NEXT(p, i, brk, c);
      if (c == '\n' || c == 0x2029 || c == 0xFF1B) {
        emit(start, i);
        start = i;
      }
    }
    emit(start, brk);
    start = brk;
  }
  if (start < n) emit(start, n);
  return out;
}

std::vector<Span> Segmenter::icu_words(std::string_view text) const {
  std::vector<Token> tokens;
  icu_tokens(text, tokens);
  std::vector<Span> out;
  out.reserve(tokens.size());
  for (const Token& t : tokens) out.push_back(t.span);
  return out;
}

std::vector<Span> Segmenter::words(std::string_view text) const {
  std::vector<Token> tokens;
  icu_tokens(text, tokens);
  std::vector<Span> out;
  out.reserve(tokens.size());
  std::size_t k = 0;
  while (k < tokens.size()) {
    if (!tokens[k].han) {
      out.push_back(tokens[k++].span);
      continue;
    }
    // A run of adjacent Han tokens [k, e).
    std::size_t e = k + 1;
    while (e < tokens.size() && tokens[e].han && tokens[e].span.start == tokens[e - 1].span.end) ++e;
    merge_run(text, lexicon_, tokens.data() + k, e - k, out);
    k = e;
  }
  return out;
}

}  // namespace newsdeal
