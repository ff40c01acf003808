#include "extractors/regex_filter.h"

#include <cctype>

namespace newsdeal {

namespace {

// Length of a repetition operator "{m}", "{m,}" or "{m,n}" at `i`, or 0; `min` gets m.
std::size_t repetition_at(std::string_view re, std::size_t i, unsigned* min) {
  if (i >= re.size() || re[i] != '{') return 0;
  std::size_t j = i + 1;
  unsigned m = 0;
  std::size_t digits = 0;
  while (j < re.size() && std::isdigit(static_cast<unsigned char>(re[j]))) {
    m = m * 10 + static_cast<unsigned>(re[j] - '0');
    ++j, ++digits;
  }
  if (digits == 0) return 0;
  if (j < re.size() && re[j] == ',') {
    ++j;
    while (j < re.size() && std::isdigit(static_cast<unsigned char>(re[j]))) ++j;
  }
  if (j >= re.size() || re[j] != '}') return 0;
  *min = m;
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

}  // namespace newsdeal
