#include "pipeline/link/prefilter.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <deque>
#include <functional>
#include <map>

#include <re2/filtered_re2.h>
#include <unicode/uchar.h>

namespace newsdeal {

// ---- LiteralScanner ---------------------------------------------------------

namespace {

constexpr std::uint32_t kNone = UINT32_MAX;
constexpr std::uint16_t kHasOut = 0x8000;  // transition flag: strings end at the target

unsigned char ascii_lower(unsigned char b) { return b >= 'A' && b <= 'Z' ? static_cast<unsigned char>(b + 32) : b; }

}  // namespace

LiteralScanner::LiteralScanner(const std::vector<std::string>& strings) {
  if (strings.empty()) return;
  // Byte classes: one per byte the strings use (upper-case ASCII shares its
  // lower-case letter's); class 0 is every other byte. Rows are padded to a
  // multiple of 8 classes only (a power of two wasted some 40% of the table,
  // and so of the cache it takes): a transition names its target's row in
  // units of 8 entries, so the row is a shift away.
  std::uint32_t classes = 1;
  std::size_t total = 0;
  for (const std::string& s : strings) {
    total += s.size();
    longest_ = std::max(longest_, std::max<std::size_t>(s.size(), 1));
    for (unsigned char b : s) {
      unsigned char l = ascii_lower(b);
      if (!byte_class_[l]) byte_class_[l] = static_cast<std::uint8_t>(classes++);
    }
  }
  for (unsigned b = 'A'; b <= 'Z'; ++b) byte_class_[b] = byte_class_[b + 32];
  const std::uint32_t stride = (classes + kRowUnit - 1) / kRowUnit * kRowUnit;
  row_units_ = stride / kRowUnit;

  // The trie, with kNone for missing edges.
  std::vector<std::uint32_t> trie((total + 1) * stride, kNone);
  std::vector<std::vector<int>> outs(1);
  std::uint32_t states = 1;
  for (std::size_t i = 0; i < strings.size(); ++i) {
    std::uint32_t s = 0;
    for (unsigned char b : strings[i]) {
      std::uint32_t& edge = trie[s * stride + byte_class_[ascii_lower(b)]];
      if (edge == kNone) {
        edge = states++;
        outs.emplace_back();
      }
      s = edge;
    }
    outs[s].push_back(static_cast<int>(i));
  }
  if (static_cast<std::size_t>(states) * row_units_ >= kHasOut) {  // more than the 16-bit entries can name
    too_big_ = true;
    return;
  }

  // Breadth first: each state's failure link is final before its children's, so
  // missing edges copy the failure state's and outputs gather along the links.
  // States are renumbered in that order, which keeps the rows a text visits most
  // (the shallow ones) together in memory.
  std::vector<std::uint32_t> fail(states, 0), order;
  order.reserve(states);
  order.push_back(0);
  for (std::size_t head = 0; head < order.size(); ++head) {
    const std::uint32_t s = order[head];
    if (s != 0) {
      const std::vector<int>& inherited = outs[fail[s]];
      outs[s].insert(outs[s].end(), inherited.begin(), inherited.end());
    }
    for (std::uint32_t c = 0; c < stride; ++c) {
      std::uint32_t& t = trie[s * stride + c];
      const std::uint32_t via_fail = s == 0 ? 0 : trie[fail[s] * stride + c];
      if (t == kNone) {
        t = via_fail;
      } else {
        fail[t] = via_fail;
        order.push_back(t);
      }
    }
  }
  std::vector<std::uint32_t> renumbered(states);
  for (std::uint32_t i = 0; i < states; ++i) renumbered[order[i]] = i;

  next_.assign(static_cast<std::size_t>(states) * stride, 0);
  out_begin_.assign(states + 1, 0);
  for (std::uint32_t i = 0; i < states; ++i) {
    const std::uint32_t s = order[i];
    for (std::uint32_t c = 0; c < stride; ++c) {
      const std::uint32_t t = trie[s * stride + c];
      next_[i * stride + c] = static_cast<std::uint16_t>(renumbered[t] * row_units_ | (outs[t].empty() ? 0 : kHasOut));
    }
    out_begin_[i] = static_cast<std::uint32_t>(out_.size());
    out_.insert(out_.end(), outs[s].begin(), outs[s].end());
  }
  out_begin_[states] = static_cast<std::uint32_t>(out_.size());
}

void LiteralScanner::scan(std::string_view text, std::uint64_t* found) const {
  if (next_.empty()) return;
  // Locals: the compiler cannot keep members in registers across the stores.
  const std::uint16_t* next = next_.data();
  const std::uint8_t* byte_class = byte_class_;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  // A state is held as its row's place in units of kRowUnit entries.
  auto report = [&](std::uint32_t row) {
    const std::uint32_t s = row / row_units_;  // (only where strings end)
    for (std::uint32_t k = out_begin_[s]; k < out_begin_[s + 1]; ++k) {
      const auto i = static_cast<std::uint32_t>(out_[k]);
      found[i >> 6] |= std::uint64_t{1} << (i & 63);
    }
  };
  auto step = [&](std::uint32_t& row, unsigned char b) {
    const std::uint16_t t = next[row * kRowUnit + byte_class[b]];
    row = t & ~kHasOut & 0xFFFFu;
    if (t & kHasOut) report(row);
  };
  // Each step waits on the last one's table load (a cache miss when the table
  // went cold since the last text), so four quarters run side by side. A string
  // crossing into a quarter lies within its first `overlap` bytes, which that
  // quarter's automaton reads first, from its start state; finding a string
  // twice sets its bit twice.
  const std::size_t n = text.size(), overlap = longest_ - 1;
  if (n > 8 * overlap && n >= 32) {
    const std::size_t q = n / 4;
    // Quarter k reads [k*q - overlap, (k+1)*q), the first from 0 and the last
    // to n: the overlaps of the last three first, then all four together.
    std::size_t i0 = 0, i1 = q - overlap, i2 = 2 * q - overlap, i3 = 3 * q - overlap;
    std::uint32_t a = 0, b = 0, c = 0, d = 0;
    for (; i1 < q; ++i1, ++i2, ++i3) {
      step(b, bytes[i1]);
      step(c, bytes[i2]);
      step(d, bytes[i3]);
    }
    for (; i0 < q; ++i0, ++i1, ++i2, ++i3) {
      step(a, bytes[i0]);
      step(b, bytes[i1]);
      step(c, bytes[i2]);
      step(d, bytes[i3]);
    }
    for (; i3 < n; ++i3) step(d, bytes[i3]);
    return;
  }
  std::uint32_t a = 0;
  for (std::size_t i = 0; i < n; ++i) step(a, bytes[i]);
}

// ---- Prefilter --------------------------------------------------------------

namespace {

// Whether `c`, or a character next to it (the ends of a small class range), has
// case: a text may then hold an upper-case form whose lower case is the atom.
bool near_cased(UChar32 c) {
  for (UChar32 d = std::max<UChar32>(c - 4, 0x80); d <= c + 4; ++d)
    if (u_hasBinaryProperty(d, UCHAR_CASED)) return true;
  return false;
}

// FilteredRE2's atoms are lower case, so finding them needs a lower-cased text;
// the scanner lowers ASCII only (the linker's texts are case-folded already). A
// case-sensitive pattern whose literals are ASCII or caseless (Han, punctuation)
// then loses no match: its ASCII capitals are lowered on both sides, and it can
// match no other character whose lower case differs. "(?i)" can ("k" matches the
// Kelvin sign), and so can a cased non-ASCII literal.
bool ascii_folding_is_enough(std::string_view p, const RE2::Options& options) {
  if (!options.case_sensitive() || options.encoding() != RE2::Options::EncodingUTF8) return false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') {
      // Flags: (?i) (?im-s:...) ; a '-' turns the following flags off.
      for (std::size_t j = i + 2; j < p.size() && std::string_view("imsU").find(p[j]) != std::string_view::npos; ++j)
        if (p[j] == 'i') return false;
    } else if (c == '\\' && i + 1 < p.size()) {
      // Escapes that name a character by number: \x41, \x{1F600}, \101.
      UChar32 named = -1;
      std::size_t j = i + 1;
      auto hex = [](char h) { return std::isxdigit(static_cast<unsigned char>(h)); };
      if (p[j] == 'x' && j + 1 < p.size() && p[j + 1] == '{') {
        std::size_t close = p.find('}', j);
        if (close == std::string_view::npos) return false;
        named = static_cast<UChar32>(std::strtol(std::string(p.substr(j + 2, close - j - 2)).c_str(), nullptr, 16));
      } else if (p[j] == 'x' && j + 2 < p.size() && hex(p[j + 1]) && hex(p[j + 2])) {
        named = static_cast<UChar32>(std::strtol(std::string(p.substr(j + 1, 2)).c_str(), nullptr, 16));
      } else if (p[j] >= '0' && p[j] <= '7') {
        std::size_t k = j;
        while (k < p.size() && k < j + 3 && p[k] >= '0' && p[k] <= '7') ++k;
        named = static_cast<UChar32>(std::strtol(std::string(p.substr(j, k - j)).c_str(), nullptr, 8));
      }
      if (named >= 0x80 && near_cased(named)) return false;
      // An escaped ASCII character is no '(' or '\' of its own; a non-ASCII one is
      // read as a literal next.
      if (static_cast<unsigned char>(p[j]) < 0x80) ++i;
    } else if (c >= 0x80) {
      UChar32 cp;
      int32_t at = static_cast<int32_t>(i);
      U8_NEXT(reinterpret_cast<const uint8_t*>(p.data()), at, static_cast<int32_t>(p.size()), cp);
      if (cp < 0 || near_cased(cp)) return false;
      i = static_cast<std::size_t>(at) - 1;
    }
  }
  return true;
}

}  // namespace

int Prefilter::add(const std::string& pattern, const RE2::Options& options) {
  patterns_.push_back({pattern, options});
  return size() - 1;
}

namespace {

// The clauses of one pattern's prefilter: sets of its atoms (indices into
// `atoms`) of which every match holds one. `passes(seen)` is FilteredRE2's
// verdict for a text holding just the atoms `seen`; it is monotone (an AND-OR
// formula), so any set F it fails gives a clause, the atoms outside F: a text
// holding none of them holds a subset of F and fails too. Each round grows a
// largest failing set, taking atoms of clauses found before first, so the next
// clause is made of the others; it stops when a clause comes round again.
// Clauses found are sound whether or not all are found.
std::vector<std::vector<int>> derive_clauses(std::size_t atoms, const std::function<bool(const std::vector<int>&)>& passes) {
  std::vector<std::vector<int>> clauses;
  std::vector<int> used(atoms, 0);  // in how many clauses found
  for (int round = 0; round < 32; ++round) {
    std::vector<int> order(atoms);
    for (std::size_t i = 0; i < atoms; ++i) order[i] = static_cast<int>(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return used[a] > used[b]; });
    std::vector<int> failing;
    std::vector<bool> in(atoms, false);
    for (int a : order) {
      failing.push_back(a);
      if (passes(failing)) {
        failing.pop_back();
      } else {
        in[static_cast<std::size_t>(a)] = true;
      }
    }
    std::vector<int> clause;
    for (std::size_t i = 0; i < atoms; ++i)
      if (!in[i]) clause.push_back(static_cast<int>(i));
    if (std::find(clauses.begin(), clauses.end(), clause) != clauses.end()) break;
    for (int a : clause) ++used[static_cast<std::size_t>(a)];
    clauses.push_back(std::move(clause));
  }
  return clauses;
}

}  // namespace

void Prefilter::compile() {
  if (compiled_) return;
  compiled_ = true;
  std::map<std::string, int> atom_id;
  for (Pattern& p : patterns_) {
    if (!ascii_folding_is_enough(p.text, p.options)) continue;
    // One FilteredRE2 per pattern, asked only here: its atoms and formula are
    // the pattern's own. Atoms under 2 bytes count as always there.
    re2::FilteredRE2 one(2);
    RE2::Options quiet = p.options;
    quiet.set_log_errors(false);
    int index = 0;
    if (one.Add(p.text, quiet, &index) != RE2::NoError) continue;
    std::vector<std::string> atoms;
    one.Compile(&atoms);
    auto passes = [&](const std::vector<int>& seen) {
      std::vector<int> out;
      one.AllPotentials(seen, &out);
      return !out.empty();
    };
    std::vector<int> all(atoms.size());
    for (std::size_t i = 0; i < atoms.size(); ++i) all[i] = static_cast<int>(i);
    // No atom needed, or (never seen) a formula that fails with every atom: no
    // filtering then.
    if (atoms.empty() || passes({}) || !passes(all)) continue;
    for (std::vector<int>& clause : derive_clauses(atoms.size(), passes)) {
      for (int& a : clause) {
        // A text that holds an atom holds its first bytes: looking for those
        // alone keeps the scanner's table small at little cost in precision.
        std::string head = atoms[static_cast<std::size_t>(a)].substr(0, kAtomBytes);
        auto [it, added] = atom_id.emplace(std::move(head), static_cast<int>(atoms_.size()));
        if (added) atoms_.push_back(it->first);
        a = it->second;
      }
      std::sort(clause.begin(), clause.end());
      clause.erase(std::unique(clause.begin(), clause.end()), clause.end());
      p.clauses.push_back(std::move(clause));
    }
    // Shortest first: they fail most often, and ruling out needs only one.
    std::stable_sort(p.clauses.begin(), p.clauses.end(),
                     [](const auto& a, const auto& b) { return a.size() < b.size(); });
    p.always = false;
  }
  scanner_ = LiteralScanner(atoms_);
  if (scanner_.too_big())
    for (Pattern& p : patterns_) p.always = true;
  // The clauses as tests of whole words of Seen: a clause's atoms grouped by
  // the 64-bit word they are in, one mask per word, so a clause costs a load
  // and an AND per word instead of a bit test per atom. (No clause is empty:
  // the text of all atoms passes, so a failing set never holds them all.)
  checks_.clear();
  tests_.clear();
  for (const Pattern& p : patterns_) {
    Check c{static_cast<std::uint32_t>(tests_.size()), 0, p.always};
    if (!p.always)
      for (const std::vector<int>& clause : p.clauses) {
        for (int a : clause) {
          const auto word = static_cast<std::uint32_t>(a) >> 6;
          const std::uint64_t bit = std::uint64_t{1} << (a & 63);
          // Atoms are sorted, so those of one word are next to each other.
          if (tests_.size() > c.begin && !tests_.back().clause_end && tests_.back().word == word)
            tests_.back().mask |= bit;
          else
            tests_.push_back({bit, word, false});
        }
        tests_.back().clause_end = true;
      }
    c.end = static_cast<std::uint32_t>(tests_.size());
    checks_.push_back(c);
  }
}

Prefilter::Seen Prefilter::scan(std::string_view text) const {
  Seen seen;
  seen.bits_.assign((atoms_.size() + 63) / 64, 0);
  scanner_.scan(text, seen.bits_.data());
  return seen;
}

void Prefilter::scan(std::string_view text, Seen& seen) const {
  seen.bits_.assign((atoms_.size() + 63) / 64, 0);
  scanner_.scan(text, seen.bits_.data());
}

void Prefilter::scan_more(std::string_view text, Seen& seen) const {
  seen.bits_.resize((atoms_.size() + 63) / 64, 0);
  scanner_.scan(text, seen.bits_.data());
}

bool Prefilter::may_match(int id, const Seen& seen) const {
  if (static_cast<std::size_t>(id) >= checks_.size()) return true;  // not compiled yet
  const Check& c = checks_[static_cast<std::size_t>(id)];
  if (c.always) return true;
  const std::uint64_t* bits = seen.bits_.data();
  std::uint64_t held = 0;
  for (std::uint32_t t = c.begin; t < c.end; ++t) {
    held |= bits[tests_[t].word] & tests_[t].mask;
    if (tests_[t].clause_end) {
      if (!held) return false;
      held = 0;
    }
  }
  return true;
}

}  // namespace newsdeal
