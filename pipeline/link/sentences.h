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
  std::vector<std::string> named;      // placeholder number -> entity key
  std::vector<char> named_letters;     // placeholder number -> type letter (c company, h chip, p person)
  std::vector<bool> named_anaphor;     // placeholder number -> stands for "the company", 该公司 ...
  std::vector<std::size_t> mentions;   // every mention inside the sentence, by doc.mentions index
  // With cues: the literals of cues and relation rules in `text`, one scan for
  // every lookup on the sentence (see prefilter.h).
  TextScan scan;

  // Input offset of a byte offset of `text` (0 to text.size()).
  std::size_t to_input(std::size_t offset) const {
    // The last run starting at or before `offset` (runs are few: one per piece).
    std::size_t r = runs.size() - 1;
    while (runs[r].at > offset) --r;
    const Run& run = runs[r];
    if (run.from) return run.from[offset - run.at];
    if (run.own != kNoOwn) return own_input[run.own + (offset - run.at)];
    return run.input;
  }

  // Calls f(k, to_input(k)) for every byte k of `text`, in order.
  template <class F>
  void each_input(F&& f) const {
    for (std::size_t r = 0; r + 1 < runs.size(); ++r) {
      const Run& run = runs[r];
      const std::size_t end = runs[r + 1].at;
      if (run.from)
        for (std::size_t k = run.at; k < end; ++k) f(k, static_cast<std::size_t>(run.from[k - run.at]));
      else if (run.own != kNoOwn)
        for (std::size_t k = run.at; k < end; ++k) f(k, static_cast<std::size_t>(own_input[run.own + (k - run.at)]));
      else
        for (std::size_t k = run.at; k < end; ++k) f(k, static_cast<std::size_t>(run.input));
    }
  }

  // How bytes of `text` map to input offsets, by runs: a piece of the
  // document's normalization reads its offsets there (`from`), one normalized
  // on its own from own_input, and a placeholder or straightened quote maps
  // every byte to one `input`. The last run starts at text.size(). Built with
  // the text; no per-byte copy of the document's offsets is made.
  static constexpr std::uint32_t kNoOwn = UINT32_MAX;
  struct Run {
    std::uint32_t at;              // first byte of `text`
    const std::uint32_t* from;     // input offsets of its bytes, or null
    std::uint32_t own = kNoOwn;    // else its first entry in own_input, or kNoOwn
    std::uint32_t input = 0;       // else the input offset of all its bytes
  };
  std::vector<Run> runs;
  std::vector<std::uint32_t> own_input;
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
  std::size_t m_ = 0;  // the first mention not before the last sentence (mentions are sorted by start)
  std::vector<Named> items_;  // buffers of one sentence, reused
  std::vector<Span> anaphors_;
};

// Every sentence's view (see SentenceViewBuilder).
std::vector<SentenceView> build_sentence_views(const Document& doc, const Normalizer& normalizer,
                                               const Cues* cues = nullptr);

}  // namespace newsdeal
