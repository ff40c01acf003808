// The visible text of an HTML document, by gumbo: script, style and template
// contents dropped, block elements as paragraph breaks. This is the plain
// fallback; main-content extraction (boilerplate removal) builds on it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace newsdeal {

// Throws HtmlTooDeep when elements nest deeper than kMaxHtmlDepth: gumbo's tree
// building is quadratic in depth (100,000 nested <div>s take minutes), and no
// real article nests a thousandth as deep.
constexpr std::size_t kMaxHtmlDepth = 4096;

struct HtmlTooDeep : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string html_to_text(std::string_view html);

}  // namespace newsdeal
