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

// One line of JSONL, without the newline. Invalid UTF-8 never reaches here: the
// decode stage rejects it, and error messages are built from valid text.
std::string to_jsonl_line(const Outcome& o);

}  // namespace newsdeal
