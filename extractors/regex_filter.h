// Patterns for prefilters. An RE2::Set that only decides which rules may match a
// sentence need not be exact, only a superset: every text a rule matches must pass.
// Bounded repetitions ({0,80}, {1,40}) are what make RE2's automata big, since RE2
// unrolls them into one copy per count, and a set of rules with several such gaps
// each spends most of its time building DFA states. Replacing them with * and +
// keeps every match and shrinks the automaton to a handful of states.
#pragma once

#include <string>
#include <string_view>

namespace newsdeal {

// `re` (RE2 syntax) with each bounded repetition X{m,n}, X{m,} or X{n} turned into
// X* (m = 0) or X+ (m >= 1); the lazy marker '?' after it stays. Escapes and
// character classes are left alone. The result matches a superset of `re`.
std::string loosen_repetitions(std::string_view re);

}  // namespace newsdeal
