// `newsdeal serve`: the pipeline over HTTP (cpp-httplib), for ingestion jobs
// that would rather post articles than link the library.
//
//   POST /v1/extract   one article (text/plain, text/html or a JSON article as in
//                      a JSONL dump) -> its record (application/json)
//   POST /v1/batch     JSONL -> JSONL, streamed, one line per input article
//   GET  /v1/model     the compute-allocation model of everything processed
//                      (?format=json|csv|dot), kept in the --state file
//   GET  /report       the model as a page (newsdeal report), for a browser
//   GET  /healthz      liveness, with counts
//   GET  /metrics      Prometheus text format
//
// Every refusal is a JSON object {"error", "status", "message"}: 400 bad JSON or
// UTF-8 (naming byte, line and column), 404/405, 408 body not received in time,
// 413 body over --max-body, 415 unknown media type, 503 with Retry-After when the
// workers and the queue are full. stop() drains: connections already accepted
// are answered, then run() returns.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "pipeline/pipeline.h"
#include "pipeline/readers/reader.h"

namespace newsdeal::serve {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;             // 0: any free port (bind() says which)
  std::size_t threads = 0;     // connections served at once; 0: one per hardware thread
  std::size_t queue = 64;      // accepted connections that may wait for a worker
  std::size_t max_body = std::size_t(32) << 20;
  int request_timeout = 30;    // seconds to receive a request body (and per socket read)
  int keep_alive = 5;          // seconds an idle connection keeps its worker
  std::string state;           // model file; empty: the model lives in memory only
  double state_interval = 1;   // seconds between saves; 0: saved before each answer
  PipelineOptions pipeline;
  ReadOptions read;
};

class Server {
 public:
  // Builds the pipeline and loads the state file; throws std::runtime_error
  // naming the file when rules, gazetteers or the state are bad.
  explicit Server(ServeOptions opts);
  ~Server();

  // Binds host:port; returns the port (the one chosen for port 0), or -1.
  int bind();
  // Serves until stop(), then drains; the model is saved before it returns.
  void run();
  // Stops accepting and lets run() drain. Safe from any thread; returns false
  // when the server was not running yet (call again once it is).
  bool stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdeal::serve
