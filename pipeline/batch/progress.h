// The batch's progress line on stderr, redrawn in place at most a few times a
// second: articles, MB of article text, articles/s, MB/s, errors, and an ETA
// when the total input size is known. Shown only when stderr is a terminal and
// not --quiet (a log file or a pipe gets the closing summary alone).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>

namespace newsdeal {

struct ProgressCounts {
  std::size_t articles = 0;  // written in this run
  std::size_t errors = 0;
  std::size_t text_bytes = 0;   // article text processed in this run
  std::size_t input_done = 0;   // input bytes read so far (approximate), for the ETA
};

class Progress {
 public:
  // `total_input_bytes`: the size of every input when all are regular files.
  Progress(bool enabled, std::optional<std::size_t> total_input_bytes, std::FILE* to = stderr);

  bool enabled() const { return enabled_; }
  // Redraws when enough time has passed since the last redraw (or `force`).
  void update(const ProgressCounts& c, bool force = false);
  // Ends the line so what follows starts on a fresh one.
  void finish(const ProgressCounts& c);

  // The line as it is drawn (without the carriage return), for tests.
  std::string render(const ProgressCounts& c, double seconds) const;

 private:
  bool enabled_;
  std::optional<std::size_t> total_;
  std::FILE* to_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

// Whether a progress line belongs on stderr: a terminal, and not --quiet.
bool progress_wanted(bool quiet);

}  // namespace newsdeal
