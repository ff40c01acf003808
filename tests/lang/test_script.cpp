// lang/script.h: language by script shares, and its fast path for ideographs.
#include "lang/script.h"

#include <catch2/catch.hpp>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <random>
#include <string>
#include <vector>

#include "lang/utf8.h"

using newsdeal::detect_lang;
using newsdeal::Lang;

namespace {

// The letters count_scripts counts, with ICU asked about every non-ASCII
// character: the reference its shortcuts (eight ASCII bytes at a time, the
// ideograph block) must agree with.
newsdeal::ScriptCounts reference_counts(std::string_view text) {
  newsdeal::ScriptCounts c;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = newsdeal::next_code_point(text, pos);
    if (cp < 0x80) {
      if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ++c.latin;
      continue;
    }
    if (!u_isalpha(static_cast<UChar32>(cp))) continue;
    UErrorCode err = U_ZERO_ERROR;
    const UScriptCode sc = uscript_getScript(static_cast<UChar32>(cp), &err);
    if (sc == USCRIPT_HAN) ++c.han;
    if (sc == USCRIPT_LATIN) ++c.latin;
  }
  return c;
}

// detect_lang as it reads with ICU asked about every non-ASCII character: the
// reference the fast path must agree with.
Lang reference_lang(std::string_view text) {
  std::size_t han = 0, latin = 0, pos = 0;
  while (pos < text.size()) {
    const char32_t cp = newsdeal::next_code_point(text, pos);
    if (cp < 0x80) {
      if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ++latin;
      continue;
    }
    if (!u_isalpha(static_cast<UChar32>(cp))) continue;
    UErrorCode err = U_ZERO_ERROR;
    const UScriptCode sc = uscript_getScript(static_cast<UChar32>(cp), &err);
    if (sc == USCRIPT_HAN) ++han;
    if (sc == USCRIPT_LATIN) ++latin;
  }
  if (han == 0 && latin == 0) return Lang::none;
  const double share = han * 5.0 / (han * 5.0 + latin);
  return share >= 0.7 ? Lang::zh : share <= 0.3 ? Lang::en : Lang::mixed;
}

}  // namespace

TEST_CASE("every code point of U+4E00-9FFF is an alphabetic Han character", "[script]") {
  // What count_scripts' fast path assumes.
  std::size_t wrong = 0;
  for (UChar32 c = 0x4E00; c <= 0x9FFF; ++c) {
    UErrorCode err = U_ZERO_ERROR;
    if (!u_isalpha(c) || uscript_getScript(c, &err) != USCRIPT_HAN) ++wrong;
  }
  CHECK(wrong == 0);
}

TEST_CASE("detect_lang weighs Han five times a Latin letter", "[script]") {
  CHECK(detect_lang("英伟达投资OpenAI") == Lang::zh);
  CHECK(detect_lang("Nvidia invests in OpenAI") == Lang::en);
  CHECK(detect_lang("Nvidia and AMD 合作") == Lang::mixed);
  CHECK(detect_lang("2025, 100%") == Lang::none);
  CHECK(detect_lang("Ｎｖｉｄｉａ") == Lang::en);  // full-width Latin letters count through ICU
  CHECK(detect_lang("㐀㐁 abcdefghijk") == Lang::mixed);  // Extension A: Han through ICU
}

TEST_CASE("detect_lang agrees with asking ICU about every character", "[script]") {
  const char* texts[] = {"台积电（TSMC）周四表示，将在亚利桑那州投资1000亿美元。",
                         "Über die Firma: Ärger — «citation» ‘quote’ café",
                         "日本語のテキストと한국어 text",
                         "鿿鿾 U+9FFF and 一 U+4E00 at the edges, 䶿 below",
                         "𠀀𠀁 supplementary Han 𝐀𝐁"};
  for (const char* t : texts) {
    INFO(t);
    CHECK(detect_lang(t) == reference_lang(t));
  }
}

TEST_CASE("count_scripts agrees with asking ICU, and counts of parts add up", "[script]") {
  // Every ASCII byte in runs of every length and alignment, with Han, other
  // letters and punctuation between.
  std::vector<std::string> pieces = {"中", "國", "é", "Ｎ", "，", "😀", "𠀀", "ß"};
  for (int c = 1; c < 128; ++c) pieces.emplace_back(1, static_cast<char>(c));
  std::mt19937 rng(5);
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    const std::size_t len = rng() % 40;
    for (std::size_t k = 0; k < len; ++k)  // every third text all ASCII, for long runs
      text += pieces[round % 3 == 0 ? 8 + rng() % 127 : rng() % pieces.size()];
    INFO(text);
    const newsdeal::ScriptCounts got = newsdeal::count_scripts(text), want = reference_counts(text);
    REQUIRE(got.han == want.han);
    REQUIRE(got.latin == want.latin);
    CHECK(newsdeal::lang_of(got) == detect_lang(text));
    // Cut at a character boundary: the parts' counts sum to the whole's.
    std::size_t cut = text.empty() ? 0 : rng() % text.size();
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    newsdeal::ScriptCounts sum = newsdeal::count_scripts(std::string_view(text).substr(0, cut));
    sum += newsdeal::count_scripts(std::string_view(text).substr(cut));
    CHECK(sum.han == got.han);
    CHECK(sum.latin == got.latin);
  }
}
