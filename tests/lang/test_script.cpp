// lang/script.h: language by script shares, and its fast path for ideographs.
#include "lang/script.h"

#include <catch2/catch.hpp>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <string>

#include "lang/utf8.h"

using newsdeal::detect_lang;
using newsdeal::Lang;

namespace {

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
