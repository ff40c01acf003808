#include "pipeline/readers/feed.h"

#include <cctype>

#include "pipeline/readers/charset.h"
#include "pipeline/readers/feed_date.h"
#include "pipeline/readers/xml_doc.h"

namespace newsdeal {
namespace {

std::string trimmed(std::string s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

std::string text_of(const pugi::xml_node& parent, std::string_view local) {
  pugi::xml_node n = child_named(parent, local);
  return n ? trimmed(inner_text(n)) : std::string();
}

// Titles in RSS are often entity-encoded HTML ("AT&amp;amp;T", "<b>...</b>").
bool has_markup(const std::string& s) { return s.find('<') != std::string::npos || s.find('&') != std::string::npos; }

FeedItem rss_item(const pugi::xml_node& item) {
  FeedItem it;
  it.title = text_of(item, "title");
  it.title_is_html = has_markup(it.title);
  it.url = text_of(item, "link");
  std::string guid = text_of(item, "guid");
  std::string about = trimmed(item.attribute("rdf:about").value());
  it.id = !guid.empty() ? guid : !it.url.empty() ? it.url : about;
  std::string date = text_of(item, "pubDate");
  if (date.empty()) date = text_of(item, "date");  // dc:date
  it.published = normalize_feed_date(date);
  // content:encoded is the full text; description often only a teaser.
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == "encoded") {
      it.content = trimmed(inner_text(c));
      if (!it.content.empty()) break;
    }
  if (it.content.empty()) it.content = text_of(item, "description");
  return it;
}

// An Atom text construct: type "text" (the default), "html" or "xhtml".
std::string atom_text(const pugi::xml_node& n, bool& is_html) {
  std::string type = n.attribute("type").value();
  is_html = type == "html" || type == "xhtml" || type == "text/html" || type == "application/xhtml+xml";
  return trimmed(inner_text(n));
}

FeedItem atom_entry(const pugi::xml_node& entry) {
  FeedItem it;
  it.id = text_of(entry, "id");
  if (pugi::xml_node t = child_named(entry, "title")) it.title = atom_text(t, it.title_is_html);
  for (pugi::xml_node l = entry.first_child(); l; l = l.next_sibling()) {
    if (l.type() != pugi::node_element || local_name(l) != "link") continue;
    std::string rel = l.attribute("rel").value();
    if (rel.empty() || rel == "alternate") {
      it.url = trimmed(l.attribute("href").value());
      break;
    }
  }
  if (it.id.empty()) it.id = it.url;
  std::string date = text_of(entry, "published");
  if (date.empty()) date = text_of(entry, "updated");
  it.published = normalize_feed_date(date);
  pugi::xml_node content = child_named(entry, "content");
  if (content && !content.attribute("src")) it.content = atom_text(content, it.content_is_html);
  if (it.content.empty())
    if (pugi::xml_node summary = child_named(entry, "summary")) it.content = atom_text(summary, it.content_is_html);
  return it;
}

}  // namespace

Feed parse_feed(std::string_view utf8_xml) {
  pugi::xml_document doc;
  load_xml(doc, utf8_xml);
  pugi::xml_node root = doc.document_element();
  Feed feed;
  switch (xml_kind(root.name())) {
    case XmlKind::rss: {
      feed.kind = "RSS 2.0";
      pugi::xml_node channel = child_named(root, "channel");
      feed.title = text_of(channel, "title");
      for (pugi::xml_node n = channel.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_element && local_name(n) == "item") feed.items.push_back(rss_item(n));
      break;
    }
    case XmlKind::rdf: {
      feed.kind = "RSS 1.0 (RDF)";
      feed.title = text_of(child_named(root, "channel"), "title");
      for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_element && local_name(n) == "item") feed.items.push_back(rss_item(n));
      break;
    }
    case XmlKind::atom: {
      feed.kind = "Atom 1.0";
      feed.format = SourceFormat::atom;
      bool html = false;
      if (pugi::xml_node t = child_named(root, "title")) feed.title = atom_text(t, html);
      for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_element && local_name(n) == "entry") feed.items.push_back(atom_entry(n));
      break;
    }
    default:
      throw XmlError(std::string("the root element <") + root.name() + "> is no rss, rdf:RDF or Atom feed");
  }
  return feed;
}

Feed parse_feed_bytes(std::string_view bytes, std::string_view header_charset) {
  return parse_feed(decode_markup(bytes, Markup::xml, header_charset).text);
}

}  // namespace newsdeal
