// The pipeline as a library: stages, errors as values, languages and sections.
#include <thread>

#include "pipeline/json_writer.h"
#include "pipeline/pipeline.h"
#include "tests/support.h"

using namespace newsdeal;

namespace {

const Pipeline& shared_pipeline() {
  static Pipeline p(PipelineOptions{});
  return p;
}

Article article(std::string text) {
  Article a;
  a.id.assign(1, 't');
  a.text.swap(text);  // (assignment trips a false -Wrestrict in GCC 12's std::string)
  return a;
}

}  // namespace

TEST_CASE("bad text becomes an error record naming stage and byte", "[pipeline]") {
  auto o = shared_pipeline().process(article("ok \xff bad"));
  REQUIRE(std::holds_alternative<ArticleError>(o));
  CHECK(std::get<ArticleError>(o).stage == Stage::decode);
  CHECK(std::get<ArticleError>(o).message == "invalid UTF-8 at byte 3");

  o = shared_pipeline().process(article(std::string("a\0b", 3)));
  REQUIRE(std::holds_alternative<ArticleError>(o));
  CHECK(std::get<ArticleError>(o).message == "binary data: NUL byte at byte 1");

  o = shared_pipeline().process(article(""));
  REQUIRE(std::holds_alternative<ArticleError>(o));
  CHECK(std::get<ArticleError>(o).stage == Stage::read);
}

TEST_CASE("plain text gets one body section and the languages of its paragraphs", "[pipeline]") {
  auto o = shared_pipeline().process(article("\n  Meta signed a deal with Amazon.\n亚马逊与Meta签署协议。\n\n"));
  REQUIRE(std::holds_alternative<Record>(o));
  const Record& r = std::get<Record>(o);
  REQUIRE(r.sections.size() == 1);
  CHECK(r.sections[0].name == "body");
  CHECK(r.sections[0].span.start == 3);
  CHECK(r.langs == std::vector<Lang>{Lang::zh, Lang::en});
}

TEST_CASE("one Pipeline serves many threads with the same results", "[pipeline]") {
  std::string text = "Anthropic committed to running its models on Amazon's Trainium processors.\n"
                     "OpenAI同意在价值1000亿美元的云服务协议中使用Trainium芯片。";
  std::string want = to_jsonl_line(shared_pipeline().process(article(text)));
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i)
        if (to_jsonl_line(shared_pipeline().process(article(text))) != want) ++mismatches;
    });
  for (auto& th : threads) th.join();
  CHECK(mismatches == 0);
}
