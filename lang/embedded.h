// Data files compiled into the library at build time (see cmake/embed.cmake):
// rule files, gazetteers and lexicons, so the program needs no install folder.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace newsdeal {

struct EmbeddedFile {
  std::string_view path;  // relative to the source root, e.g. "lang/data/zh_lexicon.txt"
  std::string_view data;
};

// Every embedded file, in build order.
const std::vector<EmbeddedFile>& embedded_files();

// The file at `path`, or nullopt when none was embedded under that name.
std::optional<std::string_view> embedded_file(std::string_view path);

}  // namespace newsdeal
