// `newsdeal check DIR`: the golden regression. Every article file in DIR has its
// expected records in DIR/golden/<file name>.golden (JSONL, one record a line, in
// input order). Differences print as one line per field, by JSON path.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "pipeline/cli/subcommand.h"
#include "pipeline/json_writer.h"
#include "pipeline/readers/input.h"

namespace fs = std::filesystem;

namespace newsdeal::cli {
namespace {

// Fields that depend on how the program was invoked, not on the extraction.
void drop_volatile(Json& j) {
  if (j.contains("source") && j["source"].is_object()) j["source"].erase("path");
}

std::string brief(const Json& j) {
  std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return s.size() > 160 ? s.substr(0, 157) + "..." : s;
}

void diff(const Json& want, const Json& got, const std::string& path, std::vector<std::string>& out) {
  if (want.type() != got.type() && !(want.is_number() && got.is_number())) {
    out.push_back(path + ": expected " + brief(want) + ", got " + brief(got));
    return;
  }
  if (want.is_object()) {
    for (const auto& [k, v] : want.items()) {
      if (!got.contains(k)) out.push_back(path + "." + k + ": missing (expected " + brief(v) + ")");
      else diff(v, got.at(k), path + "." + k, out);
    }
    for (const auto& [k, v] : got.items())
      if (!want.contains(k)) out.push_back(path + "." + k + ": unexpected " + brief(v));
  } else if (want.is_array()) {
    std::size_t n = std::min(want.size(), got.size());
    for (std::size_t i = 0; i < n; ++i) diff(want[i], got[i], path + "[" + std::to_string(i) + "]", out);
    for (std::size_t i = n; i < want.size(); ++i) out.push_back(path + "[" + std::to_string(i) + "]: missing " + brief(want[i]));
    for (std::size_t i = n; i < got.size(); ++i) out.push_back(path + "[" + std::to_string(i) + "]: unexpected " + brief(got[i]));
  } else if (want != got) {
    out.push_back(path + ": expected " + brief(want) + ", got " + brief(got));
  }
}

std::vector<Json> read_golden(const fs::path& p) {
  std::vector<Json> out;
  std::ifstream in(p, std::ios::binary);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(Json::parse(line));
  return out;
}

}  // namespace

int run_check(const std::vector<std::string>& dirs, bool update, const CommonOptions& opts) {
  Pipeline pipeline(opts.pipeline);
  int files = 0, failed = 0;
  for (const auto& dir : dirs) {
    if (!fs::is_directory(dir)) {
      std::cerr << "newsdeal check: " << dir << " is not a folder\n";
      return kExitUsage;
    }
    for (const auto& file : expand_input(dir)) {
      ++files;
      std::vector<Json> got;
      read_inputs({file}, opts.read, [&](ReadItem&& item) {
        Outcome o = std::holds_alternative<Article>(item) ? pipeline.process(std::get<Article>(item))
                                                          : Outcome(std::get<ArticleError>(std::move(item)));
        Json j = outcome_to_json(o);
        drop_volatile(j);
        got.push_back(std::move(j));
      });
      fs::path golden = fs::path(dir) / "golden" / (fs::path(file).filename().string() + ".golden");
      if (update) {
        fs::create_directories(golden.parent_path());
        std::ofstream out(golden, std::ios::binary);
        for (const auto& j : got) out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        std::cout << "updated " << golden.string() << " (" << got.size() << " records)\n";
        continue;
      }
      if (!fs::exists(golden)) {
        ++failed;
        std::cout << "FAIL " << file << ": no golden file " << golden.string()
                  << " (review the output, then run: newsdeal check --update " << dir << ")\n";
        continue;
      }
      std::vector<Json> want;
      try {
        want = read_golden(golden);
      } catch (const std::exception& e) {
        ++failed;
        std::cout << "FAIL " << file << ": golden file " << golden.string() << " is not JSONL: " << e.what() << "\n";
        continue;
      }
      std::vector<std::string> diffs;
      for (auto& w : want) drop_volatile(w);
      diff(Json(want), Json(got), "", diffs);
      if (diffs.empty()) {
        if (!opts.quiet) std::cout << "ok   " << file << " (" << got.size() << " records)\n";
        continue;
      }
      ++failed;
      std::cout << "FAIL " << file << " (" << diffs.size() << " differences)\n";
      for (const auto& d : diffs) std::cout << "  record" << d << "\n";
    }
  }
  if (update) return kExitOk;
  std::cout << (files - failed) << " of " << files << " corpus files match their golden records\n";
  return failed ? kExitSomeFailed : kExitOk;
}

Subcommand add_check_command(CLI::App& app) {
  struct Options {
    CommonOptions common;
    std::vector<std::string> dirs;
    bool update = false;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "check", "Run the articles of a corpus folder and compare them with their golden records (DIR/golden/)");
  cmd->add_option("DIR", o->dirs, "Corpus folders")->required();
  cmd->add_flag("--update", o->update, "Rewrite the golden records from the current output (review the diff first)");
  add_common_options(cmd, o->common);
  return {cmd, [o] { return run_check(o->dirs, o->update, o->common); }};
}

}  // namespace newsdeal::cli
