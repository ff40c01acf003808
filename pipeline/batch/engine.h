// The batch engine: many articles through one Pipeline on every core, in input
// order, with a bounded number of articles in flight so memory stays flat however
// large the dump.
//
//   Pipeline pipeline(options);                        // one, shared by all threads
//   auto out = OutputFile::open("out.jsonl", false, nullptr, err);
//   BatchOptions opts;                                 // threads, shard, resume ...
//   BatchResult r = process_batch(pipeline, {"dump.jsonl"}, opts, *out);
//   out->close();
//
// Shape (oneTBB parallel_pipeline): a reader thread runs the readers
// (read_inputs) into a small bounded queue; a serial stage takes articles from it
// in order (dropping those of other shards and those already written before a
// resume); a parallel stage runs Pipeline::process and serializes the line; a
// serial stage writes the lines in input order. Exactly one line per article:
// bad articles are error records, never gaps.
//
// Stopping: when *stop becomes non-zero (a signal handler sets it) or a write
// fails, no further article is taken; the ones in flight are finished and
// written, so every line in the output is complete.
#pragma once

#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "pipeline/batch/output.h"
#include "pipeline/batch/progress.h"
#include "pipeline/batch/shard.h"
#include "pipeline/model.h"
#include "pipeline/pipeline.h"
#include "pipeline/readers/reader.h"

namespace newsdeal {

struct BatchOptions {
  ReadOptions read;
  unsigned threads = 0;       // 0: every core the process may use
  std::size_t in_flight = 0;  // groups of articles between reading and writing; 0: 2 per thread
  Shard shard;                // the share of the articles to process (by id)
  // --resume: this many articles of the shard are already in the output (skipped),
  // and the last of them must have this id ("" = not checked).
  std::size_t skip = 0;
  std::string skip_last_id;
  bool fold_model = false;  // fold each record's deals into BatchResult::model
  const std::atomic<int>* stop = nullptr;  // non-zero: stop taking articles
  Progress* progress = nullptr;            // redrawn from the writing stage
};

struct BatchResult {
  std::size_t records = 0, errors = 0, entities = 0, deals = 0;
  std::map<std::string, std::size_t> errors_by_stage;
  std::size_t text_bytes = 0;      // article text processed
  std::size_t other_shards = 0;    // articles left to other shards
  std::size_t resumed = 0;         // articles skipped because the output had them
  double seconds = 0;
  int stopped_by = 0;              // the *stop value that ended the run early, 0 if none
  // Why the run could not finish, if it could not: the output failed (a full
  // disk), the output was not that of these inputs (resume), or reading failed.
  enum class Failure { none, output, resume, read } failure = Failure::none;
  std::string error;
  AllocationModel model;           // with fold_model

  std::size_t written() const { return records + errors; }
};

BatchResult process_batch(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                          const BatchOptions& opts, OutputFile& out);

// The total size of the inputs when every one is a regular file or folder of
// them (for the ETA); nullopt when one is stdin, a pipe or compressed.
std::optional<std::size_t> total_input_bytes(const std::vector<std::string>& inputs);

}  // namespace newsdeal
