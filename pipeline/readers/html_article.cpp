#include "pipeline/readers/html_article.h"

#include "lang/script.h"
#include "pipeline/readers/html_content.h"
#include "pipeline/readers/html_dom.h"
#include "pipeline/readers/html_metadata.h"

namespace newsdeal {

HtmlArticle extract_html_article(std::string_view html, std::string_view url) {
  HtmlDom dom(html);
  HtmlMetadata md = read_html_metadata(dom, url);
  HtmlArticle a;
  a.text = extract_main_text(dom, md.title);
  a.title = std::move(md.title);
  a.date = std::move(md.date);
  a.author = std::move(md.author);
  a.canonical_url = std::move(md.canonical_url);
  a.site_name = std::move(md.site_name);
  a.lang = std::move(md.lang);
  if (a.lang.empty()) {
    // Undeclared: the script of the text says zh or en; mixed text says neither.
    Lang l = detect_lang(a.text.empty() ? a.title : a.text);
    if (l == Lang::zh || l == Lang::en) a.lang = std::string(lang_name(l));
  }
  return a;
}

}  // namespace newsdeal
