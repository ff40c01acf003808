// One HTTP GET with cpp-httplib, bounded in every way a server can stall or
// flood a crawler: a connect timeout, a read timeout (no byte for that long),
// a total timeout for the whole exchange (a server that trickles its headers a
// byte at a time never trips the read timeout), and a body limit that stops
// the transfer. HTTPS goes through OpenSSL with the system CA store, or a CA
// file given instead; certificates are always verified, host names included.
//
//   ClientOptions o;                         // timeouts, limits, User-Agent
//   Attempt a = http_get(*parse_url("https://example.com/x"), o);
//   if (a.response) a.response->status ...   // any status: redirects and errors too
//   else a.error                             // "no data for 30 s (read timeout, --read-timeout)"
//
// Redirects, retries, robots.txt and politeness are the Fetcher's (fetcher.h):
// this is a single exchange. The body is kept as it came after the transfer
// coding and before the content coding (gzip stays gzip), which is what a WARC
// record keeps and what decode_http_body() (readers/http_message.h) undoes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "pipeline/fetch/url.h"
#include "pipeline/readers/http_message.h"

namespace newsdeal::fetch {

struct ClientOptions {
  double connect_timeout = 10;  // seconds to establish the connection (and TLS)
  double read_timeout = 30;     // seconds without a byte from the server
  double total_timeout = 60;    // seconds for one whole exchange
  std::size_t max_body = std::size_t(16) << 20;  // bytes of body as received
  std::string user_agent;
  std::string ca_file;  // PEM CA certificates to trust instead of the system store
};

// A response as the server sent it.
struct Response {
  std::string url;         // the URL asked for, normalized
  std::string fetched_at;  // when the request went out, ISO 8601 UTC ("2025-06-10T04:00:01Z")
  int status = 0;
  std::string reason;      // "OK", "Not Found"
  // Status line and headers, CRLF line ends, ending with the empty line. A
  // Transfer-Encoding header is kept as X-Crawler-Transfer-Encoding: the body
  // below is no longer in that coding.
  std::string head;
  std::string body;
  HttpHead parsed;  // parse_http_head(head)

  std::optional<std::string> header(std::string_view lower_name) const { return parsed.header(lower_name); }
};

enum class Failure { none, connect, connect_timeout, read_timeout, total_timeout, broken, too_large, tls, other };

struct Attempt {
  std::optional<Response> response;  // set when a whole response arrived (any status)
  Failure failure = Failure::none;
  std::string error;  // what went wrong, without the URL

  // Worth trying again: the network failed (not a limit or a certificate).
  bool retryable_failure() const {
    return failure == Failure::connect || failure == Failure::connect_timeout || failure == Failure::read_timeout ||
           failure == Failure::total_timeout || failure == Failure::broken;
  }
};

Attempt http_get(const Url& url, const ClientOptions& opts);

// The current time as ISO 8601 UTC with seconds, as WARC-Date and fetched_at write it.
std::string utc_now_iso8601();

}  // namespace newsdeal::fetch
