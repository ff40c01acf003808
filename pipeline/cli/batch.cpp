#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>

#include "pipeline/cli/subcommand.h"
#include "pipeline/json_writer.h"
#include "pipeline/model.h"
#include "pipeline/readers/input.h"

namespace newsdeal::cli {
namespace {

// Counts for the closing summary; inputs always equal records + errors.
struct Tally {
  std::size_t records = 0, errors = 0, entities = 0, deals = 0;
  std::map<std::string, std::size_t> errors_by_stage;

  void add(const Outcome& o) {
    if (const auto* r = std::get_if<Record>(&o)) {
      ++records;
      entities += r->entities.size();
      deals += r->deals.size();
    } else {
      ++errors;
      ++errors_by_stage[std::string(stage_name(std::get<ArticleError>(o).stage))];
    }
  }
};

void print_summary(const Tally& t, const std::string& output) {
  std::cerr << "newsdeal: " << (t.records + t.errors) << " articles: " << t.records << " records, " << t.errors
            << " errors";
  if (t.errors) {
    std::cerr << " (";
    bool first = true;
    for (const auto& [stage, n] : t.errors_by_stage) {
      std::cerr << (first ? "" : ", ") << stage << " " << n;
      first = false;
    }
    std::cerr << ")";
  }
  std::cerr << "; " << t.entities << " entities, " << t.deals << " deals";
  if (output != "-") std::cerr << "; written to " << output;
  std::cerr << "\n";
}

}  // namespace

int run_batch(const std::vector<std::string>& inputs, const std::string& output, const CommonOptions& opts,
              const std::string& model_path) {
  std::FILE* out = output == "-" ? stdout : std::fopen(output.c_str(), "wb");
  if (!out) {
    std::cerr << "newsdeal: cannot write " << output << ": " << std::strerror(errno) << "\n";
    return kExitUsage;
  }
  Pipeline pipeline(opts.pipeline);
  Tally tally;
  AllocationModel model;
  bool write_failed = false;
  read_inputs(inputs, opts.read, [&](ReadItem&& item) {
    Outcome o = std::holds_alternative<Article>(item) ? pipeline.process(std::get<Article>(item))
                                                      : Outcome(std::get<ArticleError>(std::move(item)));
    tally.add(o);
    Json j = outcome_to_json(o);
    if (!model_path.empty()) model.add_record(j);
    std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    line += '\n';
    if (std::fwrite(line.data(), 1, line.size(), out) != line.size()) write_failed = true;
  });
  if (std::fflush(out) != 0 || std::ferror(out)) write_failed = true;
  if (out != stdout && std::fclose(out) != 0) write_failed = true;
  if (write_failed) {
    std::cerr << "newsdeal: writing " << (output == "-" ? "stdout" : output) << " failed: " << std::strerror(errno)
              << "\n";
    return kExitSomeFailed;
  }
  if (!model_path.empty() && !write_output(model_path, render_model(model, "json"))) {
    std::cerr << "newsdeal: cannot write the model to " << model_path << "\n";
    return kExitSomeFailed;
  }
  if (!opts.quiet || tally.errors) print_summary(tally, output);
  if (tally.records + tally.errors == 0)
    std::cerr << "newsdeal: no articles in the inputs (folders are searched for .txt, .text, .jsonl, .ndjson, "
                 ".html and .htm files)\n";
  return tally.errors ? kExitSomeFailed : kExitOk;
}

Subcommand add_extract_command(CLI::App& app) {
  struct Options {
    CommonOptions common;
    std::vector<std::string> inputs;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("extract", "Print the record of each article file (or - for stdin) to stdout");
  cmd->add_option("FILE", o->inputs, "Article files: seedtext, plain text, HTML or JSONL; - is stdin")->required();
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
    std::string output = "-", model;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "batch", "Process files, folders (recursively) and stdin into one JSONL file, one line per input article");
  cmd->add_option("INPUT", o->inputs, "Files, folders or - for stdin")->required();
  cmd->add_option("-o,--output", o->output, "Output JSONL file (default: stdout)");
  cmd->add_option("--model", o->model, "Also fold the deals into a compute-allocation model (JSON) at this path");
  add_common_options(cmd, o->common);
  return {cmd, [o] { return run_batch(o->inputs, o->output, o->common, o->model); }};
}

}  // namespace newsdeal::cli
