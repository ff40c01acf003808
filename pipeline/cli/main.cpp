// The `newsdeal` program: subcommands over the library (see pipeline/pipeline.h).
// Each subcommand lives in its own file and registers through pipeline/cli/subcommand.h.
#include <iostream>

#include "pipeline/cli/subcommand.h"

using namespace newsdeal;

namespace newsdeal::cli {

void add_common_options(CLI::App* cmd, CommonOptions& opts) {
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

}  // namespace newsdeal::cli

int main(int argc, char** argv) {
  CLI::App app{
      "newsdeal: companies, chips, people, money and the compute deals that link them, from news articles in "
      "Chinese and English.\nOutput: one JSON record per input article (schema newsdeal.article/1)."};
  app.set_version_flag("--version", std::string("newsdeal ") + NEWSDEAL_VERSION + "\nallocator: " + cli::allocator_name());
  app.require_subcommand(1);

  const std::vector<cli::Subcommand> commands = {
      cli::add_extract_command(app),
      cli::add_batch_command(app),
      cli::add_fetch_command(app),
      cli::add_check_command(app),
      cli::add_model_command(app),
      cli::add_report_command(app),
      cli::add_serve_command(app),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? cli::kExitOk : cli::kExitUsage;
  }

  try {
    for (const auto& c : commands)
      if (*c.cmd) return c.run();
  } catch (const std::exception& e) {
    // Bad rule or gazetteer files, mostly: the message names file and line.
    std::cerr << "newsdeal: " << e.what() << "\n";
    return cli::kExitUsage;
  }
  return cli::kExitUsage;
}
