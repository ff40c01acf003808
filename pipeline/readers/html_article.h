// An HTML news page to its article: the main text without the page's
// navigation, ads, comments and footers (html_content.h), and what the page
// says about itself (html_metadata.h).
//
//   HtmlArticle a = extract_html_article(html, "https://example.com/2025/03/14/chips");
//   a.title  // "Chips deal signed"       a.date  // "2025-03-14T09:30:00+08:00"
//   a.text   // paragraphs, one blank line between them; headings on their own lines
//
// `html` is UTF-8 (charset.h decodes pages first). Throws HtmlTooDeep
// (html_text.h) for a page nested deeper than kMaxHtmlDepth elements.
#pragma once

#include <string>
#include <string_view>

#include "pipeline/article.h"

namespace newsdeal {

struct HtmlArticle {
  std::string title;          // headline, the site's name cut off; "" when none
  std::string text;           // main text
  std::string date;           // published, ISO 8601 ("2025-03-14" or with time); "" when none
  std::string author;         // "Jane Doe, John Roe"; "" when none
  std::string lang;           // "en", "zh" ...: declared, else detected from the text; "" when neither
  std::string canonical_url;  // absolute when the page URL is given; "" when none
  std::string site_name;      // "" when none
};

HtmlArticle extract_html_article(std::string_view html, std::string_view url = {});

// A reader's step for a web page: fills `a` from the decoded page. The text is
// the headline as its first line (the pipeline finds it as the title section)
// and the main text below it; a.title, a.lang_hint and a.source.published are
// set from the page, and a.source.url from the canonical URL when the input
// had none. A page with no main text to find (no paragraphs) gets its visible
// text (html_text.h). Throws HtmlTooDeep.
void fill_article_from_html(Article& a, std::string_view html);

}  // namespace newsdeal
