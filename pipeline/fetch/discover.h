// `fetch --feed URL` and `fetch --sitemap URL`: the pages a feed or a sitemap
// lists, as the run's work list. The feed or sitemap is fetched like any page
// (robots.txt, politeness, retries); its items' links become pages to fetch,
// in the order listed. What cannot be followed becomes an error line in that
// place instead, so the output still has one line per item:
//   - the feed or sitemap itself failed (stage fetch) or is no feed / sitemap
//     (stage parse): one error line for it;
//   - an item with no link, or a link that is no http(s) URL (stage parse).
// Relative links resolve against the feed's own URL. A sitemap index is
// followed to its sitemaps, at most three levels deep; a sitemap listed twice
// is read once.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/article.h"
#include "pipeline/fetch/fetcher.h"

namespace newsdeal::fetch {

// One line of the run's output: a page to fetch, or an error already known.
struct Target {
  std::string url;
  std::optional<ArticleError> error;
};

// Receives the fetch of each feed and sitemap (to keep it in the WARC).
using KeepFetch = std::function<void(const FetchResult&)>;

std::vector<Target> feed_targets(Fetcher& fetcher, const std::string& feed_url, const KeepFetch& keep);
std::vector<Target> sitemap_targets(Fetcher& fetcher, const std::string& sitemap_url, const KeepFetch& keep);

// The error line for a URL that could not be fetched: id and source.url the
// URL as asked for, stage fetch.
ArticleError fetch_error(const FetchResult& r, SourceFormat format = SourceFormat::html);

}  // namespace newsdeal::fetch
