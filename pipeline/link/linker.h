// Linking: from the mentions of one article to its deals and events.
//
//  1. Each sentence, with named mentions as placeholders, is matched against the
//     relation rules of its language; a match names buyer, vendor, product.
//  2. Value, term and quantity attach from the same sentence, or from a later
//     sentence that refers back ("the deal", 该协议).
//  3. Deals stated in several sections and languages merge into one, with
//     conflicts where the languages disagree.
//  4. Layoff and revenue events come from cue phrases plus the headcount,
//     percent and money mentions of the same sentence.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "extractors/document.h"
#include "lang/normalize.h"
#include "pipeline/link/cues.h"
#include "pipeline/link/relation_rules.h"
#include "pipeline/link/sentences.h"
#include "pipeline/record.h"

namespace newsdeal {

// A deal as one sentence states it, before merging.
struct DealCandidate {
  std::string buyer, vendor, provider, product, kind;  // entity keys ("" = none)
  std::string type, status, rule;
  bool needs_vendor = true;     // false when the rule names no vendor at all
  Lang lang = Lang::none;
  std::size_t section = 0;
  std::size_t sentence = 0;     // index into doc.sentences
  Span match;                   // input span of the rule match
  Span anchor;                  // input span of its vendor (or product) in the sentence
  bool from_before_anchor = false;  // "... from {VENDOR}": the vendor sells what came before
  std::optional<std::size_t> value, term, quantity;  // doc.mentions indices
  std::string purpose;          // "agentic AI", as the input words it
  std::vector<Span> evidence;   // sentences stating it
};

struct LinkResult {
  std::vector<Deal> deals;
  std::vector<Event> events;
};

// The cue groups linking asks about, by number (Cues::group_id), looked up once
// per language rather than by name for every sentence.
struct CueIds {
  CueIds(const Cues& cues, std::string_view lang);
  int deal_anaphor, purpose, cloud, investment, denied, in_talks;  // deals
  int layoff, workforce, revenue, revenue_not, revenue_segment, per_quarter, per_year, org_reference, parent_suffix;  // events
};

class Linker {
 public:
  // Loads relation rules and cues (embedded, plus rule_dirs). Throws on bad files.
  explicit Linker(const std::vector<std::string>& rule_dirs);

  LinkResult link(const Document& doc) const;

  // Removes mentions that are no entity of the article: news outlets (gazetteer
  // category "media", cited as sources) and a company named only to describe the
  // next one ("Facebook parent Meta", "TikTok母公司字节跳动").
  void drop_incidental_mentions(Document& doc) const;

  // The candidates the relation rules give for one sentence view, roles only
  // (for link(), and with `only` one rule's for the rule-example tests).
  std::vector<DealCandidate> match_sentence(const Document& doc, const SentenceView& view,
                                            const RelationRule* only = nullptr) const;

  const RelationRules& relations() const { return relations_; }
  const Cues& cues() const { return cues_; }
  const Normalizer& normalizer() const { return normalizer_; }
  const CueIds& cue_ids(Lang lang) const { return lang == Lang::zh ? zh_ : en_; }

 private:
  // match_sentence's buffers, which link() reuses from sentence to sentence.
  struct MatchBuffers;
  void match_sentence(const Document& doc, const SentenceView& view, const RelationRule* only, MatchBuffers& buffers,
                      std::vector<DealCandidate>& out) const;

  RelationRules relations_;
  Cues cues_;
  Normalizer normalizer_;
  CueIds en_, zh_;
  int descriptor_gap_en_, descriptor_gap_zh_;
  // Per language (en, zh): the literal prefilter of its cues and relation rules
  // together, so one scan of a sentence serves both.
  std::unique_ptr<Prefilter> filters_[2];
};

// Step 3: merges candidates into deals (merge.cpp).
std::vector<Deal> merge_candidates(const Document& doc, std::vector<DealCandidate> candidates);

// Step 4 (events.cpp): the events of one sentence, merged into `events` (those
// of the sentences before it, in order).
void find_events(const Document& doc, const SentenceView& v, const Linker& linker, std::vector<Event>& events);

}  // namespace newsdeal
