// The server's worker pool: cpp-httplib hands every accepted connection to a
// TaskQueue, and the stock ThreadPool of 0.11.4 queues without limit, so an
// overloaded server would take ever more connections and answer none of them in
// time. This queue runs `threads` connections at once and lets at most
// `max_queue` more wait. A connection beyond that still has to be answered (the
// task is all we get; its socket is out of reach), so it runs on a small reject
// pool where rejecting_thread() is true: the request handler sees that and
// answers 503 with Retry-After at once, without reading the body.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace newsdeal::serve {

class BoundedQueue : public httplib::TaskQueue {
 public:
  // `after_each` runs on the worker after every connection (bookkeeping for a
  // connection that ended without its request being logged).
  BoundedQueue(std::size_t threads, std::size_t max_queue, std::function<void()> after_each = {},
               std::size_t reject_threads = 2);
  ~BoundedQueue() override;

  void enqueue(std::function<void()> fn) override;
  // Runs every accepted and queued connection to its end, then joins the threads:
  // this is what makes a stop drain instead of drop.
  void shutdown() override;

  struct Counts {
    std::size_t active = 0, queued = 0, rejected = 0;
  };
  Counts counts() const;

 private:
  void work(bool rejecting);

  const std::size_t threads_, max_queue_;
  const std::function<void()> after_each_;
  mutable std::mutex mu_;
  std::condition_variable cv_, reject_cv_;
  std::deque<std::function<void()>> jobs_, rejects_;
  std::size_t active_ = 0;     // connections being served
  std::size_t rejected_ = 0;   // connections handed to the reject pool, ever
  bool stopping_ = false;
  std::vector<std::thread> workers_, rejecters_;
};

// True on a reject-pool thread: the request on it must get a 503.
bool rejecting_thread();

}  // namespace newsdeal::serve
