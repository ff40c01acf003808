// Feeds: RSS 2.0, RSS 1.0 (RDF) and Atom 1.0, parsed with pugixml into their
// items. A feed file given to `extract` or `batch` becomes one article per item
// (document.h); the fetcher follows the items' links instead.
//
// Per item: id from <guid>, else <link> (RSS), <id> (Atom), rdf:about (RDF);
// title; url from <link> (Atom: rel="alternate" or no rel); published from
// pubDate (RFC 822 made ISO 8601, see feed_date.h), dc:date, Atom published or
// updated; content from content:encoded, else description (RSS), content, else
// summary (Atom), which hold HTML (Atom type="text" holds plain text).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/article.h"

namespace newsdeal {

struct FeedItem {
  std::string id, title, url, published;
  std::string content;      // as the feed holds it
  bool content_is_html = true;
  bool title_is_html = false;
};

struct Feed {
  SourceFormat format = SourceFormat::rss;  // rss (2.0 and RDF) or atom
  std::string kind;                         // "RSS 2.0", "RSS 1.0 (RDF)", "Atom 1.0": for messages
  std::string title;
  std::vector<FeedItem> items;
};

// Parses a feed given as UTF-8. Throws XmlError when it is not well-formed XML
// or its root is no rss, rdf:RDF or feed element.
Feed parse_feed(std::string_view utf8_xml);

// The same from raw bytes in any charset (BOM, HTTP header charset, XML
// declaration, detection: see charset.h).
Feed parse_feed_bytes(std::string_view bytes, std::string_view header_charset = {});

}  // namespace newsdeal
