// The gazetteer: companies, chips and people, each with a canonical id, its English
// and Chinese names and aliases, and its attributes (a company's parent, a chip's
// vendor, family and kind, a person's role and organization).
//
// The tables are data (extractors/gazetteer/*.tsv, embedded at build time); more
// entries come from files given at run time (--gazetteer FILE):
//
//   Normalizer norm;
//   auto gaz = std::make_shared<const Gazetteer>(norm, std::vector<std::string>{"extra.tsv"});
//   const Company* aws = gaz->company("aws");          // aws->name == "AWS", aws->parent == "amazon"
//   for (const std::string& w : gaz->chinese_names()) lexicon.add(w);   // segmentation lexicon
//   GazetteerExtractor ex(gaz);                         // extractors/gazetteer_extractor.h
//
// File format: UTF-8, one entry a line, tab-separated; lines starting with '#' and
// blank lines are skipped; the first other line is the header and names the table:
//
//   companies:  id  name  zh  aliases  parent  category
//   chips:      id  name  vendor  family  kind  aliases  zh
//   people:     id  name  zh  role  org  aliases
//
// A run-time file without such a header (its first line does not start with "id")
// is read as company rows. Multi-valued cells (zh, aliases) separate values with
// '|'; the first zh value is the one records report. `parent` and `org` name a
// company id (or are empty), `vendor` must name one; `kind` is cpu, gpu,
// accelerator or unspecified (empty means unspecified). Ids are lowercase ASCII
// letters, digits and '_'.
// The name, every zh value and every alias are matched in text (see
// GazetteerExtractor); a name that normalizes to one already naming another entry
// of the same table is an error, so every name has one meaning per type.
//
// Errors throw std::runtime_error("file:line: what is wrong"): a wrong column
// count, an empty or malformed id, a duplicate id, an unknown parent, vendor or org
// id, an unknown kind, a name used twice. Run-time files may refer to ids of the
// embedded tables and of each other; references are checked once all are read.
//
// Cost: loading normalizes each name once and sorts the names (no pattern is
// compiled), so 100,000 extra names load in well under a second. A Gazetteer is
// immutable after construction and may be shared by threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extractors/document.h"
#include "lang/normalize.h"

namespace newsdeal {

struct Company {
  std::string id;
  std::string name;                  // the short English name the press uses
  std::vector<std::string> zh;       // Chinese names, the usual one first
  std::vector<std::string> aliases;  // short forms, tickers, former names (any language)
  std::string parent;                // company id or empty
  std::string category;              // hyperscaler, cloud, chips, ... (see companies.tsv)
};

struct Chip {
  std::string id;
  std::string name;
  std::string vendor;  // company id
  std::string family;  // e.g. "Graviton"
  std::string kind;    // cpu, gpu, accelerator, unspecified
  std::vector<std::string> aliases;
  std::vector<std::string> zh;
};

struct Person {
  std::string id;
  std::string name;
  std::vector<std::string> zh;
  std::string role;
  std::string org;  // company id or empty
  std::vector<std::string> aliases;
};

// The key a written name is indexed and matched under: its normalized form
// (Normalizer::normalize), each run of whitespace collapsed to one space, the ends
// trimmed.
std::string name_key(const Normalizer& norm, std::string_view written);

// A table as text, for tests and tools that do not read files: `source` is what
// error messages call it.
struct GazetteerSource {
  std::string source;
  std::string data;
};

// Every matchable name, normalized, in one sorted array, and over it a
// path-compressed trie: each node is a range of the array whose names share a
// prefix, so the matcher walks from a text position comparing bytes along an edge
// and choosing among a node's children by one byte (see find_at).
class NameIndex {
 public:
  struct Target {
    EntityType type;
    std::uint32_t entry;     // index into companies(), chips() or people()
    std::uint32_t spelling;  // index into spelling(): the name as written
    bool han;                // the name holds Han characters: token boundaries apply
    bool capitals;           // the name as written holds an uppercase or titlecase letter
  };
  // A name of the index found at a text position.
  struct Hit {
    std::size_t end;  // normalized offset one past the name's last byte
    const Target* begin;
    const Target* finish;
  };

  // Every name that starts at `pos` of `text`, shortest first. A run of ASCII
  // whitespace in the text matches one space of a name (names are stored with
  // their whitespace collapsed), so a name broken across lines still matches.
  void find_at(std::string_view text, std::size_t pos, std::vector<Hit>& out) const;

  // A quick, inlined no for most positions: false only where find_at would find
  // nothing (the first two bytes start no name by pair_, or the first two or
  // three, as find_at reads them, start none by the tables below). A matcher
  // calls it at every position and find_at only where it says yes.
  [[gnu::always_inline]] bool may_start(std::string_view text, std::size_t pos) const {
    const std::size_t n = text.size();
    if (pos + 1 >= n) return pos < n && one_[static_cast<unsigned char>(text[pos])];
    const auto b0 = static_cast<unsigned char>(text[pos]);
    if (!test_bit(pair_, static_cast<std::uint32_t>(b0) << 8 | static_cast<unsigned char>(text[pos + 1]))) return false;
    if (one_[b0]) return true;
    std::size_t p = pos + 1;
    const unsigned char c1 = read_byte(text, p);
    if (test_bit(two_, static_cast<std::uint32_t>(b0) << 8 | c1)) return true;
    if (p >= n) return false;
    return test_bit(three_, hash3(b0, c1, read_byte(text, p)));
  }

  // For a three-byte character (lead byte E0-EF, two continuation bytes) at
  // `p`, whose code point as decode gives it is `cp`: true when may_start would
  // be true there, false when it would be false or find_at finds nothing there
  // (no name starts with these three bytes), nullopt when this cannot tell (some
  // name starting with the lead byte is shorter than three bytes). One bit test
  // in place of may_start's for most Chinese characters.
  [[gnu::always_inline]] int starts_with_char3(const unsigned char* p, char32_t cp) const {
    if (!char3_filtered_[p[0]] || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return -1;
    return static_cast<int>((char3_[cp >> 6] >> (cp & 63)) & 1);
  }

  // Whether every name that starts with an ASCII byte starts with a letter or a
  // digit (then a matcher may skip ASCII punctuation and spaces unread).
  bool ascii_starts_alnum() const { return ascii_starts_alnum_; }

  std::size_t size() const { return keys_.size(); }
  std::string_view spelling(std::uint32_t i) const { return spellings_[i]; }

 private:
  friend class Gazetteer;
  // Strings stored end to end in one buffer: one allocation for all of them (a
  // gazetteer of 100,000 entries holds some 400,000 names), and the keys the
  // matcher compares lie next to each other in memory.
  class Pool {
   public:
    std::size_t size() const { return bounds_.size() - 1; }
    bool empty() const { return size() == 0; }
    std::string_view operator[](std::size_t i) const {
      return std::string_view(bytes_.data() + bounds_[i], bounds_[i + 1] - bounds_[i]);
    }
    std::string_view back() const { return (*this)[size() - 1]; }
    void push_back(std::string_view s) {
      bytes_.append(s);
      bounds_.push_back(bytes_.size());
    }
    void clear() {
      bytes_.clear();
      bounds_.assign(1, 0);
    }

   private:
    std::string bytes_;
    std::vector<std::size_t> bounds_{0};  // string i is bytes [bounds_[i], bounds_[i + 1])
  };

  Pool keys_;                                 // sorted, unique
  std::vector<std::uint32_t> target_begin_;   // keys_.size() + 1 offsets into targets_
  std::vector<Target> targets_;
  Pool spellings_;

  // The trie. Node n covers keys_[lo, hi), which share their first `len` bytes
  // (and no more, unless the range is one key); keys_[lo] ends there when its size
  // is `len`. Its children, one per next byte, are child_byte_/child_node_
  // [child_begin, child_end), sorted by byte.
  struct Node {
    std::uint32_t lo, hi, len, child_begin, child_end;
  };
  std::vector<Node> nodes_;
  std::vector<unsigned char> child_byte_;
  std::vector<std::uint32_t> child_node_;
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  std::uint32_t root_[256];  // the node of the keys starting with byte b, or kNone
  // A quick no for most text positions: the first bytes of every name, as the
  // text is read (whitespace runs as one space). one_[b]: a one-byte name b;
  // two_: bit b0 << 8 | b1 of each two-byte name; three_: a 16-bit hash of the
  // first three bytes of each longer name.
  bool one_[256];
  bool ascii_starts_alnum_ = true;
  std::vector<std::uint64_t> two_, three_;
  // Bit b0 << 8 | b1 of the first two text bytes as they stand (unread): set
  // when a name starts with b0 and is that byte alone or goes on with b1 as read
  // (every whitespace byte for a name's space). One test rules out most
  // positions, whitespace runs and all.
  std::vector<std::uint64_t> pair_;
  // starts_with_char3: bit cp of the first character (three bytes, lead E0-EF)
  // of each name, decoded as ((b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F));
  // char3_filtered_[b0]: no name starting with b0 is shorter than three bytes.
  std::vector<std::uint64_t> char3_;
  bool char3_filtered_[256];
  // Where the walk stands after the first three bytes of the names longer than
  // two bytes: open addressing from those bytes (b0 << 16 | b1 << 8 | b2) to the
  // node whose edge holds the third byte. Exact, so find_at starts there.
  struct Prefix3 {
    std::uint32_t key = kNone;  // kNone: an empty slot (no key is that large)
    std::uint32_t node = kNone;
  };
  std::vector<Prefix3> prefix3_;  // size a power of two, at most half full
  std::uint32_t prefix3_node(std::uint32_t key) const;

  void build_trie();
  void build_prefix3();
  // The walk from node `node` with `depth` name bytes matched and the text
  // going on at `p`; appends the names that end on the way.
  void walk(std::string_view text, std::uint32_t node, std::size_t depth, std::size_t p, std::vector<Hit>& out) const;

  static bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
  // The text byte at `p` as names hold it (a run of whitespace reads as one
  // space); moves `p` past it. p < text.size().
  static unsigned char read_byte(std::string_view text, std::size_t& p) {
    const auto c = static_cast<unsigned char>(text[p++]);
    if (!is_space(c)) return c;
    while (p < text.size() && is_space(static_cast<unsigned char>(text[p]))) ++p;
    return ' ';
  }
  static std::uint32_t hash3(unsigned char a, unsigned char b, unsigned char c) {
    return ((static_cast<std::uint32_t>(a) << 16 | static_cast<std::uint32_t>(b) << 8 | c) * 2654435761u) >> 16;
  }
  static bool test_bit(const std::vector<std::uint64_t>& bits, std::uint32_t i) {
    return (bits[i >> 6] >> (i & 63)) & 1;
  }
};

class Gazetteer {
 public:
  // The embedded tables, then the files at `paths` in order (--gazetteer).
  // Throws std::runtime_error("file:line: what is wrong").
  explicit Gazetteer(const Normalizer& norm, const std::vector<std::string>& paths = {});
  // Exactly `sources` (no embedded tables), e.g. for tests.
  static Gazetteer from_sources(const Normalizer& norm, const std::vector<GazetteerSource>& sources);
  // The embedded tables, then `sources`.
  static Gazetteer with_embedded(const Normalizer& norm, const std::vector<GazetteerSource>& sources);

  Gazetteer(Gazetteer&&) noexcept;
  Gazetteer& operator=(Gazetteer&&) noexcept;
  ~Gazetteer();

  const Company* company(std::string_view id) const;
  const Chip* chip(std::string_view id) const;
  const Person* person(std::string_view id) const;

  const std::vector<Company>& companies() const { return companies_; }
  const std::vector<Chip>& chips() const { return chips_; }
  const std::vector<Person>& people() const { return people_; }

  // Chinese words for the segmentation lexicon (Lexicon::add): every zh name and
  // alias made of Han characters, and of a mixed name ("SK海力士", "安迪·贾西")
  // each run of two or more Han characters; each as written (traditional forms
  // included, for segmenting the input) and in normalized form. Sorted, unique.
  std::vector<std::string> chinese_names() const;

  const NameIndex& index() const { return index_; }

 private:
  Gazetteer() = default;
  struct Loader;
  void load(const Normalizer& norm, const std::vector<GazetteerSource>& sources);

  std::vector<Company> companies_;
  std::vector<Chip> chips_;
  std::vector<Person> people_;
  // Transparent, so an id is looked up from a string_view without a copy.
  struct IdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using IdMap = std::unordered_map<std::string, std::uint32_t, IdHash, std::equal_to<>>;
  IdMap company_ids_, chip_ids_, person_ids_;
  NameIndex index_;
};

}  // namespace newsdeal
