// Private to lang/numerals*.cpp: the pieces the Chinese and English grammars share.
// Nothing outside those three files includes this header.
//
// Layout: numerals.cpp holds the public API, the scan over running text, digit groups
// ("8,000", "1.5", "1e10") and what may follow a bare digit group in English ("2.5bn",
// "1.2 trillion"); numerals_zh.cpp the Chinese grammar (三千五百万, 1.5万, 数十亿, 十多万);
// numerals_en.cpp English number words ("two hundred and five", "tens of millions").
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "lang/span.h"

namespace newsdeal::numerals_detail {

// One decoded code point. Invalid UTF-8 decodes as U+FFFD of length 1, so a scan
// always advances and never reads past the end; len == 0 only at the end of text.
struct Cp {
  char32_t cp = 0;
  std::size_t len = 0;
};
Cp decode(std::string_view text, std::size_t pos);

// The code point that ends right before `pos` (0 at the start of the text).
char32_t prev_cp(std::string_view text, std::size_t pos);

inline bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_alnum(char32_t c) { return is_ascii_digit(c) || is_ascii_alpha(c); }
// ASCII or full-width digit -> 0..9, anything else -> -1.
inline int digit_value(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= U'０' && c <= U'９') return static_cast<int>(c - U'０');
  return -1;
}
inline bool is_dot(char32_t c) { return c == '.' || c == U'．'; }

// Inside one numeral, parts may be separated by at most this many whitespace
// characters ("1000  万", "fifty   two"); a longer gap ends the numeral. The bound
// also keeps every look-ahead constant, so the scan stays linear.
constexpr int kMaxGap = 4;

// The end of the whitespace run at `pos` when it is 1..kMaxGap long, else `pos`.
// Chinese numerals allow spaces and tabs; English words also one line break
// (hard-wrapped text), never a blank line.
std::size_t gap_end(std::string_view text, std::size_t pos, bool allow_newline);

struct Match {
  std::size_t end = 0;
  Range value;
};

// A run of ASCII or full-width digits: thousands groups ("8,000", "8，000",
// "1 234 567" with U+202F or U+2009 only), a decimal part ("1.5", "２．２", ".5") and
// an exponent ("1e10", "12.32e+14").
struct DigitGroup {
  std::size_t end = 0;
  double value = 0;
  bool single = false;     // exactly one digit and nothing else (the 5 of 三万5)
  bool integer = true;     // no decimal part, no exponent
  int trailing_zeros = 0;  // of an integer: 500 -> 2 (500余万 spans [500万, 600万])
};
// `dotted_component`: the group follows "<digit>." (192.168.1.2), so it takes no
// decimal part of its own.
std::optional<DigitGroup> read_digits(std::string_view text, std::size_t pos, bool dotted_component);

// Chinese numerals, and digit groups with or without Chinese multipliers.
struct ZhResult {
  std::size_t end = 0;
  Range value;
  bool digits_only = false;     // one bare digit group: English suffixes may follow
  DigitGroup digits;            // that group, when digits_only
  bool lone_ambiguous = false;  // one character that is usually a word (陆 大陆, 拾 收拾, 零 零售)
};
// `vague`: whether 数/几/上 may open a numeral (not after 负: 负数 is "negative number").
std::optional<ZhResult> match_zh(std::string_view text, std::size_t pos, bool dotted_component, bool vague);
// Whether a numeral can start with this code point in the Chinese grammar.
bool zh_can_start(char32_t cp);
// Where the scan may resume after match_zh found nothing at `pos`: past a run of
// Chinese digits too long to be a figure (which would otherwise be re-read from every
// position), else `pos` itself.
std::size_t zh_skip_after_failure(std::string_view text, std::size_t pos);

// English number words at a word start ("twenty-five", "a dozen", "tens of millions").
// `whole`: the text is one numeral (parse_number), so "tens" needs no "of" after it
// and a trailing "of" ("hundreds of") is part of it.
std::optional<Match> match_en_words(std::string_view text, std::size_t pos, bool whole);

// What follows a bare digit group in English: a glued suffix (2.5bn, 10k, 1.2tn), a
// spaced scale word (1.2 trillion, 2 million, 3 dozen), an ordinal ending (4th: not a
// cardinal, reject) or letters and digits (5G2: an identifier, reject).
struct DigitTail {
  bool reject = false;
  double factor = 1;
  std::size_t end = 0;  // end of the numeral including the tail
};
DigitTail en_after_digits(std::string_view text, std::size_t digits_end, const DigitGroup& digits);

}  // namespace newsdeal::numerals_detail
