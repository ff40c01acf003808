// ICU's root word break, without ICU, for the text news is made of: the same
// tokens as icu::BreakIterator::createWordInstance(root) gives, in about a fifth
// of its time, or a refusal (false) where the text holds a character outside
// what this reproduces, so the caller falls back to ICU.
//
// Covered: characters of the BMP whose Word_Break property is ALetter, Numeric,
// MidLetter, MidNum, MidNumLet, Single_Quote, ExtendNumLet, CR, LF, Newline,
// WSegSpace or Double_Quote, punctuation, symbols and spaces that break on both
// sides (Word_Break Other), and the CJK ideographs U+3400-4DBF, U+4E00-9FFF.
// Refused: kana, Hangul, Thai and the other dictionary scripts, combining marks,
// format characters, emoji, Hebrew letters, supplementary characters.
//
// Between the covered characters ICU's rules reduce to UAX #29's WB5-WB13b,
// whose decisions look two characters either way; a run of ideographs is one
// rule segment that ICU hands to its CJK dictionary engine (CjkBreakEngine),
// whose dynamic programming over ICU's own dictionary (brkitr/cjdict, read
// through udata_open) lang/cjk_dictionary.h redoes step for step: the cheapest
// segmentation, each word costing its dictionary value and an unknown single
// character 255, ties to the earlier candidate. Why that is exact, and the
// tests that check it against ICU (every covered string of up to 5 characters
// over an alphabet of each class, and every line of the corpora), are in
// tests/lang/test_word_break.cpp.
#pragma once

#include <string_view>
#include <vector>

#include "lang/span.h"

namespace newsdeal {

// The word tokens of `text` as ICU's root word iterator gives them (spans whose
// rule status is not UBRK_WORD_NONE), appended to `out`, with `han` getting for
// each whether it is all ideographs. Returns false, leaving both as they were,
// when `text` holds a character this does not cover. `text` must be valid UTF-8.
// Thread-safe; the first call builds the tables (a few ms).
bool fast_word_tokens(std::string_view text, std::vector<Span>& out, std::vector<char>& han);

}  // namespace newsdeal
