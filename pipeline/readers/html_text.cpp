#include "pipeline/readers/html_text.h"

#include <gumbo.h>

#include <cctype>
#include <optional>
#include <vector>

namespace newsdeal {
namespace {

bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_BR: case GUMBO_TAG_LI: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_TR: case GUMBO_TAG_TITLE: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_TABLE: case GUMBO_TAG_PRE: case GUMBO_TAG_FIGCAPTION:
      return true;
    default:
      return false;
  }
}

bool is_hidden(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE ||
         tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_HEAD;
}

void append_text(std::string& out, const char* text) {
  // Collapse runs of white space as a browser does.
  for (const char* p = text; *p; ++p) {
    char c = *p;
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    if (space) {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
    } else {
      out += c;
    }
  }
}

void paragraph_break(std::string& out) {
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.back() != '\n') out += '\n';
}

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// Elements that never hold children, or whose end tag is usually left out: they
// do not deepen the estimate.
bool is_flat(std::string_view name) {
  for (std::string_view v : {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                             "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "html", "head", "body"})
    if (ieq(name, v)) return true;
  return false;
}

// A linear pre-scan of tag nesting, so a hostile page is refused before gumbo
// spends minutes on it. Returns the byte offset where the depth passes the limit.
std::optional<std::size_t> too_deep_at(std::string_view html) {
  std::size_t depth = 0;
  for (std::size_t i = html.find('<'); i != std::string_view::npos && i + 1 < html.size(); i = html.find('<', i + 1)) {
    if (html.compare(i, 4, "<!--") == 0) {
      std::size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end;
      continue;
    }
    bool closing = html[i + 1] == '/';
    std::size_t n = i + (closing ? 2 : 1), start = n;
    while (n < html.size() && std::isalnum(static_cast<unsigned char>(html[n]))) ++n;
    if (n == start) continue;
    std::string_view name = html.substr(start, n - start);
    if (!closing && (ieq(name, "script") || ieq(name, "style"))) {
      // Raw text: skip to the end tag.
      std::string close = "</" + std::string(name);
      std::size_t end = i;
      while ((end = html.find("</", end + 1)) != std::string_view::npos && !ieq(html.substr(end, close.size()), close)) {
      }
      if (end == std::string_view::npos) break;
      i = end;
      continue;
    }
    if (is_flat(name)) continue;
    std::size_t gt = html.find('>', n);
    if (gt == std::string_view::npos) break;
    if (closing) {
      if (depth) --depth;
    } else if (html[gt - 1] != '/' && ++depth > kMaxHtmlDepth) {
      return i;
    }
    i = gt;
  }
  return std::nullopt;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  if (auto at = too_deep_at(html))
    throw HtmlTooDeep("HTML nests deeper than " + std::to_string(kMaxHtmlDepth) + " elements (at byte " +
                      std::to_string(*at) + ")");
  GumboOutput* doc = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string out;
  // Iterative walk: real pages nest deep enough to overflow a recursive one.
  struct Frame {
    const GumboNode* node;
    bool leaving;
  };
  std::vector<Frame> stack{{doc->root, false}};
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    const GumboNode* n = f.node;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
      append_text(out, n->v.text.text);
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) continue;
    GumboTag tag = n->v.element.tag;
    if (f.leaving) {
      if (is_block(tag)) paragraph_break(out);
      continue;
    }
    if (is_hidden(tag)) continue;
    if (is_block(tag)) paragraph_break(out);
    stack.push_back({n, true});
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = kids.length; i-- > 0;) stack.push_back({static_cast<const GumboNode*>(kids.data[i]), false});
  }
  gumbo_destroy_output(&kGumboDefaultOptions, doc);
  paragraph_break(out);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace newsdeal
