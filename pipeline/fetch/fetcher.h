// Fetching a URL the way a polite crawler does, from any number of threads at
// once:
//   1. robots.txt of the URL's origin (scheme, host, port) is fetched once and
//      cached; a disallowed URL is not requested. robots.txt answering 4xx
//      allows everything; unreachable or 5xx disallows everything (RFC 9309).
//   2. Per host, at most `per_host` requests at a time, their starts at least
//      the larger of `delay` and the Crawl-delay apart (host_gate.h).
//   3. The request (http_client.h: connect, read and total timeouts, body
//      limit). Timeouts, broken connections, 429 and 5xx are tried again up to
//      `retries` times, after an exponential backoff with jitter or after the
//      server's Retry-After (retry.h); a Retry-After longer than
//      `max_retry_after` is not waited for.
//   4. Redirects (301, 302, 303, 307, 308) are followed, relative Locations
//      resolved, each hop checked against robots.txt, up to `max_redirects`;
//      a Location seen before in the chain is a loop and stops it.
//
//   Fetcher f(options);
//   FetchResult r = f.fetch("http://example.com/a");
//   if (r.ok) r.page()->body ...   // raw body; decode_http_body() undoes gzip
//   else r.error                   // "http://example.com/a: redirect loop: ..."
#pragma once

#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "pipeline/fetch/host_gate.h"
#include "pipeline/fetch/http_client.h"
#include "pipeline/fetch/robots.h"

namespace newsdeal::fetch {

struct FetchOptions {
  ClientOptions client;
  int retries = 2;               // further attempts after the first
  double backoff = 1;            // seconds before the first retry; doubles each time
  double backoff_cap = 30;       // the most one backoff waits
  double max_retry_after = 120;  // a longer Retry-After gives up instead of waiting
  int max_redirects = 10;
  unsigned per_host = 2;
  double delay = 0.25;           // seconds between request starts on one host
  double max_crawl_delay = 60;   // a robots.txt Crawl-delay is honoured up to this
  bool robots = true;            // false: --ignore-robots
  std::size_t max_robots_bytes = 512 * 1024;  // RFC 9309 asks crawlers to read at least 500 KiB
  const std::atomic<int>* stop = nullptr;     // non-zero: no further attempts, no more waiting
};

struct FetchResult {
  std::string requested;            // the URL asked for, normalized (as given when it does not parse)
  std::string url;                  // where the page came from, after redirects
  std::vector<Response> responses;  // every whole response, in order: retried ones, redirects, the last
  bool ok = false;                  // the last response is a 2xx
  bool robots_blocked = false;
  std::string error;                // when !ok: "<requested>: what failed"
  std::string reason;               // the same without the URL in front

  const Response* page() const { return ok ? &responses.back() : nullptr; }
};

class Fetcher {
 public:
  explicit Fetcher(FetchOptions opts);

  // Thread-safe.
  FetchResult fetch(const std::string& url);

  // Called with each robots.txt response as it arrives (for the WARC), from the
  // fetching thread; set before fetching starts.
  std::function<void(const Response&)> on_robots_response;

  const FetchOptions& options() const { return opts_; }

 private:
  struct Exchange {     // the outcome of one URL's attempts
    bool got_response;  // the last attempt's response is responses.back()
    std::string error;  // what failed ("HTTP 503 Service Unavailable (3 attempts)")
  };
  Exchange get_with_retries(const Url& url, double delay, std::vector<Response>& responses);
  FetchResult follow(const std::string& given, bool check_robots, int max_redirects);
  const RobotsRules& robots_for(const Url& url);
  RobotsRules load_robots(const Url& url);
  double host_delay(const Url& url);
  bool stopping() const { return opts_.stop && opts_.stop->load() != 0; }
  void sleep(double seconds);

  FetchOptions opts_;
  std::string agent_token_;
  HostGate gate_;
  std::mutex m_;
  std::map<std::string, std::shared_future<RobotsRules>> robots_;
  std::mt19937_64 rng_;
};

}  // namespace newsdeal::fetch
