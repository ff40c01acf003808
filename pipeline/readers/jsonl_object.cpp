#include "pipeline/readers/jsonl_object.h"

#include <simdjson.h>

namespace newsdeal {
namespace {

std::optional<std::string> string_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// The field a key names, or nullptr for keys the reader does not keep.
std::optional<std::string>* field_of(JsonlObject& o, std::string_view key) {
  if (key == "text") return &o.text;
  if (key == "id") return &o.id;
  if (key == "title") return &o.title;
  if (key == "url") return &o.url;
  if (key == "published") return &o.published;
  if (key == "lang") return &o.lang;
  if (key == "html") return &o.html;
  return nullptr;
}

}  // namespace

JsonlObject object_fields(const nlohmann::json& j) {
  JsonlObject o;
  o.id = string_field(j, "id");
  if (auto it = j.find("id"); it != j.end() && it->is_number_integer()) o.numeric_id = it->get<long long>();
  o.url = string_field(j, "url");
  o.published = string_field(j, "published");
  o.title = string_field(j, "title");
  o.lang = string_field(j, "lang");
  o.text = string_field(j, "text");
  o.html = string_field(j, "html");
  return o;
}

std::optional<JsonlObject> read_object_fast(std::string& line) {
  // One parser per thread: it keeps its buffers from line to line.
  thread_local simdjson::dom::parser parser;
  const std::size_t size = line.size();
  if (line.capacity() < size + simdjson::SIMDJSON_PADDING) line.reserve(size + simdjson::SIMDJSON_PADDING);
  simdjson::dom::element root;
  if (parser.parse(simdjson::padded_string_view(line.data(), size, line.capacity())).get(root)) return std::nullopt;
  simdjson::dom::object object;
  if (root.get_object().get(object)) return std::nullopt;
  JsonlObject o;
  for (simdjson::dom::key_value_pair field : object) {
    std::optional<std::string>* slot = field_of(o, field.key);
    if (!slot) continue;
    std::string_view value;
    if (field.value.get_string().get(value)) {
      if (field.key == "id") return std::nullopt;  // a numeric (or other) id: nlohmann's reading decides
      slot->reset();  // a later non-string value hides an earlier string, as in nlohmann
      continue;
    }
    *slot = std::string(value);
  }
  return o;
}

}  // namespace newsdeal
