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
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <unordered_set>

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

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n";
  std::size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    std::size_t p = s.find(sep);
    out.push_back(s.substr(0, p));
    if (p == std::string_view::npos) break;
    s.remove_prefix(p + 1);
  }
  return out;
}

std::vector<std::string> split_values(std::string_view cell) {
  std::vector<std::string> out;
  for (auto v : split(cell, '|')) {
    v = trim(v);
    if (!v.empty() && std::find(out.begin(), out.end(), v) == out.end()) out.emplace_back(v);
  }
  return out;
}

bool valid_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool is_han(char32_t cp) {
  if (cp < 0x2E80) return false;
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(cp), &status) == USCRIPT_HAN;
}

bool has_han(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_han(next_code_point(s, i))) return true;
  }
  return false;
}

// Collapses runs of whitespace to one space and trims, as the matcher reads the text.
std::string collapse_space(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The separators between the parts of a transliterated name (安迪·贾西), which
// the press writes in several ways. NFKC keeps them apart, so each is indexed.
constexpr std::array<std::string_view, 5> kNameDots = {"\xC2\xB7", "\xE3\x83\xBB", "\xE2\x80\xA2",
                                                       "\xE2\x80\xA7", "\xEF\xBC\x8E"};

// The forms of a written name that are indexed: the name itself and, when it
// holds a name dot, the same name with each other dot and with none.
std::vector<std::string> written_forms(const std::string& name) {
  std::vector<std::string> out{name};
  for (auto dot : kNameDots) {
    if (name.find(dot) == std::string::npos) continue;
    auto replace_all = [&](std::string_view with) {
      std::string s;
      std::size_t i = 0;
      for (std::size_t p; (p = name.find(dot, i)) != std::string::npos; i = p + dot.size()) {
        s.append(name, i, p - i);
        s.append(with);
      }
      s.append(name, i, std::string::npos);
      return s;
    };
    for (auto other : kNameDots)
      if (other != dot) out.push_back(replace_all(other));
    out.push_back(replace_all(""));
    break;
  }
  return out;
}

}  // namespace

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
    const std::string& k = keys_[nd.lo];
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
  for (const std::string& k : keys_) {
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(k[i]); };
    if (k.size() == 1) one_[b(0)] = true;
    else if (k.size() == 2) set_bit(two_, static_cast<std::uint32_t>(b(0)) << 8 | b(1));
    else set_bit(three_, hash3(b(0), b(1), b(2)));
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
    const std::string& a = keys_[lo];
    const std::string& b = keys_[hi - 1];
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
  for (const std::string& k : keys_) {
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
  std::string source;
  std::size_t line = 0;
  std::size_t seq = 0;  // rows read before this one, over all files
  std::string str() const { return source + ":" + std::to_string(line); }
};

struct Gazetteer::Loader {
  Gazetteer& g;
  const Normalizer& norm;
  std::vector<Where> company_at, chip_at, person_at;
  std::size_t rows = 0;

  [[noreturn]] static void fail(const std::string& source, std::size_t line, const std::string& what) {
    throw std::runtime_error(source + ":" + std::to_string(line) + ": " + what);
  }

  void read(std::string_view data, const std::string& source, bool allow_headerless) {
    if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
    const Header* header = nullptr;
    std::size_t line_no = 0;
    while (!data.empty()) {
      std::size_t nl = data.find('\n');
      std::string_view line = data.substr(0, nl);
      data.remove_prefix(nl == std::string_view::npos ? data.size() : nl + 1);
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (trim(line).empty() || trim(line).front() == '#') continue;
      auto cells = split(line, '\t');
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
      if (cells.size() != header->columns.size()) {
        fail(source, line_no,
             "wrong column count: " + std::to_string(cells.size()) + " (expected " +
                 std::to_string(header->columns.size()) + ": " + join_columns(*header) + ")");
      }
      add_row(header->table, cells, Where{source, line_no, rows++});
    }
  }

  void check_id(std::string_view id, const Where& at) {
    if (id.empty()) fail(at.source, at.line, "empty id");
    if (!valid_id(id)) {
      fail(at.source, at.line, "bad id '" + std::string(id) + "' (lowercase letters, digits and _ only)");
    }
  }

  void register_id(IdMap& ids, std::vector<Where>& where, std::string_view id, std::size_t index, Table t,
                   const Where& at) {
    auto [it, fresh] = ids.emplace(std::string(id), static_cast<std::uint32_t>(index));
    if (!fresh) {
      fail(at.source, at.line,
           "duplicate id '" + std::string(id) + "' in " + std::string(table_name(t)) + " (first at " +
               where[it->second].str() + ")");
    }
    where.push_back(at);
  }

  void add_row(Table t, const std::vector<std::string_view>& c, const Where& at) {
    check_id(c[0], at);
    if (c[1].empty()) fail(at.source, at.line, "empty name");
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
        if (e.vendor.empty()) fail(at.source, at.line, "empty vendor");
        if (e.kind.empty()) e.kind = "unspecified";
        if (e.kind != "cpu" && e.kind != "gpu" && e.kind != "accelerator" && e.kind != "unspecified") {
          fail(at.source, at.line, "unknown kind '" + e.kind + "' (cpu, gpu, accelerator or unspecified)");
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
      if (!g.company(e.parent)) fail(at.source, at.line, "unknown parent id '" + e.parent + "'");
      // A parent chain must end: follow it at most as many steps as there are companies.
      const Company* p = &e;
      for (std::size_t steps = 0; p && !p->parent.empty(); ++steps) {
        if (steps > g.companies_.size() || p->parent == e.id) {
          fail(at.source, at.line, "parent cycle through '" + e.id + "'");
        }
        p = g.company(p->parent);
      }
    }
    for (std::size_t i = 0; i < g.chips_.size(); ++i) {
      const Chip& e = g.chips_[i];
      if (!g.company(e.vendor)) {
        fail(chip_at[i].source, chip_at[i].line, "unknown vendor id '" + e.vendor + "'");
      }
    }
    for (std::size_t i = 0; i < g.people_.size(); ++i) {
      const Person& e = g.people_[i];
      if (!e.org.empty() && !g.company(e.org)) {
        fail(person_at[i].source, person_at[i].line, "unknown org id '" + e.org + "'");
      }
    }
  }

  struct Entry {
    std::string key;
    NameIndex::Target target;
  };

  void add_names(std::vector<Entry>& out, std::vector<std::string>& spellings, EntityType type,
                 std::uint32_t entry, const std::string& name, const std::vector<std::string>& a,
                 const std::vector<std::string>& b) {
    auto add = [&](const std::string& written) {
      for (const std::string& form : written_forms(written)) {
        std::string key = collapse_space(norm.normalize(form).text);
        if (key.empty()) continue;
        const bool han = has_han(key);
        spellings.push_back(form);
        out.push_back({std::move(key), {type, entry, static_cast<std::uint32_t>(spellings.size() - 1), han}});
      }
    };
    add(name);
    for (const auto& s : a) add(s);
    for (const auto& s : b) add(s);
  }

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
    std::vector<Entry> entries;
    NameIndex& ix = g.index_;
    ix.spellings_.clear();
    for (std::uint32_t i = 0; i < g.companies_.size(); ++i) {
      const Company& e = g.companies_[i];
      add_names(entries, ix.spellings_, EntityType::company, i, e.name, e.zh, e.aliases);
    }
    for (std::uint32_t i = 0; i < g.chips_.size(); ++i) {
      const Chip& e = g.chips_[i];
      add_names(entries, ix.spellings_, EntityType::chip, i, e.name, e.aliases, e.zh);
    }
    for (std::uint32_t i = 0; i < g.people_.size(); ++i) {
      const Person& e = g.people_[i];
      add_names(entries, ix.spellings_, EntityType::person, i, e.name, e.zh, e.aliases);
    }
    auto rank = [](const Entry& e) {
      return std::tuple(std::string_view(e.key), static_cast<int>(e.target.type), e.target.entry, e.target.spelling);
    };
    std::sort(entries.begin(), entries.end(), [&](const Entry& x, const Entry& y) { return rank(x) < rank(y); });

    // One meaning per name and type: the later entry is the one in error.
    for (std::size_t i = 1; i < entries.size(); ++i) {
      const Entry& p = entries[i - 1];
      const Entry& e = entries[i];
      if (e.key != p.key || e.target.type != p.target.type || e.target.entry == p.target.entry) continue;
      const bool later = where(e.target).seq >= where(p.target).seq;
      const Entry& bad = later ? e : p;
      const Entry& first = later ? p : e;
      const Where& at = where(bad.target);
      fail(at.source, at.line,
           "name '" + ix.spellings_[bad.target.spelling] + "' already names " +
               std::string(entity_type_name(first.target.type)) + " '" + std::string(id_of(first.target)) +
               "' (" + where(first.target).str() + ")");
    }

    ix.keys_.clear();
    ix.target_begin_.clear();
    ix.targets_.clear();
    ix.targets_.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (ix.keys_.empty() || entries[i].key != ix.keys_.back()) {
        ix.target_begin_.push_back(static_cast<std::uint32_t>(ix.targets_.size()));
        ix.keys_.push_back(std::move(entries[i].key));
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
  Loader l{*this, norm, {}, {}, {}, 0};
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
  // already holds every name's normalized form, so it is read from there.
  std::unordered_set<std::string> out;
  auto add_runs = [&](std::string_view s) {
    // Each run of two or more Han characters; the whole name when it is all Han.
    std::size_t i = 0, run_start = 0, run_chars = 0;
    auto flush = [&](std::size_t end) {
      if (run_chars >= 2) out.emplace(s.substr(run_start, end - run_start));
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
  for (const auto& sp : index_.spellings_) {
    if (has_han(sp)) add_runs(sp);
  }
  for (const auto& k : index_.keys_) {
    if (has_han(k)) add_runs(k);
  }
  std::vector<std::string> v(out.begin(), out.end());
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace newsdeal
