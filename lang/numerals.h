// Numerals in Chinese and English to a value or a range with an approx flag.
//
//   parse_number("三千五百万")        -> {3.5e7, 3.5e7}
//   parse_number("1.5万")            -> {15000, 15000}
//   parse_number("数十亿")            -> {1e9, 1e10, approx}
//   parse_number("十多万")            -> {1e5, 2e5, approx}
//   parse_number("2.5bn")            -> {2.5e9, 2.5e9}
//   parse_number("tens of millions") -> {1e7, 1e8, approx}
//   parse_number("$3b")              -> nullopt (the currency is the money extractor's)
//
//   for (const NumberMatch& m : find_numbers(text)) ... // every numeral, by span
//
// Chinese: 零〇一二两三四五六七八九十百千万亿, financial forms 壹贰叁肆伍陆柒捌玖拾佰仟,
// traditional 萬億兩貳參陸點幾, 兆 as 10^12 (financial usage; not in 兆瓦), digits with
// Chinese multipliers (1.5万, 3千万, ３千万, 250亿), 点 decimals (三点五亿), 两千四百五
// = 2450, fractions 三分之一; vague magnitudes 数十亿 几百万 上千 数千万 as the decade they
// name, 十多万 / 500余万 / 二十几 from the figure to its next step, 两三千 as [2000, 3000].
// English: digits with separators ("8,000", "8，000", "1.2", "1e10"), suffixes (k, m,
// bn, tn, MM), scale words ("1.2 trillion", "13 lakh"), number words ("two hundred and
// five", "a dozen", "twenty-five"), vague magnitudes ("tens of millions", "hundreds of",
// "billions", "dozens" [24, 144], "several hundred"). A '-', '−' or 负 sign makes a
// number negative where it cannot be a hyphen (GPT-4, 2024-2025 are not negative).
// lang/numerals_zh.cpp and lang/numerals_en.cpp say why each value is what it is.
//
// Not numerals here: years are plain numbers (2027), percent signs and currencies are
// not part of a numeral, ordinals (4th, first) are not numerals, and fractions in
// English words ("two thirds"), with a slash (3/4) or spelled-out decimals ("two point
// five") are out of scope.
//
// Input may be raw or normalized text (full-width digits, traditional characters);
// any bytes are safe, invalid UTF-8 included. Both functions run in time linear in the
// text.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "lang/span.h"

namespace newsdeal {

// The value of `text` when the whole of it (less surrounding whitespace) is one
// numeral, else nullopt. Context that find_numbers needs is not required here: a lone
// 陆 or 零 is 6 or 0, "tens" and "hundreds of" are ranges.
std::optional<Range> parse_number(std::string_view text);

struct NumberMatch {
  Span span;    // byte offsets into the text searched
  Range value;  // parse_number of the span's text gives the same value
};

// Every numeral in `text`, longest first at each position, non-overlapping, in order.
// English words match whole words only ("one" in "someone" is none), and a word or
// digit run glued to letters before it is none either (the 100 of H100).
std::vector<NumberMatch> find_numbers(std::string_view text);

}  // namespace newsdeal
