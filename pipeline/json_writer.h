// Records and error records as JSON objects, exactly as RECORD.md lays them out
// (keys in the documented order), one object per line.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/record.h"

namespace newsdeal {

using Json = nlohmann::ordered_json;

// A number as records print it: whole numbers as integers (8000, not 8000.0), null
// for none.
Json json_number(std::optional<double> v);

Json record_to_json(const Record& r);
Json error_to_json(const ArticleError& e);
Json outcome_to_json(const Outcome& o);

// One line of JSONL, without the newline: exactly the bytes of
// outcome_to_json(o).dump() (no spaces, UTF-8 kept, an invalid byte that slipped
// into a message replaced by U+FFFD), but written straight from the record
// without building the tree, which costs several times the serializing.
std::string to_jsonl_line(const Outcome& o);
// The same, appended to `out` (which the batch engine reuses line after line).
void append_jsonl_line(std::string& out, const Outcome& o);

}  // namespace newsdeal
