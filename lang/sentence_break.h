// ICU's root sentence break, without ICU, for text without combining marks or
// format characters: the same boundaries as
// icu::BreakIterator::createSentenceInstance(root), in about a tenth of its
// time, or a refusal (false) so the caller asks ICU.
//
// Covered: every character of the BMP except those whose Sentence_Break
// property is Extend or Format (UAX #29's SB5 would make them transparent).
// The rules are UAX #29's SB3-SB11 as ICU's sent.txt states them; a break can
// only follow a paragraph separator (SB4) or a sentence terminator with its
// closing punctuation and spaces (SB11), so the scan decides only there.
// tests/lang/test_sentence_break.cpp checks it against ICU on every short
// string over an alphabet of each class, on random longer ones, and on every
// line of the corpora.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace newsdeal {

// The byte offsets where ICU's root sentence iterator breaks `text`, in order,
// after 0 and up to and including text.size() (what BreakIterator::next()
// returns until DONE), appended to `breaks`. Returns false, leaving `breaks` as
// it was, when `text` holds a character not covered. `text` must be valid UTF-8.
bool fast_sentence_breaks(std::string_view text, std::vector<std::int32_t>& breaks);

}  // namespace newsdeal
