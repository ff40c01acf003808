#include "pipeline/serve/metrics.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace newsdeal::serve {

std::string_view Metrics::route_label(std::string_view path) {
  for (std::string_view r : {"/v1/extract", "/v1/batch", "/v1/model", "/report", "/healthz", "/metrics"})
    if (path == r) return r;
  return "other";
}

void Metrics::observe(std::string_view route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{std::string(route), status}];
  Histogram& h = latency_[std::string(route)];
  std::size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  ++h.counts[i];
  h.sum += seconds;
  ++h.count;
}

void Metrics::article(bool ok, std::string_view stage) {
  std::lock_guard<std::mutex> lock(mu_);
  if (ok) {
    ++records_;
  } else {
    ++errors_;
    ++errors_by_stage_[std::string(stage)];
  }
}

void Metrics::state_write(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  ++(ok ? state_writes_ : state_write_errors_);
}

std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  if (!(statm >> pages >> resident)) return 0;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

namespace {

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void header(std::ostringstream& out, const char* name, const char* type, const char* help) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
}

}  // namespace

std::string Metrics::render(const Gauges& g) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::ostringstream out;
  header(out, "newsdeal_http_requests_total", "counter", "HTTP requests answered, by route and status.");
  for (const auto& [key, n] : requests_)
    out << "newsdeal_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n
        << "\n";
  header(out, "newsdeal_http_request_duration_seconds", "histogram",
         "Time from request headers read to response written, by route.");
  for (const auto& [route, h] : latency_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= kBuckets.size(); ++i) {
      cumulative += h.counts[i];
      out << "newsdeal_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
          << (i < kBuckets.size() ? number(kBuckets[i]) : "+Inf") << "\"} " << cumulative << "\n";
    }
    out << "newsdeal_http_request_duration_seconds_sum{route=\"" << route << "\"} " << number(h.sum) << "\n";
    out << "newsdeal_http_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << "\n";
  }
  header(out, "newsdeal_http_requests_in_flight", "gauge", "Requests being handled now.");
  out << "newsdeal_http_requests_in_flight " << in_flight_.load(std::memory_order_relaxed) << "\n";
  header(out, "newsdeal_connections_active", "gauge", "Connections held by a worker thread (--threads).");
  out << "newsdeal_connections_active " << g.connections_active << "\n";
  header(out, "newsdeal_connections_queued", "gauge", "Connections waiting for a worker (at most --queue).");
  out << "newsdeal_connections_queued " << g.connections_queued << "\n";
  header(out, "newsdeal_connections_rejected_total", "counter",
         "Connections that found the queue full and were answered 503.");
  out << "newsdeal_connections_rejected_total " << g.connections_rejected << "\n";
  header(out, "newsdeal_articles_total", "counter", "Articles through the pipeline, by outcome.");
  out << "newsdeal_articles_total{outcome=\"record\"} " << records_ << "\n";
  out << "newsdeal_articles_total{outcome=\"error\"} " << errors_ << "\n";
  header(out, "newsdeal_article_errors_total", "counter", "Error records, by the stage that failed.");
  for (const char* stage : {"read", "decode", "parse", "segment", "extract", "link", "write"}) {
    auto it = errors_by_stage_.find(stage);
    out << "newsdeal_article_errors_total{stage=\"" << stage << "\"} " << (it == errors_by_stage_.end() ? 0 : it->second)
        << "\n";
  }
  header(out, "newsdeal_model_allocations", "gauge", "Distinct buyer-vendor allocations in the model.");
  out << "newsdeal_model_allocations " << g.model_allocations << "\n";
  header(out, "newsdeal_model_articles", "gauge", "Article records folded into the model, ever (with --state).");
  out << "newsdeal_model_articles " << g.model_articles << "\n";
  header(out, "newsdeal_state_writes_total", "counter", "Writes of the --state file, by result.");
  out << "newsdeal_state_writes_total{result=\"ok\"} " << state_writes_ << "\n";
  out << "newsdeal_state_writes_total{result=\"error\"} " << state_write_errors_ << "\n";
  header(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
  out << "process_resident_memory_bytes " << resident_bytes() << "\n";
  header(out, "process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.");
  out << "process_start_time_seconds "
      << std::chrono::duration_cast<std::chrono::seconds>(started_.time_since_epoch()).count() << "\n";
  return out.str();
}

}  // namespace newsdeal::serve
