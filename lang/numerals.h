// Numerals in Chinese and English to a value or a range with an approx flag.
//
//   parse_number("三千五百万")        -> {3.5e7, 3.5e7}
//   parse_number("1.5万")            -> {15000, 15000}
//   parse_number("数十亿")            -> {1e9, 1e10, approx}
//   parse_number("2.5bn")            -> {2.5e9, 2.5e9}
//   parse_number("tens of millions") -> {1e7, 1e8, approx}
//
//   for (const NumberMatch& m : find_numbers(text)) ... // every numeral, by span
//
// Chinese: 零〇一二两三四五六七八九十百千万亿, financial forms 壹贰叁肆伍陆柒捌玖拾佰仟,
// traditional 萬億兩, 兆 as 10^12 (financial usage), digits with Chinese multipliers
// (1.5万, 3千万, 250亿), vague magnitudes 数十亿 几百万 上千 数千万 as the decade they
// name. English: digits with separators ("8,000", "1.2"), suffixes (k, m, bn, tn),
// scale words ("1.2 trillion"), number words ("two hundred", "a dozen"), vague
// magnitudes ("tens of millions", "hundreds of", "billions").
// Input may be raw or normalized text; full-width digits are accepted.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "lang/span.h"

namespace newsdeal {

// The value of `text` when the whole of it is one numeral, else nullopt.
std::optional<Range> parse_number(std::string_view text);

struct NumberMatch {
  Span span;    // byte offsets into the text searched
  Range value;
};

// Every numeral in `text`, longest first at each position, non-overlapping, in order.
std::vector<NumberMatch> find_numbers(std::string_view text);

}  // namespace newsdeal
