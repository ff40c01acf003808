// An ingestion job over the newsdeal library: reads JSONL dumps (or any input the
// `newsdeal` program takes: text, HTML, folders), runs every article through one
// Pipeline shared by several threads, folds the records into a compute-allocation
// model, and prints the model (JSON) to stdout.
//
//   ingest_job [--threads N] INPUT...      e.g. ingest_job wire-2026-09.jsonl > model.json
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/json_writer.h"
#include "pipeline/model.h"
#include "pipeline/pipeline.h"
#include "pipeline/readers/input.h"

int main(int argc, char** argv) {
  std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) threads = std::max(1, std::atoi(argv[++i]));
    else inputs.push_back(arg);
  }
  if (inputs.empty()) {
    std::cerr << "usage: ingest_job [--threads N] INPUT...\n";
    return 2;
  }

  const newsdeal::Pipeline pipeline({});  // loads rules and gazetteers once
  newsdeal::AllocationModel model;
  std::size_t records = 0, errors = 0;

  // Articles are read in chunks so a dump of any size streams; each chunk is
  // processed by `threads` threads at once, all sharing the one Pipeline.
  std::vector<newsdeal::ReadItem> chunk;
  auto flush = [&] {
    std::vector<newsdeal::Json> out(chunk.size());
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < std::min(threads, chunk.size()); ++t)
      pool.emplace_back([&] {
        for (std::size_t i; (i = next++) < chunk.size();) {
          auto* article = std::get_if<newsdeal::Article>(&chunk[i]);
          newsdeal::Outcome o = article ? pipeline.process(*article)
                                        : newsdeal::Outcome(std::get<newsdeal::ArticleError>(chunk[i]));
          out[i] = newsdeal::outcome_to_json(o);
        }
      });
    for (auto& t : pool) t.join();
    for (const auto& j : out) {
      ++(j["schema"] == "newsdeal.article/1" ? records : errors);
      model.add_record(j);  // error records are ignored by the model
    }
    chunk.clear();
  };
  newsdeal::read_inputs(inputs, {}, [&](newsdeal::ReadItem&& item) {
    chunk.push_back(std::move(item));
    if (chunk.size() == 256) flush();
  });
  flush();

  std::cout << model.to_json().dump(2) << "\n";
  std::cerr << "ingest_job: " << records + errors << " articles: " << records << " records, " << errors
            << " errors; " << model.size() << " allocations\n";
  return errors ? 1 : 0;
}
