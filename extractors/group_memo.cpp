#include "extractors/group_memo.h"

#include <cstring>

namespace newsdeal {

GroupMemo& GroupMemo::local() {
  thread_local GroupMemo memo;
  return memo;
}

std::string_view GroupMemo::key(std::uint64_t engine, std::uint32_t rule, std::string_view text, unsigned lead,
                                unsigned trail) {
  key_.resize(sizeof engine + sizeof rule + 1 + text.size());
  char* out = key_.data();
  std::memcpy(out, &engine, sizeof engine);
  out += sizeof engine;
  std::memcpy(out, &rule, sizeof rule);
  out += sizeof rule;
  *out++ = static_cast<char>(lead << 1 | trail);
  for (char c : text) *out++ = (c >= '0' && c <= '9') ? '0' : c;
  return key_;
}

const GroupMemo::Groups* GroupMemo::find() const {
  auto it = entries_.find(std::string_view(key_));
  return it == entries_.end() ? nullptr : &it->second;
}

void GroupMemo::store(Groups g) {
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_.emplace(key_, std::move(g));
}

}  // namespace newsdeal
