// URLs for the fetcher: parsing, normalizing, and resolving references the way
// redirects and feed links need (RFC 3986 section 5.4's examples).
#include <catch2/catch.hpp>

#include "pipeline/fetch/url.h"

using namespace newsdeal::fetch;

TEST_CASE("fetch url: parsing normalizes scheme, host, port, dots and fragments", "[fetch][url]") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"HTTP://Example.COM:80/a/../b?x=1#top", "http://example.com/b?x=1"},
      {"https://example.com:443", "https://example.com/"},
      {"https://example.com:8443/p", "https://example.com:8443/p"},
      {"http://user:pw@example.com/p", "http://example.com/p"},
      {"http://127.0.0.1:8080/新闻 a", "http://127.0.0.1:8080/%E6%96%B0%E9%97%BB%20a"},
      {"http://[::1]:9/x", "http://[::1]:9/x"},
      {"http://example.com/a%2Fb?q=a+b&r=%zz", "http://example.com/a%2Fb?q=a+b&r=%25zz"},
      {"  http://example.com/./a/./b/  ", "http://example.com/a/b/"},
  };
  for (const auto& c : cases) {
    INFO(c.in);
    auto u = parse_url(c.in);
    REQUIRE(u);
    CHECK(u->str() == c.out);
  }
  auto u = parse_url("https://Example.com/x?y");
  REQUIRE(u);
  CHECK(u->port == 443);
  CHECK(u->origin() == "https://example.com:443");
  CHECK(u->path() == "/x");
}

TEST_CASE("fetch url: what is not an http(s) URL says why", "[fetch][url]") {
  struct Case {
    const char* in;
    const char* why;
  };
  const Case cases[] = {
      {"ftp://example.com/x", "the scheme ftp: is not fetched (only http and https)"},
      {"mailto:desk@example.com", "the scheme mailto: is not fetched (only http and https)"},
      {"example.com/x", "not an absolute URL (http://... or https://...)"},
      {"http:///x", "no host"},
      {"http://example.com:99999/", "the port \"99999\" is no number from 1 to 65535"},
      {"http://exa mple.com/", "the host \"exa mple.com\" holds a character hosts cannot have"},
  };
  for (const auto& c : cases) {
    INFO(c.in);
    std::string why;
    CHECK_FALSE(parse_url(c.in, &why));
    CHECK(why == c.why);
  }
}

TEST_CASE("fetch url: references resolve as RFC 3986 5.4.1 says", "[fetch][url]") {
  auto base = parse_url("http://a/b/c/d;p?q");
  REQUIRE(base);
  struct Case {
    const char* ref;
    const char* out;
  };
  const Case cases[] = {
      {"g", "http://a/b/c/g"},          {"./g", "http://a/b/c/g"},       {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},             {"//g", "http://g/"},            {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},      {"#s", "http://a/b/c/d;p?q"},    {"g#s", "http://a/b/c/g"},
      {";x", "http://a/b/c/;x"},        {"", "http://a/b/c/d;p?q"},      {".", "http://a/b/c/"},
      {"..", "http://a/b/"},            {"../g", "http://a/b/g"},        {"../..", "http://a/"},
      {"../../g", "http://a/g"},        {"../../../g", "http://a/g"},    {"/./g", "http://a/g"},
      {"g.", "http://a/b/c/g."},        {"g/../h", "http://a/b/c/h"},    {"https://x.org/y", "https://x.org/y"},
  };
  for (const auto& c : cases) {
    INFO(c.ref);
    auto u = resolve_url(*base, c.ref);
    REQUIRE(u);
    CHECK(u->str() == c.out);
  }
  std::string why;
  CHECK_FALSE(resolve_url(*base, "javascript:alert(1)", &why));
  CHECK(why == "the scheme javascript: is not fetched (only http and https)");
}
