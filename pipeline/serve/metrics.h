// The server's counters, rendered in the Prometheus text exposition format
// (version 0.0.4) for GET /metrics. Routes are a fixed set of labels, so a client
// asking for random paths cannot grow the output ("other" takes them all).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace newsdeal::serve {

class Metrics {
 public:
  // The label a path is counted under: one of the routes, or "other".
  static std::string_view route_label(std::string_view path);

  void request_started() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void request_finished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  // One answered request: its route, status and time from headers read to response written.
  void observe(std::string_view route, int status, double seconds);
  // One article through the pipeline: a record, or an error at `stage`.
  void article(bool ok, std::string_view stage = {});
  void state_write(bool ok);

  struct Gauges {
    std::size_t connections_active = 0, connections_queued = 0, connections_rejected = 0;
    std::size_t model_allocations = 0, model_articles = 0;
  };
  std::string render(const Gauges& g) const;

 private:
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size() + 1> counts{};  // last: +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };

  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;  // (route, status)
  std::map<std::string, Histogram> latency_;                        // by route
  std::uint64_t records_ = 0, errors_ = 0;
  std::map<std::string, std::uint64_t> errors_by_stage_;
  std::uint64_t state_writes_ = 0, state_write_errors_ = 0;
  std::atomic<long> in_flight_{0};
  const std::chrono::system_clock::time_point started_ = std::chrono::system_clock::now();
};

// The resident set size of this process in bytes (Linux /proc/self/statm), 0 when unknown.
std::size_t resident_bytes();

}  // namespace newsdeal::serve
