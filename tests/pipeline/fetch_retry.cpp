// Retry-After in seconds and in the three HTTP-date forms; backoff bounds.
#include <catch2/catch.hpp>

#include "pipeline/fetch/retry.h"

using namespace newsdeal::fetch;

TEST_CASE("fetch retry: Retry-After as seconds or an HTTP-date", "[fetch][retry]") {
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  CHECK(parse_retry_after("120", now) == Approx(120));
  CHECK(parse_retry_after(" 0 ", now) == Approx(0));
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:51:37 GMT", now) == Approx(120));
  CHECK(parse_retry_after("Sunday, 06-Nov-94 08:50:37 GMT", now) == Approx(60));
  CHECK(parse_retry_after("Sun Nov  6 08:49:47 1994", now) == Approx(10));
  CHECK(parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now) == Approx(0));  // in the past
  CHECK_FALSE(parse_retry_after("soon", now));
  CHECK_FALSE(parse_retry_after("-5", now));
  CHECK_FALSE(parse_retry_after("Sun, 06 Nov 1994 25:00:00 GMT", now));
  CHECK(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT") == 0);
  CHECK(parse_http_date("Tue, 10 Jun 2025 04:00:00 GMT") == 1749528000);
}

TEST_CASE("fetch retry: backoff doubles, is capped, and has jitter in its upper half", "[fetch][retry]") {
  std::mt19937_64 rng(7);
  for (int n = 0; n < 8; ++n) {
    double full = std::min(30.0, 1.0 * (1 << n));
    for (int k = 0; k < 50; ++k) {
      double w = backoff_seconds(n, 1.0, 30.0, rng);
      CHECK(w >= full / 2);
      CHECK(w <= full);
    }
  }
  CHECK(backoff_seconds(1000, 1.0, 30.0, rng) <= 30.0);
  CHECK(retryable_status(429));
  CHECK(retryable_status(503));
  CHECK_FALSE(retryable_status(404));
  CHECK_FALSE(retryable_status(301));
}
