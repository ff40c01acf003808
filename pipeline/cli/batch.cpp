// `newsdeal extract` and `newsdeal batch`: the command line around the batch
// engine (pipeline/batch/engine.h): options, --resume, the model, the summary
// and the exit status.
#include <iostream>

#include "pipeline/batch/engine.h"
#include "pipeline/batch/stop_signals.h"
#include "pipeline/cli/subcommand.h"
#include "pipeline/json_writer.h"
#include "pipeline/model.h"

namespace newsdeal::cli {
namespace {

std::string megabytes(std::size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", bytes / 1e6);
  return buf;
}

// The closing summary; articles always equal records + errors.
void print_summary(const BatchResult& r, const std::string& output) {
  std::cerr << "newsdeal: " << r.written() << " articles: " << r.records << " records, " << r.errors << " errors";
  if (r.errors) {
    std::cerr << " (";
    bool first = true;
    for (const auto& [stage, n] : r.errors_by_stage) {
      std::cerr << (first ? "" : ", ") << stage << " " << n;
      first = false;
    }
    std::cerr << ")";
  }
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, r.seconds < 10 ? "%.2f" : "%.0f", r.seconds);
  std::cerr << "; " << r.entities << " entities, " << r.deals << " deals; " << megabytes(r.text_bytes) << " MB in "
            << elapsed << " s";
  if (output != "-") std::cerr << "; written to " << output;
  std::cerr << "\n";
}

// The id in a JSONL output line, for the resume check ("" if it has none).
std::string line_id(const std::string& line) {
  auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("id") || !j["id"].is_string()) return "";
  return j["id"].get<std::string>();
}

}  // namespace

int run_batch(const std::vector<std::string>& inputs, const CommonOptions& opts, const BatchRun& run) {
  BatchOptions bo;
  bo.read = opts.read;
  bo.threads = run.jobs;
  bo.fold_model = !run.model_path.empty();
  if (!run.shard.empty()) {
    std::string why;
    auto shard = Shard::parse(run.shard, why);
    if (!shard) {
      std::cerr << "newsdeal: " << why << "\n";
      return kExitUsage;
    }
    bo.shard = *shard;
  }

  // The pipeline first: bad rules stop the program before the output is touched.
  Pipeline pipeline(opts.pipeline);

  // On resume, the records already written count towards the model too.
  AllocationModel kept_model;
  std::size_t unreadable_kept = 0;
  std::function<void(std::string_view)> on_kept;
  if (run.resume && bo.fold_model)
    on_kept = [&](std::string_view line) {
      auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) ++unreadable_kept;
      else kept_model.add_record(j);
    };
  std::string why;
  auto out = OutputFile::open(run.output, run.resume, on_kept, why);
  if (!out) {
    std::cerr << "newsdeal: " << why << "\n";
    return kExitUsage;
  }
  if (unreadable_kept) {
    std::cerr << "newsdeal: cannot resume: " << unreadable_kept << " lines of " << run.output
              << " are not JSON; is it a newsdeal output?\n";
    return kExitUsage;
  }
  if (run.resume) {
    bo.skip = out->kept_lines();
    if (bo.skip) bo.skip_last_id = line_id(out->last_kept_line());
    if (!opts.quiet || out->torn_bytes()) {
      std::cerr << "newsdeal: resuming " << run.output << " after its " << out->kept_lines() << " complete lines";
      if (out->torn_bytes()) std::cerr << " (cut a torn last line of " << out->torn_bytes() << " bytes)";
      std::cerr << "\n";
    }
  }

  Progress progress(progress_wanted(opts.quiet), total_input_bytes(inputs));
  bo.progress = &progress;
  BatchResult r;
  {
    StopOnSignals signals;
    bo.stop = &signals.stop();
    r = process_batch(pipeline, inputs, bo, *out);
  }
  if (!out->close() && r.failure == BatchResult::Failure::none) {
    r.failure = BatchResult::Failure::output;
    r.error = out->error();
  }

  const std::string shown = run.output == "-" ? "stdout" : run.output;
  if (r.failure != BatchResult::Failure::none) {
    print_summary(r, run.output);
    std::cerr << "newsdeal: " << r.error << "\n";
    if (r.failure == BatchResult::Failure::resume) return kExitUsage;
    if (r.failure == BatchResult::Failure::read) return kExitSomeFailed;
    std::cerr << "newsdeal: the lines in " << shown << " are complete up to the failure; free the space and run "
              << "again with --resume to continue\n";
    return kExitOutputFailed;
  }
  if (r.stopped_by) {
    print_summary(r, run.output);
    std::cerr << "newsdeal: stopped by " << signal_name(r.stopped_by) << "; every line of " << shown
              << " is complete";
    if (run.output != "-") std::cerr << "; run the same command with --resume to continue";
    std::cerr << "\n";
    return 128 + r.stopped_by;
  }

  if (bo.fold_model) {
    kept_model.merge(r.model);
    if (!write_output(run.model_path, render_model(kept_model, "json"))) {
      std::cerr << "newsdeal: cannot write the model to " << run.model_path << "\n";
      return kExitOutputFailed;
    }
  }
  if (!opts.quiet || r.errors) print_summary(r, run.output);
  if (!bo.shard.whole() && !opts.quiet)
    std::cerr << "newsdeal: shard " << run.shard << ": " << r.other_shards << " articles left to the other shards\n";
  if (r.written() + r.resumed + r.other_shards == 0)
    std::cerr << "newsdeal: no articles in the inputs (folders are searched for .txt, .text, .jsonl, .ndjson, "
                 ".html, .htm, .xhtml, .rss, .atom, .xml and .warc files, also with .gz or .zst)\n";
  return r.errors ? kExitSomeFailed : kExitOk;
}

Subcommand add_extract_command(CLI::App& app) {
  struct Options {
    CommonOptions common;
    std::vector<std::string> inputs;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("extract", "Print the record of each article file (or - for stdin) to stdout");
  cmd->add_option("FILE", o->inputs, "Article files: seedtext, plain text, HTML, RSS/Atom, WARC or JSONL (also .gz, .zst); - is stdin")->required();
  add_common_options(cmd, o->common);
  return {cmd, [o] {
            o->common.quiet = true;
            return run_batch(o->inputs, "-", o->common);
          }};
}

Subcommand add_batch_command(CLI::App& app) {
  struct Options {
    CommonOptions common;
    std::vector<std::string> inputs;
    BatchRun run;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "batch", "Process files, folders (recursively) and stdin into one JSONL file, one line per input article");
  cmd->add_option("INPUT", o->inputs, "Files, folders or - for stdin")->required();
  cmd->add_option("-o,--output", o->run.output, "Output JSONL file (default: stdout)");
  cmd->add_option("--model", o->run.model_path,
                  "Also fold the deals into a compute-allocation model (JSON) at this path");
  cmd->add_option("-j,--jobs", o->run.jobs, "Threads (default: every core)")->check(CLI::Range(1u, 4096u));
  cmd->add_flag("--resume", o->run.resume,
                "Continue an interrupted run: keep the complete lines of the output, skip their articles, append");
  cmd->add_option("--shard", o->run.shard,
                  "i/N: process only shard i (0 <= i < N) of N, chosen by a stable hash of the article id");
  add_common_options(cmd, o->common);
  return {cmd, [o] { return run_batch(o->inputs, o->common, o->run); }};
}

}  // namespace newsdeal::cli
