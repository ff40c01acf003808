#include "extractors/regex_filter.h"

#include <cctype>

namespace newsdeal {

namespace {

// Length of a repetition operator "{m}", "{m,}" or "{m,n}" at `i`, or 0; `min` gets
// m and `max` n (m for "{m}", ~0u for "{m,}").
std::size_t repetition_at(std::string_view re, std::size_t i, unsigned* min, unsigned* max = nullptr) {
  if (i >= re.size() || re[i] != '{') return 0;
  std::size_t j = i + 1;
  unsigned m = 0;
  std::size_t digits = 0;
  while (j < re.size() && std::isdigit(static_cast<unsigned char>(re[j]))) {
    m = m * 10 + static_cast<unsigned>(re[j] - '0');
    ++j, ++digits;
  }
  if (digits == 0) return 0;
  unsigned n = m;
  if (j < re.size() && re[j] == ',') {
    ++j;
    std::size_t ndigits = 0;
    n = 0;
    while (j < re.size() && std::isdigit(static_cast<unsigned char>(re[j]))) {
      n = n * 10 + static_cast<unsigned>(re[j] - '0');
      ++j, ++ndigits;
    }
    if (ndigits == 0) n = ~0u;
  }
  if (j >= re.size() || re[j] != '}') return 0;
  *min = m;
  if (max) *max = n;
  return j + 1 - i;
}

}  // namespace

std::string loosen_repetitions(std::string_view re) {
  std::string out;
  out.reserve(re.size());
  bool in_class = false;
  for (std::size_t i = 0; i < re.size();) {
    char c = re[i];
    if (c == '\\' && i + 1 < re.size()) {
      // \p{Han} and \x{4E00} hold braces that are not repetitions.
      std::size_t len = 2;
      if ((re[i + 1] == 'p' || re[i + 1] == 'P' || re[i + 1] == 'x') && i + 2 < re.size() && re[i + 2] == '{') {
        std::size_t close = re.find('}', i + 2);
        len = close == std::string_view::npos ? re.size() - i : close + 1 - i;
      }
      out.append(re.substr(i, len));
      i += len;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      ++i;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      ++i;
      // A ']' right after '[' or '[^' is a literal member.
      if (i < re.size() && re[i] == '^') out += re[i++];
      if (i < re.size() && re[i] == ']') out += re[i++];
      continue;
    }
    unsigned min = 0;
    if (std::size_t len = repetition_at(re, i, &min)) {
      out += min == 0 ? '*' : '+';
      i += len;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

namespace {

// The length of the single atom at re[i]: an escape (\x01, \p{Han}, \d), a class,
// '.', or one UTF-8 character; 0 for anything else (groups, operators).
std::size_t single_atom_at(std::string_view re, std::size_t i) {
  const char c = re[i];
  if (c == '\\') {
    if (i + 1 >= re.size()) return 0;
    const char d = re[i + 1];
    if ((d == 'p' || d == 'P' || d == 'x') && i + 2 < re.size() && re[i + 2] == '{') {
      std::size_t close = re.find('}', i + 2);
      return close == std::string_view::npos ? 0 : close + 1 - i;
    }
    if (d == 'x') return i + 3 < re.size() ? 4 : 0;
    if (d == 'p' || d == 'P') return i + 2 < re.size() ? 3 : 0;
    if (d == 'Q' || std::isdigit(static_cast<unsigned char>(d))) return 0;
    return 2;
  }
  if (c == '[') {
    std::size_t j = i + 1;
    if (j < re.size() && re[j] == '^') ++j;
    if (j < re.size() && re[j] == ']') ++j;
    while (j < re.size() && re[j] != ']') {
      if (re[j] == '\\') ++j;
      else if (re[j] == '[' && j + 1 < re.size() && re[j + 1] == ':') {
        std::size_t e = re.find(":]", j + 2);
        if (e == std::string_view::npos) return 0;
        j = e + 1;
      }
      ++j;
    }
    return j < re.size() ? j + 1 - i : 0;
  }
  if (c == '.') return 1;
  if (std::string_view("()|*+?{}^$").find(c) != std::string_view::npos) return 0;
  const auto u = static_cast<unsigned char>(c);
  std::size_t len = u < 0x80 ? 1 : u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 0;
  return i + len <= re.size() ? len : 0;
}

}  // namespace

OpenedPattern open_long_repetitions(std::string_view re, std::string_view group_prefix, unsigned min_count) {
  OpenedPattern out;
  for (std::size_t i = 0; i < re.size();) {
    const std::size_t atom = single_atom_at(re, i);
    if (atom == 0) {
      // Operators and group syntax pass through; an escape or class that is not an
      // atom here (\Q, a back-reference) is copied whole below.
      if (re[i] == '\\' && i + 1 < re.size()) {
        out.pattern.append(re.substr(i, 2));
        i += 2;
      } else {
        out.pattern += re[i++];
      }
      continue;
    }
    unsigned min = 0, max = 0;
    const std::size_t rep = repetition_at(re, i + atom, &min, &max);
    if (rep == 0 || max == ~0u || max < min_count) {
      out.pattern.append(re.substr(i, atom + rep));
      i += atom + rep;
      continue;
    }
    const bool lazy = i + atom + rep < re.size() && re[i + atom + rep] == '?';
    OpenedPattern::Bound b{std::string(group_prefix) + std::to_string(out.bounds.size()), min, max};
    out.pattern += "(?P<" + b.group + ">";
    out.pattern.append(re.substr(i, atom));
    out.pattern += min == 0 ? '*' : '+';
    if (lazy) out.pattern += '?';
    out.pattern += ')';
    out.bounds.push_back(std::move(b));
    i += atom + rep + (lazy ? 1 : 0);
  }
  return out;
}

bool digits_interchangeable(std::string_view re) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  bool in_class = false;
  for (std::size_t i = 0; i < re.size();) {
    const char c = re[i];
    if (c == '\\') {
      if (i + 1 >= re.size()) return false;
      const char d = re[i + 1];
      // \x31, \061 and back-references name single bytes or groups by digits.
      if (d == 'x' || digit(d)) return false;
      if ((d == 'p' || d == 'P') && i + 2 < re.size() && re[i + 2] == '{') {
        const std::size_t close = re.find('}', i + 2);
        if (close == std::string_view::npos) return false;
        i = close + 1;
        continue;
      }
      i += 2;
      continue;
    }
    if (in_class) {
      if (c == ']') {
        in_class = false;
      } else if (re.substr(i, 3) == "0-9") {
        i += 3;
        continue;
      } else if (c == '[' && i + 1 < re.size() && re[i + 1] == ':') {
        const std::size_t e = re.find(":]", i + 2);
        if (e == std::string_view::npos) return false;
        i = e + 2;
        continue;
      } else if (digit(c)) {
        return false;  // 5, or a range like 1-9 that splits the digits
      }
      ++i;
      continue;
    }
    if (c == '[') {
      in_class = true;
      ++i;
      if (i < re.size() && re[i] == '^') ++i;
      if (i < re.size() && re[i] == ']') ++i;  // a literal ]
      continue;
    }
    unsigned min = 0;
    if (std::size_t len = repetition_at(re, i, &min)) {
      i += len;
      continue;
    }
    if (re.substr(i, 4) == "(?P<") {
      const std::size_t close = re.find('>', i + 4);
      if (close == std::string_view::npos) return false;
      i = close + 1;
      continue;
    }
    if (digit(c)) return false;
    ++i;
  }
  return !in_class;
}

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace newsdeal
