// The linker's literal prefilter: it may keep a pattern that does not match, but
// must never rule out one that does, on every cue and rule example there is.
#include <re2/re2.h>

#include "pipeline/link/linker.h"
#include "pipeline/link/prefilter.h"
#include "tests/support.h"

using namespace newsdeal;

namespace {

std::vector<int> found(const LiteralScanner& s, std::string_view text, std::size_t strings) {
  std::vector<std::uint64_t> bits((strings + 63) / 64, 0);
  s.scan(text, bits.data());
  std::vector<int> out;
  for (std::size_t i = 0; i < strings; ++i)
    if (bits[i >> 6] >> (i & 63) & 1) out.push_back(static_cast<int>(i));
  return out;
}

}  // namespace

TEST_CASE("the literal scanner finds overlapping strings, ASCII in either case", "[link-prefilter]") {
  const std::vector<std::string> strings = {"he", "she", "his", "hers", "协议", "\x01" "c"};
  LiteralScanner s(strings);
  CHECK(found(s, "ushers", strings.size()) == std::vector<int>{0, 1, 3});
  CHECK(found(s, "USHERS", strings.size()) == std::vector<int>{0, 1, 3});
  CHECK(found(s, "签署协议。", strings.size()) == std::vector<int>{4});
  CHECK(found(s, "x\x01" "c0\x02", strings.size()) == std::vector<int>{5});
  CHECK(found(s, "nothing to see", strings.size()).empty());
}

TEST_CASE("the literal scanner finds a string wherever it lies in a long text", "[link-prefilter]") {
  // Long texts are scanned as four quarters side by side: a string across a
  // boundary, at either end, or alone must still be found, whatever the length.
  const std::vector<std::string> strings = {"abcdefghij", "xy"};
  LiteralScanner s(strings);
  for (std::size_t size : {10, 60, 61, 62, 63, 64, 65, 75, 76, 77, 79, 80, 81, 200}) {
    const std::string filler(size, '.');
    for (std::size_t at = 0; at + 10 <= filler.size(); ++at) {
      std::string text = filler;
      text.replace(at, 10, "abcdefghij");
      INFO("size " << size << " at " << at);
      CHECK(found(s, text, strings.size()) == std::vector<int>{0});
    }
    CHECK(found(s, filler + "xy", strings.size()) == std::vector<int>{1});
    CHECK(found(s, "xy" + filler, strings.size()) == std::vector<int>{1});
    CHECK(found(s, filler, strings.size()).empty());
  }
}

TEST_CASE("a prefilter rules out a pattern only when its literals are missing", "[link-prefilter]") {
  Prefilter f;
  const int deal = f.add(R"(\b(?:the|this) (?:deal|agreement)\b)", RE2::Options());
  const int folded = f.add("(?i)ANNOUNCED", RE2::Options());  // case folding beyond ASCII: never ruled out
  const int any = f.add(R"(\d+)", RE2::Options());            // no literal: never ruled out
  f.compile();
  CHECK(f.may_match(deal, f.scan("analysts said the deal is big")));
  CHECK(f.may_match(deal, f.scan("THIS AGREEMENT")));
  CHECK_FALSE(f.may_match(deal, f.scan("the weather is fine")));
  CHECK_FALSE(f.may_match(deal, f.scan("a deal was signed")));  // "the "/"this " missing
  CHECK(f.may_match(folded, f.scan("nothing")));
  CHECK(f.may_match(any, f.scan("nothing")));
}

TEST_CASE("no cue or relation rule example is ruled out by the prefilter", "[link-prefilter]") {
  Linker linker({});
  for (const Cue& cue : linker.cues().cues()) {
    const int group = linker.cues().group_id(cue.lang, cue.name);
    for (const auto& [text, line] : cue.examples) {
      INFO(cue.file << ":" << line << ": cue " << cue.name << " example: " << text);
      TextScan scan = linker.cues().scan(cue.lang, text);
      REQUIRE(scan.filter != nullptr);
      Span where;
      CHECK(linker.cues().find(group, text, nullptr, &scan));
      CHECK(linker.cues().find(group, text, &where, &scan));
    }
  }
  std::size_t checked = 0;
  for (std::size_t ri = 0; ri < linker.relations().rules().size(); ++ri) {
    const RelationRule& rule = linker.relations().rules()[ri];
    for (const RelationExample& ex : rule.examples) {
      if (ex.reject) continue;
      // The example as the rule sees it: each [surface:type] a placeholder.
      std::string text;
      int n = 0;
      for (std::size_t i = 0; i < ex.text.size();) {
        std::size_t colon = ex.text.find(':', i), close = ex.text.find(']', i);
        if (ex.text[i] == '[' && colon < close && close != std::string::npos) {
          text += "\x01";
          text += placeholder_letter(ex.text.substr(colon + 1, close - colon - 1));
          text += std::to_string(n++) + "\x02";
          i = close + 1;
        } else {
          text += static_cast<char>(std::tolower(static_cast<unsigned char>(ex.text[i++])));
        }
      }
      if (!RE2::PartialMatch(text, rule.exact())) continue;  // normalization the test does not copy
      INFO(rule.file << ":" << ex.line << ": rule " << rule.name << " example: " << ex.text);
      auto hits = linker.relations().hits(rule.lang, text);
      CHECK(std::find(hits.begin(), hits.end(), ri) != hits.end());
      ++checked;
    }
  }
  CHECK(checked >= 20);
}
