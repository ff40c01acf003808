// Matching many texts together (RuleEngine::match of pieces, which
// RuleExtractor::extract_all runs over every paragraph of a group of documents)
// must give each text exactly what matching it alone gives, and a group whose
// matching throws must leave every document as it was.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "extractors/rule_engine.h"
#include "extractors/rule_extractor.h"
#include "extractors/rule_sources.h"
#include "extractors/rules.h"

using namespace newsdeal;

namespace {

const RuleExtractor& together_extractor() {
  static const RuleExtractor x;
  return x;
}

std::string describe_found(const std::vector<std::vector<RuleMatch>>& found) {
  std::string out;
  for (std::size_t t = 0; t < found.size(); ++t)
    for (const RuleMatch& m : found[t]) {
      out += std::to_string(t) + ":" + m.rule->name + " " + std::to_string(m.span.start) + "-" +
             std::to_string(m.span.end) + " " + format_range(m.value);
      for (const auto& [k, v] : m.attrs) out += " " + k + "=" + v;
      out += "; ";
    }
  return out;
}

// Sentence-like chunks of a text: cut after each 。 and each ". ".
std::vector<Span> cut_chunks(const std::string& text) {
  std::vector<Span> chunks;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t end = 0;
    if (text.compare(i, 3, "\xE3\x80\x82") == 0) end = i + 3;
    else if (text.compare(i, 2, ". ") == 0) end = i + 2;
    if (end && end < text.size()) {
      chunks.push_back({begin, end});
      begin = end;
    }
  }
  chunks.push_back({begin, text.size()});
  return chunks;
}

}  // namespace

TEST_CASE("texts matched together get what each gets matched alone", "[rules]") {
  const RuleEngine& engine = together_extractor().engine();
  const Normalizer& norm = together_extractor().normalizer();
  // Every rule example and reject, and runs of them joined into paragraphs of
  // several sentences, in each language and in both.
  std::vector<std::string> texts;
  std::string run;
  for (const Rule& r : engine.book().rules) {
    for (const Example& ex : r.examples) {
      texts.push_back(norm.normalize(ex.text).text);
      run += texts.back() + (r.lang == Lang::zh ? "。" : ". ");
      if (run.size() > 400) {
        texts.push_back(run);
        run.clear();
      }
    }
    for (const Reject& rj : r.rejects) texts.push_back(norm.normalize(rj.text).text);
  }
  texts.push_back(run);
  const std::vector<std::vector<Lang>> lang_sets{{Lang::zh}, {Lang::en}, {Lang::zh, Lang::en}};
  std::vector<std::vector<EntityType>> type_sets;
  for (const auto& langs : lang_sets) {
    std::vector<EntityType> types;
    for (Lang l : langs)
      for (EntityType t : engine.types(l))
        if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
    type_sets.push_back(types);
  }
  MatchOptions opts;
  opts.keep_drops = true;

  std::vector<std::vector<Span>> chunks;
  for (const std::string& t : texts) chunks.push_back(cut_chunks(t));
  std::vector<std::vector<std::vector<RuleMatch>>> together(texts.size());
  std::vector<RuleEngine::Piece> pieces;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::size_t ls = i % lang_sets.size();
    pieces.push_back({texts[i], &chunks[i], &lang_sets[ls], &type_sets[ls], &opts, &together[i]});
  }
  engine.match(pieces);

  std::size_t matches = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::size_t ls = i % lang_sets.size();
    std::vector<std::vector<RuleMatch>> alone;
    engine.match(texts[i], chunks[i], lang_sets[ls], type_sets[ls], opts, alone);
    INFO(texts[i]);
    CHECK(describe_found(together[i]) == describe_found(alone));
    for (const auto& v : alone) matches += v.size();
  }
  CHECK(texts.size() > 300);
  CHECK(matches > 300);  // not an empty comparison
}

TEST_CASE("documents whose rules throw together are left as they were", "[rules]") {
  // A scale factor that is no number throws when a match reads it.
  const std::string common = "map: scale bn => lots\n";
  const std::string money =
      "rule: amount\n"
      "pattern: (?P<v>\\d+) (?P<s>bn) dollars\n"
      "value: v\n"
      "scale: @s\n"
      "currency: USD\n";
  RuleExtractor x(parse_rules({{"common.rules", "common.rules", common}, {"en/money.rules", "en/money.rules", money}}));
  std::vector<Document> docs(3);
  docs[0].text = "Nothing to see here.";
  docs[1].text = "It paid 5 bn dollars.";
  docs[2].text = "Nothing here either.";
  for (Document& d : docs) {
    d.paragraphs.push_back({{0, d.text.size()}, Lang::en, 0});
    Mention before;
    before.type = EntityType::company;
    before.span = {0, 4};
    before.key = "kept";
    d.mentions.push_back(before);
  }
  std::vector<Document*> all{&docs[0], &docs[1], &docs[2]};
  CHECK_THROWS_WITH(x.extract_all(all), Catch::Contains("not a number"));
  for (const Document& d : docs) {
    REQUIRE(d.mentions.size() == 1);
    CHECK(d.mentions.front().key == "kept");
  }
  // Alone, the documents without an amount get their (no) mentions.
  CHECK_NOTHROW(x.extract(docs[0]));
  CHECK(docs[0].mentions.size() == 1);
  CHECK_THROWS(x.extract(docs[1]));
}
