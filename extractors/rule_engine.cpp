#include "extractors/rule_engine.h"

#include "extractors/group_memo.h"
#include "extractors/regex_filter.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>

#include "lang/numerals.h"

namespace newsdeal {

struct RuleEngine::Scanner {
  std::unique_ptr<RE2::Set> set;
  std::vector<std::uint32_t> rules;  // by set index: index into book_.rules
  std::uint32_t types = 0;           // bit per EntityType of its rules
};

// What a rule's keys need of its groups, resolved to group numbers once (-1: the
// pattern has no such group).
struct RuleEngine::Plan {
  int ncap = 1;             // 1 + the highest group number the rule reads
  std::uint32_t rank = 0;   // index among the rules of its language and type
  int span = -1;
  int value = -1, min = -1, max = -1;
  std::vector<int> scale, bound, approx, negate;
  std::vector<std::vector<int>> attrs;  // parallel to Rule::attrs (map order)
  // The rule's pattern with its long bounded repetitions opened, which RE2 reads
  // groups from many times faster (see extractors/regex_filter.h); null when the
  // pattern has none. Its groups are the rule's with the opened ones inserted.
  std::unique_ptr<RE2> opened;
  std::vector<int> opened_groups;          // their numbers, ascending
  std::vector<OpenedPattern::Bound> bounds;  // parallel to opened_groups
  // The pattern cannot tell digits apart: its groups may come from the GroupMemo.
  bool memo = false;
};

// A whole match of one rule, its groups not read yet.
struct RuleEngine::Candidate {
  std::uint32_t rule;      // index into book_.rules
  std::uint32_t lang_pos;  // position of the rule's language in the langs asked for
  std::uint32_t start, end;
  std::uint32_t rank;      // lang_pos, then the rule's rank: the rule order of the original engine
  int priority;
  EntityType type;
  std::uint32_t scanner, chunk;  // where the set found the rule (its language's set, the chunk): the eager order
};

namespace {

constexpr std::uint32_t type_bit(EntityType t) { return 1u << static_cast<unsigned>(t); }

std::string collapse(std::string_view s, bool drop_spaces) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty() && !drop_spaces) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

// Submatches of one match, by group number.
class Groups {
 public:
  Groups(const re2::StringPiece* sub, int n, std::string_view text) : sub_(sub), n_(n), text_(text) {}

  const re2::StringPiece* get(int i) const {
    if (i < 0 || i >= n_) return nullptr;
    const re2::StringPiece& p = sub_[i];
    return p.data() ? &p : nullptr;
  }
  bool matched(int i) const { return get(i) != nullptr; }
  std::optional<Span> span(int i) const {
    const re2::StringPiece* p = get(i);
    if (!p) return std::nullopt;
    std::size_t start = static_cast<std::size_t>(p->data() - text_.data());
    return Span{start, start + p->size()};
  }
  std::string_view str(int i) const {
    const re2::StringPiece* p = get(i);
    return p ? std::string_view(p->data(), p->size()) : std::string_view();
  }

 private:
  const re2::StringPiece* sub_;
  int n_;
  std::string_view text_;
};

std::optional<Range> eval(const ValueSource& v, int group, const Groups& g) {
  if (v.literal) return v.literal;
  if (!g.matched(group)) return std::nullopt;
  return parse_number(g.str(group));
}

// ---- Relaxed patterns for the scanning set.
//
// The set only has to say which rules may match somewhere in a text: their own
// RE2 then finds where. Any pattern that matches somewhere in every text the
// rule's pattern matches in will do, and a smaller one makes a smaller DFA, far
// cheaper to build as new text comes (the optional lead-ins, {APPROX} or
// {BOUND} alternations before most numerals, multiply the states of an
// unanchored DFA). filter_pattern drops the optional items at both ends of a
// pattern's top-level concatenation and opens a group that is all that remains:
// a match of A? B C is a match of B C on the same text, whose context (\b, $)
// is unchanged. Anything it does not fully understand (a top-level |, flags,
// \Q...\E, a brace that is no repetition) leaves the pattern as it is.

// The length of the atom at p[i] (escape, class, group, one UTF-8 character), or
// 0 for anything else.
std::size_t atom_length(std::string_view p, std::size_t i) {
  const std::size_t n = p.size();
  const auto c = static_cast<unsigned char>(p[i]);
  if (c == '\\') {
    if (i + 1 >= n) return 0;
    const auto d = static_cast<unsigned char>(p[i + 1]);
    if (d == 'Q' || (d >= '0' && d <= '9') || d >= 0x80) return 0;
    if (d == 'p' || d == 'P' || d == 'x') {
      if (i + 2 >= n) return 0;
      if (p[i + 2] == '{') {
        std::size_t e = p.find('}', i + 3);
        return e == std::string_view::npos ? 0 : e + 1 - i;
      }
      if (d == 'x') return i + 3 < n ? 4 : 0;
      return static_cast<unsigned char>(p[i + 2]) < 0x80 ? 3 : 0;
    }
    return 2;
  }
  if (c == '[') {
    std::size_t j = i + 1;
    if (j < n && p[j] == '^') ++j;
    if (j < n && p[j] == ']') ++j;  // a ] first is a literal
    while (j < n && p[j] != ']') {
      if (p[j] == '\\') {
        j += 2;
      } else if (p[j] == '[' && j + 1 < n && p[j + 1] == ':') {
        std::size_t e = p.find(":]", j + 2);
        if (e == std::string_view::npos) return 0;
        j = e + 2;
      } else {
        ++j;
      }
    }
    return j < n ? j + 1 - i : 0;
  }
  if (c == '(') {
    int depth = 0;
    for (std::size_t j = i; j < n;) {
      if (p[j] == '\\') {
        if (j + 1 < n && p[j + 1] == 'Q') return 0;
        j += 2;
      } else if (p[j] == '[') {
        std::size_t l = atom_length(p, j);
        if (l == 0) return 0;
        j += l;
      } else {
        if (p[j] == '(') ++depth;
        if (p[j] == ')' && --depth == 0) return j + 1 - i;
        ++j;
      }
    }
    return 0;
  }
  if (c == ')' || c == '|' || c == '*' || c == '+' || c == '?' || c == '{') return 0;
  if (c < 0x80) return 1;
  const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  return len && i + len <= n ? len : 0;
}

// The length of the repetition operator at p[i] (0 when none) and whether it
// allows zero repetitions.
std::size_t repeat_length(std::string_view p, std::size_t i, bool& optional) {
  optional = false;
  const std::size_t n = p.size();
  if (i >= n) return 0;
  std::size_t l = 0;
  if (p[i] == '?' || p[i] == '*') {
    optional = true;
    l = 1;
  } else if (p[i] == '+') {
    l = 1;
  } else if (p[i] == '{') {
    std::size_t j = i + 1;
    const std::size_t digits = j;
    while (j < n && p[j] >= '0' && p[j] <= '9') ++j;
    if (j == digits) return 0;
    optional = p.substr(digits, j - digits).find_first_not_of('0') == std::string_view::npos;
    if (j < n && p[j] == ',') {
      ++j;
      while (j < n && p[j] >= '0' && p[j] <= '9') ++j;
    }
    if (j >= n || p[j] != '}') return 0;
    l = j + 1 - i;
  } else {
    return 0;
  }
  if (i + l < n && p[i + l] == '?') ++l;  // non-greedy
  return l;
}

struct PatternItem {
  std::size_t begin, end;  // with its repetition operator
  bool optional;           // may repeat zero times
  bool open;               // a group without repetition and without flags
  std::size_t inner_begin, inner_end;
};

// The items of p's top-level concatenation; false when p is anything else or
// holds what atom_length does not read.
bool pattern_items(std::string_view p, std::vector<PatternItem>& out) {
  out.clear();
  for (std::size_t i = 0; i < p.size();) {
    if (p[i] == '^' || p[i] == '$') {
      out.push_back({i, i + 1, false, false, 0, 0});
      ++i;
      continue;
    }
    const std::size_t a = atom_length(p, i);
    if (a == 0) return false;
    PatternItem it{i, i + a, false, false, 0, 0};
    if (p[i] == '(') {
      const std::string_view g = p.substr(i, a);
      std::size_t body;
      if (g.substr(0, 3) == "(?:") {
        body = 3;
      } else if (g.substr(0, 4) == "(?P<") {
        body = g.find('>');
        if (body == std::string_view::npos) return false;
        ++body;
      } else if (g.size() > 1 && g[1] != '?') {
        body = 1;
      } else {
        return false;  // flags
      }
      it.open = true;
      it.inner_begin = i + body;
      it.inner_end = i + a - 1;
    }
    bool optional;
    const std::size_t r = repeat_length(p, i + a, optional);
    if (r) it.open = false;
    it.optional = optional;
    it.end = i + a + r;
    out.push_back(it);
    i = it.end;
  }
  return true;
}

std::string filter_pattern(std::string_view p) {
  std::vector<PatternItem> items;
  for (int round = 0; round < 16; ++round) {
    if (!pattern_items(p, items)) break;
    std::size_t b = 0, e = items.size();
    while (b < e && items[b].optional) ++b;
    while (e > b && items[e - 1].optional) --e;
    if (b == e) break;
    if (e - b == 1 && items[b].open) {
      p = p.substr(items[b].inner_begin, items[b].inner_end - items[b].inner_begin);
      continue;
    }
    return std::string(p.substr(items[b].begin, items[e - 1].end - items[b].begin));
  }
  return std::string(p);
}

int group_number(const RE2& re, const std::string& name) {
  const auto& named = re.NamedCapturingGroups();
  auto it = named.find(name);
  return it == named.end() ? -1 : it->second;
}

std::vector<int> group_numbers(const RE2& re, const std::vector<std::string>& names) {
  std::vector<int> out;
  for (const auto& n : names) out.push_back(group_number(re, n));
  return out;
}

// Per thread, reused across calls.
struct Scratch {
  std::vector<int> hits;
  std::vector<re2::StringPiece> sub, opened;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

}  // namespace

namespace {
std::uint64_t next_engine_id() {
  static std::atomic<std::uint64_t> next{1};
  return next++;
}
}  // namespace

RuleEngine::RuleEngine(RuleBook book, const RuleLimits& limits) : book_(std::move(book)), id_(next_engine_id()) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(limits.set_max_mem);

  plans_.resize(book_.rules.size());
  for (std::size_t i = 0; i < book_.rules.size(); ++i) {
    const Rule& r = book_.rules[i];
    Plan& p = plans_[i];
    // Lower-case names are the engine's own; a rule's groups are named in upper case.
    OpenedPattern op = open_long_repetitions(r.pattern, "rep");
    if (!op.bounds.empty()) {
      auto fast = std::make_unique<RE2>(op.pattern, r.re->options());
      if (fast->ok() && fast->NumberOfCapturingGroups() ==
                            r.re->NumberOfCapturingGroups() + static_cast<int>(op.bounds.size())) {
        std::vector<std::pair<int, OpenedPattern::Bound>> numbered;
        for (const auto& b : op.bounds) numbered.emplace_back(fast->NamedCapturingGroups().at(b.group), b);
        std::sort(numbered.begin(), numbered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& [n, b] : numbered) {
          p.opened_groups.push_back(n);
          p.bounds.push_back(std::move(b));
        }
        p.opened = std::move(fast);
      }
    }
    p.memo = digits_interchangeable(r.pattern);
    p.rank = group_sizes_[{r.lang, r.type}]++;
    if (!r.re) continue;
    const RE2& re = *r.re;
    if (!r.span_group.empty()) p.span = group_number(re, r.span_group);
    if (r.value && !r.value->literal) p.value = group_number(re, r.value->group);
    if (r.min && !r.min->literal) p.min = group_number(re, r.min->group);
    if (r.max && !r.max->literal) p.max = group_number(re, r.max->group);
    p.scale = group_numbers(re, r.scale_groups);
    p.bound = group_numbers(re, r.bound_groups);
    p.approx = group_numbers(re, r.approx_groups);
    p.negate = group_numbers(re, r.negate_groups);
    for (const auto& [name, src] : r.attrs) p.attrs.push_back(group_numbers(re, src.groups));
    // Only the groups the rule reads are asked for (none: no second match at all).
    int highest = std::max({p.span, p.value, p.min, p.max});
    for (const auto* v : {&p.scale, &p.bound, &p.approx, &p.negate})
      for (int g : *v) highest = std::max(highest, g);
    for (const auto& v : p.attrs)
      for (int g : v) highest = std::max(highest, g);
    p.ncap = 1 + std::max(highest, 0);
  }

  // The sets as the budget defines them, one per language and type, each of the
  // rules' own patterns: what fails here is a load error.
  std::map<std::pair<Lang, EntityType>, std::unique_ptr<RE2::Set>> checks;
  for (const Rule& r : book_.rules) {
    auto& set = checks[{r.lang, r.type}];
    if (!set) set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
    std::string error;
    if (set->Add(r.pattern, &error) < 0)
      throw std::runtime_error(r.origin + ":" + std::to_string(r.line) + ": rule " + r.name +
                               " cannot join its rule set: " + error);
  }
  for (auto& [key, set] : checks) {
    if (!set->Compile()) {
      const Rule* first = nullptr;
      for (const Rule& r : book_.rules)
        if (r.lang == key.first && r.type == key.second) {
          first = &r;
          break;
        }
      throw std::runtime_error(first->origin + ":" + std::to_string(first->line) + ": the rule set of " +
                               std::string(lang_name(key.first)) + " " + std::string(entity_type_name(key.second)) +
                               " exceeds the RE2 memory budget (set_max_mem " + std::to_string(limits.set_max_mem) +
                               " bytes)");
    }
  }
  checks.clear();

  // The sets that scan: per language, one set of every rule's pattern relaxed
  // (filter_pattern); failing that, of the patterns themselves; failing that, the
  // sets per type that compiled above.
  auto build = [&](const std::vector<std::uint32_t>& rules, bool relaxed, Scanner& sc) {
    sc.set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
    sc.rules.clear();
    sc.types = 0;
    for (std::uint32_t i : rules) {
      const Rule& r = book_.rules[i];
      if (!relaxed || sc.set->Add(loosen_repetitions(filter_pattern(r.pattern)), nullptr) < 0) {
        if (sc.set->Add(r.pattern, nullptr) < 0) return false;
      }
      sc.rules.push_back(i);
      sc.types |= type_bit(r.type);
    }
    return sc.set->Compile();
  };
  std::map<Lang, std::vector<std::uint32_t>> by_lang;
  for (std::uint32_t i = 0; i < book_.rules.size(); ++i) by_lang[book_.rules[i].lang].push_back(i);
  for (auto& [lang, rules] : by_lang) {
    std::vector<Scanner>& out = scanners_[lang];
    Scanner all;
    if (build(rules, true, all) || build(rules, false, all)) {
      out.push_back(std::move(all));
      continue;
    }
    std::map<EntityType, std::vector<std::uint32_t>> by_type;
    for (std::uint32_t i : rules) by_type[book_.rules[i].type].push_back(i);
    for (auto& [type, of_type] : by_type) {
      Scanner sc;
      if (!build(of_type, false, sc)) throw std::runtime_error("the rule set of " + std::string(lang_name(lang)) +
                                                               " " + std::string(entity_type_name(type)) +
                                                               " does not compile twice alike");
      out.push_back(std::move(sc));
    }
  }

  for (const auto& [name, table] : book_.maps) {
    constexpr std::string_view kHant = "-hant";
    const bool is_hant = name.size() > kHant.size() && name.compare(name.size() - kHant.size(), kHant.size(), kHant) == 0;
    tables_[name].plain = &table;  // (a -hant map can be named on its own too)
    if (is_hant) tables_[name.substr(0, name.size() - kHant.size())].hant = &table;
  }

  for (const char* name : {"scale", "scale-hant"}) {
    auto it = book_.maps.find(name);
    if (it == book_.maps.end()) continue;
    for (const auto& [key, value] : it->second) {
      try {
        (void)std::stod(value);
      } catch (const std::exception&) {
        eager_ = true;
      }
    }
  }
}

RuleEngine::~RuleEngine() = default;

std::vector<EntityType> RuleEngine::types(Lang lang) const {
  std::vector<EntityType> out;
  for (const auto& [key, n] : group_sizes_)
    if (key.first == lang) out.push_back(key.second);
  return out;
}

const std::string* RuleEngine::lookup(const std::string& map, std::string_view key, bool traditional) const {
  MatchOptions opts;
  opts.traditional = traditional;
  return lookup(map, key, opts);
}

const std::string* RuleEngine::lookup(const std::string& map, std::string_view key, const MatchOptions& opts) const {
  auto it = tables_.find(map);
  if (it == tables_.end()) return nullptr;
  const auto* plain = it->second.plain;
  const auto* hant = it->second.hant;
  for (bool drop_spaces : {false, true}) {
    std::string k = collapse(key, drop_spaces);
    // The -hant map first, for a traditional text: asked only when it has the key.
    if (hant)
      if (auto hit = hant->find(k); hit != hant->end() && opts.is_traditional()) return &hit->second;
    if (plain)
      if (auto hit = plain->find(k); hit != plain->end()) return &hit->second;
  }
  return nullptr;
}

// The groups of rule `ri` matching exactly around[start, end), into sub[0..ncap):
// the match itself, anchored at both ends, in the same context (so \b and $ see
// what they saw). False when the rule does not match there.
bool RuleEngine::find_groups(std::string_view around, std::size_t start, std::size_t end, std::uint32_t ri,
                             re2::StringPiece* sub) const {
  const Rule& rule = book_.rules[ri];
  const Plan& plan = plans_[ri];
  const re2::StringPiece text(around.data(), around.size());
  if (plan.opened) {
    // The opened pattern's groups, without the opened ones, are the rule's.
    Scratch& sc = scratch();
    const int n = 1 + plan.opened->NumberOfCapturingGroups();
    if (sc.opened.size() < static_cast<std::size_t>(n)) sc.opened.resize(n);
    re2::StringPiece* all = sc.opened.data();
    if (plan.opened->Match(text, start, end, RE2::ANCHOR_BOTH, all, n)) {
      bool fits = true;
      for (std::size_t k = 0; k < plan.bounds.size() && fits; ++k) {
        const re2::StringPiece& g = all[plan.opened_groups[k]];
        if (!g.data()) continue;
        const std::size_t chars = count_code_points(std::string_view(g.data(), g.size()));
        fits = chars >= plan.bounds[k].min && chars <= plan.bounds[k].max;
      }
      if (fits) {
        std::size_t skip = 0;
        for (int i = 0, j = 0; i < n && j < plan.ncap; ++i) {
          if (skip < plan.opened_groups.size() && plan.opened_groups[skip] == i) {
            ++skip;
            continue;
          }
          sub[j++] = all[i];
        }
        return true;
      }
    }
  }
  return rule.re->Match(text, start, end, RE2::ANCHOR_BOTH, sub, plan.ncap);
}

// Reads the groups of a candidate and computes its mention; false when the rule
// yields nothing there (what the original engine skipped with `continue`).
bool RuleEngine::evaluate(std::string_view text, const Candidate& c, const MatchOptions& opts, RuleMatch& m) const {
  const Rule& rule = book_.rules[c.rule];
  const Plan& plan = plans_[c.rule];
  Scratch& sc = scratch();
  if (sc.sub.size() < static_cast<std::size_t>(plan.ncap)) sc.sub.resize(plan.ncap);
  re2::StringPiece* sub = sc.sub.data();
  if (plan.ncap > 1) {
    // Only the byte before and the byte after the match can matter to it (\b, ^,
    // $ and RE2's other assertions look one byte around), so the text given is
    // the match and those bytes: short, so RE2 goes straight to its submatch engine.
    const std::size_t from = c.start > 0 ? c.start - 1 : 0;
    const std::size_t to = c.end < text.size() ? c.end + 1 : text.size();
    const std::string_view around = text.substr(from, to - from);
    if (!plan.memo || !opts.reuse_groups) {
      if (!find_groups(around, c.start - from, c.end - from, c.rule, sub)) return false;
    } else {
      GroupMemo& memo = GroupMemo::local();
      memo.key(id_, c.rule, around, static_cast<unsigned>(c.start - from), static_cast<unsigned>(to - c.end));
      const GroupMemo::Groups* known = memo.find();
      if (!known) {
        GroupMemo::Groups found;
        found.matched = find_groups(around, c.start - from, c.end - from, c.rule, sub);
        if (found.matched) {
          found.spans.resize(2 * static_cast<std::size_t>(plan.ncap), -1);
          for (int i = 0; i < plan.ncap; ++i) {
            if (!sub[i].data()) continue;
            found.spans[2 * i] = static_cast<std::int32_t>(sub[i].data() - around.data());
            found.spans[2 * i + 1] = static_cast<std::int32_t>(sub[i].size());
          }
        }
        const bool matched = found.matched;
        memo.store(std::move(found));
        if (!matched) return false;
      } else {
        if (!known->matched) return false;
        for (int i = 0; i < plan.ncap; ++i) {
          const std::int32_t at = known->spans[2 * i];
          sub[i] = at < 0 ? re2::StringPiece() : re2::StringPiece(around.data() + at, known->spans[2 * i + 1]);
        }
      }
    }
  } else {
    sub[0] = re2::StringPiece(text.data() + c.start, c.end - c.start);
  }
  Groups g(sub, plan.ncap, text);

  m.rule = &rule;
  m.match = {c.start, c.end};
  m.span = m.match;
  if (plan.span >= 0 || !rule.span_group.empty()) {
    auto s = g.span(plan.span);
    if (!s || s->empty()) return false;
    m.span = *s;
  }
  if (rule.drop) return true;

  std::optional<Range> value;
  if (rule.value) {
    value = eval(*rule.value, plan.value, g);
    if (!value) return false;
  } else {
    auto lo = rule.min ? eval(*rule.min, plan.min, g) : std::nullopt;
    auto hi = rule.max ? eval(*rule.max, plan.max, g) : std::nullopt;
    if (!lo && !hi) return false;
    if ((rule.min && !rule.min->literal && g.matched(plan.min) && !lo) ||
        (rule.max && !rule.max->literal && g.matched(plan.max) && !hi))
      return false;  // a numeral that is there but does not parse
    Range r;
    if (lo) r.min = lo->min ? lo->min : lo->max;
    if (hi) r.max = hi->max ? hi->max : hi->min;
    r.approx = (lo && lo->approx) || (hi && hi->approx);
    if (r.min && r.max && *r.min > *r.max) return false;  // "from $47 billion to $8 billion": two amounts
    value = r;
  }
  Range v = *value;
  for (double f : rule.scale) v = v.scaled(f);
  for (int sg : plan.scale) {
    if (!g.matched(sg)) continue;
    if (const std::string* f = lookup("scale", g.str(sg), opts)) {
      try {
        v = v.scaled(std::stod(*f));
      } catch (const std::exception&) {
        throw std::runtime_error(rule.origin + ":" + std::to_string(rule.line) + ": rule " + rule.name +
                                 ": scale map gives '" + *f + "', not a number");
      }
    }
  }
  Bound bound = rule.bound;
  for (int bg : plan.bound) {
    if (!g.matched(bg)) continue;
    if (const std::string* b = lookup("bound", g.str(bg), opts)) {
      if (*b == "at-least") bound = Bound::at_least;
      else if (*b == "at-most") bound = Bound::at_most;
      else if (*b == "approx") v.approx = true;
      break;
    }
  }
  if (bound == Bound::at_least) {
    if (!v.min) v.min = v.max;
    v.max.reset();
  } else if (bound == Bound::at_most) {
    if (!v.max) v.max = v.min;
    v.min.reset();
  }
  if (rule.approx) v.approx = true;
  for (int ag : plan.approx)
    if (g.matched(ag)) v.approx = true;
  for (int ng : plan.negate) {
    if (g.matched(ng)) {
      Range n = v;
      n.min = v.max ? std::optional<double>(-*v.max) : std::nullopt;
      n.max = v.min ? std::optional<double>(-*v.min) : std::nullopt;
      v = n;
      break;
    }
  }
  m.value = v;
  m.attrs.reserve(rule.attrs.size());
  std::size_t ai = 0;
  for (const auto& [name, src] : rule.attrs) {
    const std::vector<int>& groups = plan.attrs[ai++];
    if (!src.literal.empty()) {
      // A literal that the map knows stands for the map's value: currency: local.
      const std::string* mapped = lookup(name, src.literal, opts);
      m.attrs[name] = mapped ? *mapped : src.literal;
      continue;
    }
    for (int ag : groups) {
      if (!g.matched(ag)) continue;
      if (name == "text") {
        m.attrs[name] = std::string(g.str(ag));
        break;
      }
      if (const std::string* val = lookup(name, g.str(ag), opts)) {
        m.attrs[name] = *val;
        break;
      }
    }
  }
  if (rule.split) {
    auto lo = rule.min->literal ? std::nullopt : g.span(plan.min);
    auto hi = rule.max->literal ? std::nullopt : g.span(plan.max);
    if (!lo || !hi || lo->end > hi->start) return false;
    m.min_span = {m.span.start, std::max(lo->end, m.span.start + 1)};
    m.max_span = {hi->start, std::max(m.span.end, hi->end)};
  }
  return true;
}

std::vector<RuleMatch> RuleEngine::match(std::string_view text, const std::vector<Lang>& langs, EntityType type,
                                         const MatchOptions& opts) const {
  std::vector<std::vector<RuleMatch>> out;
  match(text, langs, std::vector<EntityType>{type}, opts, out);
  return std::move(out.front());
}

void RuleEngine::match(std::string_view text, const std::vector<Lang>& langs, const std::vector<EntityType>& types,
                       const MatchOptions& opts, std::vector<std::vector<RuleMatch>>& out) const {
  match(text, std::vector<Span>{Span{0, text.size()}}, langs, types, opts, out);
}

void RuleEngine::match(std::string_view text, const std::vector<Span>& chunks, const std::vector<Lang>& langs,
                       const std::vector<EntityType>& types, const MatchOptions& opts,
                       std::vector<std::vector<RuleMatch>>& out) const {
  match(std::vector<Piece>{Piece{text, &chunks, &langs, &types, &opts, &out}});
}

void RuleEngine::match(const std::vector<Piece>& pieces) const {
  // First the set over every chunk: the rules it hits there, as searches to run.
  struct Search {
    std::uint32_t rule;  // in the book
    std::uint32_t piece, chunk;
    std::uint32_t lang_pos, scanner;
  };
  Scratch& sc = scratch();
  thread_local std::vector<Search> searches;  // (kept for their room, as Scratch)
  thread_local std::vector<std::vector<Candidate>> cands;
  searches.clear();
  for (std::uint32_t pi = 0; pi < pieces.size(); ++pi) {
    const Piece& piece = pieces[pi];
    piece.out->resize(piece.types->size());
    for (auto& v : *piece.out) v.clear();
    std::uint32_t wanted = 0;
    for (EntityType t : *piece.types) wanted |= type_bit(t);
    const std::string_view text = piece.text;
    const re2::StringPiece whole(text.data(), text.size());
    const std::vector<Lang>& langs = *piece.langs;
    for (std::uint32_t li = 0; li < langs.size(); ++li) {
      auto lit = scanners_.find(langs[li]);
      if (lit == scanners_.end()) continue;
      for (std::uint32_t si = 0; si < lit->second.size(); ++si) {
        const Scanner& scanner = lit->second[si];
        if (!(scanner.types & wanted)) continue;
        const std::vector<Span>& chunks = *piece.chunks;
        for (std::uint32_t ci = 0; ci < chunks.size(); ++ci) {
          const Span& chunk = chunks[ci];
          if (chunk.empty() || chunk.end > text.size()) continue;
          std::vector<int>& hits = sc.hits;
          hits.clear();
          RE2::Set::ErrorInfo info{RE2::Set::kNoError};
          // The set sees the chunk without its context: at the chunk's edges \b and ^
          // can only hold more often than in the whole text, so every rule that matches
          // in the chunk is still a hit (the relaxed patterns use no \B).
          if (!scanner.set->Match(whole.substr(chunk.start, chunk.size()), &hits, &info)) {
            if (info.kind == RE2::Set::kNoError) continue;
            // The set's DFA ran out of memory on this text: run every rule on its own.
            hits.clear();
            for (std::size_t i = 0; i < scanner.rules.size(); ++i) hits.push_back(static_cast<int>(i));
          }
          for (int idx : hits) {
            const std::uint32_t ri = scanner.rules[idx];
            if (type_bit(book_.rules[ri].type) & wanted) searches.push_back({ri, pi, ci, li, si});
          }
        }
      }
    }
  }

  // Then rule after rule, each over every chunk it hit: every whole match, match
  // after match across the chunk.
  std::stable_sort(searches.begin(), searches.end(),
                   [](const Search& a, const Search& b) { return a.rule < b.rule; });
  if (cands.size() < pieces.size()) cands.resize(pieces.size());
  for (std::size_t pi = 0; pi < pieces.size(); ++pi) cands[pi].clear();
  for (const Search& s : searches) {
    const Piece& piece = pieces[s.piece];
    const std::string_view text = piece.text;
    const re2::StringPiece whole(text.data(), text.size());
    const Span& chunk = (*piece.chunks)[s.chunk];
    const Rule& rule = book_.rules[s.rule];
    const RE2& re = *rule.re;
    re2::StringPiece m0;
    std::size_t pos = chunk.start;
    while (pos <= chunk.end && re.Match(whole, pos, chunk.end, RE2::UNANCHORED, &m0, 1)) {
      std::size_t start = static_cast<std::size_t>(m0.data() - text.data());
      std::size_t end = start + m0.size();
      pos = end > start ? end : end + 1;
      if (end == start) continue;
      while (pos < chunk.end && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
      cands[s.piece].push_back({s.rule, s.lang_pos, static_cast<std::uint32_t>(start),
                                static_cast<std::uint32_t>(end), plans_[s.rule].rank, rule.priority, rule.type,
                                s.scanner, s.chunk});
    }
  }

  for (std::size_t pi = 0; pi < pieces.size(); ++pi) {
    // The overlap resolution orders a type's candidates wholly (by size, priority,
    // start, language, rule), so the order they come in matters only where every
    // match is read first (eager_), in the order the searches went piece by piece
    // before (language, its set, chunk, rule, text): put back for that alone.
    std::vector<Candidate>& mine = cands[pi];
    if (eager_) std::sort(mine.begin(), mine.end(), [](const Candidate& a, const Candidate& b) {
      if (a.lang_pos != b.lang_pos) return a.lang_pos < b.lang_pos;
      if (a.scanner != b.scanner) return a.scanner < b.scanner;
      if (a.chunk != b.chunk) return a.chunk < b.chunk;
      if (a.rule != b.rule) return a.rule < b.rule;
      return a.start < b.start;
    });
    resolve(pieces[pi].text, *pieces[pi].types, *pieces[pi].opts, mine, *pieces[pi].out);
  }
}

void RuleEngine::resolve(std::string_view text, const std::vector<EntityType>& types, const MatchOptions& opts,
                         std::vector<Candidate>& cands, std::vector<std::vector<RuleMatch>>& out) const {
  // Per type: longest match first, then priority, then the earlier, then rule
  // order; a match that overlaps one kept before it loses. Its groups are read
  // only when it would be kept, and a match that yields nothing is passed over.
  auto better = [](const Candidate& a, const Candidate& b) {
    const std::uint32_t asize = a.end - a.start, bsize = b.end - b.start;
    if (asize != bsize) return asize > bsize;
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.start != b.start) return a.start < b.start;
    if (a.lang_pos != b.lang_pos) return a.lang_pos < b.lang_pos;
    return a.rank < b.rank;
  };
  std::vector<Candidate> mine;
  std::vector<Span> taken;  // the kept whole matches, sorted, disjoint
  for (std::size_t ti = 0; ti < types.size(); ++ti) {
    mine.clear();
    for (const Candidate& c : cands)
      if (c.type == types[ti]) mine.push_back(c);
    if (mine.empty()) continue;
    if (eager_) {
      // Read every match first, in the original order, so errors surface as before.
      std::vector<Candidate> ok;
      for (const Candidate& c : mine) {
        RuleMatch m;
        if (evaluate(text, c, opts, m)) ok.push_back(c);
      }
      mine.swap(ok);
    }
    std::sort(mine.begin(), mine.end(), better);
    std::vector<RuleMatch>& kept = out[ti];
    taken.clear();
    for (const Candidate& c : mine) {
      // The kept match starting last before c ends is the only one that can overlap it.
      auto it = std::lower_bound(taken.begin(), taken.end(), static_cast<std::size_t>(c.end),
                                 [](const Span& s, std::size_t e) { return s.start < e; });
      if (it != taken.begin() && std::prev(it)->end > c.start) continue;
      RuleMatch m;
      if (!evaluate(text, c, opts, m)) continue;
      taken.insert(it, Span{c.start, c.end});
      kept.push_back(std::move(m));
    }
    if (!opts.keep_drops)
      kept.erase(std::remove_if(kept.begin(), kept.end(), [](const RuleMatch& m) { return m.rule->drop; }), kept.end());
    std::sort(kept.begin(), kept.end(), [](const RuleMatch& a, const RuleMatch& b) {
      return a.span.start != b.span.start ? a.span.start < b.span.start : a.span.end < b.span.end;
    });
  }
}

}  // namespace newsdeal
