// How a subcommand joins the `newsdeal` program: each command file has one
// `add_<name>_command` function that declares its options on `app` and returns
// what to run when the user picked it. main.cpp only lists them, so a new
// command is one new file and one line there.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>

#include "pipeline/cli/commands.h"

namespace newsdeal::cli {

struct Subcommand {
  CLI::App* cmd = nullptr;
  std::function<int()> run;  // its exit status (kExitOk, kExitSomeFailed, kExitUsage)
};

// --rules, --gazetteer, --max-article-bytes, --with-text, --quiet: shared by every
// command that runs the pipeline.
void add_common_options(CLI::App* cmd, CommonOptions& opts);

Subcommand add_extract_command(CLI::App& app);
Subcommand add_batch_command(CLI::App& app);
Subcommand add_fetch_command(CLI::App& app);
Subcommand add_check_command(CLI::App& app);
Subcommand add_model_command(CLI::App& app);
Subcommand add_report_command(CLI::App& app);
Subcommand add_serve_command(CLI::App& app);

}  // namespace newsdeal::cli
