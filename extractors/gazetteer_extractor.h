// Finds the companies, chips and people of the gazetteer in a Document.
//
//   Normalizer norm;
//   auto gaz = std::make_shared<const Gazetteer>(norm);
//   GazetteerExtractor ex(gaz);
//   Document doc;
//   doc.text = "Nvidia's H100 GPUs";
//   doc.normalized = norm.normalize(doc.text);
//   doc.words = segmenter.words(doc.text);
//   ex.extract(doc);   // appends company nvidia [0, 6) and chip h100 [9, 13)
//
// Mentions: type company, chip or person; key = the entry's id; span = input
// offsets; attrs: company {name, zh, parent}, chip {name, vendor, kind, family},
// person {name, zh, role, org} (empty when unknown); rule = "gazetteer:<id>".
//
// Names are matched in `doc.normalized` (NFKC, traditional -> simplified, case
// folded), so 輝達 finds nvidia through 辉达 and full-width letters match. A match
// is kept only when:
//   - a name holding Han characters starts and ends on token boundaries of
//     `doc.words` (博通 is not found in 赌博|通过); when the document has no words
//     at all, every character boundary counts;
//   - any other name stands on word boundaries: the characters on either side are
//     not letters or digits (Han and kana do not count, so "Meta签署" matches),
//     and not a hyphen joined to a word ("meta-analysis", "non-AMD" are not
//     companies), except compounds that still name the thing: a hyphen followed by a
//     capitalized word or by an "-ed" word or one of a few suffixes ("Nvidia-backed",
//     "Microsoft-OpenAI", "Arm-based"), or preceded by a capitalized word or by non-,
//     pro-, anti-, ex-, post-, pre-;
//   - the input is capitalized like the name as written in the gazetteer: each
//     capitalized word of the name is capitalized in the input, each all-caps word
//     is all caps, a word like "xAI" is written so; text in all caps matches any
//     name. So "apple pie" and "meta" in lowercase prose are not companies, and
//     "AMDX" is no AMD.
// At one position the longest name wins; among overlapping mentions of one type
// the longest, then the earlier (resolve_overlaps); mentions of different types
// may overlap ("AWS Trainium": company aws and chip trainium).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "extractors/extractor.h"
#include "extractors/gazetteer.h"

namespace newsdeal {

class GazetteerExtractor : public Extractor {
 public:
  explicit GazetteerExtractor(std::shared_ptr<const Gazetteer> gazetteer);

  std::string_view name() const override { return "gazetteer"; }
  // Appends the mentions found in `doc` (ordered by start) to doc.mentions.
  void extract(Document& doc) const override;

  // The mentions in a text with its normalized form and word tokens (input
  // offsets, as Document::words), ordered by start then end.
  std::vector<Mention> find(std::string_view text, const NormalizedText& normalized,
                            const std::vector<Span>& words) const;

  const Gazetteer& gazetteer() const { return *gaz_; }

 private:
  // find, appending to `out`.
  void find_into(std::string_view text, const NormalizedText& normalized, const std::vector<Span>& words,
                 std::vector<Mention>& out) const;
  // A position of the normalized text where names start: hits [hit_begin, hit_end).
  struct Pending {
    std::uint32_t pos, hit_begin, hit_end;
  };
  // The names at every position where one may start, in text order.
  void scan(const NormalizedText& normalized, std::vector<NameIndex::Hit>& hits, std::vector<Pending>& pending) const;
  // Fills `m`, a new Mention, for the name of `t` at input span `input`.
  void make_mention(const NameIndex::Target& t, Span input, Mention& m) const;

  std::shared_ptr<const Gazetteer> gaz_;
};

// resolve_overlaps (extractor.h) on mentions held in another form, in two steps
// (both in extractors.cpp, with resolve_overlaps): of the candidates given by
// their spans, types and priorities, the indices of those resolve_overlaps keeps,
// in the order it keeps them; then that list sorted as resolve_overlaps sorts
// what it keeps (by start, then end).
std::vector<std::uint32_t> overlap_survivors(const std::vector<Span>& spans, const std::vector<EntityType>& types,
                                             const std::vector<int>& priorities);
void sort_by_span(std::vector<std::uint32_t>& order, const std::vector<Span>& spans);

}  // namespace newsdeal
