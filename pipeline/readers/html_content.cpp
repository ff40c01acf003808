#include "pipeline/readers/html_content.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace newsdeal {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Characters of a text node as a browser shows them: code points, a run of
// white space counting one. Commas (Latin and CJK) counted on the way.
int text_length(std::string_view s, int* commas) {
  int n = 0;
  bool space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    if (is_space(c)) {
      if (!space) ++n;
      space = true;
      continue;
    }
    space = false;
    ++n;
    if (c == ',') ++*commas;
    else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC &&
             static_cast<unsigned char>(s[i + 2]) == 0x8C)
      ++*commas;  // ，
    else if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
             static_cast<unsigned char>(s[i + 2]) == 0x81)
      ++*commas;  // 、
  }
  return n;
}

// Never article text, whatever the page.
bool is_dropped_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_SVG:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO: case GUMBO_TAG_MATH: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_OPTION: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LABEL: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_MENU:
    case GUMBO_TAG_FRAME: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_MAP: case GUMBO_TAG_TITLE:
      return true;
    default:
      return false;
  }
}

// Readability's list of elements that make a <div> a container, not a paragraph.
bool is_div_to_p_blocker(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DL: case GUMBO_TAG_DIV: case GUMBO_TAG_IMG: case GUMBO_TAG_OL:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_UL: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6:
      return true;
    default:
      return false;
  }
}

bool is_heading(GumboTag tag) {
  return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
         tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

// Class and id words that name page furniture, not the article.
const RE2& unlikely_re() {
  static const RE2 re(
      "-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|"
      "menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|"
      "pagination|pager|popup|yom-remote|newsletter|subscribe|signup|share|sharing|promo|recommend|outbrain|taboola|"
      "cookie|consent|modal|toolbar|widget|trending|most-popular|mostpopular|read-more|readmore|more-stories|"
      "author-bio|tags|byline|dateline|caption|credit");
  return re;
}
// ... unless they also name content.
const RE2& maybe_candidate_re() {
  static const RE2 re("and|article|body|column|content|main|mathjax|shadow");
  return re;
}
const RE2& negative_re() {
  static const RE2 re(
      "-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|"
      "outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|taboola|"
      "newsletter|recommend|byline|caption");
  return re;
}
const RE2& positive_re() {
  static const RE2 re("article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story");
  return re;
}
const RE2& embed_re() {
  static const RE2 re("tweet|twitter|instagram|social[a-z_-]*embed|embed[a-z_-]*social");
  return re;
}
// A box holding a picture and its caption or credit.
const RE2& image_box_re() {
  static const RE2 re("image|img|photo|picture|gallery|slideshow|thumbnail|caption|credit|media");
  return re;
}
const RE2& byline_re() {
  static const RE2 re("byline|author|dateline|writtenby|p-author");
  return re;
}
// Paragraphs that are page furniture on their own.
const RE2& boilerplate_line_re() {
  static const RE2 re(
      R"((?is)(advertisement|advertising|advert|ad|sponsored|sponsored content|iklan|anzeige|publicidad|广告|)"
      R"(story continues below( advertisement)?|continue reading( below| the main story)?|read more:?.{0,80}|)"
      R"(related|related:.{0,200}|related (articles|stories|content|posts?):?.{0,200}|more from .{1,40}|)"
      R"(you may also like.{0,3}|we recommend|recommended|trending|most popular|see also:?.{0,80}|also read:?.{0,100}|)"
      R"(share|share this( article| story)?|share on .{1,20}|sharing is caring!?|like this story\? share it.{0,40}|)"
      R"(comments?|\d+ comments?|loading\W*|click here.{0,60}|subscribe.{0,60}|sign up.{0,80}|)"
      R"(follow (us|me|him|her) on .{1,80}|follow us.{0,60}|)"
      R"((photo|photos|image|images|foto|fotos|фото|credit|source)\s*:.{0,120}|photo|фото|foto|getty images|)"
      R"(image \d+ of \d+|this slideshow requires javascript\.?|)"
      R"((tags|tagged|tagged with|filed under|categories|category)\s*[:|\n].{0,300}|)"
      R"(\d+ min(ute)?s? read|reading time:?.{0,20}|tempo de leitura:?.{0,20}|)"
      R"(this (article|story) (was|has been) (updated|corrected).{0,80}|相关阅读|相关新闻|责任编辑.{0,20}))");
  return re;
}

const RE2& has_word_re() {
  static const RE2 re(R"(\pL|\pN)");
  return re;
}
// A block that is only a date or time stamp ("Updated 1:39 am EST, Wednesday,
// November 20, 2019", "05/10/2018 10:00"): when the article was posted.
const RE2& date_line_re() {
  static const RE2 re(
      R"((?i)((updated|published|posted|last updated|posted on|published on)\W*)?((mon|tue|wed|thu|fri|sat|sun)[a-z]*\W+)?)"
      R"(((\d{1,2}:\d{2}\s*([ap]\.?m\.?)?\s*([a-z]{2,4})?|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|\d{4}|at|on|(mon|tue|wed|thu|fri|sat|sun)[a-z]*)[\s,|-]*)+)");
  return re;
}

// A block with a year and a clock time or numeric date, and few words: a time
// stamp in any language ("segunda-feira, 22 de janeiro de 2018 às 0:13").
const RE2& stamp_re() {
  static const RE2 re(R"((^|[^\d])(19|20)\d{2}([^\d]|$))");
  return re;
}
const RE2& clock_or_numeric_date_re() {
  static const RE2 re(R"(\b\d{1,2}:\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\d{1,2}\s*月\s*\d{1,2}\s*日)");
  return re;
}
// "By Jane Doe - 11/18/19 11:04 PM EST": a byline left in the text.
const RE2& byline_line_re() {
  static const RE2 re(R"((By|BY|Por|POR|Von|Par|Di|Door) \p{Lu}[^.!?]{0,80})");
  return re;
}

struct Flags {
  bool strip_unlikely = true;
  bool weight_classes = true;
  bool clean_conditionally = true;
};

class Extractor {
 public:
  Extractor(const HtmlDom& dom, std::string_view title) : dom_(dom), title_(lower(title)) {
    const int n = dom.size();
    own_len_.assign(n, 0);
    own_commas_.assign(n, 0);
    hard_drop_.assign(n, 0);
    unlikely_.assign(n, 0);
    weight_.assign(n, 0);
    embed_.assign(n, 0);
    for (int i = 0; i < n; ++i) {
      const HtmlNode& node = dom[i];
      if (!node.is_element()) {
        own_len_[i] = text_length(node.text, &own_commas_[i]);
        continue;
      }
      if (is_dropped_tag(node.tag) || hidden(i)) {
        hard_drop_[i] = 1;
        continue;
      }
      std::string match = lower(dom.attr(i, "class"));
      match += ' ';
      match += lower(dom.attr(i, "id"));
      std::string_view role = dom.attr(i, "role");
      if (role == "navigation" || role == "menu" || role == "menubar" || role == "complementary" ||
          role == "alert" || role == "alertdialog" || role == "dialog" || role == "banner" ||
          role == "contentinfo") {
        unlikely_[i] = 1;
      }
      if (match.size() > 1) {
        if (node.tag != GUMBO_TAG_BODY && node.tag != GUMBO_TAG_A && node.tag != GUMBO_TAG_HTML &&
            node.tag != GUMBO_TAG_ARTICLE && node.tag != GUMBO_TAG_MAIN && RE2::PartialMatch(match, unlikely_re()) &&
            !RE2::PartialMatch(match, maybe_candidate_re()) && !RE2::PartialMatch(match, embed_re()))
          unlikely_[i] = 1;
        weight_[i] = class_weight(i);
        // A social post embedded in the article (its quote, its author) is
        // part of the story, whatever else its class says.
        if (RE2::PartialMatch(match, embed_re())) {
          embed_[i] = 1;
          weight_[i] = std::max(weight_[i], 0);
        }
      }
      // Bylines and datelines are metadata, read separately.
      if (!unlikely_[i] && (lower(dom.attr(i, "rel")) == "author" ||
                            lower(dom.attr(i, "itemprop")).find("author") != std::string::npos ||
                            RE2::PartialMatch(match, byline_re())))
        byline_candidates_.push_back(i);
    }
  }

  std::string run() {
    // Each retry turns one more filter off; the longest text wins.
    std::string best;
    for (Flags f : {Flags{true, true, true}, Flags{false, true, true}, Flags{false, false, true},
                    Flags{false, false, false}}) {
      std::string text = attempt(f);
      if (text.size() > best.size()) best = std::move(text);
      if (count_chars(best) >= 250) break;
    }
    return best;
  }

 private:
  static int count_chars(const std::string& s) {
    int n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  }

  bool hidden(int i) const {
    if (dom_.has_attr(i, "hidden")) return true;
    if (dom_.attr(i, "aria-hidden") == "true" && dom_.attr(i, "class").find("fallback-image") == std::string::npos)
      return true;
    std::string_view style = dom_.attr(i, "style");
    if (style.empty()) return false;
    std::string s;
    for (char c : style)
      if (!is_space(static_cast<unsigned char>(c))) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos;
  }

  int class_weight(int i) const {
    int w = 0;
    for (const char* a : {"class", "id"}) {
      std::string v = lower(dom_.attr(i, a));
      if (v.empty()) continue;
      if (RE2::PartialMatch(v, negative_re())) w -= 25;
      if (RE2::PartialMatch(v, positive_re())) w += 25;
    }
    return w;
  }

  // Marks the dropped subtrees for this attempt and sums text and link lengths
  // over what is left.
  void prepare(const Flags& f) {
    const int n = dom_.size();
    drop_.assign(n, 0);
    for (int i = 0; i < n; ++i) {
      if (!dom_[i].is_element()) continue;
      int p = dom_[i].parent;
      if ((p >= 0 && drop_[p]) || hard_drop_[i] || (f.strip_unlikely && unlikely_[i])) drop_[i] = 1;
    }
    for (int i = 0; i < n; ++i)
      if (!dom_[i].is_element() && dom_[i].parent >= 0 && drop_[dom_[i].parent]) drop_[i] = 1;
    // Small bylines go (a long one is a misnamed container).
    sum_lengths();
    for (int i : byline_candidates_)
      if (!drop_[i] && st_[i].len < 100) drop_subtree(i);
    // A hover card inside a sentence (a picture and links about a person or
    // topic, shown on mouse-over) is no part of the sentence.
    // Innermost first, so the name it hangs on stays.
    for (int i = n - 1; i >= 0; --i)
      if (!drop_[i] && dom_[i].is_element() && dom_[i].tag == GUMBO_TAG_SPAN && st_[i].img > 0 && st_[i].a >= 3 &&
          link_density(i) > 0.8)
        remove(i, -1);
    sum_lengths();
  }

  void drop_subtree(int i) {
    for (int j = i; j < dom_[i].end; ++j) drop_[j] = 1;
  }

  // Text, link text, commas and element counts of every subtree, over what is
  // not dropped: one backward pass (children come after their parent).
  void sum_lengths() {
    const int n = dom_.size();
    st_.assign(n, Stats{});
    for (int i = n - 1; i >= 0; --i) {
      if (drop_[i]) continue;
      Stats& s = st_[i];
      if (!dom_[i].is_element()) {
        s.len = own_len_[i];
        s.commas = own_commas_[i];
      } else {
        switch (dom_[i].tag) {
          case GUMBO_TAG_A: s.link_len = s.len; ++s.a; break;
          case GUMBO_TAG_P: ++s.p; break;
          case GUMBO_TAG_IMG: ++s.img; break;
          case GUMBO_TAG_LI: ++s.li; break;
          case GUMBO_TAG_INPUT: ++s.input; break;
          case GUMBO_TAG_IFRAME: case GUMBO_TAG_EMBED: case GUMBO_TAG_OBJECT: ++s.embed; break;
          case GUMBO_TAG_CODE: case GUMBO_TAG_PRE: ++s.code; break;
          default: break;
        }
        if (is_heading(dom_[i].tag)) s.heading_len = s.len;
      }
      int p = dom_[i].parent;
      if (p < 0) continue;
      Stats& t = st_[p];
      t.len += s.len;
      t.link_len += s.link_len;
      t.commas += s.commas;
      t.p += s.p;
      t.img += s.img;
      t.li += s.li;
      t.a += s.a;
      t.input += s.input;
      t.embed += s.embed;
      t.code += s.code;
      t.heading_len += s.heading_len;
      t.blocker_below = t.blocker_below || s.blocker_below || (dom_[i].is_element() && is_div_to_p_blocker(dom_[i].tag));
    }
  }

  double link_density(int i) const { return st_[i].len ? static_cast<double>(st_[i].link_len) / st_[i].len : 0.0; }

  int tag_score(GumboTag tag) const {
    switch (tag) {
      case GUMBO_TAG_DIV: return 5;
      case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: return 3;
      case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
      case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: return -3;
      case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
      case GUMBO_TAG_H6: case GUMBO_TAG_TH: return -5;
      default: return 0;
    }
  }

  void init_candidate(int i, const Flags& f) {
    if (scored_[i]) return;
    scored_[i] = 1;
    score_[i] = tag_score(dom_[i].tag) + (f.weight_classes ? weight_[i] : 0);
    candidates_.push_back(i);
  }

  // Whether a container holds no block element below it (so it reads as a paragraph).
  bool holds_only_inline(int i) const { return !st_[i].blocker_below; }

  // The text length and commas of a container's own inline content: its text
  // children and inline elements, not its blocks.
  void inline_text(int i, int* len, int* commas) const {
    for (int c = dom_.first_child(i); c != -1; c = dom_.next_sibling(c)) {
      if (drop_[c]) continue;
      if (!dom_[c].is_element() || (!is_block_tag(dom_[c].tag) && holds_only_inline(c))) {
        *len += st_[c].len;
        *commas += st_[c].commas;
      }
    }
  }

  void credit(int paragraph_parent, int len, int commas, const Flags& f) {
    double s = 1 + commas + std::min(len / 100, 3);
    int level = 0;
    for (int a = paragraph_parent; a >= 0 && level < 5; a = dom_[a].parent, ++level) {
      if (dom_[a].parent < 0) break;  // <html>
      init_candidate(a, f);
      double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
      score_[a] += s / divider;
    }
  }

  int best_candidate(const Flags& f) {
    const int n = dom_.size();
    score_.assign(n, 0);
    scored_.assign(n, 0);
    candidates_.clear();
    for (int i = 0; i < n; ++i) {
      if (drop_[i] || !dom_[i].is_element()) continue;
      GumboTag tag = dom_[i].tag;
      if (tag == GUMBO_TAG_P || tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_TD) {
        if (st_[i].len >= 25 && dom_[i].parent >= 0) credit(dom_[i].parent, st_[i].len, st_[i].commas, f);
      } else if (tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION || tag == GUMBO_TAG_ARTICLE) {
        if (holds_only_inline(i)) {
          if (st_[i].len >= 25 && dom_[i].parent >= 0) credit(dom_[i].parent, st_[i].len, st_[i].commas, f);
        } else {
          int len = 0, commas = 0;
          inline_text(i, &len, &commas);
          if (len >= 25) credit(i, len, commas, f);
        }
      }
    }
    int top = -1;
    for (int c : candidates_) {
      score_[c] *= 1 - link_density(c);
      if (top < 0 || score_[c] > score_[top]) top = c;
    }
    return top;
  }

  bool is_body(int i) const { return dom_[i].tag == GUMBO_TAG_BODY || dom_[i].parent < 0; }

  // Readability's refinements: a common ancestor of close rivals, a parent
  // that scores higher, an only child's parent.
  int refine(int top, const Flags& f) {
    std::vector<int> ranked = candidates_;
    std::partial_sort(ranked.begin(), ranked.begin() + std::min<std::size_t>(5, ranked.size()), ranked.end(),
                      [&](int a, int b) { return score_[a] > score_[b]; });
    ranked.resize(std::min<std::size_t>(5, ranked.size()));
    std::vector<int> rivals;
    for (std::size_t k = 1; k < ranked.size(); ++k)
      if (score_[top] > 0 && score_[ranked[k]] / score_[top] >= 0.75) rivals.push_back(ranked[k]);
    if (rivals.size() >= 3) {
      for (int p = dom_[top].parent; p >= 0 && !is_body(p); p = dom_[p].parent) {
        int containing = 0;
        for (int r : rivals)
          if (r > p && r < dom_[p].end) ++containing;
        if (containing >= 3) {
          top = p;
          break;
        }
      }
    }
    init_candidate(top, f);
    double last = score_[top], threshold = last / 3;
    for (int p = dom_[top].parent; p >= 0 && !is_body(p); p = dom_[p].parent) {
      if (!scored_[p]) continue;
      if (score_[p] < threshold) break;
      if (score_[p] > last) {
        top = p;
        break;
      }
      last = score_[p];
    }
    for (int p = dom_[top].parent; p >= 0 && !is_body(p) && element_children(p) == 1; p = dom_[p].parent) top = p;
    init_candidate(top, f);
    return top;
  }

  int element_children(int i) const {
    int k = 0;
    for (int c = dom_.first_child(i); c != -1; c = dom_.next_sibling(c))
      if (dom_[c].is_element() && !drop_[c]) ++k;
    return k;
  }

  // The top candidate and the siblings that belong with it, in page order.
  std::vector<int> gather(int top) {
    int parent = dom_[top].parent;
    if (parent < 0 || is_body(top)) return {top};
    double threshold = std::max(10.0, score_[top] * 0.2);
    std::string_view top_class = dom_.attr(top, "class");
    std::vector<int> out;
    for (int s = dom_.first_child(parent); s != -1; s = dom_.next_sibling(s)) {
      if (drop_[s]) continue;
      if (s == top) {
        out.push_back(s);
        continue;
      }
      if (!dom_[s].is_element()) continue;
      double bonus = !top_class.empty() && dom_.attr(s, "class") == top_class ? score_[top] * 0.2 : 0;
      if (scored_[s] && score_[s] + bonus >= threshold) {
        out.push_back(s);
      } else if (bonus > 0 && st_[s].len > 100 && link_density(s) < 0.3) {
        // A part of the same article whose paragraphs sit too deep to credit it.
        out.push_back(s);
      } else if (dom_[s].tag == GUMBO_TAG_P) {
        double ld = link_density(s);
        int len = st_[s].len;
        if (len > 80 && ld < 0.25) out.push_back(s);
        else if (len > 0 && len < 80 && ld == 0 && ends_sentence(s)) out.push_back(s);
      }
    }
    return out;
  }

  bool ends_sentence(int i) const {
    std::string t = dom_.text(i);
    return t.find(". ") != std::string::npos || (!t.empty() && t.back() == '.');
  }

  bool has_ancestor(int i, GumboTag tag, int stop) const {
    for (int p = dom_[i].parent; p >= 0 && p != stop; p = dom_[p].parent)
      if (dom_[p].tag == tag) return true;
    return false;
  }

  // Readability's conditional clean-up of lists, tables, forms and boxes
  // inside the article: what reads as a link list, gallery or widget goes.
  bool fishy(int i, const Flags& f, int root) const {
    const Stats& s = st_[i];
    GumboTag tag = dom_[i].tag;
    bool list = tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL;
    if (s.code || embed_[i]) return false;
    int weight = f.weight_classes ? weight_[i] : 0;
    if (weight + (scored_[i] ? score_[i] : 0) < 0) return true;
    if (s.commas >= 10) return false;
    int p = s.p, img = s.img, li = s.li - 100, input = s.input;
    double heading_density = s.len ? static_cast<double>(s.heading_len) / s.len : 0;
    double ld = link_density(i);
    int len = s.len;
    bool in_figure = has_ancestor(i, GUMBO_TAG_FIGURE, root);
    if (len == 0 && img == 0) return true;
    return (!in_figure && img > 1 && p * 2 < img) || (!list && li > p) || (input > p / 3) ||
           (!list && !in_figure && heading_density < 0.9 && len < 25 && (img == 0 || img > 2) && ld > 0) ||
           (!list && weight < 25 && ld > 0.2) || (weight >= 25 && ld > 0.5) || (s.embed == 1 && len < 75) ||
           s.embed > 1;
  }

  // A picture with its caption and credit, in a box its class names so.
  bool image_box(int i) const {
    const Stats& s = st_[i];
    if (s.len >= 400 || s.p > 2 || embed_[i]) return false;
    std::string match = lower(dom_.attr(i, "class"));
    match += ' ';
    match += lower(dom_.attr(i, "id"));
    if (match.size() < 3 || !RE2::PartialMatch(match, image_box_re())) return false;
    return s.img > 0 || match.find("caption") != std::string::npos || match.find("credit") != std::string::npos;
  }

  // Inner boxes first, as Readability does, so a container is judged without
  // the widgets already taken out of it.
  void clean(int root, const Flags& f) {
    for (int i = dom_[root].end - 1; i > root; --i) {
      if (drop_[i] || !dom_[i].is_element()) continue;
      GumboTag tag = dom_[i].tag;
      bool drop = false;
      if ((tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2) && f.weight_classes && weight_[i] < 0) drop = true;
      if (!drop && f.clean_conditionally && image_box(i)) drop = true;
      if (!drop && f.clean_conditionally &&
          (tag == GUMBO_TAG_FORM || tag == GUMBO_TAG_FIELDSET || tag == GUMBO_TAG_TABLE || tag == GUMBO_TAG_UL ||
           tag == GUMBO_TAG_OL || tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION) &&
          fishy(i, f, root))
        drop = true;
      if (drop) {
        if (debug_) std::cerr << "  cleaned " << describe(i) << "\n";
        remove(i, root);
      }
    }
  }

  // Drops a subtree and takes its counts off its ancestors up to `root`.
  void remove(int i, int root) {
    const Stats d = st_[i];
    for (int p = dom_[i].parent; p >= 0; p = dom_[p].parent) {
      Stats& s = st_[p];
      s.len -= d.len;
      s.link_len -= d.link_len;
      s.commas -= d.commas;
      s.p -= d.p;
      s.img -= d.img;
      s.li -= d.li;
      s.a -= d.a;
      s.input -= d.input;
      s.embed -= d.embed;
      s.code -= d.code;
      s.heading_len -= d.heading_len;
      if (p == root) break;
    }
    drop_subtree(i);
  }

  std::string describe(int i) const {
    std::string d = dom_.tag_name(i);
    if (!dom_.attr(i, "id").empty()) d += "#" + std::string(dom_.attr(i, "id"));
    if (!dom_.attr(i, "class").empty()) d += "." + std::string(dom_.attr(i, "class")).substr(0, 60);
    return d + " score=" + std::to_string(scored_[i] ? score_[i] : 0) + " len=" + std::to_string(st_[i].len) +
           (drop_[i] ? " DROPPED" : "");
  }

  std::string attempt(const Flags& f) {
    prepare(f);
    int top = best_candidate(f);
    if (top < 0) {
      top = dom_.find_first(GUMBO_TAG_BODY);
      if (top < 0) return {};
      init_candidate(top, f);
    } else {
      top = refine(top, f);
    }
    std::vector<int> roots = gather(top);
    if (debug_) {
      std::cerr << "html: attempt strip_unlikely=" << f.strip_unlikely << " weight_classes=" << f.weight_classes
                << " clean_conditionally=" << f.clean_conditionally << "\n";
      for (int r : roots) std::cerr << "  root " << describe(r) << "\n";
      for (int p = dom_[top].parent; p >= 0; p = dom_[p].parent) std::cerr << "    in " << describe(p) << "\n";
    }
    for (int r : roots)
      if (dom_[r].is_element()) clean(r, f);
    sum_lengths();
    return render(roots);
  }

  // The text of the chosen subtrees: blocks become paragraphs, boilerplate
  // lines and a leading repeat of the headline are left out.
  std::string render(const std::vector<int>& roots) {
    Writer w;
    enum class Step : std::uint8_t { enter, leave_block, leave_link };
    struct Frame {
      int node;
      Step step;
    };
    std::vector<Frame> stack;
    for (int r : roots) {
      stack.push_back({r, Step::enter});
      while (!stack.empty()) {
        Frame fr = stack.back();
        stack.pop_back();
        int i = fr.node;
        const HtmlNode& n = dom_[i];
        if (fr.step == Step::leave_block) {
          w.block_end();
          continue;
        }
        if (fr.step == Step::leave_link) {
          w.link(false);
          continue;
        }
        if (drop_[i]) continue;
        if (!n.is_element()) {
          w.text(n.text);
          continue;
        }
        if (n.tag == GUMBO_TAG_BR) {
          w.line_break();
          continue;
        }
        if (n.tag == GUMBO_TAG_HR || n.tag == GUMBO_TAG_IMG) continue;
        if (is_heading(n.tag) && w.empty() && !title_.empty() && lower(dom_.text(i)) == title_) continue;
        if (n.tag == GUMBO_TAG_TD || n.tag == GUMBO_TAG_TH) w.space();
        if (n.tag == GUMBO_TAG_A) {
          w.link(true);
          stack.push_back({i, Step::leave_link});
        } else if (is_block_tag(n.tag) && n.tag != GUMBO_TAG_TD && n.tag != GUMBO_TAG_TH) {
          w.block_end();
          stack.push_back({i, Step::leave_block});
        }
        std::size_t first = stack.size();
        for (int c = dom_.first_child(i); c != -1; c = dom_.next_sibling(c)) stack.push_back({c, Step::enter});
        std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(first), stack.end());
      }
    }
    w.block_end();
    return w.finish();
  }

  // Collects the text block by block and keeps the blocks that read as
  // article text.
  class Writer {
   public:
    void text(std::string_view s) {
      for (std::size_t k = 0; k < s.size(); ++k) {
        unsigned char c = static_cast<unsigned char>(s[k]);
        bool ws = is_space(c);
        if (c == 0xC2 && k + 1 < s.size() && static_cast<unsigned char>(s[k + 1]) == 0xA0) {
          ws = true;
          ++k;
        }
        if (ws) {
          pending_space_ = true;
          continue;
        }
        if (pending_space_ && !line_.empty() && line_.back() != '\n') line_ += ' ';
        pending_space_ = false;
        line_ += static_cast<char>(c);
        if ((c & 0xC0) != 0x80) {
          ++chars_;
          if (links_) ++link_chars_;
        }
      }
    }
    void link(bool enter) { links_ += enter ? 1 : -1; }
    void space() { pending_space_ = true; }
    void line_break() {
      while (!line_.empty() && line_.back() == ' ') line_.pop_back();
      if (!line_.empty()) line_ += '\n';
      pending_space_ = false;
    }
    void block_end() {
      pending_space_ = false;
      while (!line_.empty() && (line_.back() == ' ' || line_.back() == '\n')) line_.pop_back();
      if (!line_.empty() && keep()) {
        if (!out_.empty()) out_ += "\n\n";
        out_ += line_;
      }
      line_.clear();
      chars_ = link_chars_ = 0;
    }
    bool empty() const { return out_.empty() && line_.empty(); }
    std::string finish() { return std::move(out_); }

   private:
    bool keep() const {
      // A block that is all link is a headline pointing elsewhere.
      if (link_chars_ * 10 >= chars_ * 9) return false;
      if (!RE2::PartialMatch(line_, has_word_re())) return false;  // rules, dots, zero-width spaces
      if (RE2::FullMatch(line_, boilerplate_line_re()) || RE2::FullMatch(line_, date_line_re()) ||
          RE2::FullMatch(line_, byline_line_re()))
        return false;
      if (chars_ <= 80 && RE2::PartialMatch(line_, stamp_re()) && RE2::PartialMatch(line_, clock_or_numeric_date_re()) &&
          words() <= 10 && line_.back() != '.')
        return false;
      return true;
    }

    int words() const {
      int w = 0;
      bool in = false;
      for (char c : line_) {
        bool sp = c == ' ' || c == '\n';
        if (!sp && !in) ++w;
        in = !sp;
      }
      return w;
    }

    std::string out_, line_;
    bool pending_space_ = false;
    int links_ = 0, chars_ = 0, link_chars_ = 0;
  };

  const HtmlDom& dom_;
  std::string title_;
  // NEWSDEAL_DEBUG_HTML=1: the chosen candidates and their ancestors on stderr.
  bool debug_ = std::getenv("NEWSDEAL_DEBUG_HTML") != nullptr;
  std::vector<int> own_len_, own_commas_;
  std::vector<std::uint8_t> hard_drop_, unlikely_, embed_;
  std::vector<int> weight_;
  std::vector<int> byline_candidates_;
  // Per attempt.
  struct Stats {
    int len = 0, link_len = 0, commas = 0, p = 0, img = 0, li = 0, a = 0, input = 0, embed = 0, code = 0, heading_len = 0;
    bool blocker_below = false;
  };
  std::vector<std::uint8_t> drop_, scored_;
  std::vector<Stats> st_;
  std::vector<double> score_;
  std::vector<int> candidates_;
};

}  // namespace

std::string extract_main_text(const HtmlDom& dom, std::string_view title) {
  if (dom.size() == 0) return {};
  return Extractor(dom, title).run();
}

}  // namespace newsdeal
