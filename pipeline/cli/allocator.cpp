// allocator_name(): which malloc serves the program. Linking mimalloc is not
// enough to be sure: it takes over only when the loader finds its malloc before
// the C library's, so the answer comes from asking it about a block the C
// allocation functions gave.
#include <cstdlib>

#include "pipeline/cli/commands.h"

#ifdef NEWSDEAL_MIMALLOC
#include <mimalloc.h>
#endif

namespace newsdeal::cli {

std::string allocator_name() {
#ifdef NEWSDEAL_MIMALLOC
  // calloc, not malloc: GCC warns when a block never written is passed to a function.
  void* block = std::calloc(1, 64);
  const bool ours = mi_is_in_heap_region(block);
  std::free(block);
  if (ours) {
    const int v = mi_version();  // 209 for 2.0.9
    return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." + std::to_string(v % 10);
  }
  return "libc (mimalloc is linked but malloc is not its)";
#else
  return "libc";
#endif
}

}  // namespace newsdeal::cli
