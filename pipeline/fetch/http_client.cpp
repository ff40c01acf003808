#include "pipeline/fetch/http_client.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <ctime>
#include <memory>
#include <mutex>
#include <thread>

namespace newsdeal::fetch {
namespace {

using Clock = std::chrono::steady_clock;

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

// httplib takes timeouts as seconds and microseconds.
std::pair<time_t, time_t> split_seconds(double s) {
  if (s <= 0) s = 1e-3;
  double whole = std::floor(s);
  return {static_cast<time_t>(whole), static_cast<time_t>((s - whole) * 1e6)};
}

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// Stops the client once the total timeout has passed. httplib 0.11 has no
// overall deadline, but stop() from another thread shuts the socket down,
// which ends a blocked read at once. It is called again until the exchange
// ends, because a stop() that comes while the socket is still being connected
// has nothing to shut down yet.
class Watchdog {
 public:
  Watchdog(httplib::ClientImpl& client, double seconds)
      : thread_([this, &client, seconds] {
          auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
          std::unique_lock lock(m_);
          if (cv_.wait_until(lock, deadline, [this] { return done_; })) return;
          fired_ = true;
          while (!done_) {
            lock.unlock();
            client.stop();
            lock.lock();
            cv_.wait_for(lock, std::chrono::milliseconds(50), [this] { return done_; });
          }
        }) {}

  ~Watchdog() { finish(); }

  void finish() {
    {
      std::lock_guard lock(m_);
      done_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  bool fired() {
    std::lock_guard lock(m_);
    return fired_;
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  bool done_ = false, fired_ = false;
  std::thread thread_;
};

std::string build_head(const httplib::Response& res) {
  std::string head = (res.version.empty() ? std::string("HTTP/1.1") : res.version) + " " +
                     std::to_string(res.status) + (res.reason.empty() ? "" : " " + res.reason) + "\r\n";
  for (const auto& [name, value] : res.headers) {
    // The body is kept de-chunked: a Transfer-Encoding header would say otherwise.
    head += ieq(name, "transfer-encoding") ? "X-Crawler-Transfer-Encoding" : name;
    head += ": " + value + "\r\n";
  }
  return head + "\r\n";
}

}  // namespace

std::string utc_now_iso8601() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Attempt http_get(const Url& url, const ClientOptions& opts) {
  std::string host = url.host;
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  std::unique_ptr<httplib::ClientImpl> client;
  if (url.https()) {
    auto ssl = std::make_unique<httplib::SSLClient>(host, url.port);
    ssl->enable_server_certificate_verification(true);
    if (!opts.ca_file.empty()) ssl->set_ca_cert_path(opts.ca_file);
    client = std::move(ssl);
  } else {
    client = std::make_unique<httplib::ClientImpl>(host, url.port);
  }
  auto [cs, cus] = split_seconds(opts.connect_timeout);
  auto [rs, rus] = split_seconds(opts.read_timeout);
  client->set_connection_timeout(cs, cus);
  client->set_read_timeout(rs, rus);
  client->set_write_timeout(rs, rus);
  client->set_keep_alive(false);
  client->set_follow_location(false);  // the Fetcher follows redirects itself: limit, loops, robots
  client->set_decompress(false);       // keep the wire bytes; decode_http_body bounds the decoding
  client->set_url_encode(false);       // parse_url already encoded what needs it
  httplib::Headers headers = {
      {"User-Agent", opts.user_agent},
      {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
      {"Accept-Encoding", "gzip, deflate, br"},
  };

  Attempt out;
  Response resp;
  resp.url = url.str();
  resp.fetched_at = utc_now_iso8601();
  const auto start = Clock::now();
  auto last_progress = start;
  bool announced_too_large = false, too_large = false;
  std::size_t announced = 0;
  std::string body;

  httplib::Result result{nullptr, httplib::Error::Unknown};
  bool fired = false;
  {
    Watchdog watchdog(*client, opts.total_timeout);
    result = client->Get(
        url.target, headers,
        [&](const httplib::Response& r) {
          last_progress = Clock::now();
          if (r.has_header("Content-Length")) {
            auto n = r.get_header_value<uint64_t>("Content-Length");
            if (n > opts.max_body) {
              announced = static_cast<std::size_t>(n);
              announced_too_large = true;
              return false;  // not one byte of it read
            }
          }
          return true;
        },
        [&](const char* data, std::size_t n) {
          last_progress = Clock::now();
          if (body.size() + n > opts.max_body) {
            too_large = true;
            return false;
          }
          body.append(data, n);
          return true;
        });
    watchdog.finish();
    fired = watchdog.fired();
  }
  const double since_progress = std::chrono::duration<double>(Clock::now() - last_progress).count();

  if (fired) {
    out.failure = Failure::total_timeout;
    out.error = "no complete response within " + seconds_text(opts.total_timeout) +
                " s (total timeout, --timeout); " + std::to_string(body.size()) + " body bytes had arrived";
    return out;
  }
  if (announced_too_large) {
    out.failure = Failure::too_large;
    out.error = "the body is " + std::to_string(announced) + " bytes (Content-Length), over the limit of " +
                std::to_string(opts.max_body) + " (--max-body); not downloaded";
    return out;
  }
  if (too_large) {
    out.failure = Failure::too_large;
    out.error = "the body is over the limit of " + std::to_string(opts.max_body) +
                " bytes (--max-body); the transfer was stopped there";
    return out;
  }
  switch (result.error()) {
    case httplib::Error::Success: break;
    case httplib::Error::Connection:
      out.failure = Failure::connect;
      out.error = "cannot connect to " + url.authority() + " (refused, unreachable, or the name does not resolve)";
      return out;
    case httplib::Error::ConnectionTimeout:
      out.failure = Failure::connect_timeout;
      out.error = "no connection to " + url.authority() + " within " + seconds_text(opts.connect_timeout) +
                  " s (connect timeout, --connect-timeout)";
      return out;
    case httplib::Error::Read:
      // httplib says "Read" for a timeout and for a reset alike; a read that
      // failed only after the read timeout had passed without a byte is the timeout.
      if (since_progress >= opts.read_timeout * 0.9) {
        out.failure = Failure::read_timeout;
        out.error = "no data for " + seconds_text(opts.read_timeout) + " s (read timeout, --read-timeout)";
      } else {
        out.failure = Failure::broken;
        out.error = std::string("the connection was reset or closed before the response was complete") +
                    (body.empty() ? " (no body bytes had arrived)"
                                  : " (after " + std::to_string(body.size()) + " body bytes)");
      }
      return out;
    case httplib::Error::Write:
      out.failure = Failure::broken;
      out.error = "the connection broke while sending the request";
      return out;
    case httplib::Error::SSLConnection:
      out.failure = Failure::tls;
      out.error = "TLS handshake with " + url.authority() + " failed";
      return out;
    case httplib::Error::SSLServerVerification:
      out.failure = Failure::tls;
      out.error = "the TLS certificate of " + url.authority() +
                  " did not verify against the " +
                  (opts.ca_file.empty() ? std::string("system CA store (--ca-file adds a CA)")
                                        : "CA file " + opts.ca_file);
      return out;
    case httplib::Error::SSLLoadingCerts:
      out.failure = Failure::tls;
      out.error = "cannot load CA certificates" + (opts.ca_file.empty() ? std::string() : " from " + opts.ca_file);
      return out;
    default:
      out.failure = Failure::other;
      out.error = "HTTP request failed: " + httplib::to_string(result.error());
      return out;
  }

  const httplib::Response& r = *result;
  resp.status = r.status;
  resp.reason = r.reason;
  resp.head = build_head(r);
  resp.body = std::move(body);
  auto parsed = parse_http_head(resp.head);
  if (!parsed) {  // only a malformed reason or header httplib let through
    out.failure = Failure::other;
    out.error = "the response head could not be read back (status " + std::to_string(r.status) + ")";
    return out;
  }
  resp.parsed = std::move(*parsed);
  out.response = std::move(resp);
  return out;
}

}  // namespace newsdeal::fetch
