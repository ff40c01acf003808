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

// Exit statuses: 0 all good, 1 some articles failed (or a check differed), 2 usage.
constexpr int kExitOk = 0;
constexpr int kExitSomeFailed = 1;
constexpr int kExitUsage = 2;

// extract and batch: one JSONL line per input article to `output` ("-" = stdout);
// with `model_path`, the deals are also folded into a compute-allocation model
// written there (JSON) at the end.
int run_batch(const std::vector<std::string>& inputs, const std::string& output, const CommonOptions& opts,
              const std::string& model_path = "");

// model: folds records (or shard models) into the compute-allocation model.
int run_model(const std::vector<std::string>& inputs, const std::string& output, const std::string& format);

std::string render_model(const AllocationModel& model, const std::string& format);
// Writes `data` to `path` ("-" = stdout) whole: a temporary file, then a rename.
bool write_output(const std::string& path, const std::string& data);

// check: runs the corpus articles and compares them with their golden records.
int run_check(const std::vector<std::string>& dirs, bool update, const CommonOptions& opts);

}  // namespace newsdeal::cli
