// UTF-8 validation and code-point stepping. Written by hand rather than through ICU
// because validation must report the byte offset of the first bad sequence, and
// ICU's converters only substitute or stop without telling where.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace newsdeal {

// The byte offset of the first invalid sequence (bad lead byte, truncated or
// overlong sequence, surrogate, code point above U+10FFFF), or nullopt when the
// whole text is well-formed UTF-8.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Decodes the code point starting at `pos` and advances `pos` past it.
// Precondition: text is valid UTF-8 and pos < text.size().
// Inline: the scans over whole texts call it for every non-ASCII character.
inline char32_t next_code_point(std::string_view text, std::size_t& pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char c = s[pos];
  if (c < 0x80) {
    ++pos;
    return c;
  }
  const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < len && pos + k < text.size(); ++k) cp = (cp << 6) | (s[pos + k] & 0x3F);
  pos += len;
  return cp;
}

// Appends the UTF-8 encoding of `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

}  // namespace newsdeal
