#include "pipeline/link/rule_blocks.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "lang/embedded.h"

namespace fs = std::filesystem;

namespace newsdeal {
namespace {


bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string trim_blanks(std::string_view s) {
  std::size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string_view::npos) return "";
  std::size_t b = s.find_last_not_of(" \t\r");
  return std::string(s.substr(a, b - a + 1));
}

void rule_error(const std::string& file, int line, const std::string& what) {
  throw std::runtime_error(file + ":" + std::to_string(line) + ": " + what);
}

std::vector<RuleBlock> parse_rule_blocks(const std::string& file, std::string_view text,
                                         const std::vector<std::string>& naming_keys) {
  std::vector<RuleBlock> blocks;
  std::istringstream in{std::string(text)};
  std::string raw;
  int lineno = 0;
  bool open = false;
  while (std::getline(in, raw)) {
    ++lineno;
    std::string line = trim_blanks(raw);
    if (line.empty()) {
      open = false;
      continue;
    }
    if (line[0] == '#') continue;
    auto colon = line.find(':');
    if (colon == std::string::npos) rule_error(file, lineno, "expected 'key: value', got '" + line + "'");
    std::string key = trim_blanks(line.substr(0, colon)), value = trim_blanks(line.substr(colon + 1));
    if (std::find(naming_keys.begin(), naming_keys.end(), key) != naming_keys.end()) {
      if (value.empty()) rule_error(file, lineno, "'" + key + ":' needs a name");
      blocks.push_back({key, value, lineno, {}});
      open = true;
      continue;
    }
    if (!open) rule_error(file, lineno, "'" + key + "' outside a block (start one with '" + naming_keys[0] + ": NAME')");
    blocks.back().fields.push_back({key, value, lineno});
  }
  return blocks;
}

std::vector<RuleFile> collect_rule_files(std::string_view suffix, const std::vector<std::string>& dirs) {
  constexpr std::string_view prefix = "extractors/rules/";
  std::map<std::string, std::pair<std::string, std::string>> files;  // relative -> (shown, text)
  for (const auto& f : embedded_files()) {
    if (f.path.substr(0, prefix.size()) != prefix || !ends_with(f.path, suffix)) continue;
    files[std::string(f.path.substr(prefix.size()))] = {std::string(f.path), std::string(f.data)};
  }
  for (const auto& dir : dirs) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_regular_file() || !ends_with(it->path().string(), suffix)) continue;
      std::ifstream in(it->path(), std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      files[fs::relative(it->path(), dir).generic_string()] = {it->path().string(), ss.str()};
    }
  }
  std::vector<RuleFile> out;
  for (auto& [rel, f] : files) {
    std::string lang = fs::path(rel).parent_path().filename().string();
    if (lang != "zh" && lang != "en") rule_error(f.first, 1, "rule files live in a zh/ or en/ folder");
    out.push_back({f.first, lang, f.second});
  }
  return out;
}

}  // namespace newsdeal
