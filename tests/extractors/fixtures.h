// What the extractor tests share: one Normalizer, the whole gazetteer and the
// segmenter as the pipeline builds them (the shipped lexicon plus the gazetteer's
// Chinese names), each built once per test program.
#pragma once

#include <memory>

#include "extractors/gazetteer.h"
#include "lang/normalize.h"
#include "lang/segment.h"

namespace newsdeal::test {

inline const Normalizer& normalizer() {
  static const Normalizer n;
  return n;
}

inline std::shared_ptr<const Gazetteer> gazetteer() {
  static const auto g = std::make_shared<const Gazetteer>(normalizer());
  return g;
}

inline const Segmenter& segmenter() {
  static const Segmenter s = [] {
    Lexicon lex = Lexicon::builtin();
    for (const auto& w : gazetteer()->chinese_names()) lex.add(w);
    return Segmenter(std::move(lex));
  }();
  return s;
}

}  // namespace newsdeal::test
