// A fetched URL to articles, through the same steps a WARC record of it takes
// on replay (readers/warc.h): the content coding undone by decode_http_body()
// (bounded by --max-article-bytes: a gzip bomb stops there), then read_document() with the
// response's Content-Type, so the charset the header declares is tried first.
// Record id and source.url are the page's URL after redirects (a WARC record's
// WARC-Target-URI), source.fetched_at when the request went out.
#pragma once

#include "pipeline/fetch/fetcher.h"
#include "pipeline/readers/reader.h"

namespace newsdeal::fetch {

// Calls `sink` with the page's articles (one, or one per item when the page is
// a feed), or with one error naming the URL and what failed. The decoded body
// is bounded by opts.max_article_bytes, as on replay.
void read_fetched(const FetchResult& r, const ReadOptions& opts, const ReadSink& sink);

}  // namespace newsdeal::fetch
