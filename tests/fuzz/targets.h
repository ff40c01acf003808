// The fuzz targets, as plain functions: libFuzzer entry points call them in the
// fuzz build (scripts/fuzz), and the regression test replays every kept input
// through them in the ordinary build. Each must return normally for any bytes:
// a crash, a sanitizer report, a hang or an escaped exception is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace newsdeal::fuzz {

using Target = int (*)(const std::uint8_t* data, std::size_t size);

struct NamedTarget {
  const char* name;
  Target run;
  const char* what;  // what it feeds the bytes to
};

// Every target, by name (the fuzzer executables are fuzz_<name>).
const std::vector<NamedTarget>& targets();

}  // namespace newsdeal::fuzz
