#include "pipeline/fetch/url.h"

#include <cctype>
#include <cstring>

namespace newsdeal::fetch {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim_space(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}
namespace {

bool set_why(std::string* why, std::string text) {
  if (why) *why = std::move(text);
  return false;
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// Bytes a request line cannot carry become %XX; a "%" that starts no escape
// becomes %25, so the target always decodes the way it was meant.
std::string encode_target(std::string_view t) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    bool bad = c <= 0x20 || c >= 0x7F || std::strchr("<>\"{}|\\^`", c) != nullptr;
    if (c == '%' && !(i + 2 < t.size() && is_hex(t[i + 1]) && is_hex(t[i + 2])))
      bad = true;
    if (bad) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// RFC 3986 section 5.2.4.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") in.remove_prefix(3);
    else if (in.substr(0, 2) == "./") in.remove_prefix(2);
    else if (in.substr(0, 3) == "/./") in.remove_prefix(2);
    else if (in == "/.") in = "/";
    else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      std::size_t slash = out.rfind('/');
      out.resize(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      std::size_t next = in.find('/', 1);
      if (next == std::string_view::npos) next = in.size();
      out.append(in.substr(0, next));
      in.remove_prefix(next);
    }
  }
  return out;
}

std::string make_target(std::string_view path, std::string_view query_with_mark) {
  std::string p = remove_dot_segments(path);
  if (p.empty() || p[0] != '/') p.insert(p.begin(), '/');
  return encode_target(p + std::string(query_with_mark));
}

std::string_view without_fragment(std::string_view s) {
  std::size_t hash = s.find('#');
  return hash == std::string_view::npos ? s : s.substr(0, hash);
}

// The scheme of a reference, if it has one ("mailto:x" -> "mailto").
std::optional<std::string> scheme_of(std::string_view ref) {
  std::size_t colon = ref.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  if (ref.find_first_of("/?#") < colon) return std::nullopt;
  if (!std::isalpha(static_cast<unsigned char>(ref[0]))) return std::nullopt;
  for (char c : ref.substr(0, colon))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return std::nullopt;
  return ascii_lower(ref.substr(0, colon));
}

}  // namespace

std::string Url::authority() const {
  bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  return default_port ? host : host + ":" + std::to_string(port);
}

std::string Url::str() const { return scheme + "://" + authority() + target; }

std::string Url::origin() const { return scheme + "://" + host + ":" + std::to_string(port); }

std::string Url::path() const { return target.substr(0, target.find('?')); }

std::optional<Url> parse_url(std::string_view text, std::string* why) {
  std::string_view s = without_fragment(trim_space(text));
  std::size_t sep = s.find("://");
  auto scheme = scheme_of(s);
  if (scheme && *scheme != "http" && *scheme != "https") {
    set_why(why, "the scheme " + *scheme + ": is not fetched (only http and https)");
    return std::nullopt;
  }
  if (!scheme || sep == std::string_view::npos || sep != scheme->size()) {
    set_why(why, "not an absolute URL (http://... or https://...)");
    return std::nullopt;
  }
  Url u;
  u.scheme = *scheme;
  std::string_view rest = s.substr(sep + 3);
  std::size_t auth_end = rest.find_first_of("/?");
  std::string_view auth = rest.substr(0, auth_end);
  std::string_view tail = auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);
  if (std::size_t at = auth.rfind('@'); at != std::string_view::npos) auth.remove_prefix(at + 1);  // user:pass@
  std::string_view port_text;
  if (!auth.empty() && auth[0] == '[') {
    std::size_t close = auth.find(']');
    if (close == std::string_view::npos) {
      set_why(why, "an IPv6 host without its closing ]");
      return std::nullopt;
    }
    u.host = ascii_lower(auth.substr(0, close + 1));
    std::string_view after = auth.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') {
        set_why(why, "characters after the IPv6 host");
        return std::nullopt;
      }
      port_text = after.substr(1);
    }
  } else {
    std::size_t colon = auth.rfind(':');
    u.host = ascii_lower(auth.substr(0, colon));
    if (colon != std::string_view::npos) port_text = auth.substr(colon + 1);
  }
  if (u.host.empty() || u.host == "[]") {
    set_why(why, "no host");
    return std::nullopt;
  }
  for (char c : u.host)
    if (static_cast<unsigned char>(c) <= 0x20 || std::strchr("<>\"{}|\\^`%", c)) {
      set_why(why, "the host \"" + u.host + "\" holds a character hosts cannot have");
      return std::nullopt;
    }
  u.port = u.https() ? 443 : 80;
  if (!port_text.empty()) {
    int port = 0;
    for (char c : port_text) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535) {
        set_why(why, "the port \"" + std::string(port_text) + "\" is no number from 1 to 65535");
        return std::nullopt;
      }
      port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) {
      set_why(why, "the port \"" + std::string(port_text) + "\" is no number from 1 to 65535");
      return std::nullopt;
    }
    u.port = port;
  }
  std::size_t q = tail.find('?');
  u.target = make_target(tail.substr(0, q), q == std::string_view::npos ? std::string_view() : tail.substr(q));
  return u;
}

std::optional<Url> resolve_url(const Url& base, std::string_view ref_text, std::string* why) {
  std::string_view ref = without_fragment(trim_space(ref_text));
  if (scheme_of(ref)) return parse_url(ref, why);
  if (ref.substr(0, 2) == "//") return parse_url(base.scheme + ":" + std::string(ref), why);
  Url u = base;
  std::size_t q = ref.find('?');
  std::string_view path = ref.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : ref.substr(q);
  std::string base_path = base.path();
  if (path.empty()) {
    std::string base_query = base.target.substr(base_path.size());
    u.target = make_target(base_path, q == std::string_view::npos ? std::string_view(base_query) : query);
  } else if (path[0] == '/') {
    u.target = make_target(path, query);
  } else {
    std::string merged = base_path.substr(0, base_path.rfind('/') + 1) + std::string(path);
    u.target = make_target(merged, query);
  }
  return u;
}

}  // namespace newsdeal::fetch
