#include "pipeline/fetch/crawl.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "pipeline/fetch/discover.h"
#include "pipeline/fetch/fetched_page.h"
#include "pipeline/json_writer.h"

namespace newsdeal::fetch {
namespace {

// One line of the work list on its way from a fetching thread to the output.
struct Slot {
  bool done = false;
  std::string lines;                // JSONL, each with its newline
  std::vector<Response> responses;  // for the WARC
  std::size_t records = 0;
  std::vector<Stage> error_stages;
};

}  // namespace

CrawlResult crawl(const Pipeline& pipeline, const CrawlOptions& opts, OutputFile& out, WarcWriter* warc) {
  const auto start = std::chrono::steady_clock::now();
  CrawlResult result;
  std::atomic<bool> abort{false};  // the output or the WARC failed
  std::mutex fail_m;
  auto fail = [&](CrawlResult::Failure kind, const std::string& why) {
    std::lock_guard lock(fail_m);
    if (abort.exchange(true)) return;
    result.failure = kind;
    result.error = why;
  };
  auto stopping = [&] { return abort.load() || (opts.stop && opts.stop->load() != 0); };

  std::atomic<std::size_t> kept{0};
  auto keep = [&](const Response& r) {
    if (!warc) return;
    if (warc->write_response(r)) ++kept;
    else fail(CrawlResult::Failure::warc, warc->error());
  };

  FetchOptions fo = opts.fetch;
  fo.stop = opts.stop;
  Fetcher fetcher(fo);
  fetcher.on_robots_response = keep;

  std::vector<Target> targets;
  for (const auto& u : opts.urls) targets.push_back({u, std::nullopt});
  auto keep_all = [&](const FetchResult& r) {
    for (const auto& resp : r.responses) keep(resp);
  };
  for (const auto& f : opts.feeds) {
    if (stopping()) break;
    for (auto& t : feed_targets(fetcher, f, keep_all)) targets.push_back(std::move(t));
  }
  for (const auto& s : opts.sitemaps) {
    if (stopping()) break;
    for (auto& t : sitemap_targets(fetcher, s, keep_all)) targets.push_back(std::move(t));
  }
  result.pages = targets.size();

  const std::size_t n = targets.size();
  const unsigned jobs = std::max(1u, opts.jobs);
  const std::size_t window = 4 * std::size_t{jobs};
  std::vector<Slot> slots(n);
  std::mutex m;
  std::condition_variable cv;
  std::size_t next = 0, written = 0;
  unsigned alive = jobs;

  auto work = [&](std::size_t i) {
    Slot s;
    auto sink = [&](ReadItem&& item) {
      Outcome o = std::holds_alternative<Article>(item) ? pipeline.process(std::get<Article>(item))
                                                       : Outcome(std::get<ArticleError>(std::move(item)));
      append_jsonl_line(s.lines, o);
      s.lines += '\n';
      if (std::holds_alternative<Record>(o)) ++s.records;
      else s.error_stages.push_back(std::get<ArticleError>(o).stage);
    };
    const Target& t = targets[i];
    if (t.error) {
      sink(ArticleError(*t.error));
      return s;
    }
    try {
      FetchResult r = fetcher.fetch(t.url);
      read_fetched(r, opts.read, sink);
      s.responses = std::move(r.responses);
    } catch (const std::exception& e) {  // out of memory, mostly: the line says so, the run goes on
      s = Slot{};
      ArticleError err;
      err.id = t.url;
      err.source.url = t.url;
      err.source.format = SourceFormat::html;
      err.stage = Stage::fetch;
      err.message = t.url + ": " + e.what();
      sink(std::move(err));
    }
    return s;
  };

  std::vector<std::thread> threads;
  for (unsigned k = 0; k < jobs; ++k)
    threads.emplace_back([&] {
      while (true) {
        std::size_t i;
        {
          std::unique_lock lock(m);
          // A signal sets the stop flag without a notify: look again now and then.
          while (!(next >= n || stopping() || next < written + window)) cv.wait_for(lock, std::chrono::milliseconds(100));
          if (next >= n || stopping()) break;
          i = next++;
        }
        Slot s = work(i);
        {
          std::lock_guard lock(m);
          slots[i] = std::move(s);
          slots[i].done = true;
        }
        cv.notify_all();
      }
      {
        std::lock_guard lock(m);
        --alive;
      }
      cv.notify_all();
    });

  for (std::size_t i = 0; i < n; ++i) {
    Slot s;
    {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return slots[i].done || alive == 0; });
      if (!slots[i].done) break;  // stopped: the lines after this were never fetched
      s = std::move(slots[i]);
      slots[i] = Slot{};
    }
    if (!abort.load()) {
      for (const auto& resp : s.responses) keep(resp);
      if (!out.append(s.lines)) fail(CrawlResult::Failure::output, out.error());
    }
    if (!abort.load()) {
      result.records += s.records;
      result.errors += s.error_stages.size();
      for (Stage st : s.error_stages) ++result.errors_by_stage[std::string(stage_name(st))];
    }
    {
      std::lock_guard lock(m);
      written = i + 1;
    }
    cv.notify_all();
  }
  {
    std::lock_guard lock(m);
    next = n;  // whatever stopped the writing, no thread takes more
  }
  cv.notify_all();
  for (auto& t : threads) t.join();

  if (!abort.load() && !out.flush()) fail(CrawlResult::Failure::output, out.error());
  if (!abort.load() && opts.stop && opts.stop->load() != 0) result.stopped_by = opts.stop->load();
  result.responses_kept = kept.load();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace newsdeal::fetch
