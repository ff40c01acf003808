// Patterns for prefilters. An RE2::Set that only decides which rules may match a
// sentence need not be exact, only a superset: every text a rule matches must pass.
// Bounded repetitions ({0,80}, {1,40}) are what make RE2's automata big, since RE2
// unrolls them into one copy per count, and a set of rules with several such gaps
// each spends most of its time building DFA states. Replacing them with * and +
// keeps every match and shrinks the automaton to a handful of states.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsdeal {

// `re` (RE2 syntax) with each bounded repetition X{m,n}, X{m,} or X{n} turned into
// X* (m = 0) or X+ (m >= 1); the lazy marker '?' after it stays. Escapes and
// character classes are left alone. The result matches a superset of `re`.
std::string loosen_repetitions(std::string_view re);

// For matching with groups, where a superset will not do: `re` with each long
// bounded repetition of a single atom (X{m,n} with n >= min_count, X a character,
// class, '.' or escape) opened to X* or X+ inside a named group, and the bounds to
// check on those groups after a match. A match whose groups all fit is a match of
// `re` too, on the same text with the same groups; one that does not fit says
// nothing, and `re` itself must decide. RE2 runs the opened pattern's far smaller
// program many times faster when it has to find groups.
struct OpenedPattern {
  struct Bound {
    std::string group;  // the group's name: group_prefix and a number
    unsigned min = 0, max = 0;  // in characters (code points), as RE2 counts them
  };
  std::string pattern;
  std::vector<Bound> bounds;  // empty: nothing was opened
};
OpenedPattern open_long_repetitions(std::string_view re, std::string_view group_prefix, unsigned min_count = 8);

// True when `re` cannot tell one ASCII digit from another: no digit appears in it
// as a literal, an escape (\x31, \1) or a range end other than a class's whole
// 0-9 (digits in repetition counts and group names do not count). Then replacing
// any digit of a text by any other changes neither whether `re` matches nor where
// its groups are. Conservative: false whenever it is unsure.
bool digits_interchangeable(std::string_view re);

// The number of UTF-8 characters in `s`.
std::size_t count_code_points(std::string_view s);

}  // namespace newsdeal
