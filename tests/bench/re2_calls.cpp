// A preloaded library (LD_PRELOAD, see tests/bench/re2calls) that times every
// RE2::Match and RE2::Set::Match call of the program it is loaded into, by the
// place it was called from, and writes one line per place at exit:
//
//   kind site-offset object calls bytes cycles hits hit-cycles
//
// after a first line "# tsc_hz N" (the counter's ticks per second). kind: 0
// RE2::Match for the whole match at most, 1 with groups, 2 Set::Match; plus 10 for the second, repeated run of a call (RE2CALLS_REPEAT=1: each call
// runs twice and the repeat, with the automaton's states just used, is timed on
// its own: what the call costs when nothing has evicted them). bytes: the text
// searched (endpos - startpos). cycles: the time stamp counter's; hit-cycles
// those of the calls that matched.
//
// Why by hand: RE2 is about a third of `newsdeal batch`'s time, spread over a
// dozen call sites whose cost is mostly cache misses on the automata, which
// perf attributes to RE2's unsymbolized search loop and callgrind does not
// weigh. Interposing the two entry points gives each site's calls, bytes, time
// and hit rate from one run, with the records unchanged.
#include <dlfcn.h>
#include <x86intrin.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

namespace {

struct Tally {
  unsigned long calls = 0, bytes = 0, cycles = 0, hits = 0, hit_cycles = 0;
};

std::mutex& lock() {
  static std::mutex m;
  return m;
}

std::map<std::pair<int, void*>, Tally>& tallies() {
  static auto* t = new std::map<std::pair<int, void*>, Tally>;  // (never freed: read at exit)
  return *t;
}

void add(int kind, void* site, unsigned long bytes, unsigned long cycles, bool hit) {
  std::lock_guard<std::mutex> l(lock());
  Tally& t = tallies()[{kind, site}];
  ++t.calls;
  t.bytes += bytes;
  t.cycles += cycles;
  t.hits += hit ? 1 : 0;
  t.hit_cycles += hit ? cycles : 0;
}

// The counter's rate, from its ticks over the run's wall time (so cycles turn into ms).
struct Clock {
  unsigned long tsc = __rdtsc();
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
};
const Clock& start_clock() {
  static const Clock c;
  return c;
}
__attribute__((constructor)) void note_start() { start_clock(); }

bool repeat() {
  static const bool on = std::getenv("RE2CALLS_REPEAT") && std::getenv("RE2CALLS_REPEAT")[0] == '1';
  return on;
}

__attribute__((destructor)) void write_tallies() {
  const char* path = std::getenv("RE2CALLS_OUT");
  FILE* f = std::fopen(path ? path : "re2calls.txt", "w");
  if (!f) return;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_clock().wall).count();
  std::fprintf(f, "# tsc_hz %.0f\n", seconds > 0 ? double(__rdtsc() - start_clock().tsc) / seconds : 0.0);
  for (const auto& [key, t] : tallies()) {
    Dl_info info{};
    if (!dladdr(key.second, &info) || !info.dli_fname) continue;
    const auto offset = static_cast<unsigned long>(static_cast<char*>(key.second) - static_cast<char*>(info.dli_fbase));
    std::fprintf(f, "%d %lx %s %lu %lu %lu %lu %lu\n", key.first, offset, info.dli_fname, t.calls, t.bytes, t.cycles,
                 t.hits, t.hit_cycles);
  }
  std::fclose(f);
}

// Runs `call` (RE2's own entry point) timed, and with RE2CALLS_REPEAT=1 once more
// at once, timed as kind + 10; the answer is the (last) call's.
template <class Call>
bool timed(int kind, void* site, unsigned long bytes, Call call) {
  unsigned long t0 = __rdtsc();
  bool hit = call();
  add(kind, site, bytes, __rdtsc() - t0, hit);
  if (repeat()) {
    t0 = __rdtsc();
    hit = call();
    add(kind + 10, site, bytes, __rdtsc() - t0, hit);
  }
  return hit;
}

using MatchFn = bool (*)(const re2::RE2*, const re2::StringPiece&, size_t, size_t, re2::RE2::Anchor,
                         re2::StringPiece*, int);
using SetMatchFn = bool (*)(const re2::RE2::Set*, const re2::StringPiece&, std::vector<int>*,
                            re2::RE2::Set::ErrorInfo*);

bool set_match(const re2::RE2::Set* set, const re2::StringPiece& text, std::vector<int>* v,
               re2::RE2::Set::ErrorInfo* error, void* site) {
  static const auto real = reinterpret_cast<SetMatchFn>(
      dlsym(RTLD_NEXT, "_ZNK3re23RE23Set5MatchERKNS_11StringPieceEPSt6vectorIiSaIiEEPNS1_9ErrorInfoE"));
  return timed(2, site, text.size(), [&] { return real(set, text, v, error); });
}

}  // namespace

// The interposed entry points: same signatures as RE2's (re2/re2.h, re2/set.h).
bool re2::RE2::Match(const StringPiece& text, size_t startpos, size_t endpos, Anchor anchor, StringPiece* submatch,
                     int nsubmatch) const {
  static const auto real =
      reinterpret_cast<MatchFn>(dlsym(RTLD_NEXT, "_ZNK3re23RE25MatchERKNS_11StringPieceEmmNS0_6AnchorEPS1_i"));
  void* site = __builtin_return_address(0);
  return timed(nsubmatch > 1 ? 1 : 0, site, endpos - startpos,
               [&] { return real(this, text, startpos, endpos, anchor, submatch, nsubmatch); });
}

bool re2::RE2::Set::Match(const StringPiece& text, std::vector<int>* v, ErrorInfo* error_info) const {
  return set_match(this, text, v, error_info, __builtin_return_address(0));
}

bool re2::RE2::Set::Match(const StringPiece& text, std::vector<int>* v) const {
  return set_match(this, text, v, nullptr, __builtin_return_address(0));
}
