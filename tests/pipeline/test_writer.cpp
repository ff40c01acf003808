// The JSON writer: key order, numbers, nulls, error records.
#include "pipeline/json_writer.h"
#include "tests/support.h"

using namespace newsdeal;

TEST_CASE("records keep RECORD.md's key order and print whole numbers as integers", "[writer]") {
  Record r;
  r.id = "x";
  r.source.format = SourceFormat::seedtext;
  r.langs = {Lang::zh, Lang::en};
  Entity e;
  e.id = "e1";
  e.type = EntityType::money;
  e.value = Range{1e9, std::nullopt, true};
  e.attrs["currency"] = "USD";
  e.mentions.push_back({{3, 9}, "数十亿美元", Lang::zh, 1});
  r.entities.push_back(e);
  std::string line = to_jsonl_line(r);
  CHECK(line.rfind(R"({"schema":"newsdeal.article/1","id":"x","source":{"format":"seedtext",)", 0) == 0);
  CHECK(line.find(R"("value":{"min":1000000000,"max":null,"approx":true})") != std::string::npos);
  CHECK(line.find(R"("langs":["zh","en"])") != std::string::npos);
  CHECK(line.find('\n') == std::string::npos);
}

TEST_CASE("error records name the stage and carry the input size", "[writer]") {
  ArticleError e;
  e.id = "bad";
  e.stage = Stage::decode;
  e.message = "invalid UTF-8 at byte 12";
  e.input_bytes = 40;
  Json j = error_to_json(e);
  CHECK(j["schema"] == "newsdeal.error/1");
  CHECK(j["stage"] == "decode");
  CHECK(j["error"] == "invalid UTF-8 at byte 12");
  CHECK(j["input_bytes"] == 40);
}
