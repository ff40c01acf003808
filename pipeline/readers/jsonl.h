// JSONL input: one article a line, {"id", "url", "title", "text" or "html",
// "published", "lang"}; unknown fields are ignored. A line that is not JSON, not
// an object, or has no text becomes an error naming the file and line.
#pragma once

#include <string>

#include "pipeline/readers/byte_source.h"
#include "pipeline/readers/reader.h"

namespace newsdeal {

// Reads every line of `src`. `name` is the input's path (for messages and
// source.path); ids default to "<file stem>:<line>" when a line has none.
void read_jsonl(ByteSource& src, const std::string& name, std::string prefix, const ReadOptions& opts,
                const ReadSink& sink);

}  // namespace newsdeal
