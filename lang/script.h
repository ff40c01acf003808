// Which language a stretch of text is in, by the share of its letters in each
// script (ICU uscript): Han -> zh, Latin -> en.
#pragma once

#include <string_view>

namespace newsdeal {

enum class Lang { none, zh, en, mixed };

// "zh", "en", "mixed" or "" for none.
std::string_view lang_name(Lang lang);

// Han characters count five times a Latin letter (a character carries about a
// word): zh when that weighted Han share is at least 70%, en when at most 30%,
// mixed between, none when the text has no Han or Latin letters at all.
Lang detect_lang(std::string_view utf8);

// The language a mention is reported in: that of its paragraph (`context`) when
// it is zh or en, as "Graviton5" in a Chinese paragraph is a Chinese mention;
// in a mixed paragraph, zh if the mention holds Han characters, else en.
Lang mention_lang(std::string_view utf8, Lang context);

}  // namespace newsdeal
