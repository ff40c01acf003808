// One partition of a distributed batch (newsdeal/dask.py): a whole input, or a
// byte range of a JSONL file that starts and ends on line boundaries, read by the
// same readers as `newsdeal batch` and written as JSONL to one file, with the
// partition's compute-allocation model.
//
// A range keeps the file's own line numbers (ids "<file>:<line>" for lines
// without an id, and messages "<file>:<line>: ..."), so the parts of a file
// together are byte for byte what `newsdeal batch` writes for it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "pipeline/model.h"
#include "pipeline/pipeline.h"
#include "pipeline/readers/reader.h"

namespace newsdeal::py {

struct PartitionSpec {
  std::string path;  // as given: it names the input in records and messages
  // A byte range [start, end) of a JSONL file; nullopt: the whole input, read as
  // `newsdeal batch` reads it (any format, folders not expanded here).
  std::optional<std::uint64_t> start, end;
  std::uint64_t first_line = 1;  // the file's line number at `start`
};

struct PartitionResult {
  std::size_t records = 0, errors = 0;
  std::map<std::string, std::size_t> errors_by_stage;
  std::size_t text_bytes = 0;  // articles' text and errors' input, as newsdeal batch counts
  AllocationModel model;
};

// Reads the partition, runs every article through `pipeline` on up to `threads`
// threads (0: every core) and writes one line per article, in input order, to
// `out_path` (created or emptied, flushed and fsynced before returning). Throws
// std::runtime_error naming the file when the output cannot be written or the
// range cannot be read: a partition is written whole or the task fails.
PartitionResult run_partition(const Pipeline& pipeline, const PartitionSpec& spec, const ReadOptions& opts,
                              unsigned threads, const std::string& out_path);

// The number of '\n' bytes in [start, end) of a file (the lines a range holds
// when it ends on a line boundary). Throws std::runtime_error when it cannot read.
std::uint64_t count_newlines(const std::string& path, std::uint64_t start, std::uint64_t end);

}  // namespace newsdeal::py
