#include "pipeline/batch/engine.h"

#include <chrono>
#include <filesystem>
#include <thread>

#include <tbb/concurrent_queue.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "pipeline/json_writer.h"
#include "pipeline/readers/input.h"

namespace fs = std::filesystem;

namespace newsdeal {
namespace {

// One article on its way from the reader to the output.
struct Slot {
  ReadItem item;
  std::string line;  // the serialized record or error, with its newline
  std::size_t bytes = 0;
  bool record = false;
  Stage stage = Stage::read;
  std::size_t entities = 0, deals = 0;
};

const std::string& item_id(const ReadItem& item) {
  return std::holds_alternative<Article>(item) ? std::get<Article>(item).id : std::get<ArticleError>(item).id;
}

const std::optional<std::string>& item_path(const ReadItem& item) {
  return std::holds_alternative<Article>(item) ? std::get<Article>(item).source.path
                                               : std::get<ArticleError>(item).source.path;
}

// Thrown through read_inputs to end the reader thread early.
struct ReaderStopped {};

// Runs the readers on a thread of their own (they push; the pipeline pulls) into
// a bounded queue of batches; null marks the end of the inputs. The queue and
// flags are shared with the thread, which may outlive this object (see finish()).
//
// Articles go over in batches when the pipeline is behind: handing each over
// alone woke the blocked reader once per article, a few percent of a run spent
// switching threads. A batch is handed over as soon as the queue has room, so an
// idle pipeline (a trickle on stdin) still gets each article at once; only a full
// queue lets a batch grow, to kBatchItems articles or kBatchBytes of text. A
// batch is also the group the pipeline processes stage by stage
// (Pipeline::process of several articles): on a dump, where the reader is ahead,
// groups are full, and each stage's tables stay in the caches across them.
// The size is a balance: on a 20 MB dump at -j1 (six alternating runs of each),
// groups of 8 and 32 articles took 25% and 18% longer than groups of 128, 256
// took 4.5% less (peak RSS +10 MB), 512 5.5% less (+27 MB), and 2048 (8 MB of
// text) 23% longer: the documents of a group outgrow the caches the stages'
// tables need.
class ReaderThread {
 public:
  using Batch = std::vector<Slot*>;
  static constexpr std::size_t kBatchItems = 256;
  static constexpr std::size_t kBatchBytes = 1u << 20;

  ReaderThread(const std::vector<std::string>& inputs, const ReadOptions& opts, std::size_t capacity)
      : state_(std::make_shared<State>()) {
    state_->queue.set_capacity(static_cast<std::ptrdiff_t>(capacity));
    thread_ = std::thread([state = state_, inputs, opts] {
      auto batch = std::make_unique<Batch>();
      std::size_t bytes = 0;
      try {
        read_inputs(inputs, opts, [&](ReadItem&& item) {
          if (state->stop.load()) throw ReaderStopped{};
          auto* s = new Slot;
          s->item = std::move(item);
          if (const auto* a = std::get_if<Article>(&s->item)) bytes += a->text.size();
          batch->push_back(s);
          if (batch->size() >= kBatchItems || bytes >= kBatchBytes) {
            state->queue.push(batch.release());
          } else if (!state->queue.try_push(batch.get())) {
            return;  // the queue is full: the batch grows
          } else {
            (void)batch.release();
          }
          batch = std::make_unique<Batch>();
          bytes = 0;
        });
      } catch (const ReaderStopped&) {
      } catch (const std::exception& e) {
        state->error = std::string("reading the inputs failed: ") + e.what();
      }
      if (!batch->empty()) state->queue.push(batch.release());
      state->queue.push(nullptr);
    });
  }

  // The next batch of articles (the caller owns them), or false at the end or
  // when `stopping()` turns true while waiting (a blocking pop would not notice a
  // signal while stdin is silent).
  template <typename Stopping>
  bool next(Batch& out, const Stopping& stopping) {
    out.clear();
    Batch* b = nullptr;
    for (auto nap = std::chrono::microseconds(50); !state_->queue.try_pop(b);) {
      if (stopping()) return false;
      std::this_thread::sleep_for(nap);
      nap = std::min(nap * 2, std::chrono::microseconds(2000));
    }
    if (!b) {
      ended_ = true;
      return false;
    }
    out = std::move(*b);
    delete b;
    return true;
  }

  // Stops reading and waits for the thread; what is still queued is dropped. A
  // reader blocked on input that may never come (a silent stdin after SIGINT)
  // is left behind after a second: it holds nothing the caller needs.
  void finish() {
    if (ended_) {
      thread_.join();
      return;
    }
    state_->stop.store(true);
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (!ended_) {
      Batch* b = nullptr;
      if (state_->queue.try_pop(b)) {
        if (!b) ended_ = true;
        if (b)
          for (Slot* s : *b) delete s;
        delete b;
        give_up = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      } else if (std::chrono::steady_clock::now() > give_up) {
        thread_.detach();
        return;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
    thread_.join();
  }

  bool ended() const { return ended_; }
  // Set once the thread has ended (after finish()).
  std::string error() const { return ended_ ? state_->error : std::string(); }

 private:
  struct State {
    tbb::concurrent_bounded_queue<Batch*> queue;
    std::atomic<bool> stop{false};
    std::string error;
  };
  std::shared_ptr<State> state_;
  bool ended_ = false;
  std::thread thread_;
};

// The articles one token of the parallel pipeline carries: a batch of the
// reader's, in input order.
using Group = std::vector<Slot*>;

// How far through the inputs the reader is, in input bytes: files finished
// count whole, the current one by the article bytes taken from it (JSON
// escaping makes that a slight underestimate until the file ends).
class InputPosition {
 public:
  void add(const std::optional<std::string>& path, std::size_t bytes) {
    if (path != path_) {
      done_ += size_;
      path_ = path;
      std::error_code ec;
      size_ = path ? static_cast<std::size_t>(fs::file_size(*path, ec)) : 0;
      if (ec) size_ = 0;
      in_file_ = 0;
    }
    in_file_ += bytes;
  }
  std::size_t done() const { return done_ + std::min(in_file_, size_); }

 private:
  std::optional<std::string> path_;
  std::size_t size_ = 0, in_file_ = 0, done_ = 0;
};

// What the model reads of a record: ids, source, the entities' names and the
// deals. Mentions are most of a record and the model never looks at them.
Record model_view(const Record& r) {
  Record v;
  v.id = r.id;
  v.source = r.source;
  v.entities.reserve(r.entities.size());
  for (const auto& e : r.entities) {
    Entity slim;
    slim.id = e.id;
    slim.type = e.type;
    slim.key = e.key;
    slim.name = e.name;
    v.entities.push_back(std::move(slim));
  }
  v.deals = r.deals;
  return v;
}

}  // namespace

std::optional<std::size_t> total_input_bytes(const std::vector<std::string>& inputs) {
  std::size_t total = 0;
  for (const auto& input : inputs) {
    if (input == "-") return std::nullopt;
    for (const auto& file : expand_input(input)) {
      std::error_code ec;
      if (!fs::is_regular_file(file, ec)) return std::nullopt;
      const std::string ext = fs::path(file).extension().string();
      if (ext == ".gz" || ext == ".zst") return std::nullopt;  // compressed size says little
      total += static_cast<std::size_t>(fs::file_size(file, ec));
      if (ec) return std::nullopt;
    }
  }
  return total;
}

BatchResult process_batch(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                          const BatchOptions& opts, OutputFile& out) {
  const auto start = std::chrono::steady_clock::now();
  const unsigned threads = opts.threads ? opts.threads : static_cast<unsigned>(tbb::info::default_concurrency());
  // Groups (reader batches) in flight: one being processed per thread and one
  // more each, waiting or being written.
  const std::size_t tokens = opts.in_flight ? opts.in_flight : 2 * std::size_t{threads};

  BatchResult result;
  std::atomic<bool> abort{false};  // a write failed, or the resume check did
  std::string abort_why;
  auto fail = [&](BatchResult::Failure kind, std::string why) {
    if (abort.exchange(true)) return;  // the first failure is the one to report
    result.failure = kind;
    abort_why = std::move(why);
  };
  tbb::enumerable_thread_specific<AllocationModel> models;
  ProgressCounts counts;                    // the writing stage's
  std::atomic<std::size_t> input_done{0};  // the taking stage's, read by the writing one
  InputPosition position;
  std::size_t to_skip = opts.skip;

  auto stopping = [&] { return abort.load() || (opts.stop && opts.stop->load() != 0); };

  ReaderThread reader(inputs, opts.read, threads + 2);
  // The next group of articles to process, in input order; those of other
  // shards and those a resumed run has written already are dropped here.
  auto take = [&](tbb::flow_control& fc) -> Group* {
    auto group = std::make_unique<Group>();
    Group batch;
    for (;;) {
      if (stopping()) {
        if (!abort.load()) result.stopped_by = opts.stop->load();
        fc.stop();
        return nullptr;
      }
      if (!reader.next(batch, stopping)) {
        if (!reader.ended()) continue;  // stopping: the check above ends the run
        if (to_skip > 0)
          fail(BatchResult::Failure::resume,
               "cannot resume: " + out.path() + " has " + std::to_string(opts.skip) +
                   " lines but the inputs give only " + std::to_string(result.resumed) +
                   " articles (for this shard): it is not the output of these inputs");
        fc.stop();
        return nullptr;
      }
      for (Slot* s : batch) {
        const auto& item = s->item;
        s->bytes = std::holds_alternative<Article>(item) ? std::get<Article>(item).text.size()
                                                          : std::get<ArticleError>(item).input_bytes.value_or(0);
        position.add(item_path(item), s->bytes);
        input_done.store(position.done(), std::memory_order_relaxed);
        if (!opts.shard.takes(item_id(item))) {
          ++result.other_shards;
          delete s;
          continue;
        }
        if (to_skip > 0) {
          --to_skip;
          ++result.resumed;
          if (to_skip == 0 && !opts.skip_last_id.empty() && item_id(item) != opts.skip_last_id)
            fail(BatchResult::Failure::resume,
                 "cannot resume: line " + std::to_string(opts.skip) + " of " + out.path() + " is article \"" +
                     opts.skip_last_id + "\" but input article " + std::to_string(opts.skip) + " is \"" +
                     item_id(item) + "\" (other inputs, or another --shard, than the interrupted run?)");
          delete s;
          continue;
        }
        group->push_back(s);
      }
      if (!group->empty()) return group.release();
    }
  };

  auto process = [&](Group* g) -> Group* {
    // Each outcome is serialized the moment it is made and then dropped, so the
    // next article's record is built in memory still in the caches (holding a
    // group's records until all were made, then serializing them, read each back
    // from far away).
    auto output = [&](Slot* s, Outcome&& o) {
      append_jsonl_line(s->line, o);  // (allocated once, at its size)
      s->line += '\n';
      if (const auto* r = std::get_if<Record>(&o)) {
        s->record = true;
        s->entities = r->entities.size();
        s->deals = r->deals.size();
        if (opts.fold_model) models.local().add_record(record_to_json(model_view(*r)));
      } else {
        s->stage = std::get<ArticleError>(o).stage;
      }
    };
    std::vector<const Article*> articles;
    std::vector<Slot*> of_article;  // the slot of each of `articles`
    for (Slot* s : *g)
      if (const auto* a = std::get_if<Article>(&s->item)) {
        articles.push_back(a);
        of_article.push_back(s);
      } else {
        output(s, Outcome(std::get<ArticleError>(std::move(s->item))));
        s->item = ArticleError{};
      }
    pipeline.process(articles, [&](std::size_t i, Outcome&& o) {
      output(of_article[i], std::move(o));
      of_article[i]->item = ArticleError{};  // the article text is not needed any more
    });
    return g;
  };

  auto write_one = [&](Slot* s) {
    if (!abort.load()) {
      if (!out.append(s->line)) {
        fail(BatchResult::Failure::output, out.error());
      } else if (s->record) {
        ++result.records;
        result.entities += s->entities;
        result.deals += s->deals;
      } else {
        ++result.errors;
        ++result.errors_by_stage[std::string(stage_name(s->stage))];
      }
      result.text_bytes += s->bytes;
      counts.articles = result.written();
      counts.errors = result.errors;
      counts.text_bytes = result.text_bytes;
      counts.input_done = input_done.load(std::memory_order_relaxed);
      if (opts.progress) opts.progress->update(counts);
    }
    delete s;
  };
  auto write = [&](Group* g) {
    for (Slot* s : *g) write_one(s);
    delete g;
  };

  // More threads than cores (-j 8 on 2) needs the worker limit raised, or TBB
  // ignores the request with a warning.
  std::optional<tbb::global_control> more_workers;
  if (threads > static_cast<unsigned>(tbb::info::default_concurrency()))
    more_workers.emplace(tbb::global_control::max_allowed_parallelism, threads);
  tbb::task_arena arena(static_cast<int>(threads));
  try {
    arena.execute([&] {
      tbb::parallel_pipeline(tokens, tbb::make_filter<void, Group*>(tbb::filter_mode::serial_in_order, take) &
                                         tbb::make_filter<Group*, Group*>(tbb::filter_mode::parallel, process) &
                                         tbb::make_filter<Group*, void>(tbb::filter_mode::serial_in_order, write));
    });
  } catch (...) {
    reader.finish();
    throw;
  }
  reader.finish();
  if (!abort.load() && !out.flush()) fail(BatchResult::Failure::output, out.error());
  if (opts.progress) opts.progress->finish(counts);

  if (abort.load()) {
    result.error = abort_why;
  } else if (!reader.error().empty()) {
    result.failure = BatchResult::Failure::read;
    result.error = reader.error();
  }
  if (opts.fold_model)
    for (const auto& m : models) result.model.merge(m);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace newsdeal
