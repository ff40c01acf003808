// See word_break.h. The two halves: a class table with UAX #29's pair rules
// for everything but ideographs, and ICU's CJK dictionary engine for runs of
// ideographs (lang/cjk_dictionary.h).
#include "lang/word_break.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <cstdint>
#include <cstring>

#include "lang/cjk_dictionary.h"

namespace newsdeal {

namespace {

// A character's part in the rules. kHan is an ideograph (a dictionary
// character); kRefuse anything this does not reproduce.
enum Cls : std::uint8_t { kOther, kLetter, kDigit, kMidLetter, kMidNum, kMidNumLet, kExtendNumLet, kHan, kRefuse };

Cls classify(UChar32 c) {
  if (c >= 0xD800 && c <= 0xDFFF) return kRefuse;
  const auto wb = static_cast<UWordBreakValues>(u_getIntPropertyValue(c, UCHAR_WORD_BREAK));
  const auto gc = static_cast<UCharCategory>(u_charType(c));
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  if ((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF))
    return script == USCRIPT_HAN && gc == U_OTHER_LETTER && wb == U_WB_OTHER && u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)
               ? kHan
               : kRefuse;
  // ICU's dictionary characters ($dictionary: kana, kanji, Hangul syllables,
  // Complex_Context scripts) and emoji take rules not reproduced here; so do
  // unassigned and private-use code points.
  if (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
      script == USCRIPT_HANGUL || c == 0x30FC || c == 0xFF70 || c == 0xFF9E || c == 0xFF9F)
    return kRefuse;
  if (u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) return kRefuse;
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) || u_hasBinaryProperty(c, UCHAR_EMOJI)) {
    if (!(c >= '0' && c <= '9') && c != '#' && c != '*') return kRefuse;
  }
  if (gc == U_UNASSIGNED || gc == U_PRIVATE_USE_CHAR || gc == U_SURROGATE) return kRefuse;
  switch (wb) {
    case U_WB_ALETTER: return kLetter;
    case U_WB_NUMERIC: return kDigit;
    case U_WB_MIDLETTER:
      // ICU's root rules take the colons out of MidLetter (word.txt:
      // [\p{Word_Break = MidLetter} - [\: \uFE55 \uFF1A]]): "a:b" is two words.
      return c == ':' || c == 0xFE55 || c == 0xFF1A ? kOther : kMidLetter;
    case U_WB_MIDNUM: return kMidNum;
    case U_WB_MIDNUMLET:
    case U_WB_SINGLE_QUOTE: return kMidNumLet;  // MidNumLetQ: the same without Hebrew letters
    case U_WB_EXTENDNUMLET: return kExtendNumLet;
    case U_WB_CR:
    case U_WB_LF:
    case U_WB_NEWLINE:
    case U_WB_WSEGSPACE:
    case U_WB_DOUBLE_QUOTE: return kOther;  // never in a token; Double_Quote joins only Hebrew
    case U_WB_OTHER: {
      // Punctuation, symbols, spaces and controls stand alone; other letters
      // with Word_Break Other (ideographic ones get their own rule status) do not
      // count as covered.
      const std::uint32_t mask = U_GC_P_MASK | U_GC_S_MASK | U_GC_Z_MASK | U_GC_CC_MASK;
      return (U_MASK(gc) & mask) ? kOther : kRefuse;
    }
    default: return kRefuse;  // Extend, Format, ZWJ, Katakana, Hebrew_Letter, RI, emoji
  }
}

// The class of every BMP character, and ICU's dictionary for the ideographs.
struct Tables {
  Cls bmp[0x10000];
  const CjkDictionary* dict = nullptr;
  bool ascii_covered = true;  // no ASCII character is kRefuse

  Tables() {
    for (UChar32 c = 0; c < 0x10000; ++c) bmp[c] = classify(c);
    for (UChar32 c = 0; c < 0x80; ++c) ascii_covered = ascii_covered && bmp[c] != kRefuse;
    // An ICU whose dictionary is missing or laid out otherwise is no error:
    // ideographs then go to ICU itself, as everything this does not cover.
    dict = CjkDictionary::get();
    if (!dict)
      for (Cls& c : bmp) c = c == kHan ? kRefuse : c;
  }
};

const Tables& tables() {
  static const Tables* t = new Tables();  // never freed: used until exit
  return *t;
}

bool is_ah_letter(Cls c) { return c == kLetter; }
bool is_mid_letter_q(Cls c) { return c == kMidLetter || c == kMidNumLet; }  // (MidLetter | MidNumLetQ)
bool is_mid_num_q(Cls c) { return c == kMidNum || c == kMidNumLet; }        // (MidNum | MidNumLetQ)
bool is_alnum(Cls c) { return c == kLetter || c == kDigit; }

// Whether UAX #29 keeps characters b-1 and b together (WB5-WB13b; the rules
// that join only spaces or CR LF are left out: such segments are never tokens
// either way). `cls` has a kOther sentinel at either end, standing for the
// start and end of text (where WB1/WB2 break just as next to an Other).
bool joined(const Cls* cls, std::size_t b) {
  const Cls pp = cls[b - 2], p = cls[b - 1], c = cls[b], nn = cls[b + 1];
  if (is_alnum(p) && is_alnum(c)) return true;                                      // WB5, 8, 9, 10
  if (is_ah_letter(p) && is_mid_letter_q(c) && is_ah_letter(nn)) return true;       // WB6
  if (is_ah_letter(pp) && is_mid_letter_q(p) && is_ah_letter(c)) return true;       // WB7
  if (p == kDigit && is_mid_num_q(c) && nn == kDigit) return true;                  // WB12
  if (pp == kDigit && is_mid_num_q(p) && c == kDigit) return true;                  // WB11
  if ((is_alnum(p) || p == kExtendNumLet) && c == kExtendNumLet) return true;       // WB13a
  if (p == kExtendNumLet && is_alnum(c)) return true;                               // WB13b
  return false;
}

}  // namespace

bool fast_word_tokens(std::string_view text, std::vector<Span>& out, std::vector<char>& han) {
  const Tables& t = tables();
  // Per character: its class and byte offset (cls has a kOther sentinel on
  // either side), and the UTF-16 unit of each ideograph for the dictionary.
  // The buffers only grow (a text has no more characters than bytes), and are
  // written through pointers: this pass sees every character of the text.
  thread_local std::vector<Cls> cls_buf;
  thread_local std::vector<std::uint32_t> pos_buf;
  thread_local std::vector<char16_t> units_buf;
  thread_local std::vector<std::uint32_t> cuts;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  if (cls_buf.size() < size + 4) {
    cls_buf.resize(size + 4);
    pos_buf.resize(size + 1);
    units_buf.resize(size + 1);
  }
  Cls* const cls = cls_buf.data() + 2;  // cls[-2], cls[-1], cls[n], cls[n+1] are sentinels
  std::uint32_t* const pos = pos_buf.data();
  char16_t* const units = units_buf.data();
  cls[-2] = cls[-1] = kOther;
  std::size_t n = 0;
  for (std::size_t i = 0; i < size;) {
    // ASCII: most characters of most text, eight at a time while they last
    // (no ASCII character is refused, which the table checks).
    while (i + 8 <= size && t.ascii_covered) {
      std::uint64_t w;
      std::memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ull) break;
      for (std::size_t q = 0; q < 8; ++q) cls[n + q] = t.bmp[s[i + q]];
      // Their offsets, i to i+7, in two 16-byte stores (GCC vector extension).
      using U32x4 = std::uint32_t __attribute__((vector_size(16)));
      const auto at = static_cast<std::uint32_t>(i);
      const U32x4 low = {at, at + 1, at + 2, at + 3}, high = low + 4;
      std::memcpy(pos + n, &low, sizeof low);
      std::memcpy(pos + n + 4, &high, sizeof high);
      n += 8;
      i += 8;
    }
    while (i < size && s[i] < 0x80) {
      cls[n] = t.bmp[s[i]];
      if (cls[n] == kRefuse) return false;
      pos[n] = static_cast<std::uint32_t>(i);
      ++n;
      ++i;
    }
    if (i == size) break;
    const unsigned char b = s[i];
    char32_t c;
    std::size_t len;
    if (b < 0xE0) {
      c = (static_cast<char32_t>(b & 0x1F) << 6) | (s[i + 1] & 0x3F);
      len = 2;
    } else if (b < 0xF0) {
      c = (static_cast<char32_t>(b & 0x0F) << 12) | (static_cast<char32_t>(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
      len = 3;
    } else {
      return false;  // supplementary
    }
    const Cls k = t.bmp[c];
    if (k == kRefuse) return false;  // (ideographs are kRefuse too when ICU's dictionary is missing)
    cls[n] = k;
    pos[n] = static_cast<std::uint32_t>(i);
    units[n] = static_cast<char16_t>(c);  // (read for ideographs only, so not written for ASCII)
    ++n;
    i += len;
  }
  pos[n] = static_cast<std::uint32_t>(size);
  cls[n] = cls[n + 1] = kOther;

  std::size_t i = 0;
  while (i < n) {
    if (cls[i] == kOther) {  // nothing joins an Other to what follows, and alone it is no token
      ++i;
      continue;
    }
    if (cls[i] == kHan) {
      // A run of ideographs is one rule segment (ICU: $KanaKanji $KanaKanji),
      // divided by the dictionary; every piece is a token.
      std::size_t j = i + 1;
      while (j < n && cls[j] == kHan) ++j;
      cuts.clear();
      t.dict->divide(units + i, j - i, cuts);
      std::size_t from = i;
      for (std::uint32_t c : cuts) {
        out.push_back({pos[from], pos[i + c]});
        han.push_back(1);
        from = i + c;
      }
      i = j;
      continue;
    }
    std::size_t j = i + 1;
    for (;;) {
      // Letters and digits join (WB5, 8, 9, 10): the common case, one test
      // each (the sentinel after the text stops it).
      if (is_alnum(cls[j - 1]))
        while (is_alnum(cls[j])) ++j;
      if (j >= n || cls[j] == kHan || !joined(cls, j)) break;
      ++j;
    }
    // Rule status: every joining rule above carries a word status, and alone
    // only letters and digits have one.
    if (j - i >= 2 || is_alnum(cls[i])) {
      out.push_back({pos[i], pos[j]});
      han.push_back(0);
    }
    i = j;
  }
  return true;
}

}  // namespace newsdeal
