// People by their role words: the pattern files' loader, then the matching. A
// pattern finds a role and a stretch that may hold a name; the code decides how much
// of that stretch is the name (stop words, companies, capitals, token boundaries),
// which company it belongs to, and how its role reads normalized.
#include "extractors/person_extractor.h"

#include <re2/re2.h>
#include <unicode/uchar.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "lang/embedded.h"
#include "lang/utf8.h"

namespace newsdeal {
namespace {

constexpr std::string_view kExtension = ".patterns";
constexpr std::int64_t kMaxMem = 8 << 20;  // RE2 budget per pattern
// The budget of the copy that matches: the same program, with room for the DFA's
// state cache. The patterns' {ROLE} alternations make large DFAs; within kMaxMem the
// cache fills and resets over and over, and RE2 scans several times slower (or falls
// back to the NFA). Matches are the same whatever the budget; only kMaxMem decides
// whether a pattern is accepted.
constexpr std::int64_t kMatchMaxMem = 32 << 20;

[[noreturn]] void fail(const std::string& origin, int line, const std::string& what) { rule_file_error(origin, line, what); }

std::string_view trim(std::string_view s) { return trim_blanks_view(s); }

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (true) {
    std::size_t j = s.find(sep, i);
    std::string_view part = trim(s.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    out.emplace_back(part);
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  return out;
}


bool is_han(char32_t c) {
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// The middle dots that join the parts of a transliterated name.
bool is_name_dot(char32_t c) { return c == 0x00B7 || c == 0x30FB || c == 0x2022 || c == 0x2027 || c == 0xFF65; }

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  std::size_t i = 0;
  while (i < s.size()) out.push_back(next_code_point(s, i));
  return out;
}

// ---------------------------------------------------------------------------
// Loading

struct Line {
  int number = 0;
  std::string key;
  std::string value;
};

std::vector<Line> read_lines(const RuleSource& src) {
  std::vector<Line> lines;
  std::istringstream in(src.text);
  std::string raw;
  int n = 0;
  while (std::getline(in, raw)) {
    ++n;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    const std::string_view t = trim(raw);
    if (!t.empty() && t[0] == '#') continue;
    if (t.empty()) {
      lines.push_back({n, "", ""});
      continue;
    }
    if (raw[0] == ' ' || raw[0] == '\t') {
      if (lines.empty() || lines.back().key.empty()) fail(src.origin, n, "indented line continues nothing");
      lines.back().value += std::string(t);
      continue;
    }
    const std::size_t colon = t.find(':');
    if (colon == std::string_view::npos) fail(src.origin, n, "expected 'key: value'");
    lines.push_back({n, std::string(trim(t.substr(0, colon))), std::string(trim(t.substr(colon + 1)))});
  }
  return lines;
}

struct RawRule {
  PersonRule rule;
  std::string pattern;  // unexpanded
  int pattern_line = 0;
};

struct RawFile {
  const RuleSource* src = nullptr;
  Lang lang = Lang::none;
  std::vector<std::pair<std::string, std::pair<std::string, int>>> defines;  // name -> (pattern, line)
  std::vector<RawRule> rules;
};

PersonExample parse_example(const std::string& origin, int line, std::string_view v) {
  const std::size_t arrow = v.rfind("=>");
  if (arrow == std::string_view::npos) fail(origin, line, "example needs '=> NAME | ROLE [| ORG [| ZH]]'");
  PersonExample ex;
  ex.line = line;
  const std::string_view text = trim(v.substr(0, arrow));
  const std::size_t open = text.find('{');
  const std::size_t close = text.find('}');
  if ((open == std::string_view::npos) != (close == std::string_view::npos) ||
      (open != std::string_view::npos && close < open))
    fail(origin, line, "unbalanced braces in example");
  if (open != std::string_view::npos) {
    ex.text = std::string(text.substr(0, open)) + std::string(text.substr(open + 1, close - open - 1)) +
              std::string(text.substr(close + 1));
    ex.span = Span{open, close - 1};
  } else {
    ex.text = std::string(text);
  }
  if (ex.text.empty()) fail(origin, line, "empty example text");
  std::vector<std::string> f = split(v.substr(arrow + 2), '|');
  if (f.size() < 2 || f.size() > 4 || f[0].empty() || f[1].empty())
    fail(origin, line, "example needs '=> NAME | ROLE [| ORG [| ZH]]'");
  ex.name = f[0];
  ex.role = f[1] == "-" ? "" : f[1];
  if (f.size() > 2) ex.org = f[2] == "-" ? "" : f[2];
  if (f.size() > 3) ex.zh = f[3] == "-" ? "" : f[3];
  return ex;
}

void read_file(const RuleSource& src, RawFile& file, PersonWords& words) {
  RawRule* current = nullptr;
  auto need_rule = [&](const Line& l) {
    if (!current) fail(src.origin, l.number, l.key + ": outside a rule (start one with rule: NAME)");
  };
  for (const Line& l : read_lines(src)) {
    if (l.key.empty()) {
      current = nullptr;
      continue;
    }
    if (l.value.empty()) fail(src.origin, l.number, l.key + ": empty value");
    if (l.key == "role") {
      const std::size_t eq = l.value.find('=');
      if (eq == std::string::npos) fail(src.origin, l.number, "role needs 'NORMALIZED = phrase | phrase'");
      const std::string norm(trim(std::string_view(l.value).substr(0, eq)));
      if (norm.empty()) fail(src.origin, l.number, "role: empty normalized role");
      for (const std::string& p : split(std::string_view(l.value).substr(eq + 1), '|')) {
        if (p.empty()) fail(src.origin, l.number, "role: empty phrase");
        const std::string k = fold_key(p);
        auto [it, fresh] = words.roles.emplace(k, norm);
        if (!fresh && it->second != norm)
          fail(src.origin, l.number, "role phrase '" + p + "' already means " + it->second);
      }
    } else if (l.key == "stop") {
      for (const std::string& w : split_blanks(l.value)) words.stops.insert(file.lang == Lang::en ? fold_key(w) : w);
    } else if (l.key == "trigger") {
      for (const std::string& t : split(l.value, '|')) {
        if (t.empty()) fail(src.origin, l.number, "trigger: empty entry");
        words.triggers.push_back(fold_key(t));
      }
    } else if (l.key == "gap") {
      for (const std::string& g : split(l.value, '|')) {
        if (g.empty()) fail(src.origin, l.number, "gap: empty entry");
        words.gaps.push_back(fold_key(g));
      }
    } else if (l.key == "surname") {
      for (const std::string& w : split_blanks(l.value)) {
        const auto cps = code_points(w);
        if (cps.empty() || cps.size() > 2 || !std::all_of(cps.begin(), cps.end(), is_han))
          fail(src.origin, l.number, "surname '" + w + "' is not one or two Han characters");
        words.surnames.insert(w);
      }
    } else if (l.key == "translit") {
      for (const std::string& w : split_blanks(l.value))
        for (char32_t c : code_points(w)) {
          if (!is_han(c)) fail(src.origin, l.number, "translit: '" + w + "' holds a character that is not Han");
          words.translit.insert(c);
        }
    } else if (l.key == "define") {
      const std::size_t eq = l.value.find('=');
      const std::string name(trim(std::string_view(l.value).substr(0, eq == std::string::npos ? 0 : eq)));
      if (eq == std::string::npos || !is_define_name(name))
        fail(src.origin, l.number, "define needs 'NAME = PATTERN' with NAME in capitals");
      if (name == "ROLE") fail(src.origin, l.number, "{ROLE} is made from the role: lines");
      file.defines.push_back({name, {std::string(trim(std::string_view(l.value).substr(eq + 1))), l.number}});
    } else if (l.key == "rule") {
      if (current) fail(src.origin, l.number, "rule: inside a rule (end the one before with a blank line)");
      for (const RawRule& r : file.rules)
        if (r.rule.name == l.value) fail(src.origin, l.number, "rule " + l.value + " is defined twice");
      file.rules.emplace_back();
      current = &file.rules.back();
      current->rule.name = l.value;
      current->rule.origin = src.origin;
      current->rule.line = l.number;
      current->rule.lang = file.lang;
    } else if (l.key == "pattern") {
      need_rule(l);
      if (!current->pattern.empty()) fail(src.origin, l.number, "a rule has one pattern");
      current->pattern = l.value;
      current->pattern_line = l.number;
    } else if (l.key == "example") {
      need_rule(l);
      current->rule.examples.push_back(parse_example(src.origin, l.number, l.value));
    } else if (l.key == "reject") {
      need_rule(l);
      current->rule.rejects.push_back({l.number, l.value});
    } else {
      fail(src.origin, l.number, "unknown key '" + l.key + "'");
    }
  }
}

// {ROLE}: every role phrase of the language, longest first. English phrases match in
// any case (the patterns wrap {ROLE} in (?i:...)) and a space matches blanks.
std::string role_alternation(const PersonWords& w, Lang lang) {
  std::vector<std::string> phrases;
  for (const auto& [p, n] : w.roles) phrases.push_back(p);
  std::stable_sort(phrases.begin(), phrases.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string out;
  for (const std::string& p : phrases) {
    if (!out.empty()) out += '|';
    for (char c : p) {
      if (c == ' ') {
        out += lang == Lang::en ? "[ \\t]+" : " ?";
      } else {
        out += RE2::QuoteMeta(std::string(1, c));
      }
    }
  }
  return out.empty() ? "[^\\s\\S]" : out;  // no roles: matches nothing
}

void compile(RawFile& file, const PersonWords& words, std::vector<PersonRule>& out) {
  const std::string& origin = file.src->origin;
  std::map<std::string, std::string> defines;
  defines["ROLE"] = role_alternation(words, file.lang);
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(kMaxMem);
  for (const auto& [name, def] : file.defines) {
    const std::string e = expand_defines(def.first, defines, origin, def.second);
    RE2 check(e, opts);
    if (!check.ok()) fail(origin, def.second, "define " + name + " does not compile: " + check.error());
    defines[name] = e;
  }
  for (RawRule& r : file.rules) {
    if (r.pattern.empty()) fail(origin, r.rule.line, "rule " + r.rule.name + " has no pattern");
    r.rule.pattern = expand_defines(r.pattern, defines, origin, r.pattern_line);
    auto re = std::make_shared<RE2>(r.rule.pattern, opts);
    if (!re->ok()) {
      if (re->error_code() == RE2::ErrorPatternTooLarge)
        fail(origin, r.pattern_line, "pattern of rule " + r.rule.name + " exceeds the RE2 memory budget");
      fail(origin, r.pattern_line, "pattern of rule " + r.rule.name + " does not compile: " + re->error());
    }
    const auto& groups = re->NamedCapturingGroups();
    for (const char* g : {"name", "role"})
      if (!groups.count(g))
        fail(origin, r.pattern_line, "pattern of rule " + r.rule.name + " has no (?P<" + g + ">...) group");
    for (const auto& [g, i] : groups)
      if (g != "name" && g != "role" && g != "en" && g.rfind("org", 0) != 0)
        fail(origin, r.pattern_line, "unknown group '" + g + "' (name, role, org..., en)");
    RE2::Options match_opts = opts;
    match_opts.set_max_mem(kMatchMaxMem);
    auto fast = std::make_shared<RE2>(r.rule.pattern, match_opts);
    r.rule.re = fast->ok() ? std::move(fast) : std::move(re);
    out.push_back(std::move(r.rule));
  }
}

}  // namespace

std::vector<RuleSource> embedded_person_sources() { return embedded_rule_sources(kExtension); }

void add_person_dir(std::vector<RuleSource>& sources, const std::string& dir) { add_rule_dir(sources, dir, kExtension); }

PersonRules parse_person_rules(const std::vector<RuleSource>& sources) {
  std::vector<const RuleSource*> order;
  for (const auto& s : sources) order.push_back(&s);
  std::sort(order.begin(), order.end(), [](const RuleSource* a, const RuleSource* b) { return a->name < b->name; });
  PersonRules book;
  std::vector<RawFile> files;
  for (const RuleSource* s : order) {
    RawFile f;
    f.src = s;
    if (s->name.rfind("en/", 0) == 0) {
      f.lang = Lang::en;
    } else if (s->name.rfind("zh/", 0) == 0) {
      f.lang = Lang::zh;
    } else {
      fail(s->origin, 1, "a pattern file belongs in an en/ or zh/ folder");
    }
    read_file(*s, f, f.lang == Lang::zh ? book.zh : book.en);
    book.files.push_back(s->origin);
    files.push_back(std::move(f));
  }
  for (RawFile& f : files) compile(f, book.words(f.lang), book.rules);
  return book;
}

// ---------------------------------------------------------------------------
// Matching

namespace {

char32_t cp_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return 0;
  return next_code_point(s, pos);
}

char32_t cp_before(std::string_view s, std::size_t end) {
  if (end == 0) return 0;
  std::size_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  return next_code_point(s, start);
}

bool is_upper(char32_t c) { return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c)); }
bool is_lower(char32_t c) { return u_islower(static_cast<UChar32>(c)); }
bool is_alnum(char32_t c) { return c && u_isalnum(static_cast<UChar32>(c)); }
bool is_blank(char c) { return c == ' ' || c == '\t'; }
// A letter or digit that joins a Latin word: Han and kana do not ("目前Ellison的").
bool is_latin_word_char(char32_t c) { return is_alnum(c) && c < 0x2E80; }

enum class TokenKind { word, initials, particle, other };

// What a token of a Latin name is: a capitalized word with lowercase letters
// ("Whitfield", "DeSantis", "Jae-yong"), initials ("C.C."), a lowercase particle
// ("van"), or something else (all caps, digits, punctuation).
TokenKind token_kind(std::string_view t) {
  // ICU's case and letter properties, answered without ICU for ASCII (where they
  // are A-Z, a-z and both), and the code points decoded one by one: no vector.
  auto upper = [](char32_t c) { return c < 0x80 ? c >= 'A' && c <= 'Z' : is_upper(c); };
  auto lower = [](char32_t c) { return c < 0x80 ? c >= 'a' && c <= 'z' : is_lower(c); };
  auto alpha = [](char32_t c) {
    return c < 0x80 ? (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') : u_isalpha(static_cast<UChar32>(c)) != 0;
  };
  if (t.empty()) return TokenKind::other;
  std::size_t p = 0;
  const char32_t first = next_code_point(t, p);
  if (upper(first)) {
    bool has_lower = false;
    bool dots = true;  // U.U. form
    std::size_t count = 0;
    char32_t last = first;
    for (std::size_t q = 0; q < t.size(); ++count) {
      const char32_t c = next_code_point(t, q);
      last = c;
      if (lower(c)) has_lower = true;
      if (count % 2 == 0 ? !upper(c) : c != '.') dots = false;
      if (!(alpha(c) || c == '-' || c == '\'' || c == 0x2019 || c == '.')) return TokenKind::other;
    }
    if (dots && count % 2 == 0) return TokenKind::initials;
    if (has_lower && last != '.' && last != '-') return TokenKind::word;
    return TokenKind::other;
  }
  std::size_t count = 0;
  for (std::size_t q = 0; q < t.size(); ++count) {
    if (count == 5 || !lower(next_code_point(t, q))) return TokenKind::other;
  }
  return TokenKind::particle;
}

struct Token {
  Span span;
  TokenKind kind;
};

// The key of a Latin name: lowercase, spaces as '_', other non-alphanumerics dropped.
std::string latin_key(std::string_view name) {
  std::string out;
  std::size_t i = 0;
  bool space = false;
  while (i < name.size()) {
    const char32_t c = next_code_point(name, i);
    if (c == ' ' || c == '\t' || c == '\n') {
      space = true;
      continue;
    }
    if (!is_alnum(c)) continue;
    if (space && !out.empty()) out += '_';
    space = false;
    append_utf8(out, static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))));
  }
  return out;
}

// A line in title case ("Acme CEO Jane Doe Unveils New Chip Plan"): its Latin words of
// four or more letters all start with a capital, and there are at least three of them.
bool title_case_line(std::string_view text, std::size_t pos) {
  std::size_t a = text.rfind('\n', pos);
  a = a == std::string_view::npos ? 0 : a + 1;
  std::size_t b = text.find('\n', pos);
  if (b == std::string_view::npos) b = text.size();
  int capitalized = 0;
  std::size_t i = a;
  while (i < b) {
    while (i < b && !is_alnum(cp_at(text, i))) next_code_point(text, i);
    const std::size_t s = i;
    std::size_t letters = 0;
    while (i < b && is_alnum(cp_at(text, i))) {
      next_code_point(text, i);
      ++letters;
    }
    const char32_t head = cp_at(text, s);
    if (letters >= 4 && head < 0x250 && u_isalpha(static_cast<UChar32>(head))) {  // Latin words only
      if (is_lower(head)) return false;
      ++capitalized;
    }
  }
  return capitalized >= 3;
}

// What the extractor knows of a document before it looks for people.
struct Context {
  const Document& doc;
  std::vector<const Mention*> companies;  // by start
  std::vector<Span> blocked;              // companies and chips
  std::vector<Span> people;               // the gazetteer's people
  std::vector<Span> all;                  // every mention

  explicit Context(const Document& d) : doc(d) {
    all.reserve(d.mentions.size());
    companies.reserve(d.mentions.size());
    blocked.reserve(d.mentions.size());
    for (const Mention& m : d.mentions) {
      all.push_back(m.span);
      if (m.type == EntityType::company) companies.push_back(&m);
      if (m.type == EntityType::company || m.type == EntityType::chip) blocked.push_back(m.span);
      if (m.type == EntityType::person) people.push_back(m.span);
    }
    // The gazetteer's companies come in order, each starting after the one
    // before: then the sort has nothing to do. With equal starts it runs as
    // always (it may reorder those, and whatever it does is the behaviour).
    auto by_start = [](const Mention* a, const Mention* b) { return a->span.start < b->span.start; };
    const bool rising = std::adjacent_find(companies.begin(), companies.end(), [](const Mention* a, const Mention* b) {
                          return a->span.start >= b->span.start;
                        }) == companies.end();
    if (!rising) std::sort(companies.begin(), companies.end(), by_start);
  }

  bool is_blocked(Span s) const {
    return std::any_of(blocked.begin(), blocked.end(), [&](const Span& b) { return b.overlaps(s); });
  }
  bool is_known_person(Span s) const {
    return std::any_of(people.begin(), people.end(), [&](const Span& b) { return b.overlaps(s); });
  }
  bool on_boundary(std::size_t offset) const {
    const std::vector<std::size_t>& b = bounds();
    return b.empty() || std::binary_search(b.begin(), b.end(), offset);
  }
  // Token boundaries (input offsets), sorted; made on first use, since only Chinese
  // names need them. Words in order and apart (the segmentation's) are sorted already.
  const std::vector<std::size_t>& bounds() const {
    if (!bounds_made_) {
      bounds_.reserve(2 * doc.words.size());
      for (const Span& w : doc.words) {
        bounds_.push_back(w.start);
        bounds_.push_back(w.end);
      }
      if (!std::is_sorted(bounds_.begin(), bounds_.end())) std::sort(bounds_.begin(), bounds_.end());
      bounds_.erase(std::unique(bounds_.begin(), bounds_.end()), bounds_.end());
      bounds_made_ = true;
    }
    return bounds_;
  }
  // The first company that starts inside `s`.
  const Mention* company_in(Span s) const {
    for (const Mention* m : companies)
      if (m->span.start >= s.start && m->span.start < s.end) return m;
    return nullptr;
  }

 private:
  mutable std::vector<std::size_t> bounds_;
  mutable bool bounds_made_ = false;
};

struct Candidate {
  Span span;        // input
  std::string key;
  std::string name;
  std::string zh;
  std::string role;
  std::string org;
  std::string rule;
  std::size_t order = 0;  // rule index: earlier rules win ties
  std::string han;        // a Chinese name, normalized with its dots unified (for repeats)
  std::string surname;    // a Latin name's last word, or the last part of a dotted Chinese one
};

// Cuts a Latin name at stop words and companies on the side away from the role, and
// checks its shape (see the .patterns files). `s` is in doc.text.
std::optional<Span> trim_latin(const Context& ctx, Span s, bool from_start, const PersonWords& en) {
  const std::string_view text = ctx.doc.text;
  std::vector<Token> tokens;
  std::size_t i = s.start;
  while (i < s.end) {
    while (i < s.end && is_blank(text[i])) ++i;
    std::size_t j = i;
    while (j < s.end && !is_blank(text[j]) && text[j] != '\n') ++j;
    if (j > i) tokens.push_back({{i, j}, token_kind(text.substr(i, j - i))});
    if (j < s.end && text[j] == '\n') break;  // a name does not cross lines
    i = j;
  }
  auto ok = [&](const Token& t) {
    if (t.kind == TokenKind::other) return false;
    std::string low = fold_key(text.substr(t.span.start, t.span.size()));
    if (en.stops.count(low)) return false;
    while (!low.empty() && low.back() == '.') low.pop_back();
    if (t.kind == TokenKind::word && en.stops.count(low)) return false;
    return !ctx.is_blocked(t.span);
  };
  std::vector<Token> kept;
  if (from_start) {
    for (const Token& t : tokens) {
      if (!ok(t)) break;
      kept.push_back(t);
    }
  } else {
    for (auto t = tokens.rbegin(); t != tokens.rend(); ++t) {
      if (!ok(*t)) break;
      kept.insert(kept.begin(), *t);
    }
  }
  // A name begins with a word or initials and ends with a word.
  while (!kept.empty() && kept.front().kind == TokenKind::particle) kept.erase(kept.begin());
  while (!kept.empty() && kept.back().kind != TokenKind::word) kept.pop_back();
  if (kept.empty()) return std::nullopt;
  // In a headline in title case a verb looks like a name: two capitalized words at most.
  if (title_case_line(text, kept.front().span.start)) {
    int words = 0;
    std::vector<Token> cut;
    if (from_start) {
      for (const Token& t : kept) {
        if (t.kind == TokenKind::word && ++words > 2) break;
        cut.push_back(t);
      }
    } else {
      for (auto t = kept.rbegin(); t != kept.rend(); ++t) {
        if (t->kind == TokenKind::word && ++words > 2) break;
        cut.insert(cut.begin(), *t);
      }
    }
    kept = std::move(cut);
    while (!kept.empty() && kept.front().kind == TokenKind::particle) kept.erase(kept.begin());
  }
  if (kept.size() < 2 || kept.size() > 5) return std::nullopt;
  const auto words = std::count_if(kept.begin(), kept.end(), [](const Token& t) { return t.kind == TokenKind::word; });
  if (words < 1 || words > 4) return std::nullopt;
  return Span{kept.front().span.start, kept.back().span.end};
}

// The role as the record gives it: the normalized role when the whole phrase is a
// role word, or when every part of "X and Y" / X兼Y is; else as written.
std::string normalize_role(std::string_view written, Lang lang, const PersonWords& w) {
  const std::string f = fold_key(written);
  if (auto it = w.roles.find(f); it != w.roles.end()) return it->second;
  std::vector<std::string> parts;
  if (lang == Lang::zh) {
    std::string cur;
    std::size_t i = 0;
    while (i < f.size()) {
      const std::size_t s = i;
      const char32_t c = next_code_point(f, i);
      if (c == U'兼' || c == U'、' || c == U'和' || c == U'及' || c == U'与' || c == U'暨' || c == ',') {
        parts.push_back(cur);
        cur.clear();
      } else {
        cur += f.substr(s, i - s);
      }
    }
    parts.push_back(cur);
  } else {
    std::string cur;
    for (const std::string& t : split_blanks(f)) {
      if (t == "and" || t == "&") {
        parts.push_back(cur);
        cur.clear();
      } else {
        cur += (cur.empty() ? "" : " ") + t;
      }
    }
    parts.push_back(cur);
  }
  std::string out;
  for (std::string p : parts) {
    // "(ceo)" after a Chinese role repeats it.
    if (const std::size_t b = p.find('('); b != std::string::npos) p = p.substr(0, b);
    auto it = w.roles.find(trim(p));
    if (it == w.roles.end()) {
      std::string asis;
      for (const std::string& t : split_blanks(written)) asis += (asis.empty() ? "" : " ") + t;
      return asis;
    }
    if (out.find(it->second) != std::string::npos) continue;
    out += (out.empty() ? "" : " and ") + it->second;
  }
  return out;
}

constexpr std::array<unsigned char, 256> kFold = [] {
  std::array<unsigned char, 256> f{};
  for (int c = 0; c < 256; ++c) f[c] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return f;
}();

// The bytes of a word to RE2's \b: ASCII letters, digits and '_'.
constexpr std::array<bool, 256> kWordByte = [] {
  std::array<bool, 256> w{};
  for (int c = 0; c < 256; ++c) w[c] = (c >= '0' && c <= '9') || (kFold[c] >= 'a' && kFold[c] <= 'z') || c == '_';
  return w;
}();
bool is_word_byte(unsigned char c) { return kWordByte[c]; }

// The offset of the first byte at or after `i` that is not ASCII, or t.size(); eight
// bytes at a time.
std::size_t next_non_ascii(std::string_view t, std::size_t i) {
  const std::size_t n = t.size();
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, t.data() + i, 8);
    if (w & 0x8080808080808080ull) break;
  }
  while (i < n && static_cast<unsigned char>(t[i]) < 0x80) ++i;
  return i;
}

}  // namespace

// ---------------------------------------------------------------------------
// Where patterns are looked for
//
// Every match of a pattern holds a role group that starts with a role phrase or a
// trigger: word, and lies within one line (a newline may be its first or last
// character); the pattern files promise it and their examples check it. So a pattern
// is looked for only in the lines that hold such a word, which a literal scan finds
// several times faster than one RE2 pass over the text, and most lines hold none.
//
// A phrase is looked for by its longest word: a space in a phrase matches blanks, so
// every match of the phrase holds each of its words whole. ASCII letters match in any
// case, as the English patterns' (?i:...) do; a text holding the only other letters
// RE2 folds to ASCII ones (U+017F long s, U+212A Kelvin sign) is searched whole. In
// English a word must stand whole (no letter, digit or '_' on either side), as the
// role group's \b and blanks make it.
struct PersonExtractor::RoleScan {
  std::vector<std::string> words;                   // folded
  std::vector<std::vector<std::uint16_t>> buckets;  // word indexes by their first two bytes
  std::vector<std::uint16_t> bucket_of;             // first two (folded) bytes -> bucket + 1, or 0
  std::array<std::uint16_t, 256> single_of{};       // one-byte word's byte -> word index + 1, or 0
  std::array<bool, 256> starts{};                   // bytes (as written) that fold to a word's first
  // Cheap tests before hit(), both exact (they only say where no word can start):
  // the first two folded bytes of the words of two bytes or more, as bits (8 KB, in
  // cache where bucket_of's 128 KB is not), and, for a lead byte of a three-byte
  // character that starts only words of three bytes or more, the first characters
  // of those words (a Chinese line holds mostly such bytes; few start a role word).
  std::vector<std::uint64_t> pair_bits;             // 65536 bits
  std::vector<std::uint64_t> char_bits;             // 65536 bits: code points U+0000..U+FFFF
  std::array<bool, 256> char_filtered{};            // lead bytes whose words char_bits covers
  bool english = false;    // whole words only
  bool mid_word = false;   // a word starts with a byte that is no word byte: try every byte
  bool usable = false;

  RoleScan(const PersonWords& w, bool en) : english(en) {
    // A phrase's last word: the noun of a title ("officer", "president"), rarer in
    // text than the words before it ("chief", "financial").
    auto add = [&](std::string_view phrase) {
      std::string pick;
      for (const std::string& word : split_blanks(phrase)) {
        const bool ascii = std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        // (?i:...) folds non-ASCII letters too: in English only ASCII words are safe.
        if (ascii || !english) pick = word;
      }
      if (pick.empty()) return false;
      for (char& c : pick) c = static_cast<char>(kFold[static_cast<unsigned char>(c)]);
      if (std::find(words.begin(), words.end(), pick) == words.end()) words.push_back(std::move(pick));
      return true;
    };
    bool all = true;
    for (const auto& [phrase, norm] : w.roles) all = add(phrase) && all;
    for (const std::string& t : w.triggers) all = add(t) && all;
    usable = all && !words.empty() && words.size() < 65535;
    bucket_of.assign(usable ? 65536 : 0, 0);
    pair_bits.assign(usable ? 1024 : 0, 0);
    char_bits.assign(usable ? 1024 : 0, 0);
    for (int c = 0xE0; usable && c < 0xF0; ++c) char_filtered[c] = true;
    for (std::size_t i = 0; usable && i < words.size(); ++i) {
      const auto* b = reinterpret_cast<const unsigned char*>(words[i].data());
      for (int c = 0; c < 256; ++c)
        if (kFold[c] == b[0]) starts[c] = true;  // by the byte as written
      if (!is_word_byte(b[0])) mid_word = true;
      if (b[0] >= 0xE0 && b[0] < 0xF0) {
        if (words[i].size() < 3) char_filtered[b[0]] = false;
        else set_bit(char_bits, char_index(b));
      }
      if (words[i].size() == 1) {
        single_of[b[0]] = static_cast<std::uint16_t>(i + 1);
        continue;
      }
      set_bit(pair_bits, static_cast<std::size_t>(b[0]) << 8 | b[1]);
      std::uint16_t& slot = bucket_of[static_cast<std::size_t>(b[0]) << 8 | b[1]];
      if (!slot) {
        buckets.emplace_back();
        slot = static_cast<std::uint16_t>(buckets.size());
      }
      buckets[slot - 1].push_back(static_cast<std::uint16_t>(i));
    }
  }

  static void set_bit(std::vector<std::uint64_t>& bits, std::size_t k) { bits[k >> 6] |= std::uint64_t{1} << (k & 63); }
  static bool test_bit(const std::vector<std::uint64_t>& bits, std::size_t k) {
    return (bits[k >> 6] >> (k & 63)) & 1u;
  }
  // The code point of a three-byte character at p (the same for the same bytes; other
  // bytes may give it too, which only costs a look with hit()).
  static std::size_t char_index(const unsigned char* p) {
    return static_cast<std::size_t>(p[0] & 0x0F) << 12 | static_cast<std::size_t>(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
  }

#if defined(__SSE2__)
  // Bit j set when p[j] is a word byte (kWordByte), for j < 16.
  static std::uint32_t word_byte_mask(const unsigned char* p) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i flip = _mm_set1_epi8(static_cast<char>(0x80));
    // (x - lo) < count as unsigned bytes, by a signed compare of both sides shifted by 0x80.
    auto in_range = [&](__m128i x, char lo, int count) {
      const __m128i d = _mm_xor_si128(_mm_sub_epi8(x, _mm_set1_epi8(lo)), flip);
      return _mm_cmplt_epi8(d, _mm_set1_epi8(static_cast<char>(count - 128)));
    };
    const __m128i letter = in_range(_mm_or_si128(c, _mm_set1_epi8(0x20)), 'a', 26);  // either case
    const __m128i digit = in_range(c, '0', 10);
    const __m128i under = _mm_cmpeq_epi8(c, _mm_set1_epi8('_'));
    return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), under)));
  }

#endif

  // Whether one of the words stands at t[i], with the cheap tests first.
  bool may_start(const unsigned char* p, std::string_view t, std::size_t i) const {
    if (!starts[p[i]]) return false;
    if (char_filtered[p[i]] && i + 2 < t.size() && !test_bit(char_bits, char_index(p + i))) return false;
    return hit(p, t, i);
  }

  // Whether words[k] stands at t[i] (folded, and whole in English).
  [[gnu::always_inline]] bool at(std::string_view t, std::size_t i, std::size_t k) const {
    const std::string& word = words[k];
    if (word.size() > t.size() - i) return false;
    for (std::size_t j = 0; j < word.size(); ++j)
      if (kFold[static_cast<unsigned char>(t[i + j])] != static_cast<unsigned char>(word[j])) return false;
    if (!english) return true;
    const auto first = static_cast<unsigned char>(word.front()), last = static_cast<unsigned char>(word.back());
    if (is_word_byte(first) && i > 0 && is_word_byte(static_cast<unsigned char>(t[i - 1]))) return false;
    const std::size_t e = i + word.size();
    return !(is_word_byte(last) && e < t.size() && is_word_byte(static_cast<unsigned char>(t[e])));
  }

  // Whether one of the words stands at t[i].
  bool hit(const unsigned char* p, std::string_view t, std::size_t i) const {
    const unsigned char c0 = kFold[p[i]];
    if (single_of[c0] && at(t, i, single_of[c0] - 1u)) return true;
    if (i + 1 == t.size()) return false;
    if (!test_bit(pair_bits, static_cast<std::size_t>(c0) << 8 | kFold[p[i + 1]])) return false;
    const std::uint16_t b = bucket_of[static_cast<std::size_t>(c0) << 8 | kFold[p[i + 1]]];
    if (!b) return false;
    for (std::uint16_t k : buckets[b - 1u])
      if (at(t, i, k)) return true;
    return false;
  }

  // The offset of the first word at or after `from`, or npos. In English, when every
  // word starts with a word byte, only the starts of words are tried.
  std::size_t find(std::string_view t, std::size_t from) const {
    const auto* p = reinterpret_cast<const unsigned char*>(t.data());
    const std::size_t n = t.size();
    std::size_t i = from;
    if (english && !mid_word) {
#if defined(__SSE2__)
      // Sixteen bytes at a time: the word starts of a block are the word bytes whose
      // byte before is none; the same positions the loop below tries, in order.
      bool before = i > 0 && i < n && kWordByte[p[i - 1]];
      for (; i + 16 <= n; i += 16) {
        const std::uint32_t words = word_byte_mask(p + i);
        std::uint32_t heads = words & ~(words << 1 | static_cast<std::uint32_t>(before));
        before = (words >> 15) & 1u;
        for (; heads; heads &= heads - 1) {
          const std::size_t k = i + static_cast<std::size_t>(__builtin_ctz(heads));
          if (starts[p[k]] && hit(p, t, k)) return k;
        }
      }
#endif
      while (i > 0 && i < n && kWordByte[p[i - 1]] && kWordByte[p[i]]) ++i;  // finish a word begun before
      while (i < n) {
        while (i < n && !kWordByte[p[i]]) ++i;
        if (i < n && starts[p[i]] && hit(p, t, i)) return i;
        while (i < n && kWordByte[p[i]]) ++i;
      }
      return std::string_view::npos;
    }
    for (; i < n; ++i)
      if (may_start(p, t, i)) return i;
    return std::string_view::npos;
  }

  // The windows to look for patterns in: each line with a word, with the newlines
  // around it, merged where they touch. nullopt: look everywhere.
  std::optional<std::vector<Span>> lines(std::string_view t) const {
    if (!usable || t.find("\xC5\xBF") != std::string_view::npos || t.find("\xE2\x84\xAA") != std::string_view::npos)
      return std::nullopt;
    std::vector<Span> out;
    const std::size_t n = t.size();
    for (std::size_t i = 0; i < n;) {
      // The line to try: in English the one of the next word; in Chinese the next
      // with a non-ASCII byte, since a line of ASCII gives no Chinese person (an ASCII
      // role with a Latin name is left to the English patterns, see match_rule, and
      // any other name is not ASCII).
      const std::size_t at = english ? find(t, i) : next_non_ascii(t, i);
      if (at == std::string_view::npos || at == n) break;
      const std::size_t nl = t.rfind('\n', at);
      const std::size_t line_start = nl == std::string_view::npos ? 0 : nl + 1;
      const std::size_t line_end = std::min(t.find('\n', at), n);
      i = line_end + 1;
      if (!english && find(t.substr(0, line_end), line_start) == std::string_view::npos) continue;
      // With the newlines around the line: a match may start or end with one.
      const Span w{line_start == 0 ? 0 : line_start - 1, std::min(line_end + 1, n)};
      if (!out.empty() && out.back().end >= w.start) out.back().end = w.end;
      else out.push_back(w);
    }
    return out;
  }
};

PersonExtractor::PersonExtractor(const std::vector<std::string>& rule_dirs) {
  std::vector<RuleSource> sources = embedded_person_sources();
  for (const auto& d : rule_dirs) add_person_dir(sources, d);
  rules_ = parse_person_rules(sources);
  en_scan_ = std::make_unique<const RoleScan>(rules_.en, true);
  zh_scan_ = std::make_unique<const RoleScan>(rules_.zh, false);
  check_examples_pass_the_scan();
}

PersonExtractor::PersonExtractor(PersonRules rules)
    : rules_(std::move(rules)),
      en_scan_(std::make_unique<const RoleScan>(rules_.en, true)),
      zh_scan_(std::make_unique<const RoleScan>(rules_.zh, false)) {
  check_examples_pass_the_scan();
}

// A pattern (a --rules one, say) whose matches can lie in a line without a role
// phrase or trigger: word would silently find nothing there: the line scan never
// hands it that line. Its examples show where it matches, so each must pass.
void PersonExtractor::check_examples_pass_the_scan() const {
  for (const PersonRule& r : rules_.rules) {
    const RoleScan& scan = r.lang == Lang::zh ? *zh_scan_ : *en_scan_;
    for (const PersonExample& ex : r.examples) {
      // As find() scans: Chinese normalized (執行長 -> 执行长), English as written.
      const std::optional<std::vector<Span>> lines =
          scan.lines(r.lang == Lang::zh ? normalizer_.normalize(ex.text).text : ex.text);
      if (!lines || !lines->empty()) continue;
      throw std::runtime_error(r.origin + ":" + std::to_string(ex.line) + ": pattern " + r.name +
                               ": the example holds no role phrase or trigger: word, so the pattern is never tried "
                               "on such a line (add the word its role group starts with to trigger:)");
    }
  }
}

PersonExtractor::~PersonExtractor() = default;

namespace {

// The company that ends right before `role` (only blanks, closing brackets and gap
// words between), e.g. "Nvidia's CEO", 阿里巴巴集团CEO.
const Mention* company_before(const Context& ctx, std::size_t role_start, const PersonWords& w,
                              const Normalizer& norm) {
  const Mention* best = nullptr;
  for (const Mention* m : ctx.companies)
    if (m->span.end <= role_start && (!best || m->span.end > best->span.end)) best = m;
  if (!best || role_start - best->span.end > 24) return nullptr;
  std::string gap = norm.normalize(ctx.doc.text.substr(best->span.end, role_start - best->span.end)).text;
  std::string_view g = gap;
  while (true) {
    while (!g.empty() && (is_blank(g.front()) || g.front() == ')' || g.front() == ']')) g.remove_prefix(1);
    if (g.empty()) return best;
    bool cut = false;
    for (const std::string& word : w.gaps) {
      if (!word.empty() && g.substr(0, word.size()) == word) {
        g.remove_prefix(word.size());
        cut = true;
        break;
      }
    }
    if (!cut) return nullptr;
  }
}

// Whether `s` is exactly one token of the segmentation.
bool single_token(const Context& ctx, Span s) {
  const auto& words = ctx.doc.words;
  auto it = std::lower_bound(words.begin(), words.end(), s.start,
                             [](const Span& w, std::size_t v) { return w.start < v; });
  return it != words.end() && *it == s;
}

// A Chinese name at normalized [a, b): how much of it is the name. Cut at the first
// stop word; then the longest stretch that reads as a name (a family name and one or
// two characters, or a transliteration, or parts joined by middle dots) and ends where
// the text gives it an end (a stop word, punctuation, the end of the match) or on a
// token boundary. Returns the normalized end, or 0.
std::size_t chinese_name_end(const Context& ctx, const NormalizedText& n, std::size_t a, std::size_t b,
                             const PersonWords& w) {
  const std::string_view t = n.text;
  // Character offsets of the stretch.
  std::vector<std::size_t> at;  // byte offset of each character, then b
  std::vector<char32_t> cps;
  for (std::size_t i = a; i < b;) {
    at.push_back(i);
    cps.push_back(next_code_point(t, i));
  }
  at.push_back(b);
  const std::size_t count = cps.size();
  std::size_t last_dot = count;  // index of the last middle dot, or count
  for (std::size_t i = 0; i < count; ++i)
    if (is_name_dot(cps[i])) last_dot = i;
  const bool dotted = last_dot < count;
  const std::size_t first = dotted ? last_dot + 1 : 0;  // stop words are looked for from here
  // The first stop word.
  std::size_t cut = count;
  for (std::size_t i = first; i < count && cut == count; ++i)
    for (std::size_t len = 1; len <= 4 && i + len <= count; ++len)
      if (w.stops.count(t.substr(at[i], at[i + len] - at[i]))) {
        cut = i;
        break;
      }
  if (cut == 0) return 0;
  // The parts before the last dot are transliterations whole (总统候选人约翰·… is not one name).
  for (std::size_t i = 0; dotted && i < last_dot; ++i)
    if (!is_name_dot(cps[i]) && !w.translit.count(cps[i])) return 0;
  // The regex stopped at a non-Han character or the end: a hard end.
  const bool hard = cut < count || !is_han(cp_at(t, b));
  auto surname_len = [&]() -> std::size_t {
    if (count >= 2 && w.surnames.count(t.substr(at[0], at[2] - at[0]))) return 2;
    if (count >= 1 && w.surnames.count(t.substr(at[0], at[1] - at[0]))) return 1;
    return 0;
  };
  const std::size_t sur = dotted ? 0 : surname_len();
  for (std::size_t len = cut; len >= 2; --len) {
    bool plausible = false;
    if (dotted) {
      plausible = len >= last_dot + 2;
    } else {
      if (sur && len > sur && len <= sur + 2) plausible = true;
      // A family name and one character that the segmentation holds as one word is a
      // word (任命, 高度) unless the text ends it there (李强出席).
      if (plausible && len == 2 && !(len == cut && hard) && single_token(ctx, n.to_input({a, at[len]})))
        plausible = false;
      if (!plausible && len <= 6 &&
          std::all_of(cps.begin(), cps.begin() + static_cast<std::ptrdiff_t>(len),
                      [&](char32_t c) { return w.translit.count(c) > 0; }))
        plausible = true;
    }
    if (!plausible) continue;
    const bool end_ok = (len == cut && hard) || ctx.on_boundary(n.to_input({a, at[len]}).end);
    if (end_ok) return at[len];
  }
  return 0;
}

std::string unify_dots(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t c = next_code_point(s, i);
    append_utf8(out, is_name_dot(c) ? U'·' : c);
  }
  return out;
}

// The next match of `re` in `text` from `pos`, looked for only inside `windows`
// (sorted, apart; nullptr = the whole text). The same match as a search of the
// whole text from `pos` when every match lies inside a window: the first window with
// a match holds the leftmost match, found with the same context (RE2 reads the text
// around [from, end) for \b and ^), and all of its extents end inside the window,
// so the preferred one is found too. `w` is the window to start from; it moves on.
bool next_match(const RE2& re, std::string_view text, std::size_t pos, const std::vector<Span>* windows,
                std::size_t& w, re2::StringPiece* g, int ngroups) {
  if (!windows) return pos < text.size() && re.Match(text, pos, text.size(), RE2::UNANCHORED, g, ngroups);
  for (; w < windows->size(); ++w) {
    const Span win = (*windows)[w];
    const std::size_t from = std::max(pos, win.start);
    if (from < win.end && re.Match(text, from, win.end, RE2::UNANCHORED, g, ngroups)) return true;
  }
  return false;
}

void match_rule(const Context& ctx, const PersonRules& rules, const Normalizer& normalizer, const PersonRule& rule,
                const std::vector<Span>* windows, std::vector<Candidate>& out) {
  const Document& doc = ctx.doc;
  const RE2& re = *rule.re;
  const bool zh = rule.lang == Lang::zh;
  const std::string_view text = zh ? std::string_view(doc.normalized.text) : std::string_view(doc.text);
  if (zh && doc.normalized.input_start.size() != doc.normalized.text.size() + 1) return;
  const PersonWords& w = rules.words(rule.lang);

  const int ngroups = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> g(static_cast<std::size_t>(ngroups));
  const auto& names = re.NamedCapturingGroups();
  // The groups by index (-1: the pattern has none of that name), looked up once.
  auto group_at = [&](int index) -> std::optional<Span> {
    if (index < 0) return std::nullopt;
    const re2::StringPiece& p = g[static_cast<std::size_t>(index)];
    if (p.data() == nullptr) return std::nullopt;
    const auto start = static_cast<std::size_t>(p.data() - text.data());
    return Span{start, start + p.size()};
  };
  auto index_of = [&](const char* name) {
    auto it = names.find(name);
    return it == names.end() ? -1 : it->second;
  };
  const int role_group = index_of("role"), name_group = index_of("name"), en_group = index_of("en");
  auto to_input = [&](Span s) { return zh ? doc.normalized.to_input(s) : s; };

  std::size_t pos = 0;
  std::size_t window = 0;
  while (next_match(re, text, pos, windows, window, g.data(), ngroups)) {
    const auto mstart = static_cast<std::size_t>(g[0].data() - text.data());
    const std::size_t mend = mstart + g[0].size();
    const std::optional<Span> role = group_at(role_group);
    const std::optional<Span> name = group_at(name_group);
    // Go on after the role: a role inside the stretch taken for a name starts a match
    // of its own ("Nvidia CEO Jensen Huang Meets President Joe Doakes").
    std::size_t next = std::max(mend, mstart + 1);
    if (role) next = std::max(mstart + 1, role->end);
    // Step to a character boundary.
    while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
    pos = next;
    if (!role || !name || name->empty()) continue;

    const Span role_in = to_input(*role);
    const std::string_view role_text = zh ? text.substr(role->start, role->size())
                                          : std::string_view(doc.text).substr(role_in.start, role_in.size());
    std::string_view role_view = role_text;
    // "director for games at the tech giant": the role ends before "at".
    if (const std::size_t at = role_view.find(" at "); !zh && at != std::string_view::npos)
      role_view = role_view.substr(0, at);
    std::string role_norm = normalize_role(role_view, rule.lang, w);
    std::string org;
    for (const auto& [gname, idx] : names) {
      if (gname.rfind("org", 0) != 0 || !org.empty()) continue;
      if (auto s = group_at(idx))
        if (const Mention* m = ctx.company_in(to_input(*s))) org = m->key;
    }
    if (org.empty())
      if (const Mention* m = company_before(ctx, role_in.start, w, normalizer)) org = m->key;
    if (org.empty() && !zh) {
      // "CEO of Oracle": the company that ends the role.
      for (const Mention* m : ctx.companies) {
        if (m->span.start <= role_in.start || m->span.end != role_in.end) continue;
        std::string_view before = trim(std::string_view(doc.text).substr(role_in.start, m->span.start - role_in.start));
        const std::string f = fold_key(before);
        for (std::string_view link : {" of", " at"})
          if (f.size() > link.size() && f.compare(f.size() - link.size(), link.size(), link) == 0) {
            org = m->key;
            role_norm = normalize_role(before.substr(0, before.size() - link.size()), rule.lang, w);
          }
        break;
      }
    }

    Candidate c;
    c.rule = "person:" + rule.name;
    c.role = role_norm;
    c.org = org;
    const char32_t first = cp_at(text, name->start);
    const bool latin = first < 0x80;
    if (latin) {
      // A Latin name; in a Chinese match it is checked on the input, where it has its capitals.
      const bool ascii_role = std::all_of(role_text.begin(), role_text.end(),
                                          [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
      if (zh && ascii_role) continue;  // "ceo larry ellison": the English patterns read it
      const Span in = to_input(*name);
      auto kept = trim_latin(ctx, in, role_in.start < in.start, rules.en);
      if (!kept) continue;
      c.span = *kept;
      c.name = std::string(doc.slice(*kept));
      c.key = latin_key(c.name);
      c.surname = c.name.substr(c.name.rfind(' ') + 1);
      out.push_back(std::move(c));
      continue;
    }
    if (!zh) continue;
    const std::size_t end = chinese_name_end(ctx, doc.normalized, name->start, name->end, w);
    if (!end) continue;
    c.span = to_input({name->start, end});
    c.zh = std::string(doc.slice(c.span));
    c.key = unify_dots(text.substr(name->start, end - name->start));
    c.name = c.zh;
    c.han = c.key;
    if (const std::size_t dot = c.key.rfind("·"); dot != std::string::npos) c.surname = c.key.substr(dot + 2);
    // A Latin name in brackets right after: the English name.
    std::optional<Span> en = end == name->end ? group_at(en_group) : std::nullopt;
    if (en) {
      const Span en_in = to_input(*en);
      const Span whole{en_in.start, en_in.end};
      auto kept = trim_latin(ctx, whole, true, rules.en);
      if (kept && kept->start == whole.start &&
          trim(std::string_view(doc.text).substr(kept->end, whole.end - kept->end)).empty()) {
        Candidate e = c;
        e.span = *kept;
        e.name = std::string(doc.slice(*kept));
        e.key = latin_key(e.name);
        e.han.clear();
        e.surname = e.name.substr(e.name.rfind(' ') + 1);
        c.name = e.name;
        c.key = e.key;
        out.push_back(std::move(e));
      }
    }
    out.push_back(std::move(c));
  }
}

}  // namespace

std::vector<Mention> PersonExtractor::find(const Document& doc) const { return find(doc, true); }

std::vector<Mention> PersonExtractor::find_unfiltered(const Document& doc) const { return find(doc, false); }

std::vector<Mention> PersonExtractor::find(const Document& doc, bool prefilter) const {
  const Context ctx(doc);
  // The lines with role words, per language, made when a rule of it first needs them.
  std::optional<std::optional<std::vector<Span>>> en_lines, zh_lines;
  auto windows = [&](Lang lang) -> const std::vector<Span>* {
    if (!prefilter) return nullptr;
    const bool zh = lang == Lang::zh;
    auto& lines = zh ? zh_lines : en_lines;
    if (!lines) lines = (zh ? *zh_scan_ : *en_scan_).lines(zh ? doc.normalized.text : doc.text);
    return *lines ? &**lines : nullptr;
  };
  std::vector<Candidate> cands;
  for (std::size_t i = 0; i < rules_.rules.size(); ++i) {
    const std::size_t before = cands.size();
    const PersonRule& rule = rules_.rules[i];
    match_rule(ctx, rules_, normalizer_, rule, windows(rule.lang), cands);
    for (std::size_t j = before; j < cands.size(); ++j) cands[j].order = i;
  }
  // Known people, companies and chips win; then the longest name, the earlier rule.
  std::stable_sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    if (a.span.size() != b.span.size()) return a.span.size() > b.span.size();
    if (a.order != b.order) return a.order < b.order;
    return a.span.start < b.span.start;
  });
  std::vector<Candidate> kept;
  for (Candidate& c : cands) {
    if (c.span.empty() || ctx.is_blocked(c.span) || ctx.is_known_person(c.span)) continue;
    if (std::any_of(kept.begin(), kept.end(), [&](const Candidate& k) { return k.span.overlaps(c.span); })) continue;
    kept.push_back(std::move(c));
  }

  // Later (or earlier) mentions of the same people: the full name, and a Latin name's
  // surname alone ("Whitfield said") or a transliteration's last part (卡茨表示).
  std::vector<Candidate> repeats;
  auto taken = [&](Span s) {
    auto hit = [&](const Span& o) { return o.overlaps(s); };
    return std::any_of(ctx.all.begin(), ctx.all.end(), hit) ||
           std::any_of(kept.begin(), kept.end(), [&](const Candidate& k) { return k.span.overlaps(s); }) ||
           std::any_of(repeats.begin(), repeats.end(), [&](const Candidate& k) { return k.span.overlaps(s); });
  };
  const std::string_view text = doc.text;
  const NormalizedText& n = doc.normalized;
  const std::size_t nkept = kept.size();
  for (std::size_t k = 0; k < nkept; ++k) {
    const Candidate& c = kept[k];
    auto add = [&](Span s) {
      if (taken(s)) return;
      Candidate r = c;
      r.span = s;
      r.rule = "person:repeat";
      repeats.push_back(std::move(r));
    };
    if (c.han.empty()) {
      std::vector<std::string> forms = {std::string(doc.slice(c.span))};
      if (c.surname.size() >= 3 && token_kind(c.surname) == TokenKind::word) forms.push_back(c.surname);
      for (std::size_t f = 0; f < forms.size(); ++f) {
        const std::string& form = forms[f];
        for (std::size_t p = text.find(form); p != std::string_view::npos; p = text.find(form, p + 1)) {
          const std::size_t e = p + form.size();
          if (is_latin_word_char(cp_before(text, p)) || is_latin_word_char(cp_at(text, e))) continue;
          if (f == 1) {
            // A surname alone: not part of some other capitalized name.
            std::size_t q = p;
            while (q > 0 && is_blank(text[q - 1])) --q;
            if (q < p && q > 0) {
              std::size_t ws = q;
              while (ws > 0 && is_alnum(cp_before(text, ws))) {
                std::size_t s2 = ws - 1;
                while (s2 > 0 && (static_cast<unsigned char>(text[s2]) & 0xC0) == 0x80) --s2;
                ws = s2;
              }
              if (is_upper(cp_at(text, ws))) continue;
            }
            std::size_t r = e;
            while (r < text.size() && is_blank(text[r])) ++r;
            if (r > e && is_upper(cp_at(text, r))) continue;
          }
          add({p, e});
        }
      }
    } else if (n.input_start.size() == n.text.size() + 1) {
      std::vector<std::string> forms = {c.han};
      if (c.surname.size() >= 6) forms.push_back(c.surname);  // two or more Han characters
      for (const std::string& form : forms) {
        if (form.empty() || static_cast<unsigned char>(form[0]) < 0x80) continue;
        // The normalized text keeps the dot as written: look for the name with any dot.
        // A name starts with its first character, and in valid UTF-8 (the pipeline
        // checks it) a character starts with the same byte wherever it stands: jump from
        // one such byte to the next. A first dot may be another dot: try every character.
        const auto lead = static_cast<unsigned char>(form[0]);
        std::size_t first_end = 0;
        const bool jump = !is_name_dot(next_code_point(form, first_end)) && lead >= 0xC0 && lead < 0xF0;
        for (std::size_t p = jump ? n.text.find(form[0]) : 0; p < n.text.size();
             p = jump ? n.text.find(form[0], p + 1) : p + 1) {
          if ((static_cast<unsigned char>(n.text[p]) & 0xC0) == 0x80) continue;  // inside a character
          std::size_t i = p, j = 0;
          while (i < n.text.size() && j < form.size()) {
            std::size_t i2 = i, j2 = j;
            const char32_t a = next_code_point(n.text, i2);
            const char32_t b = next_code_point(form, j2);
            if (!(a == b || (is_name_dot(a) && is_name_dot(b)))) break;
            i = i2;
            j = j2;
          }
          if (j < form.size()) continue;
          const Span in = n.to_input({p, i});
          if (ctx.on_boundary(in.start) && ctx.on_boundary(in.end)) add(in);
          p = i - 1;
        }
      }
    }
  }

  std::vector<Mention> out;
  for (auto* list : {&kept, &repeats})
    for (Candidate& c : *list) {
      Mention m;
      m.type = EntityType::person;
      m.span = c.span;
      m.key = c.key;
      m.attrs = {{"name", c.name}, {"zh", c.zh}, {"role", c.role}, {"org", c.org}};
      m.rule = c.rule;
      out.push_back(std::move(m));
    }
  std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) {
    return a.span.start != b.span.start ? a.span.start < b.span.start : a.span.end < b.span.end;
  });
  return out;
}

void PersonExtractor::extract(Document& doc) const {
  std::vector<Mention> found = find(doc);
  doc.mentions.insert(doc.mentions.end(), std::make_move_iterator(found.begin()),
                      std::make_move_iterator(found.end()));
}

}  // namespace newsdeal
