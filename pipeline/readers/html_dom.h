// A parsed HTML page as a flat array of nodes in document order, for the
// article extractor's several passes (metadata, scoring, text).
//
//   HtmlDom dom(html);                    // gumbo; throws HtmlTooDeep
//   for (int i = 0; i < dom.size(); ++i)  // every node, parents before children
//     if (dom[i].tag == GUMBO_TAG_P) ...
//   for (int c = dom.first_child(i); c != -1; c = dom.next_sibling(c)) ...
//
// A node's subtree is the index range [i, dom[i].end), so "everything inside"
// is a plain loop and per-subtree sums are one backward pass. Text views point
// into gumbo's output, which lives as long as the HtmlDom.
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdeal {

struct HtmlNode {
  enum class Kind : std::uint8_t { element, text };
  Kind kind = Kind::element;
  GumboTag tag = GUMBO_TAG_UNKNOWN;  // elements only
  int parent = -1;
  int end = 0;                   // one past the last node of the subtree
  std::string_view text;         // text nodes: as written (entities decoded)
  const GumboElement* element = nullptr;
  bool is_element() const { return kind == Kind::element; }
};

// The byte offset where tag nesting passes kMaxHtmlDepth (html_text.h), by a
// linear scan of the tags: gumbo's tree building is quadratic in depth and its
// clean-up recursive, so a hostile page is refused before gumbo sees it.
std::optional<std::size_t> html_too_deep_at(std::string_view html);

class HtmlDom {
 public:
  // Throws HtmlTooDeep (html_text.h) for a page nested deeper than kMaxHtmlDepth.
  explicit HtmlDom(std::string_view html);
  ~HtmlDom();
  HtmlDom(const HtmlDom&) = delete;
  HtmlDom& operator=(const HtmlDom&) = delete;

  int size() const { return static_cast<int>(nodes_.size()); }
  const HtmlNode& operator[](int i) const { return nodes_[i]; }

  int first_child(int i) const { return i + 1 < nodes_[i].end ? i + 1 : -1; }
  int next_sibling(int i) const {
    int p = nodes_[i].parent;
    return p >= 0 && nodes_[i].end < nodes_[p].end ? nodes_[i].end : -1;
  }

  // The attribute's value, "" when absent (or not an element).
  std::string_view attr(int i, const char* name) const;
  bool has_attr(int i, const char* name) const;
  // The element's tag name, lower case ("" for text); also for elements gumbo
  // does not know (custom elements such as <amp-img>).
  std::string tag_name(int i) const;

  // The text inside node i, white space collapsed to single spaces and trimmed,
  // script and style left out (titles, bylines: short inline text).
  std::string text(int i) const;

  // The first <head> / <body> / <html> element, or -1.
  int find_first(GumboTag tag) const;

 private:
  GumboOutput* out_ = nullptr;
  std::vector<HtmlNode> nodes_;
};

// Whether elements with this tag start a new block of text (paragraph breaks).
bool is_block_tag(GumboTag tag);

}  // namespace newsdeal
