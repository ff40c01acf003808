#include "pipeline/fetch/discover.h"

#include <set>

#include "pipeline/readers/declared_charset.h"
#include "pipeline/readers/feed.h"
#include "pipeline/readers/http_message.h"
#include "pipeline/readers/sitemap.h"
#include "pipeline/readers/xml_doc.h"

namespace newsdeal::fetch {
namespace {

constexpr int kMaxSitemapDepth = 3;

Target error_target(const std::string& id, const std::string& url, SourceFormat format, Stage stage,
                    const std::string& message) {
  ArticleError e;
  e.id = id;
  e.source.format = format;
  if (!url.empty()) e.source.url = url;
  e.stage = stage;
  e.message = message;
  return {url, std::move(e)};
}

// The decoded body of a fetched discovery document, or an error target.
std::optional<std::string> body_of(const FetchResult& r, std::size_t limit, SourceFormat format,
                                   std::vector<Target>& out) {
  if (!r.ok) {
    out.push_back({r.requested, fetch_error(r, format)});
    return std::nullopt;
  }
  const Response& page = *r.page();
  try {
    return decode_http_body(page.body, page.parsed, limit);
  } catch (const HttpBodyError& e) {
    // decode_http_body names the reader's limit; here the fetch's applies.
    std::string what = e.what();
    if (auto at = what.find("(--max-article-bytes)"); at != std::string::npos) what.replace(at, 21, "(--max-body)");
    out.push_back(error_target(r.requested, r.requested, format, Stage::fetch, r.requested + ": " + what));
    return std::nullopt;
  }
}

// An item's link as a URL to fetch, resolved against the document's URL.
std::optional<std::string> page_url(const std::string& base, const std::string& link, std::string& why) {
  auto b = parse_url(base);
  auto u = b ? resolve_url(*b, link, &why) : parse_url(link, &why);
  if (!u) return std::nullopt;
  return u->str();
}

void read_sitemap(Fetcher& fetcher, const std::string& url, const KeepFetch& keep, int depth,
                  std::set<std::string>& seen, std::vector<Target>& out) {
  FetchResult r = fetcher.fetch(url);
  if (keep) keep(r);
  if (!seen.insert(r.requested).second) return;
  auto body = body_of(r, fetcher.options().client.max_body, SourceFormat::text, out);
  if (!body) return;
  Sitemap map;
  try {
    map = parse_sitemap_bytes(*body, charset_from_content_type(r.page()->header("content-type").value_or("")));
  } catch (const XmlError& e) {
    out.push_back(error_target(r.requested, r.requested, SourceFormat::text, Stage::parse,
                               r.requested + ": not a sitemap: " + e.what()));
    return;
  }
  if (map.entries.empty()) {
    out.push_back(error_target(r.requested, r.requested, SourceFormat::text, Stage::parse,
                               r.requested + ": the sitemap lists no URLs"));
    return;
  }
  for (std::size_t n = 0; n < map.entries.size(); ++n) {
    std::string why;
    auto loc = page_url(r.url, map.entries[n].loc, why);
    if (!loc) {
      out.push_back(error_target(r.requested + ":" + std::to_string(n + 1), "", SourceFormat::text, Stage::parse,
                                 r.requested + ": entry " + std::to_string(n + 1) + " <loc>" + map.entries[n].loc +
                                     "</loc>: " + why));
      continue;
    }
    if (!map.index) {
      out.push_back({*loc, std::nullopt});
    } else if (depth >= kMaxSitemapDepth) {
      out.push_back(error_target(*loc, *loc, SourceFormat::text, Stage::parse,
                                 *loc + ": not read: sitemap indexes nest deeper than " +
                                     std::to_string(kMaxSitemapDepth) + " levels"));
    } else if (!seen.count(*loc)) {
      read_sitemap(fetcher, *loc, keep, depth + 1, seen, out);
    }
  }
}

}  // namespace

ArticleError fetch_error(const FetchResult& r, SourceFormat format) {
  ArticleError e;
  e.id = r.requested;
  e.source.format = format;
  e.source.url = r.requested;
  e.stage = Stage::fetch;
  e.message = r.error;
  return e;
}

std::vector<Target> feed_targets(Fetcher& fetcher, const std::string& feed_url, const KeepFetch& keep) {
  std::vector<Target> out;
  FetchResult r = fetcher.fetch(feed_url);
  if (keep) keep(r);
  auto body = body_of(r, fetcher.options().client.max_body, SourceFormat::rss, out);
  if (!body) return out;
  Feed feed;
  try {
    feed = parse_feed_bytes(*body, charset_from_content_type(r.page()->header("content-type").value_or("")));
  } catch (const XmlError& e) {
    out.push_back(error_target(r.requested, r.requested, SourceFormat::rss, Stage::parse,
                               r.requested + ": not a feed: " + e.what()));
    return out;
  }
  if (feed.items.empty()) {
    out.push_back(error_target(r.requested, r.requested, feed.format, Stage::parse,
                               r.requested + ": " + feed.kind + " feed with no items"));
    return out;
  }
  for (std::size_t n = 0; n < feed.items.size(); ++n) {
    const FeedItem& it = feed.items[n];
    const std::string where = r.requested + ": item " + std::to_string(n + 1);
    const std::string id = it.id.empty() ? r.requested + ":" + std::to_string(n + 1) : it.id;
    if (it.url.empty()) {
      out.push_back(error_target(id, "", feed.format, Stage::parse, where + " has no link to fetch"));
      continue;
    }
    std::string why;
    auto url = page_url(r.url, it.url, why);
    if (!url) {
      out.push_back(error_target(id, it.url, feed.format, Stage::parse, where + ": link " + it.url + ": " + why));
      continue;
    }
    out.push_back({*url, std::nullopt});
  }
  return out;
}

std::vector<Target> sitemap_targets(Fetcher& fetcher, const std::string& sitemap_url, const KeepFetch& keep) {
  std::vector<Target> out;
  std::set<std::string> seen;
  read_sitemap(fetcher, sitemap_url, keep, 1, seen, out);
  return out;
}

}  // namespace newsdeal::fetch
