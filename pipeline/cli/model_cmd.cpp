// `newsdeal model RECORDS.jsonl... [-o FILE] [--format json|csv|dot]`: folds the
// deals of article records into the compute-allocation model. Inputs may also be
// models written earlier (one per shard): they merge into the whole.
#include <fstream>
#include <iostream>

#include "pipeline/cli/subcommand.h"
#include "pipeline/model.h"
#include "pipeline/readers/byte_source.h"

namespace newsdeal::cli {

std::string render_model(const AllocationModel& model, const std::string& format) {
  if (format == "csv") return model.to_csv();
  if (format == "dot") return model.to_dot();
  return model.to_json().dump(2) + "\n";
}

bool write_output(const std::string& path, const std::string& data) {
  if (path == "-") {
    std::cout << data << std::flush;
    return static_cast<bool>(std::cout);
  }
  // Written whole to a temporary file, then renamed: a reader never sees half a model.
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << data;
    out.flush();
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

int run_model(const std::vector<std::string>& inputs, const std::string& output, const std::string& format) {
  AllocationModel model;
  int bad = 0;
  for (const auto& path : inputs) {
    std::unique_ptr<ByteSource> src;
    try {
      src = open_file_source(path);
    } catch (const InputError& e) {
      std::cerr << "newsdeal model: " << e.what() << "\n";
      ++bad;
      continue;
    }
    std::string head = read_capped(*src, 1 << 20);
    // A model file is one JSON object spread over lines; records are one a line.
    std::size_t first = head.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && head.compare(first, 1, "{") == 0 &&
        head.find("\"newsdeal.allocation/1\"") != std::string::npos &&
        head.find("\"newsdeal.article/1\"") == std::string::npos) {
      std::string all = head + read_capped(*src, std::size_t(1) << 32);
      try {
        model.add_model(nlohmann::json::parse(all));
      } catch (const std::exception& e) {
        std::cerr << "newsdeal model: " << path << ": not a valid model: " << e.what() << "\n";
        ++bad;
      }
      continue;
    }
    LineReader lines(*src, std::size_t(64) << 20, std::move(head));
    std::string line;
    bool too_long;
    std::size_t bytes, n = 0;
    while (lines.next(line, too_long, bytes)) {
      ++n;
      if (too_long || line.empty()) continue;
      try {
        model.add_record(nlohmann::json::parse(line));
      } catch (const std::exception& e) {
        std::cerr << "newsdeal model: " << path << ":" << n << ": not a JSON record: " << e.what() << "\n";
        ++bad;
      }
    }
  }
  if (!write_output(output, render_model(model, format))) {
    std::cerr << "newsdeal model: cannot write " << output << "\n";
    return kExitSomeFailed;
  }
  return bad ? kExitSomeFailed : kExitOk;
}

Subcommand add_model_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> inputs;
    std::string output = "-", format = "json";
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "model", "Fold the deals of article records (or shard models) into the compute-allocation model");
  cmd->add_option("INPUT", o->inputs, "JSONL files of article records, or models written by newsdeal model")
      ->required();
  cmd->add_option("-o,--output", o->output, "Output file (default: stdout)");
  cmd->add_option("--format", o->format, "json (newsdeal.allocation/1), csv (the ledger) or dot (Graphviz graph)")
      ->check(CLI::IsMember({"json", "csv", "dot"}));
  return {cmd, [o] { return run_model(o->inputs, o->output, o->format); }};
}

}  // namespace newsdeal::cli
