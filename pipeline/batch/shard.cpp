#include "pipeline/batch/shard.h"

#include <charconv>

namespace newsdeal {

std::uint64_t Shard::shard_hash(std::string_view id) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a offset basis
  for (unsigned char c : id) {
    h ^= c;
    h *= 0x100000001b3ull;  // FNV prime
  }
  // FNV's low bits are weak for short, similar ids ("a:1", "a:2"): mix them.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h;
}

std::optional<Shard> Shard::parse(const std::string& text, std::string& error) {
  Shard s;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  auto r = std::from_chars(p, end, s.index);
  bool ok = r.ec == std::errc() && r.ptr < end && *r.ptr == '/';
  if (ok) {
    auto r2 = std::from_chars(r.ptr + 1, end, s.count);
    ok = r2.ec == std::errc() && r2.ptr == end && s.count >= 1 && s.index < s.count;
  }
  if (!ok) {
    error = "--shard expects i/N with 0 <= i < N, as in 0/4 ... 3/4 (got \"" + text + "\")";
    return std::nullopt;
  }
  return s;
}

}  // namespace newsdeal
