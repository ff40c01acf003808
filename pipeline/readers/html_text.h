// The visible text of an HTML document, by gumbo: script, style and template
// contents dropped, block elements as paragraph breaks. This is the plain
// fallback; main-content extraction (boilerplate removal) builds on it.
#pragma once

#include <string>
#include <string_view>

namespace newsdeal {

std::string html_to_text(std::string_view html);

}  // namespace newsdeal
