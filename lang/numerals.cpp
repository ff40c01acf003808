// Numerals: the public API, the scan over running text and digit groups.
//
// Hand-written rather than RE2: a regular expression can find "三千五百万" but not
// compute its value, and the value of a Chinese numeral depends on the order of its
// units (一万五千亿 multiplies what came before, 五亿四千万 adds to it), on what was
// left out (两千四百五 is 2450) and on what comes after (三点五亿). Each grammar
// below reads forward from one position with a bounded look-ahead, and the scan
// skips whole alphanumeric runs it cannot use, so find_numbers is linear in the text.
// Invalid UTF-8 decodes as U+FFFD one byte at a time (see decode), so any input is
// safe.
#include "lang/numerals.h"

#include <charconv>
#include <cmath>
#include <string>

#include "lang/numerals_detail.h"

namespace newsdeal {
namespace numerals_detail {

Cp decode(std::string_view s, std::size_t i) {
  if (i >= s.size()) return {0, 0};
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1};
  std::size_t len;
  char32_t cp, min;
  if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
  else return {0xFFFD, 1};
  if (i + len > s.size()) return {0xFFFD, 1};
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0xFFFD, 1};
  return {cp, len};
}

char32_t prev_cp(std::string_view s, std::size_t pos) {
  if (pos == 0 || pos > s.size()) return 0;
  std::size_t start = pos - 1;
  // back over at most three continuation bytes to a lead byte
  while (start > 0 && pos - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  Cp c = decode(s, start);
  return start + c.len == pos ? c.cp : 0xFFFD;
}

std::size_t gap_end(std::string_view s, std::size_t pos, bool allow_newline) {
  std::size_t q = pos;
  int n = 0, newlines = 0;
  while (q < s.size()) {
    char c = s[q];
    if (c == ' ' || c == '\t') {
    } else if (allow_newline && (c == '\n' || c == '\r')) {
      if (c == '\n' && ++newlines > 1) return pos;
    } else {
      break;
    }
    if (++n > kMaxGap) return pos;
    ++q;
  }
  return q;
}

namespace {

bool is_group_separator(char32_t c) {
  // ',' and the full-width '，' as in 8，000; the narrow and thin spaces that SI style
  // puts between groups. Not the plain space: "in 2023 500 people" is two numbers.
  return c == ',' || c == U'，' || c == U'\u202F' || c == U'\u2009';
}

// Appends the digits at `pos` to `out`; returns where they end.
std::size_t take_digits(std::string_view t, std::size_t pos, std::string& out, std::size_t max = SIZE_MAX) {
  std::size_t n = 0;
  while (n < max) {
    Cp c = decode(t, pos);
    int v = digit_value(c.cp);
    if (v < 0) break;
    out += static_cast<char>('0' + v);
    pos += c.len;
    ++n;
  }
  return pos;
}

}  // namespace

std::optional<DigitGroup> read_digits(std::string_view t, std::size_t pos, bool dotted_component) {
  std::string buf;  // the numeral as ASCII, for std::from_chars (locale-independent)
  std::size_t p = take_digits(t, pos, buf);
  const std::size_t lead_digits = buf.size();
  bool leading_dot = false;
  if (lead_digits == 0) {
    Cp d = decode(t, p);
    if (!is_dot(d.cp) || digit_value(decode(t, p + d.len).cp) < 0) return std::nullopt;
    leading_dot = true;
    buf.push_back('0');  // buf is empty here
  }
  if (lead_digits >= 1 && lead_digits <= 3) {
    char32_t sep = 0;  // one kind of separator per numeral
    while (true) {
      Cp c = decode(t, p);
      if (!is_group_separator(c.cp) || (sep && c.cp != sep)) break;
      std::string group;
      std::size_t q = take_digits(t, p + c.len, group, 3);
      if (group.size() != 3 || digit_value(decode(t, q).cp) >= 0) break;  // exactly three
      sep = c.cp;
      buf += group;
      p = q;
    }
  }
  bool integer = true;
  if (!dotted_component) {
    Cp d = decode(t, p);
    if (is_dot(d.cp)) {
      std::string frac;
      std::size_t q = take_digits(t, p + d.len, frac);
      if (!frac.empty()) {
        Cp d2 = decode(t, q);
        bool dotted = is_dot(d2.cp) && digit_value(decode(t, q + d2.len).cp) >= 0;  // 192.168.1.2
        if (!dotted) {
          buf += '.';
          buf += frac;
          p = q;
          integer = false;
        }
      }
    }
  }
  if (leading_dot && integer) return std::nullopt;
  {
    Cp e = decode(t, p);
    if (e.cp == 'e' || e.cp == 'E') {
      std::size_t q = p + 1;
      std::string exp = "e";
      Cp sign = decode(t, q);
      if (sign.cp == '+' || sign.cp == U'＋') { q += sign.len; }
      else if (sign.cp == '-' || sign.cp == U'－' || sign.cp == U'−') { exp += '-'; q += sign.len; }
      std::size_t before = exp.size();
      q = take_digits(t, q, exp, 4);
      std::size_t nd = exp.size() - before;
      if (nd >= 1 && nd <= 3 && !is_ascii_alnum(decode(t, q).cp) && digit_value(decode(t, q).cp) < 0) {
        buf += exp;
        p = q;
        integer = false;
      }
    }
  }
  double v = 0;
  auto [ptr, ec] = std::from_chars(buf.data(), buf.data() + buf.size(), v);
  if (ec != std::errc() || ptr != buf.data() + buf.size() || !std::isfinite(v)) return std::nullopt;
  DigitGroup g;
  g.end = p;
  g.value = v;
  g.integer = integer;
  g.single = integer && buf.size() == 1;
  if (integer && v != 0)
    for (auto it = buf.rbegin(); it != buf.rend() && *it == '0'; ++it) ++g.trailing_zeros;
  return g;
}

namespace {

bool is_minus(char32_t c) { return c == '-' || c == U'−' || c == U'－'; }

// A '-' is a minus sign only where it cannot be a hyphen or a dash between two
// figures: not after a letter or digit (GPT-4, 2024-2025, 5-10), a closing bracket,
// a percent sign or another numeral.
bool minus_context(char32_t prev) {
  if (prev == 0) return true;
  if (is_ascii_alnum(prev) || digit_value(prev) >= 0 || zh_can_start(prev)) return false;
  switch (prev) {
    case '_': case ')': case ']': case '}': case '%': case '.': case '-': case '/':
    case U'−': case U'－': case U'）': case U'％': case U'】':
      return false;
    default:
      return true;
  }
}

// After "<digit>." (an IP address or a version number), a digit group is one
// component of a dotted sequence, not a number with a decimal part.
bool dotted_context(std::string_view t, std::size_t pos) {
  return pos >= 2 && t[pos - 1] == '.' && is_ascii_digit(static_cast<unsigned char>(t[pos - 2]));
}

Range negate(Range r) {
  Range out;
  if (r.max) out.min = -*r.max;
  if (r.min) out.max = -*r.min;
  out.approx = r.approx;
  return out;
}

// The numeral starting exactly at `pos`, longest form; `whole` relaxes the checks
// that need context (lone 陆, "tens" without "of", a '-' after a letter).
std::optional<Match> match_number(std::string_view t, std::size_t pos, bool whole) {
  Cp c = decode(t, pos);
  if (c.len == 0) return std::nullopt;
  std::size_t p = pos;
  bool neg = false;
  if (is_minus(c.cp)) {
    if (!whole && !minus_context(prev_cp(t, pos))) return std::nullopt;
    Cp d = decode(t, pos + c.len);
    bool digit_next = digit_value(d.cp) >= 0 ||
                      (is_dot(d.cp) && digit_value(decode(t, pos + c.len + d.len).cp) >= 0);
    if (!digit_next) return std::nullopt;
    neg = true;
    p = pos + c.len;
  } else if (c.cp == U'负' || c.cp == U'負') {
    neg = true;
    p = pos + c.len;
  }
  Cp s = decode(t, p);
  if (is_ascii_alpha(s.cp)) {
    if (neg) return std::nullopt;
    return match_en_words(t, p, whole);
  }
  if (is_dot(s.cp) && !whole && !neg) {
    // ".5" but not the dot of "2.5" or "192.168": those are read from their first digit
    char32_t before = prev_cp(t, pos);
    if (is_ascii_alnum(before) || digit_value(before) >= 0 || is_dot(before)) return std::nullopt;
  }
  auto z = match_zh(t, p, dotted_context(t, p), !neg);
  if (!z) return std::nullopt;
  if (z->lone_ambiguous && !whole) return std::nullopt;
  Match m{z->end, z->value};
  if (z->digits_only) {
    DigitTail tail = en_after_digits(t, z->end, z->digits);
    if (tail.reject) return std::nullopt;
    if (tail.factor != 1) m.value = m.value.scaled(tail.factor);
    m.end = tail.end;
  }
  if (neg) m.value = negate(m.value);
  // 一万万万万…万 or 9e300亿: no figure anyone writes; a Range holds finite values
  if ((m.value.min && !std::isfinite(*m.value.min)) || (m.value.max && !std::isfinite(*m.value.max)))
    return std::nullopt;
  return m;
}

bool can_start(char32_t cp) {
  return digit_value(cp) >= 0 || is_minus(cp) || is_dot(cp) || cp == U'负' || cp == U'負' || zh_can_start(cp);
}

bool is_word_char(unsigned char c) { return is_ascii_alnum(c) || c == '_'; }

}  // namespace
}  // namespace numerals_detail

using namespace numerals_detail;

std::optional<Range> parse_number(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  auto m = match_number(text, 0, /*whole=*/true);
  if (!m || m->end != text.size()) return std::nullopt;
  return m->value;
}

std::vector<NumberMatch> find_numbers(std::string_view text) {
  std::vector<NumberMatch> out;
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (is_word_char(b)) {
      // An ASCII word or number is tried only from its first character: the 100 of
      // H100 and the "one" of "someone" are not numerals.
      if (i == 0 || !is_word_char(static_cast<unsigned char>(text[i - 1]))) {
        if (auto m = match_number(text, i, false)) {
          out.push_back({Span{i, m->end}, m->value});
          i = m->end;
          continue;
        }
      }
      while (i < n && is_word_char(static_cast<unsigned char>(text[i]))) ++i;
      continue;
    }
    Cp c = decode(text, i);
    if (can_start(c.cp)) {
      if (auto m = match_number(text, i, false)) {
        out.push_back({Span{i, m->end}, m->value});
        i = m->end;
        continue;
      }
      if (digit_value(c.cp) >= 0) {
        // a run of digits that is no numeral (too long for a double): skip all of it
        while (i < n && digit_value(decode(text, i).cp) >= 0) i += decode(text, i).len;
        continue;
      }
      if (std::size_t skip = zh_skip_after_failure(text, i); skip > i) {
        i = skip;
        continue;
      }
    }
    i += c.len;
  }
  return out;
}

}  // namespace newsdeal
