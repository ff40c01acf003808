// When to try a request again and how long to wait first.
//
// Retried: timeouts, connections that fail or break off, 429 and 5xx answers.
// The wait before retry n (0-based) is exponential with jitter, `base * 2^n`
// capped at `cap`, of which a random half is added to a fixed half ("equal
// jitter": crawlers that failed together do not come back together). A
// Retry-After header (seconds, or an HTTP-date) replaces that wait.
#pragma once

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

namespace newsdeal::fetch {

// Seconds to wait from a Retry-After value: "120", or an HTTP-date in any of
// the three forms RFC 9110 allows ("Sun, 06 Nov 1994 08:49:37 GMT", "Sunday,
// 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"), counted from `now`
// (a date in the past is 0). nullopt when it is neither.
std::optional<double> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

// Seconds since the epoch of an HTTP-date; nullopt when it is none.
std::optional<long long> parse_http_date(std::string_view value);

// The wait before retry `n` (0 for the first retry), in seconds.
double backoff_seconds(int n, double base, double cap, std::mt19937_64& rng);

// Whether an answer with this status is worth asking again.
inline bool retryable_status(int status) { return status == 429 || (status >= 500 && status <= 599); }

}  // namespace newsdeal::fetch
