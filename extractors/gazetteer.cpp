// Loading the gazetteer tables and building the name index.
//
// Why a sorted array and not a regex or a library: RE2::Set would compile one
// automaton from every name (slow to build at 100,000 names, and it reports which
// patterns matched, not where), and no library in our dependency list does
// multi-pattern literal matching. Aho-Corasick would do it in one pass, but its
// automaton costs tens of bytes per name byte to build and hold. The sorted array
// of the normalized names is built with one sort; over it a path-compressed trie
// (at most two nodes per name, each a range of the array) is built in one pass,
// and walking it from a text position ends after a byte or two at almost every
// position, one small search among a node's children per branching byte.
#include "extractors/gazetteer.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "lang/embedded.h"
#include "lang/utf8.h"

namespace newsdeal {

namespace {

constexpr std::array<std::string_view, 3> kEmbedded = {
    "extractors/gazetteer/companies.tsv",
    "extractors/gazetteer/chips.tsv",
    "extractors/gazetteer/people.tsv",
};

enum class Table { companies, chips, people };

struct Header {
  Table table;
  std::vector<std::string_view> columns;
};

const std::array<Header, 3>& headers() {
  static const std::array<Header, 3> h = {{
      {Table::companies, {"id", "name", "zh", "aliases", "parent", "category"}},
      {Table::chips, {"id", "name", "vendor", "family", "kind", "aliases", "zh"}},
      {Table::people, {"id", "name", "zh", "role", "org", "aliases"}},
  }};
  return h;
}

std::string_view table_name(Table t) {
  switch (t) {
    case Table::companies: return "companies";
    case Table::chips: return "chips";
    case Table::people: return "people";
  }
  return "";
}

std::string join_columns(const Header& h) {
  std::string s;
  for (auto c : h.columns) {
    if (!s.empty()) s += ' ';
    s += c;
  }
  return s;
}

// Without spaces, tabs, CRs and LFs at either end.
std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::size_t b = 0, e = s.size();
  while (b < e && blank(s[b])) ++b;
  while (e > b && blank(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// The parts of `s` between the separators, into `out` (reused: no allocation
// once it has grown).
void split_into(std::string_view s, char sep, std::vector<std::string_view>& out) {
  out.clear();
  while (true) {
    std::size_t p = s.find(sep);
    out.push_back(s.substr(0, p));
    if (p == std::string_view::npos) break;
    s.remove_prefix(p + 1);
  }
}

std::vector<std::string> split_values(std::string_view cell) {
  std::vector<std::string> out;
  if (cell.find('|') == std::string_view::npos) {  // most cells: one value or none
    cell = trim(cell);
    if (!cell.empty()) out.emplace_back(cell);
    return out;
  }
  std::vector<std::string_view> parts;
  split_into(cell, '|', parts);
  for (auto v : parts) {
    v = trim(v);
    if (!v.empty() && std::find(out.begin(), out.end(), v) == out.end()) out.emplace_back(v);
  }
  return out;
}

// The lines of `data`, by memchr from one newline to the next.
std::size_t count_lines(std::string_view data) {
  std::size_t lines = 1;
  for (const char* p = data.data(); (p = static_cast<const char*>(std::memchr(p, '\n', data.data() + data.size() - p)));
       ++p)
    ++lines;
  return lines;
}

bool valid_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool is_ascii(std::string_view s) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {  // eight bytes at a time
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (w & 0x8080808080808080ull) return false;
  }
  for (; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  return true;
}

bool icu_is_han(char32_t cp) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(cp), &status) == USCRIPT_HAN;
}

// icu_is_han for the BMP, filled once (a gazetteer of 100,000 Chinese names asks
// some million times).
const std::vector<bool>& bmp_han() {
  static const std::vector<bool> table = [] {
    std::vector<bool> t(0x10000, false);
    for (char32_t c = 0x2E80; c < 0x10000; ++c) t[c] = icu_is_han(c);
    return t;
  }();
  return table;
}

// Whether a code point is of the Han script, as ICU says.
inline bool is_han(char32_t cp) {
  if (cp < 0x2E80) return false;
  return cp < 0x10000 ? bmp_han()[cp] : icu_is_han(cp);
}

bool has_han(std::string_view s) {
  if (is_ascii(s)) return false;
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_han(next_code_point(s, i))) return true;
  }
  return false;
}

// Whether `s` holds an uppercase or titlecase letter (ICU's u_isupper or
// u_istitle). Han characters have none (a test checks every one against ICU), so a
// Chinese name needs no ICU call.
bool has_capitals(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b >= 'A' && b <= 'Z') return true;
      ++i;
      continue;
    }
    const char32_t cp = next_code_point(s, i);
    if (is_han(cp)) continue;
    if (u_isupper(static_cast<UChar32>(cp)) || u_istitle(static_cast<UChar32>(cp))) return true;
  }
  return false;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Appends `s` with its runs of whitespace collapsed to one space and trimmed, as
// the matcher reads the text; `fold` maps each other byte.
template <typename Fold>
void append_collapsed(std::string& out, std::string_view s, Fold fold) {
  const std::size_t start = out.size();
  out.resize(start + s.size());  // room for all; cut to what was written below
  char* const first = out.data() + start;
  char* w = first;
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space && w != first) *w++ = ' ';
    space = false;
    *w++ = fold(c);
  }
  out.resize(static_cast<std::size_t>(w - out.data()));
}

// The separators between the parts of a transliterated name (安迪·贾西), which
// the press writes in several ways. NFKC keeps them apart, so each is indexed.
constexpr std::array<std::string_view, 5> kNameDots = {"\xC2\xB7", "\xE3\x83\xBB", "\xE2\x80\xA2",
                                                       "\xE2\x80\xA7", "\xEF\xBC\x8E"};

// Calls `f` with each form of a written name that is indexed: the name itself
// and, when it holds a name dot, the same name with each other dot and with none.
template <typename F>
void for_each_written_form(std::string_view name, F f) {
  f(name);
  if (is_ascii(name)) return;  // no dot
  for (auto dot : kNameDots) {
    if (name.find(dot) == std::string_view::npos) continue;
    auto replace_all = [&](std::string_view with) {
      std::string s;
      std::size_t i = 0;
      for (std::size_t p; (p = name.find(dot, i)) != std::string_view::npos; i = p + dot.size()) {
        s.append(name, i, p - i);
        s.append(with);
      }
      s.append(name, i, std::string_view::npos);
      return s;
    };
    for (auto other : kNameDots)
      if (other != dot) f(replace_all(other));
    f(replace_all(""));
    break;
  }
}

// The first sixteen bytes of `s` as two numbers that order as the bytes do
// (zeros past the end): most comparisons of two names end there, without
// reading the names.
struct OrderKey {
  std::uint64_t hi = 0, lo = 0;
  explicit OrderKey(std::string_view s) {
    unsigned char b[16] = {};
    std::memcpy(b, s.data(), std::min<std::size_t>(s.size(), 16));
    for (std::size_t i = 0; i < 8; ++i) hi = hi << 8 | b[i];
    for (std::size_t i = 8; i < 16; ++i) lo = lo << 8 | b[i];
  }
  // -1, 0 or 1; 0 leaves the order to the rest of the strings.
  int compare(const OrderKey& o) const {
    if (hi != o.hi) return hi < o.hi ? -1 : 1;
    if (lo != o.lo) return lo < o.lo ? -1 : 1;
    return 0;
  }
};

// Whether a < b, their order keys `ka` and `kb` first.
inline bool less_by_key(const OrderKey& ka, std::string_view a, const OrderKey& kb, std::string_view b) {
  const int c = ka.compare(kb);
  return c != 0 ? c < 0 : a < b;
}

// name_key, appended to `out`.
void append_name_key(const Normalizer& norm, std::string_view written, std::string& out) {
  if (is_ascii(written)) {
    // Normalizer::normalize maps ASCII byte for byte, folding A-Z to a-z (neither
    // NFKC nor the Chinese step touches it): the same bytes, without building the
    // offset maps (tests/extractors/test_gazetteer.cpp checks the two agree).
    append_collapsed(out, written, [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; });
    return;
  }
  append_collapsed(out, norm.normalize(written).text, [](char c) { return c; });
}

}  // namespace

std::string name_key(const Normalizer& norm, std::string_view written) {
  std::string out;
  append_name_key(norm, written, out);
  return out;
}

// ---------------------------------------------------------------- NameIndex

namespace {

inline void set_bit(std::vector<std::uint64_t>& bits, std::uint32_t i) { bits[i >> 6] |= std::uint64_t{1} << (i & 63); }

}  // namespace

void NameIndex::find_at(std::string_view text, std::size_t pos, std::vector<Hit>& out) const {
  // The first bytes as may_start reads them. A name of one or two bytes is rare:
  // then the walk starts at the root; else it starts after the third byte, at the
  // node prefix3_ gives (the walk would pass no name's end before it).
  const std::size_t n = text.size();
  if (pos >= n) return;
  const auto b0 = static_cast<unsigned char>(text[pos]);
  const std::uint32_t root = root_[b0];
  if (root == kNone) return;
  if (one_[b0]) return walk(text, root, 1, pos + 1, out);
  std::size_t p = pos + 1;
  if (p >= n) return;
  const unsigned char c1 = read_byte(text, p);
  if (test_bit(two_, static_cast<std::uint32_t>(b0) << 8 | c1)) return walk(text, root, 1, pos + 1, out);
  if (p >= n) return;
  const unsigned char c2 = read_byte(text, p);
  const std::uint32_t node = prefix3_node(static_cast<std::uint32_t>(b0) << 16 | static_cast<std::uint32_t>(c1) << 8 | c2);
  if (node != kNone) walk(text, node, 3, p, out);
}

std::uint32_t NameIndex::prefix3_node(std::uint32_t key) const {
  if (prefix3_.empty()) return kNone;
  const std::size_t mask = prefix3_.size() - 1;
  for (std::size_t h = (key * 2654435761u) & mask;; h = (h + 1) & mask) {
    const Prefix3& e = prefix3_[h];
    if (e.key == key) return e.node;
    if (e.key == kNone) return kNone;
  }
}

void NameIndex::walk(std::string_view text, std::uint32_t node, std::size_t depth, std::size_t p,
                     std::vector<Hit>& out) const {
  const std::size_t n = text.size();
  // The next text byte as names hold it, and where the text goes on after it.
  auto read = [&](std::size_t at, std::size_t& next) {
    next = at;
    return read_byte(text, next);
  };
  while (true) {
    const Node& nd = nodes_[node];
    const std::string_view k = keys_[nd.lo];
    // Along the edge: every name of the node shares these bytes.
    while (depth < nd.len) {
      if (p >= n) return;
      std::size_t next;
      if (read(p, next) != static_cast<unsigned char>(k[depth])) return;
      ++depth;
      p = next;
    }
    // The name of exactly this length, if any, sorts first.
    if (k.size() == depth) {
      out.push_back({p, targets_.data() + target_begin_[nd.lo], targets_.data() + target_begin_[nd.lo + 1]});
    }
    if (p >= n || nd.child_begin == nd.child_end) return;
    std::size_t next;
    const unsigned char c = read(p, next);
    const unsigned char* first = child_byte_.data() + nd.child_begin;
    const unsigned char* last = child_byte_.data() + nd.child_end;
    const unsigned char* it = std::lower_bound(first, last, c);
    if (it == last || *it != c) return;
    node = child_node_[nd.child_begin + static_cast<std::uint32_t>(it - first)];
    ++depth;
    p = next;
  }
}

void NameIndex::build_trie() {
  nodes_.clear();
  child_byte_.clear();
  child_node_.clear();
  std::fill(std::begin(root_), std::end(root_), kNone);
  std::fill(std::begin(one_), std::end(one_), false);
  two_.assign(65536 / 64, 0);
  three_.assign(65536 / 64, 0);
  pair_.assign(65536 / 64, 0);
  char3_.assign(65536 / 64, 0);
  for (int b = 0; b < 256; ++b) char3_filtered_[b] = b >= 0xE0 && b < 0xF0;
  for (std::size_t n = 0; n < keys_.size(); ++n) {
    const std::string_view k = keys_[n];
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(k[i]); };
    if (k.size() == 1) one_[b(0)] = true;
    else if (k.size() == 2) set_bit(two_, static_cast<std::uint32_t>(b(0)) << 8 | b(1));
    else set_bit(three_, hash3(b(0), b(1), b(2)));
    if (b(0) >= 0xE0 && b(0) < 0xF0) {
      if (k.size() < 3) {
        char3_filtered_[b(0)] = false;
      } else {
        set_bit(char3_, static_cast<std::uint32_t>(b(0) & 0x0F) << 12 | static_cast<std::uint32_t>(b(1) & 0x3F) << 6 |
                            (b(2) & 0x3F));
      }
    }
    // pair_: any next byte after a one-byte name, any whitespace byte for a space.
    const std::uint32_t row = static_cast<std::uint32_t>(b(0)) << 8;
    if (k.size() == 1) {
      for (std::uint32_t c = 0; c < 256; ++c) set_bit(pair_, row | c);
    } else if (k[1] == ' ') {
      for (const char c : {' ', '\t', '\n', '\v', '\f', '\r'}) set_bit(pair_, row | static_cast<unsigned char>(c));
    } else {
      set_bit(pair_, row | b(1));
    }
  }
  auto byte_at = [&](std::uint32_t key, std::size_t d) { return static_cast<unsigned char>(keys_[key][d]); };
  // Makes the node of keys [lo, hi), which share `d` bytes (d >= 1), and returns
  // its index; its children are made from the work list below.
  std::vector<std::uint32_t> work;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> groups;
  auto make = [&](std::uint32_t lo, std::uint32_t hi, std::size_t d) {
    // The range is sorted, so its common prefix is that of its first and last keys.
    const std::string_view a = keys_[lo];
    const std::string_view b = keys_[hi - 1];
    std::size_t len = d;
    const std::size_t lim = std::min(a.size(), b.size());
    while (len < lim && a[len] == b[len]) ++len;
    nodes_.push_back({lo, hi, static_cast<std::uint32_t>(len), 0, 0});
    const auto idx = static_cast<std::uint32_t>(nodes_.size() - 1);
    work.push_back(idx);
    return idx;
  };
  for (std::uint32_t i = 0; i < keys_.size();) {
    const unsigned char b = byte_at(i, 0);
    std::uint32_t lo = i + 1, hi = static_cast<std::uint32_t>(keys_.size());
    while (lo < hi) {
      const std::uint32_t mid = lo + (hi - lo) / 2;
      if (byte_at(mid, 0) == b) lo = mid + 1;
      else hi = mid;
    }
    root_[b] = make(i, lo, 1);
    i = lo;
  }
  while (!work.empty()) {
    const std::uint32_t idx = work.back();
    work.pop_back();
    const Node nd = nodes_[idx];
    std::uint32_t i = nd.lo;
    if (keys_[i].size() == nd.len) ++i;  // the key that ends here
    const auto begin = static_cast<std::uint32_t>(child_byte_.size());
    // Children are appended contiguously, so they are listed now and made after.
    groups.clear();
    while (i < nd.hi) {
      // Every key left is longer than len and they are sorted, so their bytes at
      // len rise: the group of this byte ends where a greater byte starts.
      const unsigned char b = byte_at(i, nd.len);
      std::uint32_t lo = i + 1, hi = nd.hi;
      while (lo < hi) {
        const std::uint32_t mid = lo + (hi - lo) / 2;
        if (byte_at(mid, nd.len) == b) lo = mid + 1;
        else hi = mid;
      }
      const std::uint32_t j = lo;
      groups.emplace_back(i, j);
      child_byte_.push_back(b);
      child_node_.push_back(kNone);
      i = j;
    }
    nodes_[idx].child_begin = begin;
    nodes_[idx].child_end = static_cast<std::uint32_t>(child_byte_.size());
    for (std::size_t g = 0; g < groups.size(); ++g)
      child_node_[begin + g] = make(groups[g].first, groups[g].second, nd.len + 1);
  }
  ascii_starts_alnum_ = true;
  for (int b = 0; b < 0x80; ++b) {
    const bool alnum = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    if (!alnum && root_[b] != kNone) ascii_starts_alnum_ = false;
  }
  build_prefix3();
}

void NameIndex::build_prefix3() {
  // The distinct first three bytes of the names longer than two bytes (sorted, so
  // equal prefixes are neighbours), each with the node the walk reaches there.
  std::vector<Prefix3> found;
  for (std::size_t n = 0; n < keys_.size(); ++n) {
    const std::string_view k = keys_[n];
    if (k.size() < 3) continue;
    const auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(k[i])); };
    const std::uint32_t key = b(0) << 16 | b(1) << 8 | b(2);
    if (!found.empty() && found.back().key == key) continue;
    std::uint32_t node = root_[b(0)];
    while (nodes_[node].len < 3) {
      // The key lies below this node, so the child for its next byte exists.
      const Node& nd = nodes_[node];
      const unsigned char c = static_cast<unsigned char>(k[nd.len]);
      const unsigned char* first = child_byte_.data() + nd.child_begin;
      const unsigned char* last = child_byte_.data() + nd.child_end;
      node = child_node_[nd.child_begin + static_cast<std::uint32_t>(std::lower_bound(first, last, c) - first)];
    }
    found.push_back({key, node});
  }
  std::size_t size = 16;
  while (size < 2 * found.size()) size *= 2;
  prefix3_.assign(size, Prefix3{});
  const std::size_t mask = size - 1;
  for (const Prefix3& f : found) {
    std::size_t h = (f.key * 2654435761u) & mask;
    while (prefix3_[h].key != kNone) h = (h + 1) & mask;
    prefix3_[h] = f;
  }
}

// ---------------------------------------------------------------- loading

// Where an entry was read, for error messages.
struct Where {
  std::uint32_t source = 0;  // index into Loader::sources
  std::uint32_t line = 0;
  std::size_t seq = 0;  // rows read before this one, over all files
};

struct Gazetteer::Loader {
  Gazetteer& g;
  const Normalizer& norm;
  std::vector<std::string> sources;  // the names of the sources read, for messages
  std::vector<Where> company_at, chip_at, person_at;
  std::size_t rows = 0;

  [[noreturn]] static void fail(const std::string& source, std::size_t line, const std::string& what) {
    throw std::runtime_error(source + ":" + std::to_string(line) + ": " + what);
  }
  [[noreturn]] void fail(const Where& at, const std::string& what) const { fail(sources[at.source], at.line, what); }
  std::string str(const Where& at) const { return sources[at.source] + ":" + std::to_string(at.line); }

  void read(std::string_view data, const std::string& source, bool allow_headerless) {
    sources.push_back(source);
    const auto source_index = static_cast<std::uint32_t>(sources.size() - 1);
    if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
    const Header* header = nullptr;
    std::size_t line_no = 0;
    std::vector<std::string_view> cells;  // reused from row to row
    bool reserved = false;
    while (!data.empty()) {
      std::size_t nl = data.find('\n');
      std::string_view line = data.substr(0, nl);
      data.remove_prefix(nl == std::string_view::npos ? data.size() : nl + 1);
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (trim(line).empty() || trim(line).front() == '#') continue;
      split_into(line, '\t', cells);
      for (auto& c : cells) c = trim(c);
      if (!header) {
        for (const Header& h : headers()) {
          if (cells.size() == h.columns.size() && std::equal(cells.begin(), cells.end(), h.columns.begin())) {
            header = &h;
          }
        }
        if (header) continue;
        if (!allow_headerless || cells.front() == "id") {
          std::string expected;
          for (const Header& h : headers()) {
            expected += expected.empty() ? "" : "; or ";
            expected += join_columns(h);
          }
          fail(source, line_no, "unknown header (expected tab-separated: " + expected + ")");
        }
        header = &headers()[0];  // a run-time file without a header holds companies
      }
      if (!reserved) {
        // Room for every line left, read as a row: a big table then grows its
        // vector and id map once instead of over and over.
        reserved = true;
        reserve(header->table, count_lines(data));
      }
      if (cells.size() != header->columns.size()) {
        fail(source, line_no,
             "wrong column count: " + std::to_string(cells.size()) + " (expected " +
                 std::to_string(header->columns.size()) + ": " + join_columns(*header) + ")");
      }
      add_row(header->table, cells, Where{source_index, static_cast<std::uint32_t>(line_no), rows++});
    }
  }

  void reserve(Table t, std::size_t rows_left) {
    switch (t) {
      case Table::companies:
        g.companies_.reserve(g.companies_.size() + rows_left);
        g.company_ids_.reserve(g.company_ids_.size() + rows_left);
        company_at.reserve(company_at.size() + rows_left);
        break;
      case Table::chips:
        g.chips_.reserve(g.chips_.size() + rows_left);
        g.chip_ids_.reserve(g.chip_ids_.size() + rows_left);
        chip_at.reserve(chip_at.size() + rows_left);
        break;
      case Table::people:
        g.people_.reserve(g.people_.size() + rows_left);
        g.person_ids_.reserve(g.person_ids_.size() + rows_left);
        person_at.reserve(person_at.size() + rows_left);
        break;
    }
  }

  void check_id(std::string_view id, const Where& at) {
    if (id.empty()) fail(at, "empty id");
    if (!valid_id(id)) fail(at, "bad id '" + std::string(id) + "' (lowercase letters, digits and _ only)");
  }

  void register_id(IdMap& ids, std::vector<Where>& where, std::string_view id, std::size_t index, Table t,
                   const Where& at) {
    auto [it, fresh] = ids.emplace(std::string(id), static_cast<std::uint32_t>(index));
    if (!fresh) {
      fail(at, "duplicate id '" + std::string(id) + "' in " + std::string(table_name(t)) + " (first at " +
                   str(where[it->second]) + ")");
    }
    where.push_back(at);
  }

  void add_row(Table t, const std::vector<std::string_view>& c, const Where& at) {
    check_id(c[0], at);
    if (c[1].empty()) fail(at, "empty name");
    switch (t) {
      case Table::companies: {
        Company e{std::string(c[0]), std::string(c[1]), split_values(c[2]), split_values(c[3]),
                  std::string(c[4]), std::string(c[5])};
        register_id(g.company_ids_, company_at, e.id, g.companies_.size(), t, at);
        g.companies_.push_back(std::move(e));
        break;
      }
      case Table::chips: {
        Chip e{std::string(c[0]), std::string(c[1]), std::string(c[2]), std::string(c[3]),
               std::string(c[4]), split_values(c[5]), split_values(c[6])};
        if (e.vendor.empty()) fail(at, "empty vendor");
        if (e.kind.empty()) e.kind = "unspecified";
        if (e.kind != "cpu" && e.kind != "gpu" && e.kind != "accelerator" && e.kind != "unspecified") {
          fail(at, "unknown kind '" + e.kind + "' (cpu, gpu, accelerator or unspecified)");
        }
        register_id(g.chip_ids_, chip_at, e.id, g.chips_.size(), t, at);
        g.chips_.push_back(std::move(e));
        break;
      }
      case Table::people: {
        Person e{std::string(c[0]), std::string(c[1]), split_values(c[2]), std::string(c[3]),
                 std::string(c[4]), split_values(c[5])};
        register_id(g.person_ids_, person_at, e.id, g.people_.size(), t, at);
        g.people_.push_back(std::move(e));
        break;
      }
    }
  }

  // References may point forward and across files, so they are checked last.
  void check_references() {
    for (std::size_t i = 0; i < g.companies_.size(); ++i) {
      const Company& e = g.companies_[i];
      if (e.parent.empty()) continue;
      const Where& at = company_at[i];
      if (!g.company(e.parent)) fail(at, "unknown parent id '" + e.parent + "'");
      // A parent chain must end: follow it at most as many steps as there are companies.
      const Company* p = &e;
      for (std::size_t steps = 0; p && !p->parent.empty(); ++steps) {
        if (steps > g.companies_.size() || p->parent == e.id) fail(at, "parent cycle through '" + e.id + "'");
        p = g.company(p->parent);
      }
    }
    for (std::size_t i = 0; i < g.chips_.size(); ++i) {
      const Chip& e = g.chips_[i];
      if (!g.company(e.vendor)) fail(chip_at[i], "unknown vendor id '" + e.vendor + "'");
    }
    for (std::size_t i = 0; i < g.people_.size(); ++i) {
      const Person& e = g.people_[i];
      if (!e.org.empty() && !g.company(e.org)) fail(person_at[i], "unknown org id '" + e.org + "'");
    }
  }

  // A written form of a name: `form` is bytes [begin, end) of `forms` below.
  struct Form {
    EntityType type;
    std::uint32_t entry;
    std::size_t begin, end;
  };
  std::string forms;

  void add_forms(std::vector<Form>& out, EntityType type, std::uint32_t entry, const std::string& name,
                 const std::vector<std::string>& a, const std::vector<std::string>& b) {
    auto add = [&](const std::string& written) {
      for_each_written_form(written, [&](std::string_view form) {
        const std::size_t begin = forms.size();
        forms.append(form);
        out.push_back({type, entry, begin, forms.size()});
      });
    };
    add(name);
    for (const auto& s : a) add(s);
    for (const auto& s : b) add(s);
  }

  // The keys of the forms (name_key), end to end in `keys`: key i ends at ends[i].
  void make_keys(const std::vector<Form>& list, std::string& keys, std::vector<std::size_t>& ends) const {
    ends.reserve(list.size());
    for (const Form& f : list) {
      append_name_key(norm, std::string_view(forms).substr(f.begin, f.end - f.begin), keys);
      ends.push_back(keys.size());
    }
  }

  // A name to index: its key is bytes [key_begin, key_begin + key_size) of
  // key_bytes below, `order` made from it.
  struct Entry {
    OrderKey order;
    std::size_t key_begin;
    std::size_t key_size;
    NameIndex::Target target;
  };
  std::string key_bytes;

  std::string_view key(const Entry& e) const { return std::string_view(key_bytes).substr(e.key_begin, e.key_size); }

  const Where& where(const NameIndex::Target& t) const {
    switch (t.type) {
      case EntityType::chip: return chip_at[t.entry];
      case EntityType::person: return person_at[t.entry];
      default: return company_at[t.entry];
    }
  }

  std::string_view id_of(const NameIndex::Target& t) const {
    switch (t.type) {
      case EntityType::chip: return g.chips_[t.entry].id;
      case EntityType::person: return g.people_[t.entry].id;
      default: return g.companies_[t.entry].id;
    }
  }

  void build_index() {
    NameIndex& ix = g.index_;
    std::vector<Form> list;
    forms.clear();
    for (std::uint32_t i = 0; i < g.companies_.size(); ++i) {
      const Company& e = g.companies_[i];
      add_forms(list, EntityType::company, i, e.name, e.zh, e.aliases);
    }
    for (std::uint32_t i = 0; i < g.chips_.size(); ++i) {
      const Chip& e = g.chips_[i];
      add_forms(list, EntityType::chip, i, e.name, e.aliases, e.zh);
    }
    for (std::uint32_t i = 0; i < g.people_.size(); ++i) {
      const Person& e = g.people_[i];
      add_forms(list, EntityType::person, i, e.name, e.zh, e.aliases);
    }
    key_bytes.clear();
    std::vector<std::size_t> key_ends;
    make_keys(list, key_bytes, key_ends);
    // The forms with a key, each with its spelling (numbered in order).
    std::vector<Entry> entries;
    entries.reserve(list.size());
    ix.spellings_.clear();
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::size_t begin = i == 0 ? 0 : key_ends[i - 1];
      const std::string_view k = std::string_view(key_bytes).substr(begin, key_ends[i] - begin);
      if (k.empty()) continue;
      ix.spellings_.push_back(std::string_view(forms).substr(list[i].begin, list[i].end - list[i].begin));
      const NameIndex::Target target{list[i].type, list[i].entry, static_cast<std::uint32_t>(ix.spellings_.size() - 1),
                                     has_han(k), has_capitals(ix.spellings_.back())};
      entries.push_back({OrderKey(k), begin, k.size(), target});
    }
    // By key, then type, entry and spelling (a total order: each entry has its own
    // spelling, so the result does not depend on the sort algorithm). The order
    // keys decide most comparisons without reading the keys.
    std::sort(entries.begin(), entries.end(), [&](const Entry& x, const Entry& y) {
      if (const int c = x.order.compare(y.order); c != 0) return c < 0;
      if (const int c = key(x).compare(key(y)); c != 0) return c < 0;
      return std::tuple(static_cast<int>(x.target.type), x.target.entry, x.target.spelling) <
             std::tuple(static_cast<int>(y.target.type), y.target.entry, y.target.spelling);
    });

    // One meaning per name and type: the later entry is the one in error.
    for (std::size_t i = 1; i < entries.size(); ++i) {
      const Entry& p = entries[i - 1];
      const Entry& e = entries[i];
      if (key(e) != key(p) || e.target.type != p.target.type || e.target.entry == p.target.entry) continue;
      const bool later = where(e.target).seq >= where(p.target).seq;
      const Entry& bad = later ? e : p;
      const Entry& first = later ? p : e;
      fail(where(bad.target), "name '" + std::string(ix.spellings_[bad.target.spelling]) + "' already names " +
                                  std::string(entity_type_name(first.target.type)) + " '" +
                                  std::string(id_of(first.target)) + "' (" + str(where(first.target)) + ")");
    }

    ix.keys_.clear();
    ix.target_begin_.clear();
    ix.targets_.clear();
    ix.targets_.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (ix.keys_.empty() || key(entries[i]) != ix.keys_.back()) {
        ix.target_begin_.push_back(static_cast<std::uint32_t>(ix.targets_.size()));
        ix.keys_.push_back(key(entries[i]));
      }
      ix.targets_.push_back(entries[i].target);
    }
    ix.target_begin_.push_back(static_cast<std::uint32_t>(ix.targets_.size()));

    ix.build_trie();
  }
};

namespace {

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ":0: cannot read gazetteer file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<GazetteerSource> embedded_sources() {
  std::vector<GazetteerSource> all;
  for (auto path : kEmbedded) {
    auto data = embedded_file(path);
    if (!data) throw std::runtime_error(std::string(path) + ":0: gazetteer table not embedded");
    all.push_back({std::string(path), std::string(*data)});
  }
  return all;
}

}  // namespace

void Gazetteer::load(const Normalizer& norm, const std::vector<GazetteerSource>& sources) {
  Loader l{*this, norm, {}, {}, {}, {}, 0, {}};
  for (const auto& s : sources) {
    // The embedded tables must have their header; a run-time file may omit it.
    const bool embedded = std::find(kEmbedded.begin(), kEmbedded.end(), s.source) != kEmbedded.end();
    l.read(s.data, s.source, !embedded);
  }
  l.check_references();
  l.build_index();
}

Gazetteer::Gazetteer(const Normalizer& norm, const std::vector<std::string>& paths) {
  std::vector<GazetteerSource> sources = embedded_sources();
  for (const auto& p : paths) sources.push_back({p, read_whole_file(p)});
  load(norm, sources);
}

Gazetteer Gazetteer::from_sources(const Normalizer& norm, const std::vector<GazetteerSource>& sources) {
  Gazetteer g;
  g.load(norm, sources);
  return g;
}

Gazetteer Gazetteer::with_embedded(const Normalizer& norm, const std::vector<GazetteerSource>& sources) {
  std::vector<GazetteerSource> all = embedded_sources();
  all.insert(all.end(), sources.begin(), sources.end());
  return from_sources(norm, all);
}

Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;
Gazetteer::~Gazetteer() = default;

const Company* Gazetteer::company(std::string_view id) const {
  auto it = company_ids_.find(id);
  return it == company_ids_.end() ? nullptr : &companies_[it->second];
}

const Chip* Gazetteer::chip(std::string_view id) const {
  auto it = chip_ids_.find(id);
  return it == chip_ids_.end() ? nullptr : &chips_[it->second];
}

const Person* Gazetteer::person(std::string_view id) const {
  auto it = person_ids_.find(id);
  return it == person_ids_.end() ? nullptr : &people_[it->second];
}

std::vector<std::string> Gazetteer::chinese_names() const {
  // Normalizing needs a Normalizer, which the Gazetteer does not keep; the index
  // already holds every name's normalized form, so it is read from there. The
  // runs are views into the index, sorted (by their OrderKey first, which decides
  // most comparisons) and made unique before any is copied.
  struct Run {
    OrderKey order;
    std::string_view text;
  };
  std::vector<Run> runs;
  auto add_runs = [&](std::string_view s) {
    // Each run of two or more Han characters; the whole name when it is all Han.
    std::size_t i = 0, run_start = 0, run_chars = 0;
    auto flush = [&](std::size_t end) {
      if (run_chars >= 2) {
        const std::string_view r = s.substr(run_start, end - run_start);
        runs.push_back({OrderKey(r), r});
      }
      run_chars = 0;
    };
    while (i < s.size()) {
      std::size_t at = i;
      if (is_han(next_code_point(s, i))) {
        if (run_chars == 0) run_start = at;
        ++run_chars;
      } else {
        flush(at);
      }
    }
    flush(s.size());
  };
  for (std::size_t i = 0; i < index_.spellings_.size(); ++i) {
    if (!is_ascii(index_.spellings_[i])) add_runs(index_.spellings_[i]);
  }
  for (std::size_t k = 0; k < index_.keys_.size(); ++k) {
    const std::string_view key = index_.keys_[k];
    if (is_ascii(key)) continue;
    // A key written as one of its spellings (most simplified Chinese names) has
    // its runs in already.
    bool seen = false;
    for (std::uint32_t t = index_.target_begin_[k]; t < index_.target_begin_[k + 1] && !seen; ++t)
      seen = index_.spellings_[index_.targets_[t].spelling] == key;
    if (!seen) add_runs(key);
  }
  std::sort(runs.begin(), runs.end(),
            [](const Run& a, const Run& b) { return less_by_key(a.order, a.text, b.order, b.text); });
  std::vector<std::string> v;
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (i == 0 || runs[i].text != runs[i - 1].text) v.emplace_back(runs[i].text);
  return v;
}

}  // namespace newsdeal
