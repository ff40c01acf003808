// Normalization for matching, with an alignment back to the input (as SentencePiece
// keeps one): rules and gazetteers match the normalized text, records report input
// offsets.
//
//   Normalizer norm;
//   NormalizedText n = norm.normalize("Ａｍａｚｏｎ投資２５０億美元");
//   // n.text == "amazon投资250亿美元"
//   Span in = n.to_input({6, 12});   // "投资" -> the input bytes of "投資"
//
// Steps, per character: NFKC (full-width digits and letters, ideographic space and
// punctuation become ASCII: ２５０ -> 250, ，：（）％ -> ,:()%; 。、「」 have no
// compatibility form and stay), traditional to simplified Chinese (ICU "Hant-Hans",
// applied to Han characters only, one character at a time: 億 -> 亿, 臺積電 -> 台积电),
// full case folding (A -> a, ß -> ss). Characters that compose under NFKC (e + U+0301,
// Hangul jamo) are normalized as one group, and every byte of the group's output maps
// to the whole group's input.
//
// A Normalizer is immutable after construction and may be shared by threads. The
// first one a process constructs runs ICU over the ~10,000 affected characters (some
// 15 ms including ICU's data loading); later ones share its tables and cost nothing.
// normalize() itself is table lookups. Offsets are 32-bit: inputs must be under 4 GiB.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/span.h"

namespace newsdeal {

struct NormalizedText {
  std::string text;
  // For every byte of `text`, the input span of the character(s) it came from.
  // Both vectors have text.size() + 1 entries; the last is the input's end.
  std::vector<std::uint32_t> input_start;
  std::vector<std::uint32_t> input_end;

  // Maps a span of `text` to the smallest input span that produced it: its start
  // is the input start of the first byte, its end the input end of the last byte.
  // A span that starts or ends inside the output of one input character (or
  // composing group) widens to cover that whole character. An empty span maps to
  // an empty span at the input start of its position; spans past the end clamp.
  Span to_input(Span normalized) const {  // (inline: called for every word of a text)
    if (input_start.empty()) return {0, 0};
    const std::size_t n = text.size();
    const std::size_t a = normalized.start < n ? normalized.start : n;
    const std::size_t b = normalized.end < n ? normalized.end : n;
    if (b <= a) return {input_start[a], input_start[a]};
    return {input_start[a], input_end[b - 1]};
  }

  // The bytes of `text` that are the normalization of input [start, end) on its
  // own, or nullopt where a composing group straddles either edge (then only a
  // normalization of that input alone gives its form). Saves normalizing parts of
  // a text again once the whole is normalized.
  std::optional<Span> part_of(std::size_t start, std::size_t end) const;
};

class Normalizer {
 public:
  Normalizer();
  ~Normalizer();
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  // `input` must be valid UTF-8.
  NormalizedText normalize(std::string_view input) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;  // one per process, see the constructor
};

}  // namespace newsdeal
