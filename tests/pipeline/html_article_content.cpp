// The main text of a page (html_content.h): what is dropped (navigation,
// headers, footers, sidebars, comments, share widgets, related links, ads,
// captions, hidden boxes), what is kept (paragraphs, headings, embedded posts),
// and how the text is laid out.
#include <string>

#include "pipeline/readers/html_article.h"
#include "pipeline/readers/html_text.h"
#include "tests/support.h"

using namespace newsdeal;
using namespace newsdeal::test;

namespace {

// Three paragraphs long enough to score, so the page has an article to find.
const std::string kStory =
    "<p>Orbital Compute has agreed to buy accelerator chips from Halvard Semiconductor for its new data centres, in a "
    "deal valued at about 2.4 billion euros over five years.</p>"
    "<p>Under the agreement, Halvard will deliver its inference chips from the autumn, and Orbital will reserve most "
    "of the output of a new packaging line.</p>"
    "<p>Analysts said the pact gives Halvard a steady customer for years, while Orbital gains a supply that does not "
    "depend on a single vendor.</p>";

std::string text_of(const std::string& body, const std::string& head = "") {
  return extract_html_article("<!doctype html><html><head>" + head + "</head><body>" + body + "</body></html>").text;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("html content: paragraphs kept, one blank line between them, headings on their own lines",
          "[html][content]") {
  std::string t = text_of("<article><div class=\"story-body\">" + kStory.substr(0, kStory.find("<p>Analysts")) +
                          "<h2>Why it matters</h2>" + kStory.substr(kStory.find("<p>Analysts")) +
                          "<p>Line one<br>line two</p></div></article>");
  CHECK(t.rfind("Orbital Compute has agreed", 0) == 0);
  CHECK(has(t, "five years.\n\nUnder the agreement"));
  CHECK(has(t, "packaging line.\n\nWhy it matters\n\nAnalysts said"));
  CHECK(has(t, "Line one\nline two"));
  CHECK(t.back() != '\n');
}

TEST_CASE("html content: navigation, header, footer, sidebar and comments are dropped", "[html][content]") {
  std::string t = text_of(
      "<header><nav><a href=/>Home</a> <a href=/m>Markets</a> <a href=/t>Technology news and analysis</a></nav></header>"
      "<div class=\"breadcrumbs\"><a href=/>Home</a> / <a href=/t>Technology</a></div>"
      "<main><article>" +
      kStory +
      "</article>"
      "<section id=\"comments\"><div class=\"comment\"><p>Great news for the region, finally some investment that "
      "is not about shipping, I have waited for years.</p></div></section></main>"
      "<aside><h3>Most popular</h3><p>Ten ways the port is changing, and why the cranes are going electric at "
      "last.</p></aside>"
      "<footer><p>Copyright 2025 The Ledger Daily. All rights reserved. Contact the newsroom at any time.</p></footer>");
  CHECK(has(t, "Orbital Compute has agreed"));
  CHECK(has(t, "depend on a single vendor."));
  for (const char* gone : {"Markets", "Technology", "Great news", "Most popular", "Ten ways", "Copyright"}) {
    INFO(gone);
    CHECK_FALSE(has(t, gone));
  }
}

TEST_CASE("html content: share widgets, related links, ads, captions and hidden boxes inside the article go",
          "[html][content]") {
  std::string t = text_of(
      "<article><div class=\"share-tools\"><a href=\"https://s.example/?u=1\">Share on Social</a></div>"
      "<div class=\"lead-image\"><img src=\"a.jpg\"><p>A wafer line at the plant near the river port.</p></div>"
      "<div class=\"content\">" +
      kStory.substr(0, kStory.find("<p>Analysts")) +
      "<div class=\"ad-slot\"><p>Advertisement</p></div>"
      "<p>Related: <a href=/r>Halvard opens a second packaging plant in the north</a></p>"
      "<div style=\"display: none\"><p>Internal draft note: this paragraph is hidden on the page and must not "
      "show.</p></div>"
      "<p hidden>A hidden paragraph with the hidden attribute, long enough to count as text.</p>" +
      kStory.substr(kStory.find("<p>Analysts")) +
      "<ul class=\"more\"><li><a href=/a1>Cloud start-ups race to secure accelerator supply</a></li>"
      "<li><a href=/a2>Rotterdam bets on data centres as the port modernises</a></li></ul>"
      "<p>Sharing is caring!</p><p>Updated 10:01 pm PST, Tuesday, November 19, 2019</p>"
      "</div></article>");
  CHECK(has(t, "Under the agreement"));
  CHECK(has(t, "Analysts said"));
  for (const char* gone : {"Share on Social", "wafer line", "Advertisement", "Related", "Internal draft",
                           "hidden attribute", "Cloud start-ups", "Sharing", "Updated"}) {
    INFO(gone);
    CHECK_FALSE(has(t, gone));
  }
}

TEST_CASE("html content: a hover card inside a sentence goes, the name it hangs on stays", "[html][content]") {
  std::string t = text_of(
      "<div class=\"body\"><p>The deal was signed by <span class=\"person\"><a href=/p/ines>Ines Okafor</a>"
      "<span class=\"card\"><img src=i.jpg><a href=/x1>Okafor names a new finance chief for the group</a> "
      "<a href=/x2>Orbital opens an office in Lisbon this spring</a> <a href=/x3>Five questions for the chief "
      "executive</a></span></span>, the chief executive of Orbital Compute, on Tuesday.</p>" +
      kStory + "</div>");
  CHECK(has(t, "signed by Ines Okafor, the chief executive"));
  CHECK_FALSE(has(t, "finance chief"));
}

TEST_CASE("html content: an embedded social post stays", "[html][content]") {
  std::string t = text_of("<div class=\"article-body\">" + kStory +
                          "<div class=\"social-media-embed\"><blockquote class=\"twitter-tweet\"><p>The new chips "
                          "arrived today <a href=\"https://t.example/x\">t.example/x</a></p>&mdash; Orbital "
                          "(@orbital) <a href=\"https://t.example/s/1\">May 2, 2025</a></blockquote></div></div>");
  CHECK(has(t, "The new chips arrived today"));
}

TEST_CASE("html content: the headline repeated at the top of the text is left out", "[html][content]") {
  std::string t = text_of("<article><h1>Orbital signs chip pact</h1>" + kStory + "</article>",
                          "<meta property=\"og:title\" content=\"Orbital signs chip pact\">");
  CHECK(t.rfind("Orbital Compute has agreed", 0) == 0);
}

TEST_CASE("html content: the largest block of paragraphs wins over a teaser list", "[html][content]") {
  std::string teasers;
  for (int i = 0; i < 6; ++i)
    teasers += "<div class=\"teaser\"><a href=/t" + std::to_string(i) + ">A short teaser headline number " +
               std::to_string(i) + " about something else</a></div>";
  std::string t = text_of("<div class=\"rail\">" + teasers + "</div><div class=\"article\">" + kStory + "</div>");
  CHECK(has(t, "Orbital Compute has agreed"));
  CHECK_FALSE(has(t, "teaser headline"));
}

TEST_CASE("html content: Chinese pages (CJK commas, dates) are read the same way", "[html][content]") {
  std::string page = read_file(source_path("tests/data/html/zh-chip-order.html"));
  HtmlArticle a = extract_html_article(page);
  CHECK(a.title == "星河算力向北辰芯片订购十万颗推理芯片");
  CHECK(a.lang == "zh");
  CHECK(a.date == "2025-05-20");
  CHECK(a.author == "李静远");
  CHECK(a.text.rfind("星河算力周二宣布", 0) == 0);
  CHECK(has(a.text, "，提高算力服务的稳定性。"));
  CHECK_FALSE(has(a.text, "网友评论"));
  CHECK_FALSE(has(a.text, "版权所有"));
  CHECK_FALSE(has(a.text, "首页"));
  CHECK_FALSE(has(a.text, "2025年5月20日"));
}

TEST_CASE("html content: little or odd input", "[html][content]") {
  CHECK(text_of("").empty());
  CHECK(text_of("<p>Short.</p>") == "Short.");  // nothing scores: the body's text
  CHECK(extract_html_article("plain words, no markup at all").text == "plain words, no markup at all");
  CHECK(extract_html_article("<<<>>> <p <div").text.empty());
  CHECK(text_of("<table><tr><td>" + kStory + "</td></tr></table>").rfind("Orbital Compute has agreed", 0) == 0);
}

TEST_CASE("html content: a page nested deeper than the limit is refused before parsing", "[html][content]") {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  deep += "x";
  CHECK_THROWS_AS(extract_html_article(deep), HtmlTooDeep);
  std::string ok;
  for (int i = 0; i < 1000; ++i) ok += "<div>";
  ok += "<p>fine</p>";
  CHECK(extract_html_article(ok).text == "fine");
}

TEST_CASE("html article: fill_article_from_html gives the reader's article", "[html][content]") {
  Article a;
  fill_article_from_html(a, read_file(source_path("tests/data/html/ledger-chips-deal.html")));
  REQUIRE(a.title);
  CHECK(*a.title == "Orbital Compute signs chip supply pact with Halvard Semiconductor");
  CHECK(a.text.rfind(*a.title + "\n\nOrbital Compute, the cloud start-up", 0) == 0);
  CHECK(a.source.published == "2025-03-14T09:30:00+08:00");
  CHECK(a.source.url == "https://ledger.example/2025/03/14/orbital-halvard-chips");
  CHECK(a.lang_hint == "en");

  // A URL the input came with stays; it also resolves a relative canonical link.
  Article b;
  b.source.url = "https://mirror.example/x";
  fill_article_from_html(b, "<html><head><link rel=canonical href=/y></head><body>" + kStory + "</body></html>");
  CHECK(b.source.url == "https://mirror.example/x");
  CHECK(!b.title);
  CHECK(b.text.rfind("Orbital Compute has agreed", 0) == 0);

  // No paragraphs at all: the visible text.
  Article c;
  fill_article_from_html(c, "<html><body><ul><li><a href=/1>One</a></li><li><a href=/2>Two</a></li></ul></body></html>");
  CHECK(c.text == html_to_text("<ul><li><a href=/1>One</a></li><li><a href=/2>Two</a></li></ul>"));
}
