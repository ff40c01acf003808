#include "pipeline/batch/progress.h"

#include <algorithm>
#include <string>

#include <unistd.h>

namespace newsdeal {
namespace {

constexpr auto kRedraw = std::chrono::milliseconds(250);

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string duration(double seconds) {
  auto s = static_cast<long long>(seconds + 0.5);
  char buf[64];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  return buf;
}

}  // namespace

bool progress_wanted(bool quiet) { return !quiet && ::isatty(STDERR_FILENO); }

Progress::Progress(bool enabled, std::optional<std::size_t> total_input_bytes, std::FILE* to)
    : enabled_(enabled), total_(total_input_bytes), to_(to), start_(std::chrono::steady_clock::now()), last_(start_) {}

std::string Progress::render(const ProgressCounts& c, double seconds) const {
  const double mb = c.text_bytes / 1e6;
  const double per = seconds > 0 ? 1 / seconds : 0;
  std::string line = std::to_string(c.articles) + " articles, " + fixed(mb, 1) + " MB, " +
                     fixed(c.articles * per, 0) + " articles/s, " + fixed(mb * per, 1) + " MB/s, " +
                     std::to_string(c.errors) + (c.errors == 1 ? " error" : " errors");
  if (total_ && *total_ > 0 && c.input_done > 0 && seconds > 0) {
    const double done = std::min(1.0, static_cast<double>(c.input_done) / *total_);
    line += ", " + fixed(done * 100, 0) + "%, ETA " + duration(seconds * (1 - done) / done);
  }
  return line;
}

void Progress::update(const ProgressCounts& c, bool force) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_ < kRedraw) return;
  last_ = now;
  // \r and "erase to end of line": the line is redrawn in place.
  std::fprintf(to_, "\r%s\x1b[K", render(c, std::chrono::duration<double>(now - start_).count()).c_str());
  std::fflush(to_);
  drawn_ = true;
}

void Progress::finish(const ProgressCounts& c) {
  if (!enabled_) return;
  update(c, true);
  if (drawn_) std::fputc('\n', to_);
  std::fflush(to_);
}

}  // namespace newsdeal
