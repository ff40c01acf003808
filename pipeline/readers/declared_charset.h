// Where a document says what charset it is in: the HTTP Content-Type header, an
// HTML <meta> tag, an XML declaration. Labels are returned as written (trimmed,
// unquoted); charset.h maps them to converters.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newsdeal {

// The charset parameter of a Content-Type value ("text/html; charset=GBK" ->
// "GBK"); empty when there is none.
std::string charset_from_content_type(std::string_view content_type);

// The media type of a Content-Type value, lower-cased, without parameters
// ("Text/HTML; charset=x" -> "text/html").
std::string media_type(std::string_view content_type);

// The charset of the first <meta charset> or <meta http-equiv="Content-Type"
// content="...; charset=..."> in the head: scanned up to <body> or the first
// 64 KiB, past comments and script and style contents (a page may carry
// kilobytes of scripts before its meta tag).
std::optional<std::string> html_meta_charset(std::string_view bytes);

// The encoding="..." of an XML declaration at the very start.
std::optional<std::string> xml_declared_encoding(std::string_view bytes);

}  // namespace newsdeal
