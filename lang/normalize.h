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
// punctuation become ASCII), traditional to simplified Chinese (ICU "Hant-Hans"),
// Latin case folding. A Normalizer is immutable after construction and may be
// shared by threads.
#pragma once

#include <cstdint>
#include <memory>
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
  Span to_input(Span normalized) const;
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
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdeal
