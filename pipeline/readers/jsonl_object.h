// The fields of one JSONL line that make an article, read from a JSON object.
//
// Two readers give the same fields. read_object_fast (simdjson, whole-line
// validation at several GB/s) takes the lines it reads exactly as nlohmann would:
// valid JSON objects whose "id", when present, is a string. Anything else (not
// JSON, not an object, invalid UTF-8, a numeric id, a number too large for a
// double ...) it declines, and the caller reads the line with nlohmann as before,
// which also says what is wrong and where. nlohmann's lexer was most of the
// reading stage's time (about 80 instructions per byte of dump).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace newsdeal {

struct JsonlObject {
  // The last occurrence of each key counts, as in nlohmann's objects; a field that
  // is not a string is absent.
  std::optional<std::string> id, url, published, title, lang, text, html;
  // A numeric id, as nlohmann gives it (only from object_fields).
  std::optional<long long> numeric_id;
};

// The fields of a parsed nlohmann object.
JsonlObject object_fields(const nlohmann::json& object);

// The fields of `line` when simdjson reads it as an object with no non-string id;
// nullopt otherwise. `line` may be given more capacity (simdjson reads a few bytes
// past the end of its input); its contents stay.
std::optional<JsonlObject> read_object_fast(std::string& line);

}  // namespace newsdeal
