#include "lang/script.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "lang/utf8.h"

namespace newsdeal {

std::string_view lang_name(Lang lang) {
  switch (lang) {
    case Lang::zh: return "zh";
    case Lang::en: return "en";
    case Lang::mixed: return "mixed";
    case Lang::none: break;
  }
  return "";
}

namespace {

struct ScriptCounts {
  std::size_t han = 0;    // Han characters
  std::size_t latin = 0;  // Latin letters
};

ScriptCounts count_scripts(std::string_view text) {
  ScriptCounts c;
  std::size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = next_code_point(text, pos);
    if (cp < 0x80) {
      if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ++c.latin;
      continue;
    }
    if (!u_isalpha(static_cast<UChar32>(cp))) continue;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(static_cast<UChar32>(cp), &err);
    if (U_FAILURE(err)) continue;
    if (sc == USCRIPT_HAN) ++c.han;
    else if (sc == USCRIPT_LATIN) ++c.latin;
  }
  return c;
}

}  // namespace

Lang detect_lang(std::string_view utf8) {
  ScriptCounts c = count_scripts(utf8);
  if (c.han == 0 && c.latin == 0) return Lang::none;
  // A Han character carries about as much as a Latin word (~5 letters), so Han is
  // weighted up: a Chinese paragraph quoting "Graviton5" and "AWS" stays zh.
  double han = static_cast<double>(c.han) * 5.0, latin = static_cast<double>(c.latin);
  double share = han / (han + latin);
  if (share >= 0.7) return Lang::zh;
  if (share <= 0.3) return Lang::en;
  return Lang::mixed;
}

Lang mention_lang(std::string_view utf8, Lang context) {
  if (context == Lang::zh || context == Lang::en) return context;
  ScriptCounts c = count_scripts(utf8);
  return c.han > 0 || c.latin == 0 ? Lang::zh : Lang::en;
}

}  // namespace newsdeal
