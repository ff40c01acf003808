#include "lang/script.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <cstdint>
#include <cstring>

#include "lang/utf8.h"

namespace newsdeal {

std::string_view lang_name(Lang lang) {
  switch (lang) {
    case Lang::zh: return "zh";
    case Lang::en: return "en";
    case Lang::mixed: return "mixed";
    case Lang::none: break;
  }
  return "";
}

namespace {

// Every code point of U+4E00-9FFF is an assigned ideograph (Lo, script Han)
// since Unicode 14, so the bulk of Chinese text is counted without asking ICU;
// tests/lang/test_script.cpp checks the range against ICU.
constexpr char32_t kIdeographsFirst = 0x4E00, kIdeographsLast = 0x9FFF;

// The letters A-Z a-z among eight ASCII bytes. Lowercased (| 0x20), a byte is a
// letter when adding 0x80 - 'a' sets its high bit and adding 0x7F - 'z' does
// not; bytes below 0x80 never carry into the next.
int ascii_letters8(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  const std::uint64_t lower = w | (0x20 * kOnes);
  const std::uint64_t at_least_a = lower + (0x80 - 'a') * kOnes;
  const std::uint64_t above_z = lower + (0x7F - 'z') * kOnes;
  const std::uint64_t letters = (at_least_a & ~above_z & (0x80 * kOnes)) >> 7;  // a 1 in each letter's byte
  return static_cast<int>((letters * kOnes) >> 56);                           // their sum, in the top byte
}

}  // namespace

ScriptCounts count_scripts(std::string_view text) {
  ScriptCounts c;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t pos = 0;
  while (pos < n) {
    const unsigned char b = s[pos];
    if (b < 0x80) {
      ++pos;
      c.latin += static_cast<unsigned char>((b | 0x20) - 'a') < 26;
      while (pos + 8 <= n) {  // then eight ASCII bytes at a time, while they last
        std::uint64_t w;
        std::memcpy(&w, s + pos, 8);
        if (w & 0x8080808080808080ull) break;
        c.latin += ascii_letters8(w);
        pos += 8;
      }
      continue;
    }
    if (b >= 0xE4 && b <= 0xE9) {  // a lead byte of U+4000-9FFF: decode inline
      const char32_t cp = (static_cast<char32_t>(b & 0x0F) << 12) |
                          (static_cast<char32_t>(s[pos + 1] & 0x3F) << 6) | (s[pos + 2] & 0x3F);
      if (cp >= kIdeographsFirst && cp <= kIdeographsLast) {
        pos += 3;
        ++c.han;
        continue;
      }
    }
    char32_t cp = next_code_point(text, pos);
    if (!u_isalpha(static_cast<UChar32>(cp))) continue;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(static_cast<UChar32>(cp), &err);
    if (U_FAILURE(err)) continue;
    if (sc == USCRIPT_HAN) ++c.han;
    else if (sc == USCRIPT_LATIN) ++c.latin;
  }
  return c;
}

Lang detect_lang(std::string_view utf8) { return lang_of(count_scripts(utf8)); }

Lang lang_of(const ScriptCounts& c) {
  if (c.han == 0 && c.latin == 0) return Lang::none;
  // A Han character carries about as much as a Latin word (~5 letters), so Han is
  // weighted up: a Chinese paragraph quoting "Graviton5" and "AWS" stays zh.
  double han = static_cast<double>(c.han) * 5.0, latin = static_cast<double>(c.latin);
  double share = han / (han + latin);
  if (share >= 0.7) return Lang::zh;
  if (share <= 0.3) return Lang::en;
  return Lang::mixed;
}

Lang mention_lang(std::string_view utf8, Lang context) {
  if (context == Lang::zh || context == Lang::en) return context;
  ScriptCounts c = count_scripts(utf8);
  return c.han > 0 || c.latin == 0 ? Lang::zh : Lang::en;
}

}  // namespace newsdeal
