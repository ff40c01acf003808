// robots.txt: which group applies, longest match with Allow winning ties, "*"
// and "$", percent-escapes, Crawl-delay, and the blanket verdicts.
#include <catch2/catch.hpp>

#include "pipeline/fetch/robots.h"

using namespace newsdeal::fetch;

namespace {

const char* kRobots = R"(# comments and blank lines are fine

User-agent: *
Disallow: /private/
Allow: /private/open$
Disallow: /*.pdf$
Disallow: /search?
Allow: /search?lang=
Crawl-delay: 2

User-agent: NewsDeal
User-agent: otherbot
Disallow: /drafts
Allow: /drafts/public
Disallow: /%7Euser/
Disallow: /新闻/
Crawl-delay: 0.5

Sitemap: https://example.com/sitemap.xml
User-agent: emptybot
Disallow:
)";

}  // namespace

TEST_CASE("fetch robots: the group naming the crawler wins over *", "[fetch][robots]") {
  RobotsRules mine = RobotsRules::parse(kRobots, "newsdeal");
  CHECK(mine.crawl_delay() == Approx(0.5));
  CHECK_FALSE(mine.check("/drafts/x").allowed);
  CHECK(mine.check("/drafts/x").rule == "Disallow: /drafts");
  CHECK(mine.check("/drafts/public/y").allowed);  // longer Allow
  CHECK(mine.check("/private/x").allowed);        // the * group does not apply
  CHECK_FALSE(mine.check("/~user/a").allowed);    // %7E is "~"
  CHECK_FALSE(mine.check("/%E6%96%B0%E9%97%BB/1").allowed);  // non-ASCII compared encoded

  RobotsRules any = RobotsRules::parse(kRobots, "somebot");
  CHECK(any.crawl_delay() == Approx(2));
  CHECK_FALSE(any.check("/private/x").allowed);
  CHECK(any.check("/private/open").allowed);
  CHECK_FALSE(any.check("/private/open/more").allowed);  // "$" anchors
  CHECK_FALSE(any.check("/a/b/report.pdf").allowed);
  CHECK(any.check("/a/b/report.pdf?x").allowed);
  CHECK_FALSE(any.check("/search?q=x").allowed);
  CHECK(any.check("/search?lang=zh").allowed);
  CHECK(any.check("/drafts/x").allowed);
  CHECK(any.check("/robots.txt").allowed);

  RobotsRules empty = RobotsRules::parse(kRobots, "emptybot");  // "Disallow:" with nothing: all allowed
  CHECK(empty.check("/private/x").allowed);
  CHECK_FALSE(empty.crawl_delay());
}

TEST_CASE("fetch robots: equal lengths go to Allow; no rules allow everything", "[fetch][robots]") {
  RobotsRules r = RobotsRules::parse("User-agent: *\nDisallow: /page\nAllow: /page\n", "x");
  CHECK(r.check("/page").allowed);
  CHECK(RobotsRules::parse("", "x").check("/anything").allowed);
  CHECK(RobotsRules::parse("Disallow: /\n", "x").check("/a").allowed);  // a rule outside any group
  CHECK(RobotsRules::allow_all().check("/a").allowed);
  RobotsRules none = RobotsRules::disallow_all("robots.txt answered 503");
  CHECK_FALSE(none.check("/a").allowed);
  CHECK(none.blanket_reason() == "robots.txt answered 503");
}

TEST_CASE("fetch robots: patterns and product tokens", "[fetch][robots]") {
  CHECK(robots_pattern_matches("/a", "/abc"));
  CHECK_FALSE(robots_pattern_matches("/a$", "/abc"));
  CHECK(robots_pattern_matches("/*/c", "/a/b/c"));
  CHECK(robots_pattern_matches("*", ""));
  CHECK(robots_pattern_matches("/a*b*c$", "/axxbyyc"));
  CHECK_FALSE(robots_pattern_matches("/a*b*c$", "/axxbyycd"));
  CHECK_FALSE(robots_pattern_matches("/b", "/abc"));
  // Many stars over a long path stay fast (one backtrack point, no recursion).
  CHECK_FALSE(robots_pattern_matches("/*a*a*a*a*a*a*a*a*b$", "/" + std::string(5000, 'a')));
  CHECK(product_token("newsdeal/0.1 (+https://x)") == "newsdeal");
  CHECK(product_token("  Mozilla/5.0 compatible") == "mozilla");
}
