#include "pipeline/readers/html_article.h"

#include "lang/script.h"
#include "pipeline/readers/html_content.h"
#include "pipeline/readers/html_dom.h"
#include "pipeline/readers/html_metadata.h"
#include "pipeline/readers/html_text.h"

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

void fill_article_from_html(Article& a, std::string_view html) {
  HtmlArticle h = extract_html_article(html, a.source.url.value_or(""));
  if (h.text.find_first_not_of(" \n") == std::string::npos) h.text = html_to_text(html);
  if (!h.title.empty()) a.title = h.title;
  if (!h.date.empty()) a.source.published = h.date;
  if (!h.lang.empty()) a.lang_hint = h.lang;
  if (!a.source.url && !h.canonical_url.empty()) a.source.url = h.canonical_url;
  if (!h.title.empty() && h.text.rfind(h.title, 0) != 0) a.text = h.title + "\n\n" + h.text;
  else a.text = std::move(h.text);
}

}  // namespace newsdeal
