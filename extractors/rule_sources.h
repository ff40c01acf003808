// Rule files as text, wherever they come from: compiled into the library
// (extractors/rules/**, see lang/embedded.h) or in a --rules folder, whose files
// add to the built-in ones or replace those of the same relative name
// (DIR/zh/money.rules replaces extractors/rules/zh/money.rules). Every kind of rule
// file (.rules, .patterns, .relations, .cues) is gathered the same way.
//
//   std::vector<RuleSource> files = embedded_rule_sources(".rules");
//   add_rule_dir(files, "my-rules", ".rules");
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace newsdeal {

// One rule file: `name` is its path relative to the rules root ("zh/money.rules",
// "common.rules"); `origin` is what errors name: the source path for embedded files
// ("extractors/rules/zh/money.rules") or the file on disk for --rules files.
struct RuleSource {
  std::string name;
  std::string origin;
  std::string text;
};

// The embedded files ending in `extension`, sorted by name.
std::vector<RuleSource> embedded_rule_sources(std::string_view extension = ".rules");

// Adds the files ending in `extension` under `dir` (recursively); a file whose
// relative name matches one already there replaces it. Throws std::runtime_error
// when `dir` is not a folder or a file cannot be read.
void add_rule_dir(std::vector<RuleSource>& sources, const std::string& dir, std::string_view extension = ".rules");

// Throws std::runtime_error("origin:line: what"), the form of every rule-file error.
[[noreturn]] void rule_file_error(const std::string& origin, int line, const std::string& what);

// `s` without leading and trailing blanks (spaces, tabs, '\r').
std::string_view trim_blanks_view(std::string_view s);

// The blank-separated words of a rule-file value.
std::vector<std::string> split_blanks(std::string_view s);

// `s` in ASCII lower case with runs of blanks as one space: how map keys and
// word lists compare.
std::string fold_key(std::string_view s);

// Whether `s` can name a define: upper case, digits and '_', starting with a letter.
bool is_define_name(std::string_view s);

// Replaces each {NAME} (upper case, digits, '_') of `pattern` with "(?:definition)";
// \p{..} and repetitions such as {2,5} are left alone. Throws std::runtime_error
// "origin:line: unknown define {NAME}".
std::string expand_defines(std::string_view pattern, const std::map<std::string, std::string>& defines,
                           const std::string& origin, int line);

}  // namespace newsdeal
