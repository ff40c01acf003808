#include "pipeline/readers/sitemap.h"

#include <cctype>

#include "pipeline/readers/charset.h"
#include "pipeline/readers/xml_doc.h"

namespace newsdeal {
namespace {

std::string text_of(const pugi::xml_node& parent, std::string_view local) {
  std::string s = inner_text(child_named(parent, local));
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

}  // namespace

Sitemap parse_sitemap(std::string_view utf8_xml) {
  pugi::xml_document doc;
  load_xml(doc, utf8_xml);
  pugi::xml_node root = doc.document_element();
  XmlKind kind = xml_kind(root.name());
  if (kind != XmlKind::urlset && kind != XmlKind::sitemapindex)
    throw XmlError(std::string("the root element <") + root.name() + "> is no sitemap urlset or sitemapindex");
  Sitemap map;
  map.index = kind == XmlKind::sitemapindex;
  const std::string_view entry = map.index ? "sitemap" : "url";
  for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element || local_name(n) != entry) continue;
    SitemapEntry e;
    e.loc = text_of(n, "loc");
    if (e.loc.empty()) continue;  // an entry without a location lists nothing
    e.lastmod = text_of(n, "lastmod");
    if (pugi::xml_node news = child_named(n, "news")) {
      e.news_title = text_of(news, "title");
      e.news_published = text_of(news, "publication_date");
    }
    map.entries.push_back(std::move(e));
  }
  return map;
}

Sitemap parse_sitemap_bytes(std::string_view bytes, std::string_view header_charset) {
  return parse_sitemap(decode_markup(bytes, Markup::xml, header_charset).text);
}

}  // namespace newsdeal
