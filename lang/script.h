// Which language a stretch of text is in, by the share of its letters in each
// script (ICU uscript): Han -> zh, Latin -> en.
#pragma once

#include <cstddef>
#include <string_view>

namespace newsdeal {

enum class Lang { none, zh, en, mixed };

// "zh", "en", "mixed" or "" for none.
std::string_view lang_name(Lang lang);

// Han characters count five times a Latin letter (a character carries about a
// word): zh when that weighted Han share is at least 70%, en when at most 30%,
// mixed between, none when the text has no Han or Latin letters at all.
Lang detect_lang(std::string_view utf8);

// The letters detect_lang counts. Counts of adjacent stretches add up to the
// count of the whole, so a text's language follows from those of its parts
// (paragraphs) without reading it again.
struct ScriptCounts {
  std::size_t han = 0;    // Han characters
  std::size_t latin = 0;  // Latin letters
  ScriptCounts& operator+=(const ScriptCounts& o) {
    han += o.han;
    latin += o.latin;
    return *this;
  }
};
ScriptCounts count_scripts(std::string_view utf8);
// detect_lang(text) is lang_of(count_scripts(text)).
Lang lang_of(const ScriptCounts& counts);

// The language a mention is reported in: that of its paragraph (`context`) when
// it is zh or en, as "Graviton5" in a Chinese paragraph is a Chinese mention;
// in a mixed paragraph, zh if the mention holds Han characters, else en.
Lang mention_lang(std::string_view utf8, Lang context);

}  // namespace newsdeal
