#include "extractors/rule_engine.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <stdexcept>

#include "lang/numerals.h"

namespace newsdeal {

struct RuleEngine::Group {
  std::unique_ptr<RE2::Set> set;
  std::vector<const Rule*> rules;  // by set index
};

namespace {

std::string collapse(std::string_view s, bool drop_spaces) {
  std::string out;
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

// Submatches of one match, by group name.
class Groups {
 public:
  Groups(const RE2& re, const std::vector<re2::StringPiece>& sub, std::string_view text)
      : re_(re), sub_(sub), text_(text) {}

  const re2::StringPiece* get(const std::string& name) const {
    const auto& named = re_.NamedCapturingGroups();
    auto it = named.find(name);
    if (it == named.end() || it->second >= static_cast<int>(sub_.size())) return nullptr;
    const re2::StringPiece& p = sub_[it->second];
    return p.data() ? &p : nullptr;
  }
  bool matched(const std::string& name) const { return get(name) != nullptr; }
  std::optional<Span> span(const std::string& name) const {
    const re2::StringPiece* p = get(name);
    if (!p) return std::nullopt;
    std::size_t start = static_cast<std::size_t>(p->data() - text_.data());
    return Span{start, start + p->size()};
  }
  std::string_view str(const std::string& name) const {
    const re2::StringPiece* p = get(name);
    return p ? std::string_view(p->data(), p->size()) : std::string_view();
  }

 private:
  const RE2& re_;
  const std::vector<re2::StringPiece>& sub_;
  std::string_view text_;
};

std::optional<Range> eval(const ValueSource& v, const Groups& g) {
  if (v.literal) return v.literal;
  if (!g.matched(v.group)) return std::nullopt;
  return parse_number(g.str(v.group));
}

struct Candidate {
  RuleMatch m;
  std::size_t order = 0;  // rule order, for a stable tie-break
};

}  // namespace

RuleEngine::RuleEngine(RuleBook book, const RuleLimits& limits) : book_(std::move(book)) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(limits.set_max_mem);
  for (const Rule& r : book_.rules) {
    auto key = std::make_pair(r.lang, r.type);
    auto& g = groups_[key];
    if (!g) {
      g = std::make_unique<Group>();
      g->set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
    }
    std::string error;
    if (g->set->Add(r.pattern, &error) < 0)
      throw std::runtime_error(r.origin + ":" + std::to_string(r.line) + ": rule " + r.name +
                               " cannot join its rule set: " + error);
    g->rules.push_back(&r);
  }
  for (auto& [key, g] : groups_) {
    if (!g->set->Compile()) {
      const Rule* first = g->rules.front();
      throw std::runtime_error(first->origin + ":" + std::to_string(first->line) + ": the rule set of " +
                               std::string(lang_name(key.first)) + " " + std::string(entity_type_name(key.second)) +
                               " exceeds the RE2 memory budget (set_max_mem " + std::to_string(limits.set_max_mem) +
                               " bytes)");
    }
  }
}

RuleEngine::~RuleEngine() = default;

std::vector<EntityType> RuleEngine::types(Lang lang) const {
  std::vector<EntityType> out;
  for (const auto& [key, g] : groups_)
    if (key.first == lang) out.push_back(key.second);
  return out;
}

const std::string* RuleEngine::lookup(const std::string& map, std::string_view key, bool traditional) const {
  std::vector<const std::map<std::string, std::string>*> tables;
  if (traditional) {
    auto it = book_.maps.find(map + "-hant");
    if (it != book_.maps.end()) tables.push_back(&it->second);
  }
  auto it = book_.maps.find(map);
  if (it != book_.maps.end()) tables.push_back(&it->second);
  for (bool drop_spaces : {false, true}) {
    std::string k = collapse(key, drop_spaces);
    for (const auto* t : tables) {
      auto hit = t->find(k);
      if (hit != t->end()) return &hit->second;
    }
  }
  return nullptr;
}

std::vector<RuleMatch> RuleEngine::match(std::string_view text, const std::vector<Lang>& langs, EntityType type,
                                         const MatchOptions& opts) const {
  std::vector<Candidate> cands;
  std::size_t order = 0;
  for (Lang lang : langs) {
    auto git = groups_.find({lang, type});
    if (git == groups_.end()) continue;
    const Group& grp = *git->second;
    std::vector<int> hits;
    RE2::Set::ErrorInfo info{RE2::Set::kNoError};
    if (!grp.set->Match(re2::StringPiece(text.data(), text.size()), &hits, &info)) {
      if (info.kind == RE2::Set::kNoError) {
        order += grp.rules.size();
        continue;
      }
      // The set's DFA ran out of memory on this text: run every rule on its own.
      hits.clear();
      for (std::size_t i = 0; i < grp.rules.size(); ++i) hits.push_back(static_cast<int>(i));
    }
    std::sort(hits.begin(), hits.end());
    for (int idx : hits) {
      const Rule& rule = *grp.rules[idx];
      const RE2& re = *rule.re;
      std::vector<re2::StringPiece> sub(1 + re.NumberOfCapturingGroups());
      Groups g(re, sub, text);
      re2::StringPiece whole(text.data(), text.size());
      std::size_t pos = 0;
      while (pos <= text.size() &&
             re.Match(whole, pos, text.size(), RE2::UNANCHORED, sub.data(), static_cast<int>(sub.size()))) {
        std::size_t start = static_cast<std::size_t>(sub[0].data() - text.data());
        std::size_t end = start + sub[0].size();
        pos = end > start ? end : end + 1;
        if (end == start) continue;
        while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;

        Candidate c;
        c.order = order + static_cast<std::size_t>(idx);
        RuleMatch& m = c.m;
        m.rule = &rule;
        m.match = {start, end};
        m.span = m.match;
        if (!rule.span_group.empty()) {
          auto s = g.span(rule.span_group);
          if (!s || s->empty()) continue;
          m.span = *s;
        }
        if (!rule.drop) {
          std::optional<Range> value;
          if (rule.value) {
            value = eval(*rule.value, g);
            if (!value) continue;
          } else {
            auto lo = rule.min ? eval(*rule.min, g) : std::nullopt;
            auto hi = rule.max ? eval(*rule.max, g) : std::nullopt;
            if (!lo && !hi) continue;
            if ((rule.min && !rule.min->literal && g.matched(rule.min->group) && !lo) ||
                (rule.max && !rule.max->literal && g.matched(rule.max->group) && !hi))
              continue;  // a numeral that is there but does not parse
            Range r;
            if (lo) r.min = lo->min ? lo->min : lo->max;
            if (hi) r.max = hi->max ? hi->max : hi->min;
            r.approx = (lo && lo->approx) || (hi && hi->approx);
            if (r.min && r.max && *r.min > *r.max) continue;  // "from $47 billion to $8 billion": two amounts
            value = r;
          }
          Range v = *value;
          for (double f : rule.scale) v = v.scaled(f);
          for (const auto& sg : rule.scale_groups) {
            if (!g.matched(sg)) continue;
            if (const std::string* f = lookup("scale", g.str(sg), opts.traditional)) {
              try {
                v = v.scaled(std::stod(*f));
              } catch (const std::exception&) {
                throw std::runtime_error(rule.origin + ":" + std::to_string(rule.line) + ": rule " + rule.name +
                                         ": scale map gives '" + *f + "', not a number");
              }
            }
          }
          Bound bound = rule.bound;
          for (const auto& bg : rule.bound_groups) {
            if (!g.matched(bg)) continue;
            if (const std::string* b = lookup("bound", g.str(bg), opts.traditional)) {
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
          for (const auto& ag : rule.approx_groups)
            if (g.matched(ag)) v.approx = true;
          for (const auto& ng : rule.negate_groups) {
            if (g.matched(ng)) {
              Range n = v;
              n.min = v.max ? std::optional<double>(-*v.max) : std::nullopt;
              n.max = v.min ? std::optional<double>(-*v.min) : std::nullopt;
              v = n;
              break;
            }
          }
          m.value = v;
          for (const auto& [name, src] : rule.attrs) {
            if (!src.literal.empty()) {
              // A literal that the map knows stands for the map's value: currency: local.
              const std::string* mapped = lookup(name, src.literal, opts.traditional);
              m.attrs[name] = mapped ? *mapped : src.literal;
              continue;
            }
            for (const auto& ag : src.groups) {
              if (!g.matched(ag)) continue;
              if (name == "text") {
                m.attrs[name] = std::string(g.str(ag));
                break;
              }
              if (const std::string* val = lookup(name, g.str(ag), opts.traditional)) {
                m.attrs[name] = *val;
                break;
              }
            }
          }
          if (rule.split) {
            auto lo = rule.min->literal ? std::nullopt : g.span(rule.min->group);
            auto hi = rule.max->literal ? std::nullopt : g.span(rule.max->group);
            if (!lo || !hi || lo->end > hi->start) continue;
            m.min_span = {m.span.start, std::max(lo->end, m.span.start + 1)};
            m.max_span = {hi->start, std::max(m.span.end, hi->end)};
          }
        }
        cands.push_back(std::move(c));
      }
    }
    order += grp.rules.size();
  }

  // Longest match first, then priority, then the earlier, then rule order.
  std::stable_sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    if (a.m.match.size() != b.m.match.size()) return a.m.match.size() > b.m.match.size();
    if (a.m.rule->priority != b.m.rule->priority) return a.m.rule->priority > b.m.rule->priority;
    if (a.m.match.start != b.m.match.start) return a.m.match.start < b.m.match.start;
    return a.order < b.order;
  });
  std::vector<RuleMatch> kept;
  for (auto& c : cands) {
    bool clash = std::any_of(kept.begin(), kept.end(), [&](const RuleMatch& k) { return k.match.overlaps(c.m.match); });
    if (!clash) kept.push_back(std::move(c.m));
  }
  if (!opts.keep_drops)
    kept.erase(std::remove_if(kept.begin(), kept.end(), [](const RuleMatch& m) { return m.rule->drop; }), kept.end());
  std::sort(kept.begin(), kept.end(), [](const RuleMatch& a, const RuleMatch& b) {
    return a.span.start != b.span.start ? a.span.start < b.span.start : a.span.end < b.span.end;
  });
  return kept;
}

}  // namespace newsdeal
