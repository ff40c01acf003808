#include "pipeline/batch/stop_signals.h"

#include <csignal>

namespace newsdeal {
namespace {

std::atomic<int> g_stop{0};
static_assert(std::atomic<int>::is_always_lock_free, "set from a signal handler");

struct sigaction g_old_int, g_old_term;

extern "C" void on_stop_signal(int sig) { g_stop.store(sig); }

}  // namespace

StopOnSignals::StopOnSignals() {
  g_stop.store(0);
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  // SA_RESETHAND: the second signal gets the default action (the program ends).
  // SA_RESTART: reads and writes in progress are not cut short by the first.
  sa.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
}

StopOnSignals::~StopOnSignals() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

const std::atomic<int>& StopOnSignals::stop() const { return g_stop; }

const char* signal_name(int sig) {
  switch (sig) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "a signal";
  }
}

}  // namespace newsdeal
