#include "pipeline/readers/html_dom.h"

#include <cctype>
#include <cstring>

#include "pipeline/readers/html_text.h"

namespace newsdeal {
namespace {

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

}  // namespace

std::optional<std::size_t> html_too_deep_at(std::string_view html) {
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
      std::size_t end = i;
      while ((end = html.find("</", end + 1)) != std::string_view::npos &&
             !ieq(html.substr(end + 2, name.size()), name)) {
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

HtmlDom::HtmlDom(std::string_view html) {
  if (auto at = html_too_deep_at(html))
    throw HtmlTooDeep("HTML nests deeper than " + std::to_string(kMaxHtmlDepth) + " elements (at byte " +
                      std::to_string(*at) + ")");
  out_ = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  nodes_.reserve(html.size() / 40);
  // Iterative pre-order walk (real pages nest deep enough to overflow a
  // recursive one); a node's `end` is set when its last descendant is placed.
  struct Frame {
    const GumboNode* node;
    int parent;
    bool leaving;
    int index;
  };
  std::vector<Frame> stack{{out_->root, -1, false, -1}};
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    if (f.leaving) {
      nodes_[f.index].end = size();
      continue;
    }
    const GumboNode* g = f.node;
    HtmlNode n;
    n.parent = f.parent;
    if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE || g->type == GUMBO_NODE_CDATA) {
      n.kind = HtmlNode::Kind::text;
      n.text = g->v.text.text;
      n.end = size() + 1;
      nodes_.push_back(n);
      continue;
    }
    if (g->type != GUMBO_NODE_ELEMENT && g->type != GUMBO_NODE_TEMPLATE) continue;  // comments
    n.tag = g->v.element.tag;
    n.element = &g->v.element;
    int index = size();
    nodes_.push_back(n);
    stack.push_back({g, f.parent, true, index});
    const GumboVector& kids = g->v.element.children;
    for (unsigned k = kids.length; k-- > 0;)
      stack.push_back({static_cast<const GumboNode*>(kids.data[k]), index, false, -1});
  }
}

HtmlDom::~HtmlDom() {
  if (out_) gumbo_destroy_output(&kGumboDefaultOptions, out_);
}

std::string_view HtmlDom::attr(int i, const char* name) const {
  const GumboElement* e = nodes_[i].element;
  if (!e) return {};
  const GumboAttribute* a = gumbo_get_attribute(&e->attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

bool HtmlDom::has_attr(int i, const char* name) const {
  const GumboElement* e = nodes_[i].element;
  return e && gumbo_get_attribute(&e->attributes, name);
}

std::string HtmlDom::tag_name(int i) const {
  const GumboElement* e = nodes_[i].element;
  if (!e) return {};
  std::string name;
  if (e->tag != GUMBO_TAG_UNKNOWN) {
    name = gumbo_normalized_tagname(e->tag);
  } else {
    GumboStringPiece piece = e->original_tag;
    gumbo_tag_from_original_text(&piece);  // strips the angle brackets and attributes
    name.assign(piece.data ? piece.data : "", piece.data ? piece.length : 0);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return name;
}

std::string HtmlDom::text(int i) const {
  std::string out;
  bool space = false;
  for (int j = i; j < nodes_[i].end; ++j) {
    const HtmlNode& n = nodes_[j];
    if (n.is_element()) {
      if (n.tag == GUMBO_TAG_SCRIPT || n.tag == GUMBO_TAG_STYLE || n.tag == GUMBO_TAG_TEMPLATE) j = n.end - 1;
      else if (is_block_tag(n.tag) || n.tag == GUMBO_TAG_BR) space = true;
      continue;
    }
    for (char c : n.text) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space = true;
      } else {
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
      }
    }
  }
  return out;
}

int HtmlDom::find_first(GumboTag tag) const {
  for (int i = 0; i < size(); ++i)
    if (nodes_[i].is_element() && nodes_[i].tag == tag) return i;
  return -1;
}

bool is_block_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TR:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TABLE: case GUMBO_TAG_PRE: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_MAIN: case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV: case GUMBO_TAG_FORM:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_HR: case GUMBO_TAG_CAPTION: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_BODY:
      return true;
    default:
      return false;
  }
}

}  // namespace newsdeal
