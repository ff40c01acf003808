// The `newsdeal` program: subcommands over the library (see pipeline/pipeline.h).
#include <CLI/CLI.hpp>

#include <iostream>

#include "pipeline/cli/commands.h"

using namespace newsdeal;

namespace {

void add_common(CLI::App* cmd, cli::CommonOptions& opts) {
  cmd->add_option("--rules", opts.pipeline.extractors.rule_dirs,
                  "Folder of rule files that add to or replace the built-in ones (zh/money.rules ...)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--gazetteer", opts.pipeline.extractors.gazetteers,
                  "Gazetteer TSV file whose entries add to the built-in ones")
      ->check(CLI::ExistingFile);
  cmd->add_option("--max-article-bytes", opts.read.max_article_bytes,
                  "Larger articles become error records (default 16 MiB)");
  cmd->add_flag("--with-text", opts.pipeline.with_text, "Add the article text to each record");
  cmd->add_flag("-q,--quiet", opts.quiet, "No summary on stderr unless something failed");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "newsdeal: companies, chips, people, money and the compute deals that link them, from news articles in "
      "Chinese and English.\nOutput: one JSON record per input article (schema newsdeal.article/1)."};
  app.set_version_flag("--version", std::string("newsdeal ") + NEWSDEAL_VERSION);
  app.require_subcommand(1);

  cli::CommonOptions extract_opts, batch_opts, check_opts;
  std::vector<std::string> extract_inputs, batch_inputs, check_dirs;
  std::string batch_output = "-", batch_model;
  std::vector<std::string> model_inputs;
  std::string model_output = "-", model_format = "json";
  bool update = false;

  auto* extract = app.add_subcommand("extract", "Print the record of each article file (or - for stdin) to stdout");
  extract->add_option("FILE", extract_inputs, "Article files: seedtext, plain text, HTML or JSONL; - is stdin")
      ->required();
  add_common(extract, extract_opts);

  auto* batch = app.add_subcommand(
      "batch", "Process files, folders (recursively) and stdin into one JSONL file, one line per input article");
  batch->add_option("INPUT", batch_inputs, "Files, folders or - for stdin")->required();
  batch->add_option("-o,--output", batch_output, "Output JSONL file (default: stdout)");
  batch->add_option("--model", batch_model, "Also fold the deals into a compute-allocation model (JSON) at this path");
  add_common(batch, batch_opts);

  auto* check = app.add_subcommand(
      "check", "Run the articles of a corpus folder and compare them with their golden records (DIR/golden/)");
  check->add_option("DIR", check_dirs, "Corpus folders")->required();
  check->add_flag("--update", update, "Rewrite the golden records from the current output (review the diff first)");
  add_common(check, check_opts);

  auto* model = app.add_subcommand(
      "model", "Fold the deals of article records (or shard models) into the compute-allocation model");
  model->add_option("INPUT", model_inputs, "JSONL files of article records, or models written by newsdeal model")
      ->required();
  model->add_option("-o,--output", model_output, "Output file (default: stdout)");
  model->add_option("--format", model_format, "json (newsdeal.allocation/1), csv (the ledger) or dot (Graphviz graph)")
      ->check(CLI::IsMember({"json", "csv", "dot"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? cli::kExitOk : cli::kExitUsage;
  }

  try {
    if (*extract) {
      extract_opts.quiet = true;
      return cli::run_batch(extract_inputs, "-", extract_opts);
    }
    if (*batch) return cli::run_batch(batch_inputs, batch_output, batch_opts, batch_model);
    if (*model) return cli::run_model(model_inputs, model_output, model_format);
    if (*check) return cli::run_check(check_dirs, update, check_opts);
  } catch (const std::exception& e) {
    // Bad rule or gazetteer files, mostly: the message names file and line.
    std::cerr << "newsdeal: " << e.what() << "\n";
    return cli::kExitUsage;
  }
  return cli::kExitUsage;
}
