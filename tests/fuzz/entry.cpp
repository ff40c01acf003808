// libFuzzer's entry point for one target, chosen at build time (NEWSDEAL_FUZZ_TARGET).
#include <cstdlib>
#include <cstring>

#include "tests/fuzz/targets.h"

namespace {

newsdeal::fuzz::Target chosen() {
  for (const auto& t : newsdeal::fuzz::targets())
    if (std::strcmp(t.name, NEWSDEAL_FUZZ_TARGET) == 0) return t.run;
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const newsdeal::fuzz::Target run = chosen();
  return run(data, size);
}
