#include "pipeline/fetch/fetcher.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "pipeline/fetch/retry.h"

namespace newsdeal::fetch {
namespace {

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

std::string attempts_text(int n) { return n == 1 ? "1 attempt" : std::to_string(n) + " attempts"; }

std::string status_text(const Response& r) {
  return "HTTP " + std::to_string(r.status) + (r.reason.empty() ? "" : " " + r.reason);
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string chain_text(const std::vector<std::string>& chain) {
  std::string out;
  for (const auto& u : chain) out += (out.empty() ? "" : " -> ") + u;
  return out;
}

}  // namespace

Fetcher::Fetcher(FetchOptions opts)
    : opts_(std::move(opts)),
      agent_token_(product_token(opts_.client.user_agent)),
      gate_(opts_.per_host),
      rng_(std::random_device{}()) {}

void Fetcher::sleep(double seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                      std::chrono::duration<double>(seconds));
  while (!stopping() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(50), until - std::chrono::steady_clock::now()));
}

Fetcher::Exchange Fetcher::get_with_retries(const Url& url, double delay, std::vector<Response>& responses) {
  for (int attempt = 0;; ++attempt) {
    Attempt a;
    {
      HostGate::Pass pass = gate_.enter(url.origin(), delay);
      a = http_get(url, opts_.client);
    }
    const bool retry_status = a.response && retryable_status(a.response->status);
    const bool retry = retry_status || (!a.response && a.retryable_failure());
    std::string what = a.response ? status_text(*a.response) : a.error;
    const bool got = a.response.has_value();
    if (got) responses.push_back(std::move(*a.response));
    if (!retry) return {got, std::move(what)};
    if (attempt >= opts_.retries || stopping())
      return {got, what + (attempt ? "; gave up after " + attempts_text(attempt + 1) : std::string())};
    double wait;
    {
      std::lock_guard lock(m_);
      wait = backoff_seconds(attempt, opts_.backoff, opts_.backoff_cap, rng_);
    }
    if (got) {
      if (auto value = responses.back().header("retry-after")) {
        if (auto after = parse_retry_after(*value, std::chrono::system_clock::now())) {
          if (*after > opts_.max_retry_after)
            return {got, what + ", Retry-After: " + *value + " asks for a wait of " + seconds_text(*after) +
                        " s, longer than the " + seconds_text(opts_.max_retry_after) +
                        " s allowed (--max-retry-after); gave up after " + attempts_text(attempt + 1)};
          wait = *after;
        }
      }
    }
    sleep(wait);
  }
}

RobotsRules Fetcher::load_robots(const Url& url) {
  Url robots = url;
  robots.target = "/robots.txt";
  FetchResult r = follow(robots.str(), /*check_robots=*/false, /*max_redirects=*/5);
  for (const auto& resp : r.responses)
    if (on_robots_response) on_robots_response(resp);
  const std::string where = robots.str();
  if (r.ok) {
    const Response& page = *r.page();
    try {
      std::string text = decode_http_body(page.body, page.parsed, opts_.max_robots_bytes);
      return RobotsRules::parse(text, agent_token_);
    } catch (const HttpBodyError& e) {
      return RobotsRules::disallow_all(where + " could not be read (" + e.what() + ")");
    }
  }
  if (r.responses.empty())  // the network or TLS failed: the same would happen to the page
    return RobotsRules::disallow_all(r.reason + " (when fetching " + where +
                                     "; RFC 9309 takes an unreachable robots.txt as disallowing everything)");
  int status = r.responses.back().status;
  // 4xx: there are no rules (RFC 9309 2.3.1.3). 429 is "come back later", not "none".
  if (status >= 400 && status <= 499 && status != 429) return RobotsRules::allow_all();
  return RobotsRules::disallow_all(where + ": " + r.reason +
                                   ", which RFC 9309 says to take as disallowing everything");
}

const RobotsRules& Fetcher::robots_for(const Url& url) {
  std::shared_future<RobotsRules> future;
  std::promise<RobotsRules> promise;
  bool mine = false;
  {
    std::lock_guard lock(m_);
    auto it = robots_.find(url.origin());
    if (it == robots_.end()) {
      future = promise.get_future().share();
      robots_.emplace(url.origin(), future);
      mine = true;
    } else {
      future = it->second;
    }
  }
  if (mine) {  // others wait on the future meanwhile: it must be set whatever happens
    try {
      promise.set_value(load_robots(url));
    } catch (const std::exception& e) {
      promise.set_value(RobotsRules::disallow_all(std::string("reading robots.txt failed: ") + e.what()));
    }
  }
  return future.get();
}

double Fetcher::host_delay(const Url& url) {
  double delay = opts_.delay;
  if (opts_.robots)
    if (auto cd = robots_for(url).crawl_delay()) delay = std::max(delay, std::min(*cd, opts_.max_crawl_delay));
  return delay;
}

FetchResult Fetcher::follow(const std::string& given, bool check_robots, int max_redirects) {
  FetchResult r;
  std::string why;
  auto start = parse_url(given, &why);
  if (!start) {
    r.requested = given;
    r.reason = why;
    r.error = given + ": " + why;
    return r;
  }
  r.requested = start->str();
  Url cur = *start;
  std::vector<std::string> chain{cur.str()};
  // After redirects, the message says where it failed (unless the chain is in it).
  auto fail = [&](std::string what, bool say_where = true) {
    r.url = cur.str();
    r.reason = (!say_where || cur.str() == r.requested ? "" : "at " + cur.str() + ": ") + what;
    r.error = r.requested + ": " + r.reason;
    return r;
  };
  while (true) {
    if (stopping()) return fail("not fetched: the run was interrupted");
    if (check_robots) {
      const RobotsRules& rules = robots_for(cur);
      RobotsRules::Verdict v = rules.check(cur.target);
      if (!v.allowed) {
        r.robots_blocked = true;
        if (!rules.blanket_reason().empty())
          return fail("not fetched: " + rules.blanket_reason() + "; --ignore-robots fetches anyway");
        return fail("not fetched: robots.txt of " + cur.origin() + " disallows it for user-agent \"" +
                    (agent_token_.empty() ? "*" : agent_token_) + "\" (" + v.rule + "); --ignore-robots fetches anyway");
      }
    }
    Exchange ex = get_with_retries(cur, check_robots ? host_delay(cur) : opts_.delay, r.responses);
    if (!ex.got_response) return fail(ex.error);
    const Response& resp = r.responses.back();
    if (is_redirect(resp.status)) {
      auto location = resp.header("location");
      if (!location || location->empty())
        return fail(status_text(resp) + " without a Location header");
      auto next = resolve_url(cur, *location, &why);
      if (!next) return fail(status_text(resp) + " to \"" + *location + "\": " + why);
      if (std::find(chain.begin(), chain.end(), next->str()) != chain.end()) {
        chain.push_back(next->str());
        return fail("redirect loop: " + chain_text(chain), false);
      }
      chain.push_back(next->str());
      if (static_cast<int>(chain.size()) - 1 > max_redirects)
        return fail("more than " + std::to_string(max_redirects) + " redirects (--max-redirects): " +
                        chain_text(chain),
                    false);
      cur = *next;
      continue;
    }
    if (resp.status >= 200 && resp.status <= 299) {
      r.ok = true;
      r.url = cur.str();
      return r;
    }
    return fail(ex.error);
  }
}

FetchResult Fetcher::fetch(const std::string& url) {
  return follow(url, opts_.robots, opts_.max_redirects);
}

}  // namespace newsdeal::fetch
