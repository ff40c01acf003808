// The subcommands of the `newsdeal` program, each in its own file.
#pragma once

#include <string>
#include <vector>

#include "pipeline/pipeline.h"
#include "pipeline/readers/reader.h"

namespace newsdeal {
class AllocationModel;
}

namespace newsdeal::cli {

// Options every subcommand that runs the pipeline shares.
struct CommonOptions {
  PipelineOptions pipeline;
  ReadOptions read;
  bool quiet = false;
};

// The malloc the program runs on, for --version: "mimalloc 2.0.9" when the build
// linked mimalloc and it serves malloc, else "libc" (see CMakeLists.txt).
std::string allocator_name();

// Exit statuses: 0 all good, 1 some articles failed (or a check differed), 2 usage.
constexpr int kExitOk = 0;
constexpr int kExitSomeFailed = 1;
constexpr int kExitUsage = 2;

// The batch's own options (pipeline/batch/engine.h does the work).
struct BatchRun {
  std::string output = "-";  // "-": stdout
  std::string model_path;    // also fold the deals into a model written here (JSON)
  unsigned jobs = 0;         // threads; 0: every core
  bool resume = false;       // continue an interrupted run into the same output
  std::string shard;         // "i/N": only the articles of shard i of N (by id)
};

// Exit status when the output could not be written (a full disk): the lines
// written before the failure are complete, the rest are missing.
constexpr int kExitOutputFailed = 3;

// extract and batch: one JSONL line per input article, in input order, to
// run.output; the summary on stderr. Interrupted by SIGINT or SIGTERM, it
// returns 128 + the signal number after writing what was in flight.
int run_batch(const std::vector<std::string>& inputs, const CommonOptions& opts, const BatchRun& run);
inline int run_batch(const std::vector<std::string>& inputs, const std::string& output, const CommonOptions& opts,
                     const std::string& model_path = "") {
  BatchRun run;
  run.output = output;
  run.model_path = model_path;
  return run_batch(inputs, opts, run);
}

// model: folds records (or shard models) into the compute-allocation model.
int run_model(const std::vector<std::string>& inputs, const std::string& output, const std::string& format);

std::string render_model(const AllocationModel& model, const std::string& format);
// Writes `data` to `path` ("-" = stdout) whole: a temporary file, then a rename.
bool write_output(const std::string& path, const std::string& data);

// check: runs the corpus articles and compares them with their golden records.
int run_check(const std::vector<std::string>& dirs, bool update, const CommonOptions& opts);

}  // namespace newsdeal::cli
