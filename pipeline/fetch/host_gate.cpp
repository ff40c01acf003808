#include "pipeline/fetch/host_gate.h"

namespace newsdeal::fetch {

HostGate::Pass HostGate::enter(const std::string& host, double delay_seconds) {
  using Clock = std::chrono::steady_clock;
  const auto delay = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(delay_seconds));
  std::unique_lock lock(m_);
  while (true) {
    Host& h = hosts_[host];
    const auto now = Clock::now();
    if (h.in_flight < per_host_ && now >= h.next_start) {
      ++h.in_flight;
      h.next_start = now + delay;
      return Pass(this, host);
    }
    if (h.in_flight >= per_host_) cv_.wait(lock);
    else cv_.wait_until(lock, h.next_start);
  }
}

void HostGate::leave(const std::string& host) {
  {
    std::lock_guard lock(m_);
    --hosts_[host].in_flight;
  }
  cv_.notify_all();
}

}  // namespace newsdeal::fetch
