#include "pipeline/link/relation_rules.h"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

#include "extractors/regex_filter.h"
#include "pipeline/link/rule_blocks.h"

namespace newsdeal {

char placeholder_letter(std::string_view type) {
  if (type == "company") return 'c';
  if (type == "chip") return 'h';
  if (type == "person") return 'p';
  return 0;
}

std::string expand_relation_pattern(std::string_view p) {
  std::string out;
  for (std::size_t i = 0; i < p.size();) {
    // {ROLE:type} and {type} start with a letter; {0,80} is a repetition.
    if (p[i] == '{' && i + 1 < p.size() && std::isalpha(static_cast<unsigned char>(p[i + 1]))) {
      std::size_t close = p.find('}', i);
      if (close == std::string_view::npos) throw std::invalid_argument("'{' without '}'");
      std::string inner(p.substr(i + 1, close - i - 1));
      std::string role, types = inner;
      if (auto colon = inner.find(':'); colon != std::string::npos) {
        role = inner.substr(0, colon);
        types = inner.substr(colon + 1);
      }
      std::string letters;
      std::stringstream ts(types);
      for (std::string t; std::getline(ts, t, '|');) {
        char l = placeholder_letter(trim_blanks(t));
        if (!l) throw std::invalid_argument("unknown placeholder type '" + trim_blanks(t) + "' (company, chip, person)");
        letters += l;
      }
      for (char c : role)
        if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '_')
          throw std::invalid_argument("role '" + role + "' must be upper case (BUYER, VENDOR, VENDOR2, PRODUCT, PROVIDER)");
      out += "\\x01[" + letters + "]";
      out += role.empty() ? "[0-9]+" : "(?P<" + role + ">[0-9]+)";
      out += "\\x02";
      i = close + 1;
    } else if (p.compare(i, 3, "…") == 0) {
      // A gap: a few words that hold no other placeholder.
      out += "[^\\x01]{0,80}?";
      i += 3;
    } else {
      out += p[i++];
    }
  }
  return out;
}

namespace {

// Whether every match of `re` starts with a placeholder, and the letters it
// may have. RE2 promises min <= s <= max for every match s; with min and max
// both starting with \x01, so does s, and its second byte (the letter) lies
// between theirs.
bool starts_at_placeholder(const RE2& re, RelationRule::MatchStart& start) {
  std::string min, max;
  if (!re.PossibleMatchRange(&min, &max, 2) || min.empty() || max.empty() || min[0] != '\x01' || max[0] != '\x01')
    return false;
  start.at_placeholder = true;
  if (min.size() >= 2) start.letter_min = static_cast<unsigned char>(min[1]);
  if (max.size() >= 2) start.letter_max = static_cast<unsigned char>(max[1]);
  return true;
}

// Where matches of `re` start (RelationRule::match_start). A pattern "(?:^|[^C])S"
// (C a plain list of characters: no ']' and no escape) matches as "(?:^|[^C])"
// followed by a match of S, or (S holding a top-level '|') as a match of one
// of S's later alternatives: when every match of S starts with a placeholder,
// every match of the pattern starts at one or one character before one.
RelationRule::MatchStart match_start_of(const RE2& re) {
  RelationRule::MatchStart start;
  if (starts_at_placeholder(re, start)) return start;
  const std::string& p = re.pattern();
  static constexpr std::string_view kNotAfter = "(?:^|[^";
  if (p.compare(0, kNotAfter.size(), kNotAfter) != 0) return start;
  const std::size_t close = p.find_first_of("]\\", kNotAfter.size());
  if (close == std::string::npos || p[close] != ']' || close == kNotAfter.size() || p.compare(close, 2, "])") != 0)
    return start;
  RE2 rest(std::string_view(p).substr(close + 2), re.options());
  if (rest.ok() && starts_at_placeholder(rest, start)) start.char_before = true;
  return start;
}

std::vector<RelationRule::RoleGroup> role_groups_of(const RE2& re) {
  std::vector<RelationRule::RoleGroup> out;
  for (const auto& [index, name] : re.CapturingGroupNames()) {
    if (name.empty() || !std::isupper(static_cast<unsigned char>(name[0]))) continue;
    std::string_view role = name;
    while (!role.empty() && std::isdigit(static_cast<unsigned char>(role.back()))) role.remove_suffix(1);
    out.push_back({index, std::string(role)});
  }
  return out;
}

}  // namespace

// Tried anchored at each placeholder from `pos` on, the first that matches
// starts the leftmost match, and its end is the one an unanchored search finds
// (leftmost first, then by priority). RE2::Match finds the same match with two
// passes over the text (forward for its end, backward for its start); a DFA run
// from a placeholder stops where the pattern can no longer match, mostly within
// a few bytes. The groups come as RE2's own: as it does, its capture engine runs
// on exactly the match, anchored at both ends.
bool match_from_placeholders(const RE2& re, const RelationRule::MatchStart& start, std::string_view text,
                             std::size_t pos, re2::StringPiece* groups, int n) {
  const re2::StringPiece input(text.data(), text.size());
  re2::StringPiece whole;
  auto match_at = [&](std::size_t at) { return re.Match(input, at, text.size(), RE2::ANCHOR_START, &whole, 1); };
  for (std::size_t i = text.find('\x01', pos); i != std::string_view::npos; i = text.find('\x01', i + 1)) {
    if (i + 1 < text.size()) {
      const auto letter = static_cast<unsigned char>(text[i + 1]);
      if (letter < start.letter_min || letter > start.letter_max) continue;
    }
    // The character before the placeholder starts at the byte before it that
    // is no UTF-8 continuation byte.
    std::size_t before = i;
    if (start.char_before && i > pos) {
      before = i - 1;
      while (before > pos && i - before < 4 && (static_cast<unsigned char>(text[before]) & 0xC0) == 0x80) --before;
    }
    std::size_t at = before;
    if (!match_at(at) && (at == i || !match_at(at = i))) continue;
    const std::size_t end = static_cast<std::size_t>(whole.data() - text.data()) + whole.size();
    return re.Match(input, at, end, RE2::ANCHOR_BOTH, groups, n);
  }
  return false;
}

void RelationRules::parse(const std::string& file, const std::string& lang, std::string_view text) {
  for (const RuleBlock& b : parse_rule_blocks(file, text, {"rule"})) {
    RelationRule r;
    r.name = b.name;
    r.file = file;
    r.line = b.line;
    r.lang = lang;
    bool has_pattern = false;
    for (const BlockField& f : b.fields) {
      const std::string& value = f.value;
      if (f.key == "pattern") {
        std::string expanded;
        try {
          expanded = expand_relation_pattern(value);
        } catch (const std::invalid_argument& e) {
          rule_error(file, f.line, e.what());
        }
        // The syntax only, here: RE2 parses the whole pattern before it
        // compiles, and with no memory for a program it stops there. The program
        // is made in finish_pattern.
        RE2::Options parse_only = relation_options();
        parse_only.set_max_mem(64);
        RE2 syntax(expanded, parse_only);
        if (!syntax.ok() && syntax.error_code() != RE2::ErrorPatternTooLarge)
          rule_error(file, f.line, "pattern does not compile: " + syntax.error());
        r.pattern = value;
        r.expanded = expanded;
        has_pattern = true;
      } else if (f.key == "type") {
        if (value != "compute" && value != "cloud" && value != "investment" && value != "partnership")
          rule_error(file, f.line, "type must be compute, cloud, investment or partnership, not '" + value + "'");
        r.type = value;
      } else if (f.key == "status") {
        if (value != "signed" && value != "agreed" && value != "committed" && value != "in talks" &&
            value != "planned" && value != "denied")
          rule_error(file, f.line,
                     "status must be signed, agreed, committed, in talks, planned or denied, not '" + value + "'");
        r.status = value;
      } else if (f.key == "roles") {
        if (value != "symmetric") rule_error(file, f.line, "roles takes 'symmetric', not '" + value + "'");
        r.symmetric = true;
      } else if (f.key == "example") {
        auto arrow = value.find("=>");
        if (arrow == std::string::npos) rule_error(file, f.line, "example needs '=> buyer=... vendor=...'");
        r.examples.push_back({trim_blanks(value.substr(0, arrow)), trim_blanks(value.substr(arrow + 2)), false, f.line});
      } else if (f.key == "reject") {
        r.examples.push_back({value, "", true, f.line});
      } else {
        rule_error(file, f.line, "unknown key '" + f.key + "' (pattern, type, status, roles, example, reject)");
      }
    }
    if (!has_pattern) rule_error(file, b.line, "rule " + r.name + " has no pattern");
    // Lower-case group names are the engine's own; roles are upper case.
    OpenedPattern opened = open_long_repetitions(r.expanded, "rep");
    if (!opened.bounds.empty()) {
      RE2::Options opts;
      opts.set_max_mem(8 << 20);
      opts.set_log_errors(false);
      auto fast = std::make_unique<RE2>(opened.pattern, opts);
      if (fast->ok()) {
        for (const auto& b : opened.bounds) r.bounds.push_back({fast->NamedCapturingGroups().at(b.group), b.min, b.max});
        r.opened_roles_ = role_groups_of(*fast);
        r.opened = std::move(fast);
      }
    }
    // Without an opened pattern the pattern itself matches: compiled now (which
    // checks that it compiles at all). The opened one has the same roles.
    const RE2& roles = r.opened ? *r.opened : r.exact();
    r.match_start = match_start_of(roles);
    r.needs_vendor = roles.NamedCapturingGroups().count("VENDOR") || roles.NamedCapturingGroups().count("PRODUCT") ||
                     r.symmetric;
    rules_.push_back(std::move(r));
  }
  index_languages();
}

RE2::Options relation_options() {
  RE2::Options opts;
  opts.set_max_mem(64 << 20);
  opts.set_log_errors(false);
  return opts;
}

const RE2& RelationRule::exact() const {
  std::call_once(exact_->once, [this] {
    auto re = std::make_unique<RE2>(expanded, relation_options());
    if (!re->ok()) rule_error(file, line, "pattern does not compile: " + re->error());
    exact_->roles = role_groups_of(*re);
    exact_->re = std::move(re);
  });
  return *exact_->re;
}

const std::vector<RelationRule::RoleGroup>& RelationRule::role_groups(const RE2* used) const {
  if (opened && used == opened.get()) return opened_roles_;
  exact();
  return exact_->roles;
}

int RelationRule::group_room() const {
  // The opened pattern has the pattern's groups and its own.
  return 1 + (opened ? opened->NumberOfCapturingGroups() : exact().NumberOfCapturingGroups());
}

bool RelationRule::next_match(std::string_view text, std::size_t pos, re2::StringPiece* groups,
                              const RE2** used) const {
  const re2::StringPiece input(text.data(), text.size());
  if (opened) {
    // The opened pattern matches wherever the pattern does: no match, none at all.
    const int n = 1 + opened->NumberOfCapturingGroups();
    if (match_start.at_placeholder ? !match_from_placeholders(*opened, match_start, text, pos, groups, n)
                                   : !opened->Match(input, pos, text.size(), RE2::UNANCHORED, groups, n))
      return false;
    bool fits = true;
    for (const Bound& b : bounds) {
      if (!groups[b.group].data()) continue;  // its part of the pattern took no part
      std::size_t n = count_code_points(std::string_view(groups[b.group].data(), groups[b.group].size()));
      fits = fits && n >= b.min && n <= b.max;
    }
    if (fits) {
      *used = opened.get();
      return true;
    }
  }
  const RE2& re = exact();
  *used = &re;
  const int n = 1 + re.NumberOfCapturingGroups();
  // (match_start is the exact pattern's when there is no opened one.)
  if (!opened && match_start.at_placeholder) return match_from_placeholders(re, match_start, text, pos, groups, n);
  return re.Match(input, pos, text.size(), RE2::UNANCHORED, groups, n);
}

void RelationRules::index_languages() {
  sets_.clear();
  for (std::size_t i = 0; i < rules_.size(); ++i) sets_[rules_[i].lang].rules.push_back(i);
}

std::string RelationRule::filter_pattern() const {
  // The pattern decides (next_match's opened pattern only finds matches of it),
  // and its loosened form matches wherever it does: filtering by that keeps every
  // rule that can match. Loosened, it compiles many times faster (RE2 unrolls a
  // bounded repetition into a copy per count), which is most of the prefilter's
  // cost at start-up.
  return loosen_repetitions(expanded);
}

void RelationRules::share_filter(std::string_view lang, Prefilter& shared) {
  auto it = sets_.find(lang);
  if (it == sets_.end()) return;
  LangSet& ls = it->second;
  ls.ids.clear();
  for (std::size_t ri : ls.rules) ls.ids.push_back(shared.add(rules_[ri].filter_pattern(), relation_options()));
  ls.filter = &shared;
}

std::vector<std::size_t> RelationRules::hits(std::string_view lang, std::string_view text, const TextScan* scan) const {
  std::vector<std::size_t> out;
  hits(lang, text, scan, out);
  return out;
}

void RelationRules::hits(std::string_view lang, std::string_view text, const TextScan* scan,
                         std::vector<std::size_t>& out) const {
  out.clear();
  auto it = sets_.find(lang);
  if (it == sets_.end()) return;
  const LangSet& ls = it->second;
  if (!ls.filter) {  // no filter shared yet: every rule may match
    out = ls.rules;
    return;
  }
  TextScan own;
  if (!scan || scan->filter != ls.filter) {
    own = {ls.filter, ls.filter->scan(text)};
    scan = &own;
  }
  for (std::size_t k = 0; k < ls.rules.size(); ++k)
    if (ls.filter->may_match(ls.ids[k], scan->seen)) out.push_back(ls.rules[k]);
}

RelationRules RelationRules::load(const std::vector<std::string>& rule_dirs) {
  RelationRules rules;
  for (const RuleFile& f : collect_rule_files(".relations", rule_dirs)) rules.parse(f.name, f.lang, f.text);
  return rules;
}

}  // namespace newsdeal
