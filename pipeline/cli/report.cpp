// `newsdeal report RECORDS.jsonl... -o report.html [--layout auto|dot|builtin]`:
// the compute-allocation model of article records as one self-contained HTML
// page (pipeline/report/report.h). Inputs may also be models written by
// `newsdeal model`: they add to the graph, charts and timeline, and give table
// rows without evidence.
#include <iostream>

#include "pipeline/cli/subcommand.h"
#include "pipeline/readers/byte_source.h"
#include "pipeline/report/report.h"

namespace newsdeal::cli {
namespace {

struct ReportRun {
  std::vector<std::string> inputs;
  std::string output = "-";
  std::string layout = "auto";
  std::string title;
  bool quiet = false;
};

// Folds one input into the builder; returns how many of its lines (or the model)
// could not be read, each named on stderr.
int add_input(const std::string& path, report::ReportBuilder& b) {
  std::unique_ptr<ByteSource> src;
  try {
    src = open_file_source(path);
  } catch (const InputError& e) {
    std::cerr << "newsdeal report: " << e.what() << "\n";
    return 1;
  }
  std::string head = read_capped(*src, 1 << 20);
  // A model is one JSON object over many lines; records are one a line.
  std::size_t first = head.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && head.compare(first, 1, "{") == 0 &&
      head.find("\"newsdeal.allocation/1\"") != std::string::npos &&
      head.find("\"newsdeal.article/1\"") == std::string::npos) {
    try {
      b.add_model(nlohmann::json::parse(head + read_capped(*src, std::size_t(1) << 32)));
      return 0;
    } catch (const std::exception& e) {
      std::cerr << "newsdeal report: " << path << ": not a valid model: " << e.what() << "\n";
      return 1;
    }
  }
  LineReader lines(*src, std::size_t(64) << 20, std::move(head));
  std::string line;
  bool too_long;
  std::size_t bytes, n = 0;
  int bad = 0;
  while (lines.next(line, too_long, bytes)) {
    ++n;
    if (too_long) {
      std::cerr << "newsdeal report: " << path << ":" << n << ": line of " << bytes << " bytes, over 64 MiB: skipped\n";
      ++bad;
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      b.add_record(nlohmann::json::parse(line));
    } catch (const nlohmann::json::parse_error& e) {
      std::cerr << "newsdeal report: " << path << ":" << n << ": not JSON (byte " << e.byte << " of the line)\n";
      ++bad;
    } catch (const std::exception& e) {
      std::cerr << "newsdeal report: " << path << ":" << n << ": " << e.what() << "\n";
      ++bad;
    }
  }
  return bad;
}

int run_report(const ReportRun& run) {
  report::ReportOptions opts;
  if (!run.title.empty()) opts.title = run.title;
  opts.layout = run.layout == "dot"       ? report::Layout::dot
                : run.layout == "builtin" ? report::Layout::builtin
                                          : report::Layout::automatic;
  report::ReportBuilder builder;
  int bad = 0;
  for (const auto& path : run.inputs) bad += add_input(path, builder);

  std::string html;
  try {
    html = builder.render(opts);
  } catch (const std::runtime_error& e) {  // --layout dot without a working Graphviz
    std::cerr << "newsdeal report: " << e.what() << "\n";
    return kExitUsage;
  }
  if (!write_output(run.output, html)) {
    std::cerr << "newsdeal report: cannot write " << run.output << "\n";
    return kExitOutputFailed;
  }
  if (builder.records_without_text())
    std::cerr << "newsdeal report: " << builder.records_without_text()
              << " records with deals have no \"text\": their evidence shows byte ranges only "
                 "(write them with --with-text to see the sentences)\n";
  if (!run.quiet || bad)
    std::cerr << "newsdeal report: " << builder.records() << " records (" << builder.errors() << " errors), "
              << builder.deals() << " deals" << (bad ? ", " + std::to_string(bad) + " unreadable lines or files" : "")
              << "; written to " << (run.output == "-" ? "stdout" : run.output) << "\n";
  return bad ? kExitSomeFailed : kExitOk;
}

}  // namespace

Subcommand add_report_command(CLI::App& app) {
  auto run = std::make_shared<ReportRun>();
  auto* cmd = app.add_subcommand(
      "report", "Draw the compute-allocation model of article records as one self-contained HTML page");
  cmd->add_option("INPUT", run->inputs,
                  "JSONL files of article records (newsdeal batch; --with-text to show evidence sentences), "
                  "or models written by newsdeal model; - for stdin")
      ->required();
  cmd->add_option("-o,--output", run->output, "The HTML file (default: stdout)");
  cmd->add_option("--layout", run->layout,
                  "Graph layout: auto (Graphviz dot when on PATH, else built-in), dot, or builtin")
      ->check(CLI::IsMember({"auto", "dot", "builtin"}));
  cmd->add_option("--title", run->title, "The page title");
  cmd->add_flag("-q,--quiet", run->quiet, "No summary on stderr unless something failed");
  return {cmd, [run] { return run_report(*run); }};
}

}  // namespace newsdeal::cli
