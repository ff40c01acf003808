// http and https URLs as the fetcher needs them: parsed into scheme, host, port
// and request target, resolved against a base (a relative Location header, a
// feed's relative links), and written back in one normalized form so that the
// same page always gets the same record id.
//
//   std::string why;
//   auto u = parse_url("HTTP://Example.com:80/a/../b?x=1#top", &why);
//   u->str();                          // "http://example.com/b?x=1"
//   resolve_url(*u, "../c d")->str();  // "http://example.com/c%20d"
//
// Normalizing: scheme and host lower-cased, the default port dropped, dot
// segments removed, the fragment dropped, and bytes a request line cannot carry
// (spaces, controls, non-ASCII, "<>\"{}|\\^`") percent-encoded. Existing %XX
// escapes and the query are kept as written: servers may tell "+" from "%2B".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newsdeal::fetch {

// ASCII lower case, and `s` without surrounding white space: for URLs, headers and
// robots.txt lines alike.
std::string ascii_lower(std::string_view s);
std::string_view trim_space(std::string_view s);

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // lower-case; an IPv6 address keeps its brackets ("[::1]")
  int port = 0;        // always set: 80 / 443 when the URL names none
  std::string target;  // path and query, starting with "/"

  bool https() const { return scheme == "https"; }
  // "host" or "host:port" when the port is not the scheme's default.
  std::string authority() const;
  // The whole URL, normalized: scheme://authority/target.
  std::string str() const;
  // scheme://host:port (port always written): robots.txt and politeness go by it.
  std::string origin() const;
  // The path without the query.
  std::string path() const;
};

// Parses an absolute http(s) URL; nullopt with `why` set otherwise.
std::optional<Url> parse_url(std::string_view text, std::string* why = nullptr);

// Resolves a reference (absolute, "//host/x", "/x", "x", "?q", "") against
// `base` per RFC 3986 section 5.2; nullopt when the result is no http(s) URL.
std::optional<Url> resolve_url(const Url& base, std::string_view ref, std::string* why = nullptr);

}  // namespace newsdeal::fetch
