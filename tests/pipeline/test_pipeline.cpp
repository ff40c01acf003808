// The pipeline as a library: stages, errors as values, languages and sections.
#include <algorithm>
#include <memory>
#include <thread>

#include "pipeline/json_writer.h"
#include "pipeline/pipeline.h"
#include "pipeline/readers/input.h"
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

TEST_CASE("articles processed as a group give what each gives alone, in order, errors included", "[pipeline]") {
  // The corpus articles, with bad ones among them: a stage-by-stage run over the
  // group must not let one article's state reach another's record.
  std::vector<Article> group;
  read_inputs({std::string(NEWSDEAL_SOURCE_DIR) + "/corpus"}, {}, [&](ReadItem&& item) {
    if (auto* a = std::get_if<Article>(&item)) group.push_back(std::move(*a));
  });
  REQUIRE(group.size() >= 20);
  group.insert(group.begin() + 3, article("ok \xff bad"));
  group.insert(group.begin() + 7, article(""));
  Article outside = article("Meta signed a deal with Amazon.");
  outside.sections.push_back({"body", {0, 999}, Lang::en});
  group.insert(group.begin() + 11, outside);

  std::vector<const Article*> all;
  for (const auto& a : group) all.push_back(&a);
  const std::vector<Outcome> together = shared_pipeline().process(all);
  REQUIRE(together.size() == group.size());
  std::size_t errors = 0;
  for (std::size_t i = 0; i < group.size(); ++i) {
    INFO("article " << i << ": " << group[i].id);
    CHECK(to_jsonl_line(together[i]) == to_jsonl_line(shared_pipeline().process(group[i])));
    errors += std::holds_alternative<ArticleError>(together[i]);
  }
  CHECK(errors == 3);
  CHECK(std::get<ArticleError>(together[11]).stage == Stage::parse);
  // And in reverse order, so each article follows different neighbours.
  std::vector<const Article*> reversed(all.rbegin(), all.rend());
  const std::vector<Outcome> backwards = shared_pipeline().process(reversed);
  for (std::size_t i = 0; i < group.size(); ++i)
    CHECK(to_jsonl_line(backwards[group.size() - 1 - i]) == to_jsonl_line(together[i]));
}

TEST_CASE("a group's outcomes handed over one by one are the group's, each once, each article freeable at once",
          "[pipeline]") {
  // What `newsdeal batch` does: serialize each outcome as it comes and free its
  // article (the sanitized build would catch the pipeline reading it after).
  std::vector<std::unique_ptr<Article>> owned;
  read_inputs({std::string(NEWSDEAL_SOURCE_DIR) + "/corpus"}, {}, [&](ReadItem&& item) {
    if (auto* a = std::get_if<Article>(&item)) owned.push_back(std::make_unique<Article>(std::move(*a)));
  });
  REQUIRE(owned.size() >= 20);
  owned.insert(owned.begin() + 5, std::make_unique<Article>(article("ok \xff bad")));
  std::vector<const Article*> all;
  std::vector<std::string> want;
  for (const auto& a : owned) {
    all.push_back(a.get());
    want.push_back(to_jsonl_line(shared_pipeline().process(*a)));
  }
  std::vector<std::size_t> order;
  std::vector<std::string> got(all.size());
  shared_pipeline().process(all, [&](std::size_t i, Outcome&& o) {
    REQUIRE(i < all.size());
    order.push_back(i);
    got[i] = to_jsonl_line(o);
    owned[i].reset();
  });
  REQUIRE(order.size() == all.size());
  std::vector<std::size_t> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) CHECK(sorted[i] == i);  // each article once
  for (std::size_t i = 0; i < all.size(); ++i) {
    INFO("article " << i);
    CHECK(got[i] == want[i]);
  }
  CHECK(got[5].find("\"error\"") != std::string::npos);
}

TEST_CASE("a group's articles go through the later stages by language: English, both, Chinese", "[pipeline]") {
  // Interleaved on the way in; each outcome still the article's own.
  const char* texts[] = {"亚马逊与Meta签署协议。", "Meta signed a deal with Amazon.",
                         "Meta signed a deal with Amazon.\n亚马逊与Meta签署协议。", "谷歌将向Anthropic提供TPU。",
                         "Google will supply TPUs to Anthropic.", "甲骨文与OpenAI签约。"};
  const int lang[] = {2, 0, 1, 2, 0, 2};  // 0 English, 1 both, 2 Chinese
  std::vector<Article> group;
  for (const char* t : texts) group.push_back(article(t));
  std::vector<const Article*> all;
  for (const auto& a : group) all.push_back(&a);
  std::vector<std::size_t> order;
  shared_pipeline().process(all, [&](std::size_t i, Outcome&& o) {
    order.push_back(i);
    CHECK(to_jsonl_line(o) == to_jsonl_line(shared_pipeline().process(group[i])));
  });
  REQUIRE(order.size() == group.size());
  for (std::size_t k = 1; k < order.size(); ++k) {
    INFO("outcome " << k << " is article " << order[k] << ", after article " << order[k - 1]);
    CHECK(lang[order[k - 1]] <= lang[order[k]]);
    if (lang[order[k - 1]] == lang[order[k]]) CHECK(order[k - 1] < order[k]);  // input order within a language
  }
}

TEST_CASE("documents extracted as a group get the mentions each gets alone", "[pipeline]") {
  std::vector<Document> group, alone;
  read_inputs({std::string(NEWSDEAL_SOURCE_DIR) + "/corpus"}, {}, [&](ReadItem&& item) {
    if (auto* a = std::get_if<Article>(&item)) group.push_back(shared_pipeline().prepare(*a));
  });
  REQUIRE(group.size() >= 20);
  alone = group;
  shared_pipeline().extract(group);
  std::size_t mentions = 0;
  for (std::size_t i = 0; i < group.size(); ++i) {
    shared_pipeline().extract(alone[i]);
    INFO("document " << i);
    REQUIRE(group[i].mentions.size() == alone[i].mentions.size());
    for (std::size_t k = 0; k < group[i].mentions.size(); ++k) {
      const Mention& a = group[i].mentions[k];
      const Mention& b = alone[i].mentions[k];
      CHECK((a.type == b.type && a.span == b.span && a.key == b.key && a.value == b.value && a.rule == b.rule));
      CHECK(std::equal(a.attrs.begin(), a.attrs.end(), b.attrs.begin(), b.attrs.end()));
    }
    mentions += group[i].mentions.size();
  }
  CHECK(mentions > 100);  // the corpus has mentions of every kind, not an empty comparison
}
