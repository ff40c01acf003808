#include <optional>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "lang/utf8.h"

using newsdeal::append_utf8;
using newsdeal::find_invalid_utf8;
using newsdeal::next_code_point;

namespace {

struct InvalidCase {
  const char* what;
  std::string text;
  std::size_t offset;  // of the first bad sequence
};

}  // namespace

TEST_CASE("find_invalid_utf8 accepts well-formed text", "[utf8]") {
  const std::vector<std::string> valid = {
      "",
      "plain ASCII, with \t and \n",
      std::string("\0embedded nul\0", 14),
      "亚马逊投资250亿美元",
      "２５０億美元",
      "caf\xC3\xA9",               // é, 2 bytes
      "\xC2\x80",                  // U+0080, smallest 2-byte
      "\xDF\xBF",                  // U+07FF, largest 2-byte
      "\xE0\xA0\x80",              // U+0800, smallest 3-byte
      "\xED\x9F\xBF",              // U+D7FF, just below the surrogates
      "\xEE\x80\x80",              // U+E000, just above them
      "\xEF\xBF\xBF",              // U+FFFF
      "\xF0\x90\x80\x80",          // U+10000, smallest 4-byte
      "\xF4\x8F\xBF\xBF",          // U+10FFFF, the last code point
      "\xF0\x9F\x9A\x80 rocket",   // U+1F680
      "\xF0\xA0\x80\x80",          // U+20000, CJK Ext B
  };
  for (const auto& t : valid) {
    INFO("text: " << t);
    CHECK_FALSE(find_invalid_utf8(t).has_value());
  }
}

TEST_CASE("find_invalid_utf8 reports the offset of the first bad sequence", "[utf8]") {
  const std::vector<InvalidCase> cases = {
      {"stray continuation byte", "ab\x80" "cd", 2},
      {"continuation byte at start", "\xBF", 0},
      {"continuation after a full character", "\xE4\xBA\xBF\xBF", 3},
      {"truncated 2-byte at end", "abc\xC3", 3},
      {"truncated 3-byte at end (1 of 3)", "abc\xE4", 3},
      {"truncated 3-byte at end (2 of 3)", "abc\xE4\xBA", 3},
      {"truncated 4-byte at end (1 of 4)", "x\xF0", 1},
      {"truncated 4-byte at end (2 of 4)", "x\xF0\x9F", 1},
      {"truncated 4-byte at end (3 of 4)", "x\xF0\x9F\x9A", 1},
      {"truncated 3-byte before ASCII", "\xE4\xBA" "a", 0},
      {"truncated 2-byte before a lead byte", "\xC3\xE4\xBA\xBF", 0},
      {"overlong 2-byte NUL (C0 80)", "ok\xC0\x80", 2},
      {"overlong 2-byte (C1 BF)", "\xC1\xBF", 0},
      {"overlong 3-byte NUL (E0 80 80)", "ok\xE0\x80\x80", 2},
      {"overlong 3-byte (E0 9F BF)", "\xE0\x9F\xBF", 0},
      {"overlong 4-byte NUL (F0 80 80 80)", "ok\xF0\x80\x80\x80", 2},
      {"overlong 4-byte (F0 8F BF BF)", "\xF0\x8F\xBF\xBF", 0},
      {"high surrogate (ED A0 80)", "\xE4\xBA\xBF\xED\xA0\x80", 3},
      {"low surrogate (ED BF BF)", "\xED\xBF\xBF", 0},
      {"above U+10FFFF (F4 90 80 80)", "z\xF4\x90\x80\x80", 1},
      {"F5 lead", "\xF5\x80\x80\x80", 0},
      {"F8 lead", "a\xF8\x88\x80\x80\x80", 1},
      {"FE byte", "ab\xFE", 2},
      {"FF byte", "\xFF", 0},
      {"first of several errors", "\xE4\xBA\xBF" "ok\x80\xFF", 5},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto bad = find_invalid_utf8(c.text);
    REQUIRE(bad.has_value());
    CHECK(*bad == c.offset);
  }
}

TEST_CASE("next_code_point and append_utf8 round-trip", "[utf8]") {
  const std::vector<char32_t> cps = {0x0,    0x41,   0x7F,    0x80,    0x7FF,    0x800,
                                     0x4EBF, 0xD7FF, 0xE000,  0xFFFF,  0x10000,  0x1F680,
                                     0x20000, 0x10FFFF};
  std::string all;
  for (char32_t cp : cps) {
    std::string one;
    append_utf8(one, cp);
    CHECK(one.size() == (cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ? 3u : 4u));
    CHECK_FALSE(find_invalid_utf8(one).has_value());
    std::size_t pos = 0;
    CHECK(next_code_point(one, pos) == cp);
    CHECK(pos == one.size());
    all += one;
  }
  std::size_t pos = 0;
  for (char32_t cp : cps) {
    REQUIRE(pos < all.size());
    CHECK(next_code_point(all, pos) == cp);
  }
  CHECK(pos == all.size());
}

TEST_CASE("next_code_point decodes Chinese text", "[utf8]") {
  const std::string text = "億萬a😀";
  std::size_t pos = 0;
  CHECK(next_code_point(text, pos) == U'億');
  CHECK(pos == 3);
  CHECK(next_code_point(text, pos) == U'萬');
  CHECK(next_code_point(text, pos) == U'a');
  CHECK(pos == 7);
  CHECK(next_code_point(text, pos) == U'\U0001F600');
  CHECK(pos == text.size());
}

namespace {

// find_invalid_utf8 as the standard states it, a code point at a time: the
// reference for its shortcuts (eight ASCII bytes at once, three-byte
// sequences without decoding).
std::optional<std::size_t> reference_invalid(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = s[i];
    std::size_t len = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
    if (len == 0 || i + len > text.size()) return i;
    char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    const char32_t min = len == 1 ? 0 : len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("find_invalid_utf8 agrees with the standard's definition on random bytes", "[utf8]") {
  // Bytes drawn mostly from what UTF-8 is made of, so that valid stretches of
  // every length (and the ASCII runs the fast path takes 8 at a time) occur
  // between the errors.
  const std::vector<std::string> pieces = {"a", "Z", " ", "0123456789", "中", "国", "é", "😀", "\xED\x9F\xBF", "\xEE\x80\x80",
                                           "\x80", "\xBF", "\xC0", "\xC2", "\xE0", "\xE4", "\xED", "\xEF", "\xF0", "\xF4", "\xF5", "\xFF",
                                           "\xA0", "\x9F"};
  std::mt19937 rng(11);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const std::size_t len = rng() % 24;
    for (std::size_t k = 0; k < len; ++k) text += pieces[rng() % (round % 2 ? pieces.size() : 10)];
    INFO("round " << round);
    REQUIRE(find_invalid_utf8(text) == reference_invalid(text));
  }
}
