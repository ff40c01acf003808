// The extractor for the numeric entity types (money, headcount, percent,
// quantity, duration), driven by the rule files (extractors/rules.h).
//
//   RuleExtractor rules(opts.rule_dirs);   // embedded rules, plus --rules directories
//   rules.extract(doc);                    // appends Mentions to doc.mentions
//
// Per paragraph of doc.paragraphs (the whole text when there are none): the text is
// normalized (taken from doc.normalized when the paragraph's bytes normalize on
// their own there, as they do unless a composing character straddles its edge), the rule sets of the paragraph's language run over it (zh or en; both
// for mixed paragraphs and for those with no letters, such as "25%"), and each match
// becomes a Mention with input offsets, its value, its attributes (currency, per,
// unit, text), the rule's name and priority. A split rule (a percent range such as
// 百分之三到五) yields one mention per end. When most Han characters of the document
// change under traditional-to-simplified normalization the document counts as
// traditional, and the maps' "-hant" variants apply (元 -> TWD).
//
// A RuleExtractor is immutable after construction and may be shared by threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extractors/extractor.h"
#include "extractors/rule_engine.h"
#include "extractors/rules.h"
#include "lang/normalize.h"

namespace newsdeal {

class RuleExtractor : public Extractor {
 public:
  // The embedded rule files, with the *.rules files of `rule_dirs` added or
  // replacing embedded files of the same relative name (DIR/zh/money.rules replaces
  // the built-in zh money file). Throws std::runtime_error("file:line: what is wrong").
  explicit RuleExtractor(const std::vector<std::string>& rule_dirs = {}, const RuleLimits& limits = {});
  // From rules already parsed.
  explicit RuleExtractor(RuleBook book, const RuleLimits& limits = {});

  std::string_view name() const override { return "rules"; }
  void extract(Document& doc) const override;
  bool extract_all(const std::vector<Document*>& docs) const override;

  // The mentions found in one text of a known language, with offsets into `text`
  // (what extract() does per paragraph).
  std::vector<Mention> extract_text(std::string_view text, Lang lang, bool traditional = false) const;

  const RuleEngine& engine() const { return engine_; }
  const Normalizer& normalizer() const { return normalizer_; }

  // A paragraph's normalized text and its alignment, relative to the paragraph's
  // input (a slice of Document::normalized, or a NormalizedText of its own).
  struct TextView;

 private:
  // `chunks`: the paragraph's sentences in normalized offsets of `n` (see
  // RuleEngine::match), or one chunk for the whole text.
  void run(const TextView& n, const std::vector<Span>& chunks, Lang lang, const MatchOptions& opts, std::size_t base,
           std::vector<Mention>& out) const;
  // The types run for a paragraph of `lang`, in the order their mentions are appended.
  const std::vector<EntityType>& types_for(Lang lang) const;
  // Appends the mentions of one paragraph's matches (found[i]: of types_for(lang)[i])
  // to out, offset by `base` into the input.
  void emit(const TextView& n, Lang lang, std::vector<std::vector<RuleMatch>>& found, std::size_t base,
            std::vector<Mention>& out) const;

  struct DocWork;
  void prepare(const Document& doc, DocWork& work) const;

  Normalizer normalizer_;
  RuleEngine engine_;
  // The types to run for a paragraph of each language (zh; en; mixed or none),
  // in the order their mentions are appended.
  std::vector<EntityType> types_zh_, types_en_, types_both_;
};

// True when most Han characters of `text` were traditional (they change under
// normalization). `normalized` is normalizer.normalize(text).
bool is_traditional(std::string_view text, const NormalizedText& normalized);

}  // namespace newsdeal
