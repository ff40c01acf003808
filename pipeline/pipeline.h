// newsdeal's library entry point: an article in, a record out.
//
//   newsdeal::Pipeline pipeline({});                 // built once: loads rules, gazetteers
//   newsdeal::Article a;
//   a.id = "x";
//   a.text = "Tesla agreed to rent Nvidia GPUs from Oracle.";
//   newsdeal::Outcome o = pipeline.process(a);       // a Record or an ArticleError
//   std::cout << newsdeal::to_jsonl_line(o) << "\n";
//
// Stages, in order: decode (UTF-8 validation), parse (sections), segment
// (paragraphs, languages, sentences, words), extract (mentions), link (entities,
// deals, events). An exception inside a stage becomes an ArticleError naming the
// stage: process() never throws for a bad article. One Pipeline may serve any
// number of threads at once.
#pragma once

#include <functional>
#include <memory>

#include "extractors/extractor.h"
#include "lang/segment.h"
#include "pipeline/record.h"

namespace newsdeal {

class Linker;
class Gazetteer;

struct PipelineOptions {
  ExtractorOptions extractors;
  bool with_text = false;  // add the article text to the record ("text")
};

class Pipeline {
 public:
  // Throws std::runtime_error when the rule or gazetteer data is bad.
  explicit Pipeline(const PipelineOptions& opts);
  ~Pipeline();

  Outcome process(const Article& article) const;
  // process() for several articles: the same outcomes, in the same order, but
  // each stage (prepare, every extractor, link) runs over all of them before the
  // next starts, so a stage's large tables (automata, tries, the lexicon) are
  // still in the CPU's caches from one article to the next instead of evicted by
  // the other stages'. Meant for groups the size of the batch engine's (up to
  // 256 articles): their documents are all held until the last stage.
  std::vector<Outcome> process(const std::vector<const Article*>& articles) const;
  // The same, handing each outcome to `done` with the article's place in
  // `articles` as soon as it is made, instead of holding them all: a record used
  // at once (serialized, say) and dropped leaves its memory to the next
  // article's while it is still in the caches. What `newsdeal batch` does.
  // Every article's outcome comes once, but not in input order: after the
  // first stage the articles go by language (English, both, Chinese), so each
  // language's tables serve a run of articles. `done` may free article i: the
  // pipeline does not read it again.
  void process(const std::vector<const Article*>& articles,
               const std::function<void(std::size_t, Outcome&&)>& done) const;

  // The stages one at a time, for tools, tests and benchmarks; each throws on a
  // bad article where process() returns an ArticleError.
  // decode, parse, segment (and normalize for matching):
  Document prepare(const Article& article) const;
  // extract: mentions of every type, overlaps resolved.
  void extract(Document& doc) const;
  // extract() for several documents: the same mentions, but each extractor runs
  // over all of them before the next starts, English documents first, then
  // bilingual, then Chinese (as process() of several articles does), which keeps
  // its tables in the caches. Throws on the first bad one in that order.
  void extract(std::vector<Document>& docs) const;
  // link: entities, deals, events, and the record around them.
  Record finish(const Article& article, const Document& doc) const;
  // prepare + extract.
  Document analyze(const Article& article) const;

 private:
  void extract_with(const Extractor& x, Document& doc) const;  // one extractor
  bool extract_together(const Extractor& x, const std::vector<Document*>& docs) const;  // all at once, if it can
  void extract_rest(Document& doc) const;                      // overlaps and what does not count

  PipelineOptions opts_;
  Normalizer normalizer_;
  std::shared_ptr<const Gazetteer> gazetteer_;
  std::unique_ptr<Segmenter> segmenter_;
  std::vector<std::unique_ptr<Extractor>> extractors_;
  std::unique_ptr<Linker> linker_;
};

}  // namespace newsdeal
