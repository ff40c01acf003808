// Per-stage throughput over a bilingual text built from the corpus articles (and
// the seed and dev articles of ../shared when present), repeated to ~10 MB. The
// baseline in the same run is ICU word-breaking of the same text: the floor any
// segmenting pipeline pays. Run through tests/bench/run, which prints ratios.
//
//   build/tests/bench/bench_stages [--benchmark_filter=...] [--corpus DIR]...
#include <benchmark/benchmark.h>
#ifdef NEWSDEAL_BENCH_MIMALLOC
#include <mimalloc.h>
#endif

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "extractors/gazetteer.h"
#include "extractors/gazetteer_extractor.h"
#include "extractors/person_extractor.h"
#include "extractors/rule_extractor.h"
#include "pipeline/json_writer.h"
#include "pipeline/pipeline.h"
#include "pipeline/readers/input.h"

using namespace newsdeal;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> g_inputs;
std::size_t g_target_bytes = 10u << 20;

// The articles of the inputs, repeated until they reach the target size.
const std::vector<Article>& articles() {
  static const std::vector<Article> all = [] {
    std::vector<Article> base, out;
    read_inputs(g_inputs, {}, [&](ReadItem&& item) {
      if (auto* a = std::get_if<Article>(&item)) base.push_back(std::move(*a));
    });
    if (base.empty()) {
      std::cerr << "bench_stages: no articles in the inputs\n";
      std::exit(2);
    }
    std::size_t bytes = 0;
    for (std::size_t i = 0; bytes < g_target_bytes; ++i) {
      out.push_back(base[i % base.size()]);
      out.back().id += "#" + std::to_string(i);
      bytes += out.back().text.size();
    }
    return out;
  }();
  return all;
}

std::size_t total_bytes() {
  std::size_t n = 0;
  for (const auto& a : articles()) n += a.text.size();
  return n;
}

const Pipeline& pipeline() {
  static const Pipeline p(PipelineOptions{});
  return p;
}

const std::vector<Document>& prepared() {
  static const std::vector<Document> docs = [] {
    std::vector<Document> out;
    for (const auto& a : articles()) out.push_back(pipeline().prepare(a));
    return out;
  }();
  return docs;
}

const std::vector<Document>& extracted() {
  static const std::vector<Document> docs = [] {
    std::vector<Document> out = prepared();
    for (auto& d : out) pipeline().extract(d);
    return out;
  }();
  return docs;
}

// ICU word-breaking over every paragraph of the text once: the baseline.
void icu_pass() {
  static const Segmenter seg(Lexicon{});
  for (const auto& d : prepared())
    for (const auto& p : d.paragraphs) benchmark::DoNotOptimize(seg.icu_words(d.slice(p.span)));
}

void BM_IcuWordBreak(benchmark::State& state) {
  for (auto _ : state) icu_pass();
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

void BM_Normalize(benchmark::State& state) {
  Normalizer norm;
  for (auto _ : state)
    for (const auto& a : articles()) benchmark::DoNotOptimize(norm.normalize(a.text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

// Segmentation alone: sentences and words (ICU's rules, ICU's dictionary, the
// shipped lexicon; not the gazetteer's names) of each paragraph. Prepare takes the
// words from the normalized text; here both come from the text as read, which for
// these articles is nearly the same bytes.
void BM_Segment(benchmark::State& state) {
  static const Segmenter seg;
  std::vector<Span> words;
  for (auto _ : state)
    for (const auto& d : prepared())
      for (const auto& p : d.paragraphs) {
        const std::string_view text = d.slice(p.span);
        benchmark::DoNotOptimize(seg.sentences(text));
        words.clear();
        seg.append_words(text, words);
        benchmark::DoNotOptimize(words);
      }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

// decode + sections + paragraphs + sentences + words (ICU and lexicon) + normalize
void BM_Prepare(benchmark::State& state) {
  for (auto _ : state)
    for (const auto& a : articles()) benchmark::DoNotOptimize(pipeline().prepare(a));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

// The prepared documents [first, last) copied into `docs` (resized to fit), each as
// prepare() leaves it: no mentions and no room for them yet. Copied over the last
// iteration's documents, as `newsdeal batch` fills the memory its last group freed.
void refill(std::vector<Document>& docs, std::size_t first, std::size_t last) {
  docs.resize(last - first);
  for (std::size_t i = first; i < last; ++i) {
    docs[i - first] = prepared()[i];
    std::vector<Mention>().swap(docs[i - first].mentions);
  }
}

// The prepared documents refilled into groups of `group` (see refill()).
void refill_groups(std::vector<std::vector<Document>>& groups, std::size_t group) {
  const std::size_t n = prepared().size();
  groups.resize((n + group - 1) / group);
  for (std::size_t g = 0; g < groups.size(); ++g) refill(groups[g], g * group, std::min(n, (g + 1) * group));
}

// `base` copied over the last iteration's documents, as refill() does, with no
// room for mentions beyond what the stage before left.
void copy_over(std::vector<Document>& docs, const std::vector<Document>& base) {
  docs = base;
  for (auto& d : docs) d.mentions.shrink_to_fit();
}

// every extractor (gazetteer, rules, people) on prepared documents
void BM_Extract(benchmark::State& state) {
  std::vector<Document> docs;
  for (auto _ : state) {
    state.PauseTiming();
    refill(docs, 0, prepared().size());  // the copy is not the stage's
    state.ResumeTiming();
    for (auto& d : docs) pipeline().extract(d);
    benchmark::DoNotOptimize(docs);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

// Every extractor on prepared documents in groups (Pipeline::extract of several
// documents, as `newsdeal batch` runs them): each extractor over the whole group
// before the next, so its automata and tables stay in the caches.
void BM_ExtractGrouped(benchmark::State& state) {
  const std::size_t group = static_cast<std::size_t>(state.range(0));
  std::vector<std::vector<Document>> groups;
  for (auto _ : state) {
    state.PauseTiming();
    refill_groups(groups, group);
    state.ResumeTiming();
    for (auto& g : groups) pipeline().extract(g);
    benchmark::DoNotOptimize(groups);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

// Extraction in groups against ICU word-breaking, taken in turns: each
// iteration times one ICU pass over the text, then one grouped extraction pass,
// and the counter vs_icu is the median of the iterations' ratios. This
// machine's speed drifts by 10-30% from minute to minute, and BM_IcuWordBreak
// and BM_ExtractGrouped run a minute apart: their ratio swung from 0.92x to
// 1.07x between two runs of the same build. A pair taken seconds apart sees
// one machine. (Time reported: the extraction passes.)
void BM_ExtractGroupedVsIcu(benchmark::State& state) {
  const std::size_t group = static_cast<std::size_t>(state.range(0));
  std::vector<std::vector<Document>> groups;
  std::vector<double> ratios;
  using Clock = std::chrono::steady_clock;
  for (auto _ : state) {
    refill_groups(groups, group);
    const auto icu_start = Clock::now();
    icu_pass();
    const auto extract_start = Clock::now();
    for (auto& g : groups) pipeline().extract(g);
    const auto end = Clock::now();
    benchmark::DoNotOptimize(groups);
    const double extract = std::chrono::duration<double>(end - extract_start).count();
    ratios.push_back(extract / std::chrono::duration<double>(extract_start - icu_start).count());
    state.SetIterationTime(extract);
  }
  std::sort(ratios.begin(), ratios.end());
  state.counters["vs_icu"] = ratios.empty() ? 0 : ratios[ratios.size() / 2];
  state.counters["pairs"] = static_cast<double>(ratios.size());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

// Each extractor on its own, on prepared documents (persons after the gazetteer,
// whose company mentions they read): where the extract stage's time goes.
const Normalizer& bench_normalizer() {
  static const Normalizer n;
  return n;
}

std::shared_ptr<const Gazetteer> bench_gazetteer() {
  static const auto g = std::make_shared<const Gazetteer>(bench_normalizer());
  return g;
}

void run_extractor(benchmark::State& state, const Extractor& x, const Extractor* before) {
  std::vector<Document> base = prepared();
  if (before)
    for (auto& d : base) before->extract(d);
  std::vector<Document> docs;
  for (auto _ : state) {
    state.PauseTiming();
    copy_over(docs, base);
    state.ResumeTiming();
    for (auto& d : docs) x.extract(d);
    benchmark::DoNotOptimize(docs);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

void BM_ExtractGazetteer(benchmark::State& state) {
  static const GazetteerExtractor x(bench_gazetteer());
  run_extractor(state, x, nullptr);
}

void BM_ExtractPersons(benchmark::State& state) {
  static const GazetteerExtractor names(bench_gazetteer());
  static const PersonExtractor x(std::vector<std::string>{});
  run_extractor(state, x, &names);
}

void BM_ExtractRules(benchmark::State& state) {
  static const RuleExtractor x(std::vector<std::string>{});
  run_extractor(state, x, nullptr);
}

// The numeric rules alone again, with KB kilobytes of other memory read and
// written between two documents, as the other stages do in the pipeline: how much
// of the rules' speed rests on their automata staying in the caches (README,
// Benchmarks). Only the rules are timed (manual time, summed per document).
void BM_ExtractRulesAfterOtherWork(benchmark::State& state) {
  static const RuleExtractor x(std::vector<std::string>{});
  std::vector<char> other(static_cast<std::size_t>(state.range(0)) << 10, 1);
  std::vector<Document> docs;
  for (auto _ : state) {
    docs = prepared();
    std::chrono::duration<double> rules{0};
    for (auto& d : docs) {
      for (std::size_t i = 0; i < other.size(); i += 64) ++other[i];
      benchmark::DoNotOptimize(other.data());
      const auto start = std::chrono::steady_clock::now();
      x.extract(d);
      rules += std::chrono::steady_clock::now() - start;
    }
    state.SetIterationTime(rules.count());
    benchmark::DoNotOptimize(docs);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

// entities, deals, events and the record
void BM_Link(benchmark::State& state) {
  const auto& docs = extracted();
  for (auto _ : state)
    for (std::size_t i = 0; i < docs.size(); ++i) benchmark::DoNotOptimize(pipeline().finish(articles()[i], docs[i]));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

void BM_Write(benchmark::State& state) {
  std::vector<Record> records;
  for (std::size_t i = 0; i < extracted().size(); ++i) records.push_back(pipeline().finish(articles()[i], extracted()[i]));
  for (auto _ : state)
    for (const auto& r : records) benchmark::DoNotOptimize(to_jsonl_line(r));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

void BM_EndToEnd(benchmark::State& state) {
  for (auto _ : state)
    for (const auto& a : articles()) benchmark::DoNotOptimize(to_jsonl_line(pipeline().process(a)));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

// End to end in groups of articles, each stage over the whole group before the
// next (Pipeline::process of several articles, what `newsdeal batch` does).
void BM_EndToEndGrouped(benchmark::State& state) {
  const std::size_t group = static_cast<std::size_t>(state.range(0));
  std::vector<const Article*> batch;
  for (auto _ : state)
    for (std::size_t i = 0; i < articles().size(); i += group) {
      batch.clear();
      for (std::size_t k = i; k < std::min(articles().size(), i + group); ++k) batch.push_back(&articles()[k]);
      // Each outcome serialized as it is made, as `newsdeal batch` does.
      pipeline().process(batch, [](std::size_t, Outcome&& o) { benchmark::DoNotOptimize(to_jsonl_line(o)); });
    }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

// Dictionaries grow: 100,000 generated company names on top of the shipped
// gazetteer. Reports start-up time (the pipeline's construction) as a counter and
// extraction speed with the big gazetteer.
std::string big_gazetteer_path() {
  static const std::string path = [] {
    fs::path p = fs::temp_directory_path() / "newsdeal-bench-100k.tsv";
    std::ofstream out(p);
    out << "id\tname\tzh\taliases\tparent\tcategory\n";
    std::mt19937 rng(42);
    const char* syl[] = {"al", "bo", "cor", "da", "en", "fi", "gra", "hel", "io", "jun", "ka", "lu", "mar", "nov",
                         "or", "pra", "qui", "ros", "sil", "tor", "ul", "vex", "wen", "xa", "yor", "zen"};
    const char* han[] = {"华", "星", "云", "智", "芯", "达", "科", "创", "信", "联", "盛", "泰", "博", "源", "天", "海"};
    for (int i = 0; i < 100000; ++i) {
      std::string en, zh;
      for (int k = 0; k < 3; ++k) en += syl[rng() % 26];
      en[0] = static_cast<char>(std::toupper(en[0]));
      for (int k = 0; k < 4; ++k) zh += han[rng() % 16];
      out << "bench" << i << '\t' << en << " Systems " << i << '\t' << zh << i << "\t\t\tother\n";
    }
    return p.string();
  }();
  return path;
}

void BM_StartupShipped(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Pipeline(PipelineOptions{}));
}

void BM_StartupWith100kNames(benchmark::State& state) {
  PipelineOptions opts;
  opts.extractors.gazetteers = {big_gazetteer_path()};
  for (auto _ : state) benchmark::DoNotOptimize(Pipeline(opts));
}

void BM_ExtractWith100kNames(benchmark::State& state) {
  PipelineOptions opts;
  opts.extractors.gazetteers = {big_gazetteer_path()};
  static const Pipeline big(opts);
  std::vector<Document> base;
  for (const auto& a : articles()) base.push_back(big.prepare(a));
  std::vector<Document> docs;
  for (auto _ : state) {
    state.PauseTiming();
    copy_over(docs, base);
    state.ResumeTiming();
    for (auto& d : docs) big.extract(d);
    benchmark::DoNotOptimize(docs);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}

}  // namespace

BENCHMARK(BM_IcuWordBreak)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Normalize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Segment)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Prepare)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Extract)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ExtractGrouped)->Unit(benchmark::kMillisecond)->MinTime(2.0)->Arg(256);
BENCHMARK(BM_ExtractGroupedVsIcu)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(9)->Arg(256);
BENCHMARK(BM_ExtractGazetteer)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExtractPersons)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExtractRules)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExtractRulesAfterOtherWork)->Unit(benchmark::kMillisecond)->UseManualTime()->Arg(1024);
BENCHMARK(BM_Link)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Write)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EndToEnd)->Unit(benchmark::kMillisecond)->MinTime(4.0);
BENCHMARK(BM_EndToEndGrouped)->Unit(benchmark::kMillisecond)->MinTime(4.0)->Arg(256);
BENCHMARK(BM_StartupShipped)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_StartupWith100kNames)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_ExtractWith100kNames)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
#ifdef NEWSDEAL_BENCH_MIMALLOC
  // Memory freed stays the process's, as it does in `newsdeal batch`. Between two
  // iterations of a stage the benchmark frees a whole 10 MB text's documents or
  // mentions at once, which mimalloc hands back to the system; the next iteration
  // then takes a page fault per 4 KB it writes, some 170,000 in a run, a tenth or
  // more of the extraction stage's time. The program pays none of that in a long
  // run: `perf stat` counts 15,200 page faults for the 3 MB dump, 15,900 for 20 MB
  // and 23,500 for 200 MB (start-up, then hardly any), the same with decommit off.
  mi_option_disable(mi_option_allow_decommit);
#endif
  // Our own flags first: --corpus DIR (repeatable), --mb N.
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--corpus" && i + 1 < argc) g_inputs.push_back(argv[++i]);
    else if (a == "--mb" && i + 1 < argc) g_target_bytes = std::stoul(argv[++i]) << 20;
    else rest.push_back(argv[i]);
  }
  if (g_inputs.empty()) g_inputs.push_back(std::string(NEWSDEAL_SOURCE_DIR) + "/corpus");
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  // Build the inputs before any timing, so no benchmark's first iteration pays for them.
  (void)extracted();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
