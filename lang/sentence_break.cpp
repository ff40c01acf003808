// See sentence_break.h. The rules, as UAX #29 numbers them (ParaSep is Sep, CR
// or LF; SATerm is STerm or ATerm):
//   SB3  CR x LF                      SB4  ParaSep ÷
//   SB6  ATerm x Numeric              SB7  (Upper | Lower) ATerm x Upper
//   SB8  ATerm Close* Sp* x ( not (OLetter | Upper | Lower | ParaSep | SATerm) )* Lower
//   SB8a SATerm Close* Sp* x (SContinue | SATerm)
//   SB9  SATerm Close* x (Close | Sp | ParaSep)
//   SB10 SATerm Close* Sp* x (Sp | ParaSep)
//   SB11 SATerm Close* Sp* ParaSep? ÷
//   SB998 otherwise no break.
#include "lang/sentence_break.h"

#include <unicode/uchar.h>

#include <cstddef>

namespace newsdeal {

namespace {

enum Cls : std::uint8_t { kOther, kCR, kLF, kSep, kSp, kLower, kUpper, kOLetter, kNumeric, kATerm, kSTerm, kClose, kSContinue, kRefuse };

Cls classify(UChar32 c) {
  if (c >= 0xD800 && c <= 0xDFFF) return kRefuse;
  switch (u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK)) {
    case U_SB_CR: return kCR;
    case U_SB_LF: return kLF;
    case U_SB_SEP: return kSep;
    case U_SB_SP: return kSp;
    case U_SB_LOWER: return kLower;
    case U_SB_UPPER: return kUpper;
    case U_SB_OLETTER: return kOLetter;
    case U_SB_NUMERIC: return kNumeric;
    case U_SB_ATERM: return kATerm;
    case U_SB_STERM: return kSTerm;
    case U_SB_CLOSE: return kClose;
    case U_SB_SCONTINUE: return kSContinue;
    case U_SB_OTHER: return kOther;
    default: return kRefuse;  // Extend, Format
  }
}

// The class of every BMP character, and for each byte whether the scan must
// look at the character it starts: all lead bytes of non-ASCII characters
// (their class needs decoding), and the ASCII separators and terminators.
// Every other ASCII byte is a character that neither breaks nor is refused, so
// the scan passes it without decoding.
// For three-byte characters, the same by their first two bytes: whether none
// of the 64 characters they start must be looked at (all of the Unified
// Ideographs, for one), so the scan passes Chinese text without decoding.
struct Tables {
  Cls bmp[0x10000];
  bool stop[0x100];
  bool pass3[16][64];  // [first byte & 0x0F][second byte & 0x3F]
  Tables() {
    for (UChar32 c = 0; c < 0x10000; ++c) bmp[c] = classify(c);
    auto must_look = [](Cls c) { return c == kRefuse || c == kCR || c == kLF || c == kSep || c == kATerm || c == kSTerm; };
    for (int b = 0; b < 0x100; ++b) stop[b] = b < 0x80 ? must_look(bmp[b]) : true;
    for (int hi = 0; hi < 16; ++hi)
      for (int mid = 0; mid < 64; ++mid) {
        const int first = (hi << 12) | (mid << 6);
        bool pass = first >= 0x800 && !(first >= 0xD800 && first <= 0xDFFF);  // (else not a three-byte character)
        for (int lo = 0; lo < 64 && pass; ++lo) pass = !must_look(bmp[first | lo]);
        pass3[hi][mid] = pass;
      }
  }
};

const Tables& tables() {
  static const Tables* t = new Tables();  // never freed: used until exit
  return *t;
}

bool is_para_sep(Cls c) { return c == kCR || c == kLF || c == kSep; }
bool is_sa_term(Cls c) { return c == kATerm || c == kSTerm; }

// Reads classes straight from the UTF-8 bytes: the rules decide only around a
// terminator or separator, so no per-character array is built.
struct Reader {
  const unsigned char* s;
  std::size_t n;
  const Cls* bmp;

  // The class of the character at byte i (< n), and its length in bytes.
  // Supplementary characters are refused, as this does not cover them.
  Cls at(std::size_t i, std::size_t& len) const {
    const unsigned char b = s[i];
    if (b < 0x80) {
      len = 1;
      return bmp[b];
    }
    if (b < 0xE0) {
      len = 2;
      return bmp[(static_cast<char32_t>(b & 0x1F) << 6) | (s[i + 1] & 0x3F)];
    }
    if (b < 0xF0) {
      len = 3;
      return bmp[(static_cast<char32_t>(b & 0x0F) << 12) | (static_cast<char32_t>(s[i + 1] & 0x3F) << 6) |
                 (s[i + 2] & 0x3F)];
    }
    len = 4;
    return kRefuse;
  }

  // The class of the character that ends at byte i (> 0).
  Cls before(std::size_t i) const {
    do --i;
    while ((s[i] & 0xC0) == 0x80);
    std::size_t len;
    return at(i, len);
  }

  // SB8: from byte k, past everything but letters, separators and
  // terminators, a lowercase letter comes first. A refused character met here
  // is met again by the main scan, which then refuses the text.
  bool lower_follows(std::size_t k) const {
    while (k < n) {
      std::size_t len;
      const Cls c = at(k, len);
      if (c == kLower) return true;
      if (c == kOLetter || c == kUpper || is_para_sep(c) || is_sa_term(c)) return false;
      k += len;
    }
    return false;
  }
};

}  // namespace

bool fast_sentence_breaks(std::string_view text, std::vector<std::int32_t>& breaks) {
  const Tables& t = tables();
  const Reader r{reinterpret_cast<const unsigned char*>(text.data()), text.size(), t.bmp};
  const std::size_t n = text.size();
  const std::size_t given = breaks.size();
  auto brk = [&](std::size_t k) {
    if (k < n) breaks.push_back(static_cast<std::int32_t>(k));
  };
  std::size_t i = 0;
  while (i < n) {
    // Past what neither breaks nor is refused: such ASCII, and three-byte
    // characters whose block of 64 holds nothing else.
    for (;;) {
      while (i < n && !t.stop[r.s[i]]) ++i;
      if (i + 3 <= n && (r.s[i] & 0xF0) == 0xE0 && t.pass3[r.s[i] & 0x0F][r.s[i + 1] & 0x3F]) {
        i += 3;
        continue;
      }
      break;
    }
    if (i == n) break;
    std::size_t len;
    const Cls c = r.at(i, len);
    if (c == kRefuse) {
      breaks.resize(given);
      return false;
    }
    if (is_para_sep(c)) {
      i += len;
      if (c == kCR && i < n && r.s[i] == '\n') ++i;  // SB3 (LF is U+000A alone)
      brk(i);                                        // SB4
      continue;
    }
    if (!is_sa_term(c)) {
      i += len;
      continue;
    }
    // SATerm Close* Sp*: no break inside (SB9, SB10); decide at k, after it.
    const std::size_t after = i + len;
    std::size_t k = after, next_len = 0;
    Cls next = kOther;
    if (k < n) next = r.at(k, next_len);
    while (k < n && next == kClose) {
      k += next_len;
      if (k < n) next = r.at(k, next_len);
    }
    while (k < n && next == kSp) {
      k += next_len;
      if (k < n) next = r.at(k, next_len);
    }
    if (k < n) {
      bool keep = is_para_sep(next)                          // SB9, SB10: the break follows the separator
                  || next == kSContinue || is_sa_term(next);  // SB8a
      if (c == kATerm) {
        keep = keep || (k == after && next == kNumeric)  // SB6
               || (k == after && next == kUpper && i > 0 &&
                   (r.before(i) == kUpper || r.before(i) == kLower))  // SB7
               || r.lower_follows(k);                                 // SB8
      }
      if (!keep) brk(k);  // SB11
    }
    i = k;
  }
  if (n > 0) breaks.push_back(static_cast<std::int32_t>(n));  // ICU gives none for an empty text
  return true;
}

}  // namespace newsdeal
