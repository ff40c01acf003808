// `newsdeal serve`: the HTTP service (pipeline/serve/server.h). SIGTERM and SIGINT
// stop accepting and drain: requests already accepted are answered, the model
// is saved, then the program exits 0.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "pipeline/cli/subcommand.h"
#include "pipeline/serve/server.h"

namespace newsdeal::cli {
namespace {

int run_serve(serve::ServeOptions opts, bool quiet) {
  // Signals go to one thread that waits for them; every other thread (httplib's,
  // TBB's, the state writer) inherits this mask and never sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A client that hangs up mid-response must not kill the server.
  signal(SIGPIPE, SIG_IGN);

  serve::Server server(opts);
  const int port = server.bind();
  if (port < 0) {
    std::cerr << "newsdeal serve: cannot listen on " << opts.host << ":" << opts.port << "\n";
    return kExitUsage;
  }
  std::cerr << "newsdeal serve: listening on http://" << opts.host << ":" << port << std::endl;

  std::atomic<bool> finished{false};
  std::thread watcher([&] {
    const timespec tick{0, 100 * 1000 * 1000};
    while (!finished) {
      int sig = sigtimedwait(&stop_signals, nullptr, &tick);
      if (sig != SIGTERM && sig != SIGINT) continue;
      if (!quiet) std::cerr << "newsdeal serve: " << (sig == SIGTERM ? "SIGTERM" : "SIGINT")
                            << ": draining requests in flight" << std::endl;
      // The server may not be listening yet: ask until it takes the stop.
      while (!finished && !server.stop()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return;
    }
  });
  server.run();
  finished = true;
  watcher.join();
  if (!quiet) std::cerr << "newsdeal serve: stopped" << std::endl;
  return kExitOk;
}

}  // namespace

Subcommand add_serve_command(CLI::App& app) {
  struct Options {
    CommonOptions common;
    serve::ServeOptions serve;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "serve", "HTTP service: POST /v1/extract, POST /v1/batch, GET /v1/model, GET /healthz, GET /metrics");
  cmd->add_option("--host", o->serve.host, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", o->serve.port, "Port to listen on; 0 picks a free one (default 8080)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", o->serve.threads,
                  "Connections served at once, and cores a batch may use (default: one per hardware thread)");
  cmd->add_option("--queue", o->serve.queue,
                  "Accepted connections that may wait for a worker; beyond that 503 with Retry-After (default 64)");
  cmd->add_option("--max-body", o->serve.max_body, "Largest request body, e.g. 32MiB; larger gets 413 (default 32 MiB)")
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--request-timeout", o->serve.request_timeout,
                  "Seconds to receive a request body; slower gets 408 (default 30)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--keep-alive", o->serve.keep_alive, "Seconds an idle connection may keep its worker (default 5)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--state", o->serve.state,
                  "Model file: loaded at start, saved atomically while serving and at the stop");
  cmd->add_option("--state-interval", o->serve.state_interval,
                  "Seconds between saves of --state (a crash loses at most this much); 0 saves before each "
                  "answer (default 1)")
      ->check(CLI::NonNegativeNumber);
  add_common_options(cmd, o->common);
  return {cmd, [o] {
            o->serve.pipeline = o->common.pipeline;
            o->serve.read = o->common.read;
            return run_serve(o->serve, o->common.quiet);
          }};
}

}  // namespace newsdeal::cli
