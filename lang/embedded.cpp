#include "lang/embedded.h"

namespace newsdeal {

std::optional<std::string_view> embedded_file(std::string_view path) {
  for (const auto& f : embedded_files())
    if (f.path == path) return f.data;
  return std::nullopt;
}

}  // namespace newsdeal
