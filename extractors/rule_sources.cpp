#include "extractors/rule_sources.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "lang/embedded.h"

namespace newsdeal {
namespace {

constexpr std::string_view kEmbeddedRoot = "extractors/rules/";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

void rule_file_error(const std::string& origin, int line, const std::string& what) {
  throw std::runtime_error(origin + ":" + std::to_string(line) + ": " + what);
}

std::string_view trim_blanks_view(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split_blanks(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string fold_key(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

bool is_define_name(std::string_view s) {
  if (s.empty() || !(s[0] >= 'A' && s[0] <= 'Z')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::vector<RuleSource> embedded_rule_sources(std::string_view extension) {
  std::vector<RuleSource> out;
  for (const auto& f : embedded_files()) {
    if (f.path.substr(0, kEmbeddedRoot.size()) != kEmbeddedRoot || !ends_with(f.path, extension)) continue;
    out.push_back({std::string(f.path.substr(kEmbeddedRoot.size())), std::string(f.path), std::string(f.data)});
  }
  std::sort(out.begin(), out.end(), [](const RuleSource& a, const RuleSource& b) { return a.name < b.name; });
  return out;
}

void add_rule_dir(std::vector<RuleSource>& sources, const std::string& dir, std::string_view extension) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw std::runtime_error(dir + ": not a directory of rule files");
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == extension) files.push_back(it->path());
  }
  if (ec) throw std::runtime_error(dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    std::string name = fs::relative(p, dir).generic_string();
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error(p.string() + ": cannot read");
    std::ostringstream ss;
    ss << in.rdbuf();
    RuleSource src{name, p.string(), ss.str()};
    auto it = std::find_if(sources.begin(), sources.end(), [&](const RuleSource& s) { return s.name == name; });
    if (it != sources.end()) *it = std::move(src);
    else sources.push_back(std::move(src));
  }
}

std::string expand_defines(std::string_view pattern, const std::map<std::string, std::string>& defines,
                           const std::string& origin, int line) {
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      std::size_t n = 2;
      // \p{Lu}, \P{Han}: a Unicode class, not a define.
      if ((pattern[i + 1] == 'p' || pattern[i + 1] == 'P') && i + 2 < pattern.size() && pattern[i + 2] == '{') {
        const std::size_t close = pattern.find('}', i + 3);
        if (close != std::string_view::npos) n = close + 1 - i;
      }
      out += pattern.substr(i, n);
      i += n;
      continue;
    }
    if (c == '{') {
      const std::size_t close = pattern.find('}', i + 1);
      if (close != std::string_view::npos) {
        const std::string name(pattern.substr(i + 1, close - i - 1));
        if (is_define_name(name)) {
          auto it = defines.find(name);
          if (it == defines.end())
            rule_file_error(origin, line, "unknown define {" + name + "}");
          out += "(?:" + it->second + ")";
          i = close + 1;
          continue;
        }
      }
    }
    out += c;
    ++i;
  }
  return out;
}

}  // namespace newsdeal
