// Helpers shared by the test programs: where the sources and ../shared are, and
// reading files. Tests that need ../shared call shared_path() and skip when it
// is absent, because a user's clone has no ../shared (CI always has it).
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

namespace newsdeal::test {

inline std::filesystem::path source_path(const std::string& rel) {
  return std::filesystem::path(NEWSDEAL_SOURCE_DIR) / rel;
}

// The path of `rel` under ../shared, or nullopt when ../shared is absent.
inline std::optional<std::filesystem::path> shared_path(const std::string& rel) {
  auto p = std::filesystem::path(NEWSDEAL_SHARED_DIR) / rel;
  if (!std::filesystem::exists(p)) return std::nullopt;
  return p;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace newsdeal::test

// Ends the current test case as skipped (ctest reports it as such).
#define NEWSDEAL_SKIP(why)                 \
  do {                                     \
    WARN("SKIPPED: " << why);              \
    return;                                \
  } while (0)
