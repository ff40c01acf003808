#include "pipeline/readers/declared_charset.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace newsdeal {
namespace {

constexpr std::size_t kMetaScanBytes = 64 * 1024;

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Case-insensitive search for an ASCII needle (lower case).
std::size_t ifind(std::string_view hay, std::string_view needle, std::size_t from = 0) {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

bool istarts(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && ifind(s.substr(0, prefix.size()), prefix) == 0;
}

std::string trim_label(std::string_view v) {
  while (!v.empty() && (is_space(v.front()) || v.front() == '"' || v.front() == '\'')) v.remove_prefix(1);
  while (!v.empty() && (is_space(v.back()) || v.back() == '"' || v.back() == '\'')) v.remove_suffix(1);
  return std::string(v);
}

// WHATWG "extract a character encoding from a meta element": after "charset",
// optional spaces, '=', optional spaces, then a quoted or bare value.
std::optional<std::string> charset_in(std::string_view content) {
  for (std::size_t at = ifind(content, "charset"); at != std::string_view::npos;
       at = ifind(content, "charset", at + 1)) {
    std::size_t i = at + 7;
    while (i < content.size() && is_space(content[i])) ++i;
    if (i >= content.size() || content[i] != '=') continue;
    ++i;
    while (i < content.size() && is_space(content[i])) ++i;
    if (i >= content.size()) return std::nullopt;
    char q = content[i];
    std::size_t end;
    if (q == '"' || q == '\'') {
      end = content.find(q, ++i);
      if (end == std::string_view::npos) return std::nullopt;
    } else {
      end = i;
      while (end < content.size() && !is_space(content[end]) && content[end] != ';') ++end;
    }
    std::string v = trim_label(content.substr(i, end - i));
    if (!v.empty()) return v;
    return std::nullopt;
  }
  return std::nullopt;
}

struct Attr {
  std::string name;
  std::string_view value;
};

// Reads the attributes of a tag starting after its name at `i`; stops at '>'.
std::vector<Attr> attributes(std::string_view s, std::size_t& i) {
  std::vector<Attr> out;
  while (i < s.size() && s[i] != '>') {
    while (i < s.size() && (is_space(s[i]) || s[i] == '/')) ++i;
    if (i >= s.size() || s[i] == '>') break;
    std::size_t n = i;
    while (i < s.size() && !is_space(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/') ++i;
    Attr a;
    for (std::size_t k = n; k < i; ++k) a.name += lower(s[k]);
    while (i < s.size() && is_space(s[i])) ++i;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && is_space(s[i])) ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i++];
        std::size_t end = s.find(q, i);
        if (end == std::string_view::npos) end = s.size();
        a.value = s.substr(i, end - i);
        i = std::min(end + 1, s.size());
      } else {
        std::size_t v = i;
        while (i < s.size() && !is_space(s[i]) && s[i] != '>') ++i;
        a.value = s.substr(v, i - v);
      }
    }
    if (a.name.empty()) ++i;  // a stray character: step over it
    else out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

std::string charset_from_content_type(std::string_view content_type) {
  std::size_t semi = content_type.find(';');
  if (semi == std::string_view::npos) return {};
  return charset_in(content_type.substr(semi)).value_or("");
}

std::string media_type(std::string_view content_type) {
  std::string_view t = content_type.substr(0, content_type.find(';'));
  std::string out = trim_label(t);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

std::optional<std::string> html_meta_charset(std::string_view bytes) {
  std::string_view s = bytes.substr(0, kMetaScanBytes);
  for (std::size_t i = s.find('<'); i != std::string_view::npos; i = s.find('<', i + 1)) {
    std::string_view rest = s.substr(i);
    if (rest.substr(0, 4) == "<!--") {
      std::size_t end = s.find("-->", i + 4);
      if (end == std::string_view::npos) return std::nullopt;
      i = end + 2;
      continue;
    }
    if (istarts(rest, "<script") || istarts(rest, "<style")) {
      std::string_view close = istarts(rest, "<script") ? "</script" : "</style";
      std::size_t end = ifind(s, close, i + 1);
      if (end == std::string_view::npos) return std::nullopt;
      i = end;
      continue;
    }
    if (istarts(rest, "<body")) return std::nullopt;
    if (!istarts(rest, "<meta") || rest.size() < 6 || !(is_space(rest[5]) || rest[5] == '/')) continue;
    std::size_t j = i + 5;
    std::vector<Attr> attrs = attributes(s, j);
    bool content_type = false;
    std::optional<std::string> charset, from_content;
    for (const auto& a : attrs) {
      if (a.name == "charset" && !charset) {
        std::string v = trim_label(a.value);
        if (!v.empty()) charset = v;
      } else if (a.name == "http-equiv") {
        std::string v = trim_label(a.value);
        content_type = v.size() == 12 && istarts(v, "content-type");
      } else if (a.name == "content" && !from_content) {
        from_content = charset_in(a.value);
      }
    }
    if (charset) return charset;
    if (content_type && from_content) return from_content;
    i = j;
  }
  return std::nullopt;
}

std::optional<std::string> xml_declared_encoding(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (bytes.substr(0, 5) != "<?xml") return std::nullopt;
  std::size_t end = bytes.find("?>");
  if (end == std::string_view::npos || end > 1024) return std::nullopt;
  std::string_view decl = bytes.substr(0, end);
  std::size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t i = at + 8;
  while (i < decl.size() && is_space(decl[i])) ++i;
  if (i >= decl.size() || decl[i] != '=') return std::nullopt;
  ++i;
  while (i < decl.size() && is_space(decl[i])) ++i;
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return std::nullopt;
  char q = decl[i++];
  std::size_t close = decl.find(q, i);
  if (close == std::string_view::npos) return std::nullopt;
  std::string v = trim_label(decl.substr(i, close - i));
  if (v.empty()) return std::nullopt;
  return v;
}

}  // namespace newsdeal
