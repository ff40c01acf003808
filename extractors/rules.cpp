#include "extractors/rules.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "lang/embedded.h"

namespace newsdeal {
namespace {


[[noreturn]] void fail(const std::string& origin, int line, const std::string& what) { rule_file_error(origin, line, what); }

std::string_view trim(std::string_view s) { return trim_blanks_view(s); }

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

bool is_identifier(std::string_view s) {
  if (s.empty() || !is_ident_start(s[0])) return false;
  return std::all_of(s.begin(), s.end(), is_ident_char);
}


std::optional<double> parse_double(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  std::string tmp(s);
  char* end = nullptr;
  double v = std::strtod(tmp.c_str(), &end);
  if (end != tmp.c_str() + tmp.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

const std::set<std::string>& attr_keys() {
  static const std::set<std::string> keys = {"currency", "per", "unit", "text"};
  return keys;
}

std::optional<EntityType> type_from_name(std::string_view n) {
  if (n == "money") return EntityType::money;
  if (n == "headcount") return EntityType::headcount;
  if (n == "percent") return EntityType::percent;
  if (n == "quantity") return EntityType::quantity;
  if (n == "duration") return EntityType::duration;
  return std::nullopt;
}

struct Line {
  int number;
  std::string key;
  std::string value;
};

// The state of one file while it is parsed.
class FileParser {
 public:
  FileParser(const RuleSource& src, std::optional<RuleFileKind> kind, std::map<std::string, std::string> defines,
             const RuleLimits& limits, RuleMaps& maps)
      : src_(src), kind_(kind), defines_(std::move(defines)), limits_(limits), maps_(maps) {}

  void parse(std::vector<Rule>& out);
  const std::map<std::string, std::string>& defines() const { return defines_; }

 private:
  void top_level(const Line& l);
  void finish_rule(std::vector<Rule>& out);
  void rule_key(Rule& r, const Line& l);
  void compile(Rule& r);
  void check_group(const Rule& r, const std::string& g, int line, const std::string& key) const;
  ValueSource value_source(const Line& l) const;
  Example parse_example(const Line& l) const;

  const RuleSource& src_;
  std::optional<RuleFileKind> kind_;
  std::map<std::string, std::string> defines_;
  const RuleLimits& limits_;
  RuleMaps& maps_;

  std::optional<Rule> rule_;
  std::set<std::string> names_;
  std::map<std::string, int> key_lines_;  // the line of each key of the current rule
};

void FileParser::parse(std::vector<Rule>& out) {
  std::vector<Line> lines;
  std::istringstream in(src_.text);
  std::string raw;
  int number = 0;
  std::vector<std::pair<int, std::string>> physical;
  while (std::getline(in, raw)) physical.emplace_back(++number, raw);

  for (const auto& [n, text] : physical) {
    std::string_view t = trim(text);
    if (!t.empty() && t[0] == '#') continue;
    if (t.empty()) {
      lines.push_back({n, "", ""});  // a blank line ends a rule
      continue;
    }
    bool continuation = text[0] == ' ' || text[0] == '\t';
    if (continuation) {
      if (lines.empty() || lines.back().key.empty()) fail(src_.origin, n, "indented line continues nothing");
      lines.back().value += std::string(t);
      continue;
    }
    auto colon = t.find(':');
    if (colon == std::string_view::npos) fail(src_.origin, n, "expected 'key: value', got '" + std::string(t) + "'");
    std::string key(trim(t.substr(0, colon)));
    if (!is_identifier(key)) fail(src_.origin, n, "expected 'key: value', got '" + std::string(t) + "'");
    lines.push_back({n, key, std::string(trim(t.substr(colon + 1)))});
  }

  for (const Line& l : lines) {
    if (l.key.empty()) {
      finish_rule(out);
      continue;
    }
    if (l.key == "rule") {
      finish_rule(out);
      if (!kind_) fail(src_.origin, l.number, "a common.rules file holds only define: and map: lines");
      if (l.value.empty()) fail(src_.origin, l.number, "rule: needs a name");
      if (!names_.insert(l.value).second) fail(src_.origin, l.number, "duplicate rule name '" + l.value + "'");
      rule_.emplace();
      rule_->name = l.value;
      rule_->origin = src_.origin;
      rule_->line = l.number;
      rule_->lang = kind_->lang;
      rule_->type = kind_->type;
      key_lines_.clear();
      continue;
    }
    if (rule_) {
      if (l.key == "define" || l.key == "map")
        fail(src_.origin, l.number, l.key + ": must stand outside a rule (end the rule with a blank line)");
      rule_key(*rule_, l);
    } else {
      top_level(l);
    }
  }
  finish_rule(out);
}

void FileParser::top_level(const Line& l) {
  if (l.key == "define") {
    auto eq = l.value.find('=');
    if (eq == std::string::npos) fail(src_.origin, l.number, "define: expects NAME = PATTERN");
    std::string name(trim(std::string_view(l.value).substr(0, eq)));
    if (!is_define_name(name)) fail(src_.origin, l.number, "define name '" + name + "' must be in capitals (A-Z, 0-9, _)");
    std::string body(trim(std::string_view(l.value).substr(eq + 1)));
    if (body.empty()) fail(src_.origin, l.number, "define " + name + " is empty");
    std::string expanded = expand_defines(body, defines_, src_.origin, l.number);
    RE2::Options opts;
    opts.set_log_errors(false);
    opts.set_max_mem(limits_.max_mem);
    RE2 check(expanded, opts);
    if (!check.ok()) fail(src_.origin, l.number, "define " + name + " does not compile: " + check.error());
    defines_[name] = expanded;
    return;
  }
  if (l.key == "map") {
    if (kind_) fail(src_.origin, l.number, "map: lines belong in a common.rules file");
    auto arrow = l.value.rfind("=>");
    if (arrow == std::string::npos) fail(src_.origin, l.number, "map: expects TABLE KEY | KEY ... => VALUE");
    std::string_view lhs = trim(std::string_view(l.value).substr(0, arrow));
    std::string value(trim(std::string_view(l.value).substr(arrow + 2)));
    auto sp = lhs.find_first_of(" \t");
    if (sp == std::string_view::npos || value.empty())
      fail(src_.origin, l.number, "map: expects TABLE KEY | KEY ... => VALUE");
    std::string table(lhs.substr(0, sp));
    if (!is_identifier(table) && !(table.size() > 5 && table.substr(table.size() - 5) == "-hant" &&
                                   is_identifier(table.substr(0, table.size() - 5))))
      fail(src_.origin, l.number, "map table name '" + table + "' is not an identifier (or IDENTIFIER-hant)");
    std::string_view keys = trim(lhs.substr(sp));
    std::size_t start = 0;
    while (start <= keys.size()) {
      std::size_t bar = keys.find('|', start);
      std::string key = fold_key(keys.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
      if (key.empty()) fail(src_.origin, l.number, "map: empty key");
      maps_[table][key] = value;
      if (bar == std::string_view::npos) break;
      start = bar + 1;
    }
    return;
  }
  fail(src_.origin, l.number, "'" + l.key + ":' outside a rule (start one with 'rule: NAME')");
}

ValueSource FileParser::value_source(const Line& l) const {
  ValueSource v;
  if (is_identifier(l.value)) {
    v.group = l.value;
    return v;
  }
  v.literal = parse_expected_value(l.value);
  if (!v.literal) fail(src_.origin, l.number, l.key + ": expects a group name or a value such as 1e9, ~5, [1e9,1e10]");
  return v;
}

Example FileParser::parse_example(const Line& l) const {
  Example ex;
  ex.line = l.number;
  auto arrow = l.value.rfind("=>");
  if (arrow == std::string::npos) fail(src_.origin, l.number, "example: expects TEXT => VALUE [key=value ...]");
  std::string text(trim(std::string_view(l.value).substr(0, arrow)));
  std::string rhs(trim(std::string_view(l.value).substr(arrow + 2)));
  if (text.empty()) fail(src_.origin, l.number, "example: has no text");
  auto open = text.find('{');
  auto close = text.find('}');
  if (open != std::string::npos || close != std::string::npos) {
    if (open == std::string::npos || close == std::string::npos || close < open ||
        text.find('{', open + 1) != std::string::npos || text.find('}', close + 1) != std::string::npos)
      fail(src_.origin, l.number, "example: mark the expected span with one pair of braces {like this}");
    if (close == open + 1) fail(src_.origin, l.number, "example: empty {} span");
    ex.span = Span{open, close - 1};
    text.erase(close, 1);
    text.erase(open, 1);
  }
  ex.text = text;
  auto words = split_blanks(rhs);
  if (words.empty()) fail(src_.origin, l.number, "example: expects a value after =>");
  if (words[0] == "drop") {
    ex.expected.drop = true;
  } else {
    auto v = parse_expected_value(words[0]);
    if (!v) fail(src_.origin, l.number, "example: bad value '" + words[0] + "' (write 2.5e10, ~8000, [1e9,1e10]~, [2e10,] or [,5e9])");
    ex.expected.value = *v;
  }
  for (std::size_t i = 1; i < words.size(); ++i) {
    auto eq = words[i].find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == words[i].size())
      fail(src_.origin, l.number, "example: bad attribute '" + words[i] + "' (write key=value)");
    std::string k = words[i].substr(0, eq);
    if (!attr_keys().count(k)) fail(src_.origin, l.number, "example: unknown attribute '" + k + "'");
    ex.expected.attrs[k] = words[i].substr(eq + 1);
  }
  return ex;
}

void FileParser::rule_key(Rule& r, const Line& l) {
  static const std::set<std::string> repeatable = {"example", "reject"};
  static const std::set<std::string> known = {"pattern", "value", "min", "max", "bound", "approx", "negate",
                                              "scale", "currency", "per", "unit", "text", "span", "split",
                                              "drop", "priority", "example", "reject"};
  if (!known.count(l.key)) fail(src_.origin, l.number, "unknown key '" + l.key + "'");
  if (!repeatable.count(l.key) && !key_lines_.emplace(l.key, l.number).second)
    fail(src_.origin, l.number, "duplicate key '" + l.key + "' in rule " + r.name);
  if (l.value.empty()) fail(src_.origin, l.number, l.key + ": has no value");
  const std::string& v = l.value;
  auto bool_value = [&]() {
    if (v == "true") return true;
    if (v == "false") return false;
    fail(src_.origin, l.number, l.key + ": expects true or false");
  };

  if (l.key == "pattern") {
    r.pattern = expand_defines(v, defines_, src_.origin, l.number);
  } else if (l.key == "value") {
    r.value = value_source(l);
  } else if (l.key == "min") {
    r.min = value_source(l);
  } else if (l.key == "max") {
    r.max = value_source(l);
  } else if (l.key == "bound") {
    if (v == "at-least") r.bound = Bound::at_least;
    else if (v == "at-most") r.bound = Bound::at_most;
    else {
      for (auto& w : split_blanks(v)) {
        if (w.size() < 2 || w[0] != '@' || !is_identifier(w.substr(1)))
          fail(src_.origin, l.number, "bound: expects at-least, at-most or @GROUP ...");
        r.bound_groups.push_back(w.substr(1));
      }
    }
  } else if (l.key == "approx") {
    if (v == "true" || v == "false") {
      r.approx = v == "true";
    } else {
      for (auto& w : split_blanks(v)) {
        if (!is_identifier(w)) fail(src_.origin, l.number, "approx: expects true or group names");
        r.approx_groups.push_back(w);
      }
    }
  } else if (l.key == "negate") {
    for (auto& w : split_blanks(v)) {
      if (!is_identifier(w)) fail(src_.origin, l.number, "negate: expects group names");
      r.negate_groups.push_back(w);
    }
  } else if (l.key == "scale") {
    for (auto& w : split_blanks(v)) {
      if (w.size() > 1 && w[0] == '@' && is_identifier(w.substr(1))) {
        r.scale_groups.push_back(w.substr(1));
      } else if (auto d = parse_double(w)) {
        r.scale.push_back(*d);
      } else {
        fail(src_.origin, l.number, "scale: expects numbers or @GROUP, got '" + w + "'");
      }
    }
  } else if (attr_keys().count(l.key)) {
    AttrSource a;
    if (v[0] == '@') {
      for (auto& w : split_blanks(v)) {
        if (w.size() < 2 || w[0] != '@' || !is_identifier(w.substr(1)))
          fail(src_.origin, l.number, l.key + ": expects a literal or @GROUP ...");
        a.groups.push_back(w.substr(1));
      }
    } else {
      if (v.find_first_of(" \t") != std::string::npos) fail(src_.origin, l.number, l.key + ": a literal is one word");
      a.literal = v;
    }
    r.attrs[l.key] = std::move(a);
  } else if (l.key == "span") {
    if (!is_identifier(v)) fail(src_.origin, l.number, "span: expects a group name");
    r.span_group = v;
  } else if (l.key == "split") {
    r.split = bool_value();
  } else if (l.key == "drop") {
    r.drop = bool_value();
  } else if (l.key == "priority") {
    auto d = parse_double(v);
    if (!d || *d != std::floor(*d) || std::abs(*d) > 1e6) fail(src_.origin, l.number, "priority: expects an integer");
    r.priority = static_cast<int>(*d);
  } else if (l.key == "example") {
    r.examples.push_back(parse_example(l));
  } else if (l.key == "reject") {
    r.rejects.push_back({l.number, v});
  }
}

void FileParser::check_group(const Rule& r, const std::string& g, int line, const std::string& key) const {
  const auto& named = r.re->NamedCapturingGroups();
  if (!named.count(g)) fail(src_.origin, line, key + ": the pattern of rule " + r.name + " has no group '" + g + "'");
}

void FileParser::compile(Rule& r) {
  int pline = key_lines_.count("pattern") ? key_lines_["pattern"] : r.line;
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(limits_.max_mem);
  auto re = std::make_shared<RE2>(r.pattern, opts);
  if (!re->ok()) {
    if (re->error_code() == RE2::ErrorPatternTooLarge)
      fail(src_.origin, pline, "pattern of rule " + r.name + " exceeds the RE2 memory budget (max_mem " +
                                   std::to_string(limits_.max_mem) + " bytes)");
    fail(src_.origin, pline, "pattern of rule " + r.name + " does not compile: " + re->error());
  }
  if (RE2::PartialMatch("", *re)) fail(src_.origin, pline, "pattern of rule " + r.name + " matches the empty string");
  r.re = std::move(re);
}

void FileParser::finish_rule(std::vector<Rule>& out) {
  if (!rule_) return;
  Rule& r = *rule_;
  if (r.pattern.empty()) fail(src_.origin, r.line, "rule " + r.name + " has no pattern");
  compile(r);
  auto line_of = [&](const std::string& key) { return key_lines_.count(key) ? key_lines_[key] : r.line; };
  if (!r.drop) {
    if (!r.value && !r.min && !r.max) fail(src_.origin, r.line, "rule " + r.name + " has no value: (nor min:/max:)");
    if (r.value && (r.min || r.max)) fail(src_.origin, line_of("value"), "value: and min:/max: exclude each other");
  }
  if (r.split && !(r.min && r.max)) fail(src_.origin, line_of("split"), "split: needs min: and max:");
  for (auto [key, src] : {std::pair{"value", &r.value}, std::pair{"min", &r.min}, std::pair{"max", &r.max}})
    if (*src && !(*src)->group.empty()) check_group(r, (*src)->group, line_of(key), key);
  for (auto& g : r.bound_groups) check_group(r, g, line_of("bound"), "bound");
  for (auto& g : r.approx_groups) check_group(r, g, line_of("approx"), "approx");
  for (auto& g : r.negate_groups) check_group(r, g, line_of("negate"), "negate");
  for (auto& g : r.scale_groups) check_group(r, g, line_of("scale"), "scale");
  for (auto& [k, a] : r.attrs)
    for (auto& g : a.groups) check_group(r, g, line_of(k), k);
  if (!r.span_group.empty()) check_group(r, r.span_group, line_of("span"), "span");
  for (const auto& ex : r.examples) {
    if (r.drop && !ex.expected.drop) fail(src_.origin, ex.line, "example: a drop rule's examples expect 'drop'");
    if (!r.drop && ex.expected.drop) fail(src_.origin, ex.line, "example: 'drop' expected from a rule that emits");
  }
  out.push_back(std::move(r));
  rule_.reset();
}

std::string file_name_error(const std::string& name) {
  return "rule file name '" + name +
         "' must be common.rules, <lang>/common.rules or <lang>/<type>.rules "
         "(lang zh or en; type money, headcount, percent, quantity or duration)";
}

}  // namespace

std::optional<RuleFileKind> rule_file_kind(const std::string& name, const std::string& origin) {
  if (name == "common.rules") return std::nullopt;
  auto slash = name.find('/');
  if (slash == std::string::npos || name.find('/', slash + 1) != std::string::npos || name.size() < 7 ||
      name.substr(name.size() - 6) != ".rules")
    fail(origin, 1, file_name_error(name));
  std::string lang = name.substr(0, slash);
  std::string type = name.substr(slash + 1, name.size() - 6 - slash - 1);
  RuleFileKind k;
  if (lang == "zh") k.lang = Lang::zh;
  else if (lang == "en") k.lang = Lang::en;
  else fail(origin, 1, file_name_error(name));
  if (type == "common") return std::nullopt;
  auto t = type_from_name(type);
  if (!t) fail(origin, 1, file_name_error(name));
  k.type = *t;
  return k;
}

RuleBook parse_rules(const std::vector<RuleSource>& sources, const RuleLimits& limits) {
  // common.rules first, then <lang>/common.rules, then the rule files; by name within each.
  std::vector<const RuleSource*> order;
  for (const auto& s : sources) order.push_back(&s);
  auto rank = [](const RuleSource* s) {
    if (s->name == "common.rules") return 0;
    if (s->name.size() > 13 && s->name.substr(s->name.size() - 13) == "/common.rules") return 1;
    return 2;
  };
  std::stable_sort(order.begin(), order.end(), [&](const RuleSource* a, const RuleSource* b) {
    return rank(a) != rank(b) ? rank(a) < rank(b) : a->name < b->name;
  });

  RuleBook book;
  std::map<std::string, std::string> global;
  std::map<Lang, std::map<std::string, std::string>> by_lang;
  for (const RuleSource* s : order) {
    auto kind = rule_file_kind(s->name, s->origin);
    int r = rank(s);
    Lang lang = Lang::none;
    if (r == 1) lang = s->name.substr(0, 2) == "zh" ? Lang::zh : Lang::en;
    if (kind) lang = kind->lang;
    std::map<std::string, std::string> defines = global;
    if (lang != Lang::none)
      for (const auto& [k, v] : by_lang[lang]) defines[k] = v;
    FileParser p(*s, kind, defines, limits, book.maps);
    std::size_t before = book.rules.size();
    p.parse(book.rules);
    if (r == 0) global = p.defines();
    if (r == 1) {
      // A language's common defines come after the global ones and may override them.
      for (const auto& [k, v] : p.defines()) by_lang[lang][k] = v;
    }
    if (book.rules.size() > before || r < 2) book.files.push_back(s->origin);
  }
  return book;
}

std::optional<Range> parse_expected_value(std::string_view text) {
  std::string_view t = trim(text);
  bool approx = false;
  if (!t.empty() && t.front() == '~') {
    approx = true;
    t.remove_prefix(1);
  }
  if (!t.empty() && t.back() == '~') {
    approx = true;
    t.remove_suffix(1);
  }
  if (t.empty()) return std::nullopt;
  Range r;
  r.approx = approx;
  if (t.front() == '[') {
    if (t.back() != ']') return std::nullopt;
    t = t.substr(1, t.size() - 2);
    auto comma = t.find(',');
    if (comma == std::string_view::npos || t.find(',', comma + 1) != std::string_view::npos) return std::nullopt;
    auto lo = trim(t.substr(0, comma));
    auto hi = trim(t.substr(comma + 1));
    if (lo.empty() && hi.empty()) return std::nullopt;
    if (!lo.empty()) {
      r.min = parse_double(lo);
      if (!r.min) return std::nullopt;
    }
    if (!hi.empty()) {
      r.max = parse_double(hi);
      if (!r.max) return std::nullopt;
    }
    return r;
  }
  auto v = parse_double(t);
  if (!v) return std::nullopt;
  r.min = r.max = *v;
  return r;
}

std::string format_range(const Range& r) {
  auto num = [](double d) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", d);
    return std::string(buf);
  };
  std::string out;
  if (r.min && r.max && *r.min == *r.max) {
    out = (r.approx ? "~" : "") + num(*r.min);
    return out;
  }
  out = "[" + (r.min ? num(*r.min) : "") + "," + (r.max ? num(*r.max) : "") + "]";
  if (r.approx) out += "~";
  return out;
}

}  // namespace newsdeal
