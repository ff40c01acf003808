// Baseline for tests/bench/run_batch: ICU word-breaking alone (the floor any
// segmenting pipeline pays) over the article texts of a dump, paragraph by
// paragraph as the pipeline sees them, on one thread. Reading and parsing the
// dump is not timed. Prints one JSON object: bytes, wall and CPU seconds, words.
//
//   wordbreak_dump dump.jsonl [more inputs...]
#include <time.h>

#include <chrono>
#include <iostream>
#include <string_view>

#include "lang/segment.h"
#include "pipeline/readers/input.h"

namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: wordbreak_dump INPUT...\n";
    return 2;
  }
  const newsdeal::Segmenter seg(newsdeal::Lexicon{});  // ICU alone: no domain lexicon
  std::size_t bytes = 0, words = 0;
  double wall = 0, cpu = 0;
  newsdeal::read_inputs({argv + 1, argv + argc}, {}, [&](newsdeal::ReadItem&& item) {
    const auto* a = std::get_if<newsdeal::Article>(&item);
    if (!a) return;
    const std::string_view text = a->text;
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = thread_cpu_seconds();
    for (std::size_t from = 0; from < text.size();) {
      std::size_t nl = text.find('\n', from);
      if (nl == std::string_view::npos) nl = text.size();
      if (nl > from) words += seg.icu_words(text.substr(from, nl - from)).size();
      from = nl + 1;
    }
    cpu += thread_cpu_seconds() - c0;
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    bytes += text.size();
  });
  std::cout << "{\"bytes\":" << bytes << ",\"seconds\":" << wall << ",\"cpu_seconds\":" << cpu
            << ",\"words\":" << words << ",\"mb_per_s\":" << bytes / 1e6 / wall
            << ",\"mb_per_cpu_s\":" << bytes / 1e6 / cpu << "}\n";
  return 0;
}
