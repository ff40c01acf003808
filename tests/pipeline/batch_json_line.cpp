// The direct JSONL writer (append_jsonl_line) against the tree it replaced
// (outcome_to_json(o).dump()): the same bytes for every corpus article, every kind
// of error, and strings and numbers chosen to trip an escaper.
#include <random>

#include "pipeline/json_writer.h"
#include "pipeline/pipeline.h"
#include "pipeline/readers/input.h"
#include "tests/support.h"

using namespace newsdeal;

namespace {

std::string tree_line(const Outcome& o) {
  return outcome_to_json(o).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const Pipeline& with_text_pipeline() {
  static const Pipeline p([] {
    PipelineOptions o;
    o.with_text = true;  // the article text is the longest string a record carries
    return o;
  }());
  return p;
}

}  // namespace

TEST_CASE("the direct writer prints every corpus record exactly as the JSON tree does", "[batch][writer]") {
  std::size_t records = 0, errors = 0, deals = 0;
  read_inputs({test::source_path("corpus").string()}, {}, [&](ReadItem&& item) {
    Outcome o = std::holds_alternative<Article>(item) ? with_text_pipeline().process(std::get<Article>(item))
                                                      : Outcome(std::get<ArticleError>(std::move(item)));
    if (const auto* r = std::get_if<Record>(&o)) {
      ++records;
      deals += r->deals.size();
    } else {
      ++errors;
    }
    INFO("article " << (std::holds_alternative<Record>(o) ? std::get<Record>(o).id : std::get<ArticleError>(o).id));
    CHECK(to_jsonl_line(o) == tree_line(o));
  });
  CHECK(records >= 20);
  CHECK(deals >= 10);  // the corpus exercises deals, amounts and conflicts, not only entities
}

TEST_CASE("the direct writer escapes strings and prints numbers as nlohmann does", "[batch][writer]") {
  const std::vector<std::string> awkward = {
      "",
      "plain",
      "quote \" backslash \\ slash /",
      std::string("controls \x01\x02\x1f\x7f \b\f\n\r\t end"),
      std::string("nul \0 inside", 12),
      "中文，全角：“引号”",
      "emoji \xF0\x9F\x98\x80 and U+10FFFF \xF4\x8F\xBF\xBF",
      "bad lead \xFF byte",
      "truncated \xE4\xB8",
      "overlong \xC0\xAF slash",
      "surrogate \xED\xA0\x80 half",
      "above max \xF4\x90\x80\x80",
      "\xE4\xB8\xAD\x80 stray continuation",
  };
  for (const auto& s : awkward) {
    ArticleError e;
    e.id = s;
    e.source.path = s;
    e.message = s;
    e.input_bytes = s.size();
    INFO("string of " << s.size() << " bytes");
    CHECK(to_jsonl_line(e) == tree_line(e));
  }

  Record r;
  r.id = "numbers";
  r.source.format = SourceFormat::jsonl;
  Entity e;
  e.id = "e1";
  e.type = EntityType::money;
  e.attrs = {{"currency", "USD"}, {"empty", ""}, {"quote\"key", "v"}};
  e.key = "k";  // a key without a name prints "name":null
  for (double v : {0.0, -0.0, 1.0, 8000.0, 2.5, 0.1, 1e-7, 123456789.125, 9.5e15, 1e21, -3.75, 1.0 / 3}) {
    e.value = Range{v, std::nullopt, false};
    r.entities = {e};
    Deal d;
    d.id = "d1";
    d.type = "compute";
    d.confidence = v;
    d.value = Amount{Range{v, v * 2, true}, "USD", "year", std::nullopt, std::nullopt};
    d.term = Amount{Range{}, std::nullopt, std::nullopt, std::nullopt, "3 years"};
    d.quantity = Amount{Range{v, std::nullopt, false}, std::nullopt, std::nullopt, "GW", std::nullopt};
    d.langs = {Lang::zh, Lang::en};
    d.evidence = {{{1, 5}, Lang::zh}};
    d.conflicts = {{"value", {"1", "2"}, {"zh", "en"}}};
    r.deals = {d};
    Event layoff;
    layoff.type = "layoff";
    layoff.headcount = Amount{Range{v, v, false}, {}, {}, {}, {}};
    Event revenue;
    revenue.type = "revenue";
    revenue.segment = "cloud";
    r.events = {layoff, revenue};
    r.warnings = {"w1", "w\"2"};
    r.sections = {{"body", {0, 9}, Lang::none}, {"title", {0, 3}, Lang::zh}};
    INFO("value " << v);
    CHECK(to_jsonl_line(r) == tree_line(r));
  }
}

TEST_CASE("the direct writer escapes random mixes of bytes as nlohmann does", "[batch][writer]") {
  // The writer copies plain ASCII 8 bytes at a time, 3-byte characters on a path
  // of their own, and long strings in blocks of 4096 bytes: pieces of every kind
  // at every offset, in strings short and long, must come out as the tree's.
  const std::vector<std::string> pieces = {
      "a", "Zq", "0123456", " ", "\"", "\\", "/", std::string("\0", 1), "\x01", "\x1f", "\x7f", "\n", "\t",
      "\xC3\xA9",                       // é
      "\xE4\xB8\xAD", "\xEF\xBC\x91",  // 中, full-width 1
      "\xE0\xA4\x85", "\xED\x9F\xBF",  // the edges of E0 and ED that are valid
      "\xF0\x9F\x98\x80",              // an emoji
      "\xFF", "\xE4\xB8", "\xC0\xAF", "\xED\xA0\x80", "\x80",  // invalid
  };
  std::mt19937 rng(20261207);
  for (int round = 0; round < 3000; ++round) {
    const bool valid_only = round % 2 == 0;  // most strings valid: the fast paths
    const std::size_t count = round % 100 == 0 ? 3000 : rng() % 40;
    std::string text;
    while (text.size() < count) {
      const std::size_t k = rng() % pieces.size();
      if (valid_only && k >= pieces.size() - 5) continue;
      text += pieces[k];
    }
    ArticleError e;
    e.id = "random";
    e.message = text;
    INFO("round " << round << ", " << text.size() << " bytes");
    REQUIRE(to_jsonl_line(e) == tree_line(e));
  }
}

TEST_CASE("append_jsonl_line appends to what the buffer holds", "[batch][writer]") {
  ArticleError e;
  e.id = "x";
  std::string buf = "previous\n";
  append_jsonl_line(buf, e);
  CHECK(buf == "previous\n" + tree_line(e));
}
