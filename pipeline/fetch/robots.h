// robots.txt (RFC 9309, with the Crawl-delay extension most sites still use),
// parsed for one crawler.
//
//   RobotsRules r = RobotsRules::parse(text, "newsdeal");
//   RobotsRules::Verdict v = r.check("/private/x?y=1");
//   if (!v.allowed) ...      // v.rule says which line: "Disallow: /private"
//   r.crawl_delay();         // seconds, when the group sets one
//
// Groups: a run of User-agent lines followed by rules. The crawler takes the
// groups whose user-agent is its product token (case-insensitive; "newsdeal"
// for a User-Agent "newsdeal/1.0 (...)"), all of them combined; only when none
// names it, the "*" groups; with neither, everything is allowed.
//
// Rules: Allow and Disallow match from the start of the path and query; "*"
// matches any run of characters and a final "$" anchors at the end. The rule
// with the longest pattern wins; on a tie Allow wins; an empty Disallow allows
// everything. Percent-escapes are compared decoded where they stand for
// unreserved characters, and non-ASCII bytes compared encoded, on both sides.
// /robots.txt itself is always allowed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdeal::fetch {

class RobotsRules {
 public:
  struct Verdict {
    bool allowed = true;
    std::string rule;  // the deciding line, "Disallow: /private"; "" when no rule matched
  };

  // Everything allowed (no robots.txt: 404 and other 4xx).
  static RobotsRules allow_all();
  // Nothing allowed, with the reason (robots.txt unreachable or answering 5xx:
  // RFC 9309 section 2.3.1.4).
  static RobotsRules disallow_all(std::string why);
  static RobotsRules parse(std::string_view text, std::string_view product_token);

  // `target` is a request target: path and query ("/a/b?c=1").
  Verdict check(std::string_view target) const;
  std::optional<double> crawl_delay() const { return crawl_delay_; }
  // Why everything is disallowed ("" unless disallow_all).
  const std::string& blanket_reason() const { return blanket_; }

 private:
  struct Rule {
    bool allow;
    std::string pattern;  // normalized
    std::string line;     // as written, for messages
  };
  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
  std::string blanket_;
};

// The robots.txt product token of a User-Agent value: its first word up to
// "/" ("newsdeal/1.0 (+https://x)" -> "newsdeal").
std::string product_token(std::string_view user_agent);

// Whether `pattern` (robots syntax: "*" and a final "$") matches the start of
// `path`, both already normalized. Exposed for tests.
bool robots_pattern_matches(std::string_view pattern, std::string_view path);

}  // namespace newsdeal::fetch
