// Sentence views for linking: each sentence's normalized text with every named
// mention (company, chip, person) replaced by a placeholder \x01<letter><n>\x02,
// so relation rules read "{BUYER:company} signed a deal with {VENDOR:company}",
// plus a map from each byte of that text back to input offsets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "extractors/document.h"
#include "lang/normalize.h"
#include "pipeline/link/prefilter.h"

namespace newsdeal {

struct SentenceView {
  std::size_t index = 0;  // into doc.sentences
  Span span;              // input offsets
  Lang lang = Lang::none;
  std::size_t section = 0;
  std::string text;                    // normalized, with placeholders
  std::vector<std::uint32_t> input_at; // text byte -> input offset (text.size() + 1 entries)
  std::vector<std::string> named;      // placeholder number -> entity key
  std::vector<char> named_letters;     // placeholder number -> type letter (c company, h chip, p person)
  std::vector<bool> named_anaphor;     // placeholder number -> stands for "the company", 该公司 ...
  std::vector<std::size_t> mentions;   // every mention inside the sentence, by doc.mentions index
  // With cues: the literals of cues and relation rules in `text`, one scan for
  // every lookup on the sentence (see prefilter.h).
  TextScan scan;

  // Input offset of a byte offset of `text`.
  std::size_t to_input(std::size_t offset) const { return input_at[offset]; }
};

class Cues;

// Builds the views of one document's sentences one at a time into a view the
// caller reuses: its buffers keep their capacity from sentence to sentence, so a
// document's views cost no allocation per sentence.
// With `cues`, phrases that refer back to a company ("the company", 该公司; cue
// org-anaphor) become placeholders of the company they resolve to.
class SentenceViewBuilder {
 public:
  // `doc`, `normalizer` and `cues` must outlive the builder.
  SentenceViewBuilder(const Document& doc, const Normalizer& normalizer, const Cues* cues = nullptr);
  // Makes `v` the view of doc.sentences[si]. Sentences are taken in order.
  void build(std::size_t si, SentenceView& v);

 private:
  struct Named {
    Span span;
    char letter;
    const std::string* key;  // a mention's (the document outlives the views)
    std::optional<std::size_t> mention;
  };
  const Document& doc_;
  const Normalizer& normalizer_;
  const Cues* cues_;
  int anaphor_en_ = -1, anaphor_zh_ = -1;
  std::size_t m_ = 0;          // the first mention not before the last sentence (mentions are sorted by start)
  std::size_t part_hint_ = 0;  // where the last sentence's part of the normalization ended
  std::vector<Named> items_;   // buffers of one sentence, reused
  std::vector<Span> anaphors_;
};

// Every sentence's view (see SentenceViewBuilder).
std::vector<SentenceView> build_sentence_views(const Document& doc, const Normalizer& normalizer,
                                               const Cues* cues = nullptr);

}  // namespace newsdeal
