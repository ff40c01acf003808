// Politeness per host: at most `per_host` requests to one host at a time, and
// request starts on one host at least `delay` seconds apart (the larger of
// --delay and the host's robots.txt Crawl-delay). Hosts are independent: a slow
// one does not hold up the others.
//
//   HostGate gate(2);
//   {
//     HostGate::Pass pass = gate.enter("https://example.com:443", 0.25);
//     ... the request ...
//   }  // the slot is free again
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

namespace newsdeal::fetch {

class HostGate {
 public:
  explicit HostGate(unsigned per_host) : per_host_(per_host ? per_host : 1) {}

  class Pass {
   public:
    Pass(HostGate* gate, std::string host) : gate_(gate), host_(std::move(host)) {}
    Pass(Pass&& o) noexcept : gate_(o.gate_), host_(std::move(o.host_)) { o.gate_ = nullptr; }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    Pass& operator=(Pass&&) = delete;
    ~Pass() {
      if (gate_) gate_->leave(host_);
    }

   private:
    HostGate* gate_;
    std::string host_;
  };

  // Waits for a free slot on `host` and for its delay since the last start.
  Pass enter(const std::string& host, double delay_seconds);

 private:
  void leave(const std::string& host);

  struct Host {
    unsigned in_flight = 0;
    std::chrono::steady_clock::time_point next_start{};
  };
  const unsigned per_host_;
  std::mutex m_;
  std::condition_variable cv_;
  std::map<std::string, Host> hosts_;
};

}  // namespace newsdeal::fetch
