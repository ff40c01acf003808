// The block syntax that relation and cue files share: "key: value" lines, a blank
// line between blocks, '#' comments. Each block starts with a naming key
// ("rule: NAME", "cue: NAME"). Parsing keeps line numbers for "file:line" errors.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace newsdeal {

struct BlockField {
  std::string key, value;
  int line = 0;
};

struct RuleBlock {
  std::string kind;  // the naming key: "rule", "cue"
  std::string name;
  int line = 0;
  std::vector<BlockField> fields;
};

// Throws std::runtime_error("file:line: ...") on a line that is not "key: value"
// or a field before the first naming key.
std::vector<RuleBlock> parse_rule_blocks(const std::string& file, std::string_view text,
                                         const std::vector<std::string>& naming_keys);

[[noreturn]] void rule_error(const std::string& file, int line, const std::string& what);

// `s` without leading and trailing blanks (spaces, tabs, '\r').
std::string trim_blanks(std::string_view s);

// Every file under "extractors/rules/<lang>/*<suffix>", embedded or in `dirs` (a
// file in a dir replaces the embedded one of the same relative name), as
// (shown name, lang, text), in relative-name order.
struct RuleFile {
  std::string name, lang, text;
};
std::vector<RuleFile> collect_rule_files(std::string_view suffix, const std::vector<std::string>& dirs);

}  // namespace newsdeal
