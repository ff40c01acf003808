#include "pipeline/readers/html_text.h"

#include "pipeline/readers/html_dom.h"

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

}  // namespace

std::string html_to_text(std::string_view html) {
  if (auto at = html_too_deep_at(html))  // html_dom.h: the one pre-scan of nesting
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
