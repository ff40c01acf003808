// The batch engine's parts: the shard split, the resumable output file, the
// engine itself (order, threads, stopping, the model) and the progress line.
#include <filesystem>
#include <fstream>

#include "pipeline/batch/engine.h"
#include "pipeline/json_writer.h"
#include "tests/support.h"

using namespace newsdeal;
namespace fs = std::filesystem;

namespace {

const Pipeline& shared_pipeline() {
  static const Pipeline p(PipelineOptions{});
  return p;
}

// A temporary folder removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("newsdeal-batch-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string& name, const std::string& data) const {
    std::ofstream(path / name, std::ios::binary) << data;
    return (path / name).string();
  }
};

std::vector<std::string> lines_of(const std::string& data) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t nl; (nl = data.find('\n', from)) != std::string::npos; from = nl + 1)
    out.push_back(data.substr(from, nl - from));
  return out;
}

// A JSONL dump of n small articles (every seventh line bad), in both languages.
std::string dump(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i % 7 == 3) {
      out += "{\"id\": \"broken-" + std::to_string(i) + "\", \"text\": \n";
      continue;
    }
    const char* text = i % 2 ? "Meta agreed to rent Nvidia GPUs from Oracle for $3 billion."
                             : "字节跳动与华为签署协议，采购昇腾芯片，金额约50亿元。";
    out += R"({"id": "a)" + std::to_string(i) + R"(", "text": ")" + text + "\"}\n";
  }
  return out;
}

struct Run {
  BatchResult result;
  std::string output;
};

Run run_engine(const std::vector<std::string>& inputs, BatchOptions opts, const fs::path& out_path) {
  std::string err;
  auto out = OutputFile::open(out_path.string(), false, nullptr, err);
  REQUIRE(out);
  Run r{process_batch(shared_pipeline(), inputs, opts, *out), ""};
  REQUIRE(out->close());
  r.output = test::read_file(out_path);
  return r;
}

}  // namespace

TEST_CASE("shards split ids evenly, stably and without overlap", "[batch]") {
  // Pinned: every machine and every version must split the same ids the same way.
  CHECK(Shard::shard_hash("") == 0xf52a15e9a9b5e89bull);
  CHECK(Shard::shard_hash("qimuai-3902") == Shard::shard_hash(std::string("qimuai-3902")));
  const Shard s0{0, 3}, s1{1, 3}, s2{2, 3};
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 3000; ++i) {
    const std::string id = "dump:" + std::to_string(i);  // similar ids, as JSONL line ids are
    int takers = s0.takes(id) + s1.takes(id) + s2.takes(id);
    REQUIRE(takers == 1);
    counts[s0.takes(id) ? 0 : s1.takes(id) ? 1 : 2]++;
  }
  for (int c : counts) CHECK((c > 900 && c < 1100));
  CHECK(Shard{}.takes("anything"));

  std::string why;
  CHECK(Shard::parse("2/5", why).value().index == 2);
  CHECK(Shard::parse("0/1", why).value().whole());
  for (const char* bad : {"5/5", "1", "/3", "1/", "a/3", "1/0", "1/3/4", " 1/3", "-1/3"}) {
    INFO(bad);
    CHECK_FALSE(Shard::parse(bad, why));
    CHECK(why.find("--shard expects i/N") != std::string::npos);
  }
}

TEST_CASE("resuming an output keeps its complete lines and cuts a torn one", "[batch]") {
  TempDir dir;
  std::string err;
  SECTION("a torn last line") {
    auto path = dir.file("out.jsonl", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c");
    std::vector<std::string> seen;
    auto out = OutputFile::open(path, true, [&](std::string_view l) { seen.emplace_back(l); }, err);
    REQUIRE(out);
    CHECK(out->kept_lines() == 2);
    CHECK(out->torn_bytes() == 8);
    CHECK(out->last_kept_line() == "{\"id\":\"b\"}");
    CHECK(seen == std::vector<std::string>{"{\"id\":\"a\"}", "{\"id\":\"b\"}"});
    REQUIRE(out->append("{\"id\":\"c\"}\n"));
    REQUIRE(out->close());
    CHECK(test::read_file(path) == "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n");
  }
  SECTION("no newline at all") {
    auto path = dir.file("out.jsonl", "{\"id\":");
    auto out = OutputFile::open(path, true, nullptr, err);
    REQUIRE(out);
    CHECK(out->kept_lines() == 0);
    CHECK(out->torn_bytes() == 6);
    REQUIRE(out->close());
    CHECK(test::read_file(path).empty());
  }
  SECTION("a missing file starts empty; without resume a file is emptied") {
    auto out = OutputFile::open((dir.path / "new.jsonl").string(), true, nullptr, err);
    REQUIRE(out);
    CHECK(out->kept_lines() == 0);
    auto path = dir.file("old.jsonl", "x\ny\n");
    auto fresh = OutputFile::open(path, false, nullptr, err);
    REQUIRE(fresh);
    CHECK(fresh->kept_lines() == 0);
    REQUIRE(fresh->close());
    CHECK(test::read_file(path).empty());
  }
  SECTION("lines longer than the read buffer") {
    std::string big(3 << 20, 'x');
    auto path = dir.file("big.jsonl", big + "\n" + big + "y\n" + "torn");
    std::vector<std::size_t> sizes;
    auto out = OutputFile::open(path, true, [&](std::string_view l) { sizes.push_back(l.size()); }, err);
    REQUIRE(out);
    CHECK(sizes == std::vector<std::size_t>{big.size(), big.size() + 1});
    CHECK(out->last_kept_line() == big + "y");
  }
  SECTION("stdout cannot be resumed") {
    CHECK_FALSE(OutputFile::open("-", true, nullptr, err));
    CHECK(err.find("--resume needs an output file") != std::string::npos);
  }
}

TEST_CASE("a full disk is a write error with the reason", "[batch]") {
  if (!fs::exists("/dev/full")) NEWSDEAL_SKIP("no /dev/full");
  std::string err;
  auto out = OutputFile::open("/dev/full", false, nullptr, err);
  REQUIRE(out);
  CHECK(out->append("{}\n"));  // buffered
  CHECK_FALSE(out->close());
  CHECK(out->error() == "writing /dev/full failed: No space left on device");
  CHECK_FALSE(out->append("{}\n"));
}

TEST_CASE("the engine writes one line per article in input order, whatever the threads", "[batch]") {
  TempDir dir;
  const auto input = dir.file("dump.jsonl", dump(120));
  BatchOptions one;
  one.threads = 1;
  Run a = run_engine({input}, one, dir.path / "j1.jsonl");
  BatchOptions three;
  three.threads = 3;
  three.in_flight = 5;
  three.fold_model = true;
  Run b = run_engine({input}, three, dir.path / "j3.jsonl");

  CHECK(a.output == b.output);
  auto lines = lines_of(a.output);
  REQUIRE(lines.size() == 120);
  for (int i = 0; i < 120; ++i) {
    auto j = nlohmann::json::parse(lines[i]);
    INFO("line " << i);
    CHECK(j["id"] == (i % 7 == 3 ? "dump:" + std::to_string(i + 1) : "a" + std::to_string(i)));
    CHECK(j["schema"] == (i % 7 == 3 ? "newsdeal.error/1" : "newsdeal.article/1"));
  }
  CHECK(a.result.errors == 17);
  CHECK(a.result.records == 103);
  CHECK(a.result.errors_by_stage == std::map<std::string, std::size_t>{{"parse", 17}});
  CHECK(a.result.deals == b.result.deals);
  CHECK(a.result.deals > 0);
  CHECK(a.result.stopped_by == 0);
  CHECK(a.result.failure == BatchResult::Failure::none);

  // The model folded in the engine equals the model of the lines it wrote.
  AllocationModel from_lines;
  for (const auto& l : lines) from_lines.add_record(nlohmann::json::parse(l));
  CHECK(b.result.model.to_json() == from_lines.to_json());
  CHECK(b.result.model.size() > 0);
}

TEST_CASE("the engine skips what a resumed output holds and checks it is the same input", "[batch]") {
  TempDir dir;
  const auto input = dir.file("dump.jsonl", dump(30));
  Run whole = run_engine({input}, {}, dir.path / "whole.jsonl");
  auto lines = lines_of(whole.output);

  BatchOptions rest;
  rest.skip = 10;
  rest.skip_last_id = nlohmann::json::parse(lines[9])["id"].get<std::string>();
  Run tail = run_engine({input}, rest, dir.path / "tail.jsonl");
  CHECK(tail.result.resumed == 10);
  CHECK(tail.output == whole.output.substr(whole.output.find(lines[10])));

  rest.skip_last_id = "somebody-else";
  Run wrong = run_engine({input}, rest, dir.path / "wrong.jsonl");
  CHECK(wrong.result.failure == BatchResult::Failure::resume);
  CHECK(wrong.result.error.find("somebody-else") != std::string::npos);
  CHECK(wrong.output.empty());

  rest.skip = 31;
  rest.skip_last_id.clear();
  Run too_many = run_engine({input}, rest, dir.path / "too-many.jsonl");
  CHECK(too_many.result.failure == BatchResult::Failure::resume);
  CHECK(too_many.result.error.find("not the output of these inputs") != std::string::npos);
}

TEST_CASE("a stop request ends the run without a partial line", "[batch]") {
  TempDir dir;
  const auto input = dir.file("dump.jsonl", dump(50));
  std::atomic<int> stop{15};
  BatchOptions opts;
  opts.stop = &stop;
  Run r = run_engine({input}, opts, dir.path / "out.jsonl");
  CHECK(r.result.stopped_by == 15);
  CHECK(r.result.written() == 0);
  CHECK(r.output.empty());
}

TEST_CASE("the progress line counts and estimates the time left", "[batch]") {
  ProgressCounts c;
  c.articles = 1200;
  c.errors = 1;
  c.text_bytes = 6'000'000;
  c.input_done = 25'000'000;
  Progress known(false, 100'000'000);
  CHECK(known.render(c, 3.0) == "1200 articles, 6.0 MB, 400 articles/s, 2.0 MB/s, 1 error, 25%, ETA 0:09");
  Progress unknown(false, std::nullopt);
  CHECK(unknown.render(c, 3.0) == "1200 articles, 6.0 MB, 400 articles/s, 2.0 MB/s, 1 error");
  CHECK(total_input_bytes({"-"}) == std::nullopt);
}
