// SIGINT and SIGTERM ask a batch to stop cleanly: while a StopOnSignals is alive,
// the first such signal sets stop() to its number (the engine then takes no more
// articles, finishes and writes the ones in flight, and returns); a second one
// kills the program at once, as if no handler were installed (for a reader stuck
// on a silent stdin). The previous handlers come back when it is destroyed.
#pragma once

#include <atomic>

namespace newsdeal {

class StopOnSignals {
 public:
  StopOnSignals();
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

  const std::atomic<int>& stop() const;
};

// "SIGINT", "SIGTERM" or "a signal".
const char* signal_name(int sig);

}  // namespace newsdeal
