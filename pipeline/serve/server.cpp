#include "pipeline/serve/server.h"

#include <httplib.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "pipeline/json_writer.h"
#include "pipeline/serve/bounded_queue.h"
#include "pipeline/serve/metrics.h"
#include "pipeline/report/report.h"
#include "pipeline/serve/model_store.h"
#include "pipeline/serve/request_body.h"

namespace newsdeal::serve {
namespace {

using Clock = std::chrono::steady_clock;
using httplib::ContentReader;
using httplib::Request;
using httplib::Response;

constexpr const char* kJsonType = "application/json";
constexpr const char* kRoutes =
    "POST /v1/extract, POST /v1/batch, GET /v1/model, GET /report, GET /healthz, GET /metrics";

// The request a worker thread is on: its route and when its headers were read.
// httplib gives no per-request context, and a connection stays on one thread.
struct RequestClock {
  bool open = false;
  Clock::time_point start;
  std::string_view route;
};
thread_local RequestClock tl_request;

std::string dump(const Json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

void send_error(Response& res, int status, const std::string& code, const std::string& message,
                const Json* record = nullptr) {
  Json body = {{"error", code}, {"status", status}, {"message", message}};
  if (record) body["record"] = *record;
  res.status = status;
  res.set_content(dump(body) + "\n", kJsonType);
}

std::string_view allowed_method(std::string_view path) {
  if (path == "/v1/extract" || path == "/v1/batch") return "POST";
  if (path == "/v1/model" || path == "/report" || path == "/healthz" || path == "/metrics") return "GET";
  return {};
}

std::string code_for(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "request_timeout";
    case 413: return "body_too_large";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    case 503: return "overloaded";
    default: return status >= 500 ? "internal" : "http_" + std::to_string(status);
  }
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

ServeOptions normalized(ServeOptions o) {
  if (o.threads == 0) o.threads = std::max(1u, std::thread::hardware_concurrency());
  if (o.request_timeout <= 0) o.request_timeout = 1;
  return o;
}

}  // namespace

struct Server::Impl {
  explicit Impl(ServeOptions o)
      : opts(normalized(std::move(o))),
        pipeline(opts.pipeline),
        store(opts.state, metrics,
              std::chrono::milliseconds(static_cast<long long>(std::max(0.0, opts.state_interval) * 1000))),
        arena(static_cast<int>(opts.threads)) {
    configure();
  }

  void configure();
  bool read_body(const Request& req, Response& res, const ContentReader& reader, std::string& body);
  Json account(const Outcome& o, std::uint64_t& gen);
  void extract(const Request& req, Response& res, const ContentReader& reader);
  void batch(const Request& req, Response& res, const ContentReader& reader);
  void model(const Request& req, Response& res);
  void healthz(Response& res);
  void metrics_page(Response& res);

  const ServeOptions opts;
  const Pipeline pipeline;
  Metrics metrics;
  ModelStore store;
  tbb::task_arena arena;  // bounds the cores one or many batches use to --threads
  httplib::Server http;
  std::atomic<BoundedQueue*> queue{nullptr};
  std::atomic<bool> stop_requested{false};
  const Clock::time_point started = Clock::now();
};

void Server::Impl::configure() {
  http.new_task_queue = [this] {
    auto* q = new BoundedQueue(opts.threads, opts.queue, [this] {
      // A connection that ended before its response was logged (the client went
      // away mid-response) still leaves the in-flight gauge.
      if (tl_request.open) {
        metrics.request_finished();
        tl_request.open = false;
      }
    });
    queue = q;
    return q;
  };
  http.set_payload_max_length(opts.max_body);
  http.set_read_timeout(opts.request_timeout, 0);
  http.set_write_timeout(opts.request_timeout, 0);
  http.set_keep_alive_timeout(opts.keep_alive);
  // A busy keep-alive connection gives its worker up now and then, so queued
  // connections get their turn.
  http.set_keep_alive_max_count(100);
  http.set_tcp_nodelay(true);
  // "Expect: 100-continue" lets a client learn of a body over the limit before
  // sending it.
  http.set_expect_100_continue_handler([this](const Request& req, Response& res) {
    const std::string length = req.get_header_value("Content-Length");
    if (!length.empty() && length.find_first_not_of("0123456789") == std::string::npos && length.size() < 20 &&
        std::stoull(length) > opts.max_body) {
      // httplib 0.11.4 writes `res` as it is: the status must be set here.
      send_error(res, 413, "body_too_large",
                 "request body is " + length + " bytes, over the limit of " + std::to_string(opts.max_body) +
                     " bytes (--max-body)");
      return 413;
    }
    return 100;
  });

  http.set_pre_routing_handler([this](const Request& req, Response& res) {
    if (tl_request.open) metrics.request_finished();
    tl_request = {true, Clock::now(), Metrics::route_label(req.path)};
    metrics.request_started();
    // Health and metrics stay answerable under overload: they are cheap, and
    // they are how an operator sees the overload.
    if (rejecting_thread() && tl_request.route != "/healthz" && tl_request.route != "/metrics") {
      res.set_header("Retry-After", "1");
      res.set_header("Connection", "close");
      send_error(res, 503, "overloaded",
                 "all " + std::to_string(opts.threads) + " workers are busy and " + std::to_string(opts.queue) +
                     " connections are waiting (--threads, --queue); retry after 1 second");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  http.set_logger([this](const Request& req, const Response& res) {
    if (tl_request.open) {
      metrics.observe(tl_request.route, res.status, seconds_since(tl_request.start));
      metrics.request_finished();
      tl_request.open = false;
    } else {  // refused before routing (a malformed request line, say)
      metrics.observe(Metrics::route_label(req.path), res.status, 0.0);
    }
  });

  http.set_error_handler([this](const Request& req, Response& res) {
    if (!res.body.empty()) return;  // one of ours, already JSON
    if (res.status == 404) {
      if (std::string_view allow = allowed_method(req.path); !allow.empty()) {
        res.set_header("Allow", std::string(allow));
        send_error(res, 405, "method_not_allowed", req.method + " " + req.path + ": this route takes " +
                                                       std::string(allow));
      } else {
        send_error(res, 404, "not_found", "no route " + req.method + " " + req.path + " (routes: " + kRoutes + ")");
      }
      return;
    }
    std::string message = "the HTTP request is malformed";
    if (res.status == 413)
      message = "request body is over the limit of " + std::to_string(opts.max_body) + " bytes (--max-body)";
    else if (res.status == 414)
      message = "request target is too long";
    else if (res.status >= 500)
      message = "internal error";
    send_error(res, res.status, code_for(res.status), message);
  });

  http.set_exception_handler([](const Request&, Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    send_error(res, 500, "internal", what);
  });

  http.Post("/v1/extract",
            [this](const Request& req, Response& res, const ContentReader& reader) { extract(req, res, reader); });
  http.Post("/v1/batch",
            [this](const Request& req, Response& res, const ContentReader& reader) { batch(req, res, reader); });
  http.Get("/v1/model", [this](const Request& req, Response& res) { model(req, res); });
  // The live model drawn as `newsdeal report` draws it (the page needs nothing else).
  http.Get("/report", [this](const Request&, Response& res) {
    res.set_content(report::render_model_report(store.to_json()), "text/html; charset=utf-8");
  });
  http.Get("/healthz", [this](const Request&, Response& res) { healthz(res); });
  http.Get("/metrics", [this](const Request&, Response& res) { metrics_page(res); });
}

bool Server::Impl::read_body(const Request& req, Response& res, const ContentReader& reader, std::string& body) {
  const Clock::time_point start = tl_request.open ? tl_request.start : Clock::now();
  const auto limit = std::chrono::seconds(opts.request_timeout);
  const std::string max = std::to_string(opts.max_body);
  bool too_large = false, too_late = false;
  const bool ok = reader([&](const char* data, std::size_t n) {
    if (Clock::now() - start > limit) {
      too_late = true;  // trickling in: every read on time, the whole too slow
      return false;
    }
    // A chunked body has no length to refuse up front: past the limit the rest
    // is read and dropped, so the connection stays in step for the next request.
    if (too_large || body.size() + n > opts.max_body) {
      too_large = true;
      body = std::string();
      return true;
    }
    body.append(data, n);
    return true;
  });
  // httplib refuses a Content-Length over the limit itself (after reading and
  // dropping the body, or at once for "Expect: 100-continue").
  if (res.status == 413 || too_large) {
    std::string length = req.get_header_value("Content-Length");
    send_error(res, 413, "body_too_large",
               "request body is " + (length.empty() ? "over the limit of " + max : length + " bytes, over the limit of " + max) +
                   " bytes (--max-body)");
    if (!ok) res.set_header("Connection", "close");
    return false;
  }
  if (ok) return true;
  // The rest of the body is still on the wire: a client must not send another
  // request on this connection.
  res.set_header("Connection", "close");
  const std::string got = std::to_string(body.size());
  if (too_late || Clock::now() - start >= limit * 9 / 10)
    send_error(res, 408, "request_timeout",
               "request body not received within " + std::to_string(opts.request_timeout) +
                   " s (--request-timeout); got " + got + " bytes");
  else
    send_error(res, 400, "bad_request",
               "request body could not be read after " + got +
                   " bytes: the connection closed or the chunked encoding is malformed");
  return false;
}

Json Server::Impl::account(const Outcome& o, std::uint64_t& gen) {
  Json j = outcome_to_json(o);
  if (const auto* e = std::get_if<ArticleError>(&o)) {
    metrics.article(false, stage_name(e->stage));
  } else {
    metrics.article(true);
    gen = store.add(j);
  }
  return j;
}

void Server::Impl::extract(const Request& req, Response& res, const ContentReader& reader) {
  std::string body;
  if (!read_body(req, res, reader, body)) return;
  const std::string content_type = req.get_header_value("Content-Type");
  auto kind = body_kind(content_type, body);
  if (!kind) {
    send_error(res, 415, "unsupported_media_type",
               "Content-Type " + content_type + ": POST /v1/extract takes text/plain, text/html or application/json");
    return;
  }
  ArticleParams params;
  for (auto [name, field] : {std::pair{"id", &params.id}, {"url", &params.url}, {"title", &params.title},
                             {"lang", &params.lang}, {"published", &params.published}})
    if (req.has_param(name)) *field = req.get_param_value(name);

  BodyItem item = article_from_body(std::move(body), *kind, content_type, params, opts.read);
  if (const auto* bad = std::get_if<BodyError>(&item)) {
    send_error(res, 400, bad->code, bad->message);
    return;
  }
  Outcome o = std::holds_alternative<Article>(item) ? pipeline.process(std::get<Article>(item))
                                                    : Outcome(std::get<ArticleError>(std::move(item)));
  std::uint64_t gen = 0;
  Json j = account(o, gen);
  if (const auto* e = std::get_if<ArticleError>(&o)) {
    // The input's fault (empty, not UTF-8, not an article) is a 400; a stage
    // that failed on good input is ours.
    const bool input_fault = e->stage == Stage::read || e->stage == Stage::decode || e->stage == Stage::parse;
    const bool too_large = e->stage == Stage::read && e->input_bytes && *e->input_bytes > opts.read.max_article_bytes;
    const int status = too_large ? 413 : input_fault ? 400 : 500;
    send_error(res, status, too_large ? "article_too_large" : input_fault ? "bad_article" : "article_failed",
               e->message, &j);
    return;
  }
  std::string error;
  if (!store.wait_saved(gen, error)) {
    send_error(res, 500, "state_not_saved", "the record was made, but the model could not be saved: " + error, &j);
    return;
  }
  res.set_content(dump(j) + "\n", kJsonType);
}

void Server::Impl::batch(const Request& req, Response& res, const ContentReader& reader) {
  std::string body;
  if (!read_body(req, res, reader, body)) return;
  struct State {
    std::vector<ReadItem> items;
    std::size_t next = 0;
    std::uint64_t gen = 0;
  };
  auto state = std::make_shared<State>();
  state->items = articles_from_jsonl(body, opts.read);
  body = std::string();
  // Lines go out a block at a time as they are made; the block is processed on
  // up to --threads cores, in input order.
  const std::size_t block = std::max<std::size_t>(8, 4 * opts.threads);
  res.set_chunked_content_provider("application/x-ndjson", [this, state, block](std::size_t,
                                                                                httplib::DataSink& sink) {
    if (state->next == state->items.size()) {
      std::string error;
      if (!store.wait_saved(state->gen, error)) {
        // The lines are out, but the model is not saved: end without the closing
        // chunk, so the client sees an incomplete response rather than success.
        std::cerr << "newsdeal serve: POST /v1/batch: the model could not be saved: " << error << "\n";
        return false;
      }
      sink.done();
      return true;
    }
    const std::size_t n = std::min(block, state->items.size() - state->next);
    std::vector<std::string> lines(n);
    std::vector<std::uint64_t> gens(n, 0);
    arena.execute([&] {
      tbb::parallel_for(std::size_t(0), n, [&](std::size_t i) {
        ReadItem& item = state->items[state->next + i];
        Outcome o = std::holds_alternative<Article>(item) ? pipeline.process(std::get<Article>(item))
                                                          : Outcome(std::get<ArticleError>(std::move(item)));
        item = ReadItem{};  // the article's text is no longer needed
        lines[i] = dump(account(o, gens[i]));
        lines[i] += '\n';
      });
    });
    state->next += n;
    for (std::uint64_t g : gens) state->gen = std::max(state->gen, g);
    std::string out;
    for (const auto& line : lines) out += line;
    return sink.write(out.data(), out.size());
  });
}

void Server::Impl::model(const Request& req, Response& res) {
  const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
  if (format == "json")
    res.set_content(store.to_json().dump(2) + "\n", kJsonType);
  else if (format == "csv")
    res.set_content(store.to_csv(), "text/csv; charset=utf-8");
  else if (format == "dot")
    res.set_content(store.to_dot(), "text/vnd.graphviz; charset=utf-8");
  else
    send_error(res, 400, "bad_request", "format=" + format + ": use json, csv or dot");
}

void Server::Impl::healthz(Response& res) {
  Json j = {{"status", "ok"},
            {"version", NEWSDEAL_VERSION},
            {"uptime_seconds", static_cast<long long>(seconds_since(started))},
            {"articles", store.articles()},
            {"allocations", store.allocations()},
            {"state", opts.state.empty() ? Json(nullptr) : Json(opts.state)}};
  res.set_content(dump(j) + "\n", kJsonType);
}

void Server::Impl::metrics_page(Response& res) {
  Metrics::Gauges g;
  if (BoundedQueue* q = queue.load()) {
    auto c = q->counts();
    g.connections_active = c.active;
    g.connections_queued = c.queued;
    g.connections_rejected = c.rejected;
  }
  g.model_allocations = store.allocations();
  g.model_articles = store.articles();
  res.set_content(metrics.render(g), "text/plain; version=0.0.4; charset=utf-8");
}

Server::Server(ServeOptions opts) : impl_(std::make_unique<Impl>(std::move(opts))) {}

Server::~Server() = default;

int Server::bind() {
  const auto& o = impl_->opts;
  if (o.port == 0) return impl_->http.bind_to_any_port(o.host);
  return impl_->http.bind_to_port(o.host, o.port) ? o.port : -1;
}

void Server::run() {
  if (!impl_->stop_requested) impl_->http.listen_after_bind();
  impl_->queue = nullptr;  // httplib has destroyed it
}

bool Server::stop() {
  impl_->stop_requested = true;
  if (!impl_->http.is_running()) return false;
  impl_->http.stop();
  return true;
}

}  // namespace newsdeal::serve
