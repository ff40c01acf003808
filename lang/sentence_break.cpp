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

const Cls* table() {
  static const Cls* t = [] {
    auto* bmp = new Cls[0x10000];  // never freed: used until exit
    for (UChar32 c = 0; c < 0x10000; ++c) bmp[c] = classify(c);
    return bmp;
  }();
  return t;
}

bool is_para_sep(Cls c) { return c == kCR || c == kLF || c == kSep; }
bool is_sa_term(Cls c) { return c == kATerm || c == kSTerm; }

// SB8: from k, past everything but letters, separators and terminators, a
// lowercase letter comes first.
bool lower_follows(const Cls* cls, std::size_t k, std::size_t n) {
  for (; k < n; ++k) {
    const Cls c = cls[k];
    if (c == kLower) return true;
    if (c == kOLetter || c == kUpper || is_para_sep(c) || is_sa_term(c)) return false;
  }
  return false;
}

}  // namespace

bool fast_sentence_breaks(std::string_view text, std::vector<std::int32_t>& breaks) {
  const Cls* t = table();
  thread_local std::vector<Cls> cls_buf;
  thread_local std::vector<std::uint32_t> pos;
  cls_buf.clear();
  pos.clear();
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size;) {
    const unsigned char b = s[i];
    char32_t c;
    std::size_t len;
    if (b < 0x80) {
      c = b;
      len = 1;
    } else if (b < 0xE0) {
      c = (static_cast<char32_t>(b & 0x1F) << 6) | (s[i + 1] & 0x3F);
      len = 2;
    } else if (b < 0xF0) {
      c = (static_cast<char32_t>(b & 0x0F) << 12) | (static_cast<char32_t>(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
      len = 3;
    } else {
      return false;  // supplementary
    }
    const Cls k = t[c];
    if (k == kRefuse) return false;
    cls_buf.push_back(k);
    pos.push_back(static_cast<std::uint32_t>(i));
    i += len;
  }
  const std::size_t n = pos.size();
  pos.push_back(static_cast<std::uint32_t>(size));
  const Cls* cls = cls_buf.data();

  auto brk = [&](std::size_t k) {
    if (k < n) breaks.push_back(static_cast<std::int32_t>(pos[k]));
  };
  std::size_t i = 0;
  while (i < n) {
    const Cls c = cls[i];
    if (is_para_sep(c)) {
      if (c == kCR && i + 1 < n && cls[i + 1] == kLF) ++i;  // SB3
      brk(++i);                                           // SB4
      continue;
    }
    if (!is_sa_term(c)) {
      ++i;
      continue;
    }
    // SATerm Close* Sp*: no break inside (SB9, SB10); decide at k, after it.
    std::size_t k = i + 1;
    while (k < n && cls[k] == kClose) ++k;
    while (k < n && cls[k] == kSp) ++k;
    if (k < n) {
      const Cls next = cls[k];
      bool keep = is_para_sep(next)                          // SB9, SB10: the break follows the separator
                  || next == kSContinue || is_sa_term(next);  // SB8a
      if (c == kATerm) {
        keep = keep || (k == i + 1 && next == kNumeric)                                          // SB6
               || (k == i + 1 && next == kUpper && i > 0 && (cls[i - 1] == kUpper || cls[i - 1] == kLower))  // SB7
               || lower_follows(cls, k, n);                                                      // SB8
      }
      if (!keep) brk(k);  // SB11
    }
    i = k;
  }
  if (size > 0) breaks.push_back(static_cast<std::int32_t>(size));  // ICU gives none for an empty text
  return true;
}

}  // namespace newsdeal
