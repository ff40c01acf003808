#include "pipeline/serve/bounded_queue.h"

namespace newsdeal::serve {
namespace {
thread_local bool tl_rejecting = false;
}

bool rejecting_thread() { return tl_rejecting; }

BoundedQueue::BoundedQueue(std::size_t threads, std::size_t max_queue, std::function<void()> after_each,
                           std::size_t reject_threads)
    : threads_(threads ? threads : 1), max_queue_(max_queue), after_each_(std::move(after_each)) {
  for (std::size_t i = 0; i < threads_; ++i) workers_.emplace_back([this] { work(false); });
  for (std::size_t i = 0; i < (reject_threads ? reject_threads : 1); ++i)
    rejecters_.emplace_back([this] { work(true); });
}

BoundedQueue::~BoundedQueue() {
  if (!workers_.empty()) shutdown();
}

void BoundedQueue::enqueue(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Waiting connections are those accepted beyond the busy workers.
    const std::size_t waiting = jobs_.size();
    if (active_ + waiting >= threads_ + max_queue_) {
      ++rejected_;
      rejects_.push_back(std::move(fn));
      reject_cv_.notify_one();
      return;
    }
    jobs_.push_back(std::move(fn));
  }
  cv_.notify_one();
}

void BoundedQueue::work(bool rejecting) {
  tl_rejecting = rejecting;
  auto& queue = rejecting ? rejects_ : jobs_;
  auto& cv = rejecting ? reject_cv_ : cv_;
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv.wait(lock, [&] { return !queue.empty() || stopping_; });
      if (queue.empty()) return;  // stopping, and nothing left to drain
      fn = std::move(queue.front());
      queue.pop_front();
      if (!rejecting) ++active_;
    }
    fn();
    if (after_each_) after_each_();
    if (!rejecting) {
      std::lock_guard<std::mutex> lock(mu_);
      --active_;
    }
  }
}

void BoundedQueue::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  reject_cv_.notify_all();
  for (auto& t : workers_) t.join();
  for (auto& t : rejecters_) t.join();
  workers_.clear();
  rejecters_.clear();
}

BoundedQueue::Counts BoundedQueue::counts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {active_, jobs_.size(), rejected_};
}

}  // namespace newsdeal::serve
