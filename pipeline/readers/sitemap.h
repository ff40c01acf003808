// Sitemaps (sitemaps.org): a <urlset> of pages, or a <sitemapindex> of further
// sitemaps, with Google News' <news:news> extension. They list pages to fetch
// and hold no article text: the fetcher's `--sitemap` reads them; given to
// `extract` or `batch` a sitemap is one error record saying so (document.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsdeal {

struct SitemapEntry {
  std::string loc;             // the page (urlset) or the sitemap (sitemapindex)
  std::string lastmod;         // as written
  std::string news_title;      // <news:title>, news sitemaps only
  std::string news_published;  // <news:publication_date>
};

struct Sitemap {
  bool index = false;  // a sitemapindex: the entries are sitemaps
  std::vector<SitemapEntry> entries;
};

// Parses a sitemap given as UTF-8; throws XmlError when it is not well-formed
// XML or its root is no urlset or sitemapindex.
Sitemap parse_sitemap(std::string_view utf8_xml);

// The same from raw bytes in any charset (see charset.h).
Sitemap parse_sitemap_bytes(std::string_view bytes, std::string_view header_charset = {});

}  // namespace newsdeal
