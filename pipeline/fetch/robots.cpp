#include "pipeline/fetch/robots.h"

#include "pipeline/fetch/url.h"

#include <cctype>
#include <cstdlib>

namespace newsdeal::fetch {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool unreserved(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

// One spelling for paths and patterns alike: %XX of an unreserved character
// decoded, other escapes upper-cased, non-ASCII bytes encoded.
std::string normalize(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      unsigned char v = static_cast<unsigned char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      if (unreserved(v)) {
        out += static_cast<char>(v);
      } else {
        out += '%';
        out += kHex[v >> 4];
        out += kHex[v & 15];
      }
      i += 2;
    } else if (c >= 0x80 || c <= 0x20) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string product_token(std::string_view user_agent) {
  std::string_view ua = trim_space(user_agent);
  std::size_t end = 0;
  while (end < ua.size() && (std::isalnum(static_cast<unsigned char>(ua[end])) || ua[end] == '-' || ua[end] == '_'))
    ++end;
  return ascii_lower(ua.substr(0, end));
}

bool robots_pattern_matches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Glob matching with one backtrack point (the last "*"): linear in practice,
  // never exponential, whatever the pattern.
  std::size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;  // unanchored: a prefix is enough
    } else if (pattern[p] == '*') {
      star = p++;
      mark = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos || mark >= path.size()) return false;
    p = star + 1;
    s = ++mark;
  }
}

RobotsRules RobotsRules::allow_all() { return RobotsRules(); }

RobotsRules RobotsRules::disallow_all(std::string why) {
  RobotsRules r;
  r.rules_.push_back({false, "/", "Disallow: /"});
  r.blanket_ = std::move(why);
  return r;
}

RobotsRules RobotsRules::parse(std::string_view text, std::string_view token) {
  struct Group {
    std::vector<std::string> agents;
    std::vector<Rule> rules;
    std::optional<double> delay;
  };
  std::vector<Group> groups;
  bool in_agents = false;  // the last line was a User-agent line
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  while (!text.empty()) {
    std::size_t nl = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (std::size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = ascii_lower(trim_space(line.substr(0, colon)));
    std::string_view value = trim_space(line.substr(colon + 1));
    if (key == "user-agent" || key == "useragent" || key == "user agent") {
      if (!in_agents) groups.emplace_back();
      groups.back().agents.push_back(product_token(value).empty() && value.substr(0, 1) == "*" ? "*"
                                                                                              : product_token(value));
      in_agents = true;
      continue;
    }
    if (key == "sitemap") continue;  // not part of any group
    in_agents = false;
    if (groups.empty()) continue;  // rules before any User-agent line belong to nobody
    Group& g = groups.back();
    if (key == "allow" || key == "disallow") {
      if (value.empty()) continue;  // "Disallow:" allows everything: no rule
      bool allow = key == "allow";
      g.rules.push_back({allow, normalize(value), std::string(allow ? "Allow: " : "Disallow: ") + std::string(value)});
    } else if (key == "crawl-delay") {
      char* end = nullptr;
      std::string v(value);
      double d = std::strtod(v.c_str(), &end);
      if (end != v.c_str() && d >= 0 && !g.delay) g.delay = d;
    }
  }
  // The groups naming this crawler, all combined; only without one, the "*"
  // groups. A group that names it with no rules still means "all allowed".
  auto names = [](const Group& g, const std::string& who) {
    for (const auto& a : g.agents)
      if (a == who) return true;
    return false;
  };
  const std::string me = ascii_lower(token);
  bool mine = false;
  for (const auto& g : groups) mine |= !me.empty() && names(g, me);
  const std::string want = mine ? me : "*";
  RobotsRules out;
  for (const auto& g : groups) {
    if (!names(g, want)) continue;
    out.rules_.insert(out.rules_.end(), g.rules.begin(), g.rules.end());
    if (!out.crawl_delay_) out.crawl_delay_ = g.delay;
  }
  return out;
}

RobotsRules::Verdict RobotsRules::check(std::string_view target) const {
  std::string path = normalize(target);
  if (path == "/robots.txt") return {true, ""};
  const Rule* best = nullptr;
  for (const auto& r : rules_) {
    if (!robots_pattern_matches(r.pattern, path)) continue;
    if (!best || r.pattern.size() > best->pattern.size() ||
        (r.pattern.size() == best->pattern.size() && r.allow && !best->allow))
      best = &r;
  }
  if (!best) return {true, ""};
  return {best->allow, best->line};
}

}  // namespace newsdeal::fetch
