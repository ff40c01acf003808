#include "pipeline/fetch/fetched_page.h"

#include "pipeline/fetch/discover.h"
#include "pipeline/readers/document.h"
#include "pipeline/readers/http_message.h"

namespace newsdeal::fetch {

void read_fetched(const FetchResult& r, const ReadOptions& opts, const ReadSink& sink) {
  if (!r.ok) {
    sink(fetch_error(r));
    return;
  }
  const Response& page = *r.page();
  std::string body;
  try {
    body = decode_http_body(page.body, page.parsed, opts.max_article_bytes);
  } catch (const HttpBodyError& e) {
    ArticleError err = fetch_error(r);
    err.message = r.url + ": " + e.what();
    err.input_bytes = page.body.size();
    sink(std::move(err));
    return;
  }
  DocumentInfo info;
  info.name = r.url;
  info.id = r.url;
  info.url = r.url;
  info.fetched_at = page.fetched_at;
  info.content_type = page.header("content-type").value_or("");
  read_document(body, info, opts, sink);
}

}  // namespace newsdeal::fetch
