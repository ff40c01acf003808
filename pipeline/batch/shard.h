// --shard i/N: which articles one of N machines takes. An article belongs to
// shard hash(id) mod N, where hash is FNV-1a (64-bit) of the id's UTF-8 bytes
// followed by the splitmix64 finalizer, so the split depends on the id alone:
// the same on every machine, in every run, whatever the order or the number of
// threads, and N shards together hold every article exactly once. Ids should be
// unique (articles sharing an id all land in one shard, and the model counts
// them as one source); a JSONL line without an id gets "<file>:<line>", which is
// stable as long as every shard reads the same file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsdeal {

struct Shard {
  std::uint64_t index = 0;  // 0 <= index < count
  std::uint64_t count = 1;  // 1: everything

  bool whole() const { return count == 1; }
  bool takes(std::string_view id) const { return whole() || shard_hash(id) % count == index; }

  static std::uint64_t shard_hash(std::string_view id);
  // "i/N" with 0 <= i < N; nullopt (and a message in `error`) otherwise.
  static std::optional<Shard> parse(const std::string& text, std::string& error);
};

}  // namespace newsdeal
