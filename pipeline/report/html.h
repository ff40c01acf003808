// Escaping for the report page: text and attribute values, and JSON inside a
// <script> element.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace newsdeal::report {

// `s` with &, <, >, " and ' as character references: safe in text and in
// quoted attribute values.
std::string escape(const std::string& s);

// `j` as JSON text that can sit inside <script type="application/json">: every
// '<' is written \u003c, so no "</script>" or "<!--" can end or change the
// element; invalid UTF-8 in strings becomes U+FFFD instead of an error.
std::string script_json(const nlohmann::json& j);

}  // namespace newsdeal::report
