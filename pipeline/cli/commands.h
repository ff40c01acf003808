// The subcommands of the `newsdeal` program, each in its own file.
#pragma once

#include <string>
#include <vector>

#include "pipeline/pipeline.h"
#include "pipeline/readers/reader.h"

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

// extract and batch: one JSONL line per input article to `output` ("-" = stdout).
int run_batch(const std::vector<std::string>& inputs, const std::string& output, const CommonOptions& opts);

// check: runs the corpus articles and compares them with their golden records.
int run_check(const std::vector<std::string>& dirs, bool update, const CommonOptions& opts);

}  // namespace newsdeal::cli
