// A per-thread memo of the groups a rule's pattern gives one match.
//
// Reading a match's groups is RE2's slowest step (its NFA: the rules' programs are
// too large for its faster engines), and the same shapes of match recur across
// articles: "$25 billion", "$1.5 billion" and "$40 billion" are all "$00 billion"
// once each digit is written 0. A pattern that cannot tell digits apart
// (digits_interchangeable, extractors/regex_filter.h) gives every text of one
// shape the same groups at the same offsets, so the offsets found once serve every
// later match of that shape. The key is the rule, the match with the byte on each
// side that RE2 may look at (\b, ^, $), digits folded; the value is the groups'
// offsets into that text, or "no match".
//
// Entries are per thread (no locking) and per engine (an engine id, never reused,
// is part of the key); the memo is emptied when it reaches `kMaxEntries`, which
// bounds its memory (a few MB) whatever the input.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newsdeal {

class GroupMemo {
 public:
  static constexpr std::size_t kMaxEntries = 1 << 14;

  // Group offsets into the keyed text: start and length per group, -1 for a group
  // that did not take part. `matched` false: the pattern does not match there.
  struct Groups {
    bool matched = false;
    std::vector<std::int32_t> spans;  // 2 per group
  };

  // The memo of the calling thread.
  static GroupMemo& local();

  // Makes the key of a match; `text` is the match with its context bytes,
  // `lead` and `trail` how many of those there are on each side (0 or 1).
  std::string_view key(std::uint64_t engine, std::uint32_t rule, std::string_view text, unsigned lead,
                       unsigned trail);

  // The entry of the last key made, or nullptr.
  const Groups* find() const;
  // Stores `g` under the last key made.
  void store(Groups g);

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::string key_;
  std::unordered_map<std::string, Groups, Hash, std::equal_to<>> entries_;
};

}  // namespace newsdeal
