#include "pipeline/link/rule_blocks.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "extractors/rule_sources.h"

namespace fs = std::filesystem;

namespace newsdeal {

std::string trim_blanks(std::string_view s) { return std::string(trim_blanks_view(s)); }

void rule_error(const std::string& file, int line, const std::string& what) { rule_file_error(file, line, what); }

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
  std::vector<RuleSource> sources = embedded_rule_sources(suffix);
  for (const auto& dir : dirs) add_rule_dir(sources, dir, suffix);
  std::sort(sources.begin(), sources.end(), [](const RuleSource& a, const RuleSource& b) { return a.name < b.name; });
  std::vector<RuleFile> out;
  for (auto& src : sources) {
    std::string lang = fs::path(src.name).parent_path().filename().string();
    if (lang != "zh" && lang != "en") rule_error(src.origin, 1, "rule files live in a zh/ or en/ folder");
    out.push_back({src.origin, lang, std::move(src.text)});
  }
  return out;
}

}  // namespace newsdeal
