// What a page says about itself (html_metadata.h): every source of every
// field, the order they are tried in, and the date and title clean-up.
#include "pipeline/readers/html_article.h"
#include "pipeline/readers/html_dom.h"
#include "pipeline/readers/html_metadata.h"
#include "tests/support.h"

using namespace newsdeal;

namespace {

HtmlMetadata meta_of(const std::string& head, const std::string& body = "<p>Text.</p>", const std::string& url = "",
                     const std::string& html_attrs = "") {
  HtmlDom dom("<!doctype html><html" + html_attrs + "><head>" + head + "</head><body>" + body + "</body></html>");
  return read_html_metadata(dom, url);
}

std::string ld(const std::string& json) { return "<script type=\"application/ld+json\">" + json + "</script>"; }

}  // namespace

TEST_CASE("html metadata: title from og:title, JSON-LD headline, <title> without the site, <h1>", "[html][metadata]") {
  CHECK(meta_of("<meta property=\"og:title\" content=\"Chips deal signed\"><title>Other | Site</title>").title ==
        "Chips deal signed");
  CHECK(meta_of(ld(R"({"@type":"NewsArticle","headline":"From JSON-LD"})") + "<title>T - Site</title>").title ==
        "From JSON-LD");
  // <title>: the site's part cut off, by name when og:site_name gives it...
  CHECK(meta_of("<meta property=\"og:site_name\" content=\"The Ledger\"><title>The Ledger | Port cranes go "
                "electric</title>")
            .title == "Port cranes go electric");
  // ... else the short label beside the longest part.
  CHECK(meta_of("<title>Northwind cuts 300 jobs in a restructuring - Harbour News</title>").title ==
        "Northwind cuts 300 jobs in a restructuring");
  // An <h1> that the <title> holds is the headline without the site.
  CHECK(meta_of("<title>Sky News: Rates held at 4% as inflation cools</title>",
                "<h1>Rates held at 4% as inflation cools</h1><p>x</p>")
            .title == "Rates held at 4% as inflation cools");
  // No <title>: the <h1>.
  CHECK(meta_of("", "<h1>Only a heading</h1><p>x</p>").title == "Only a heading");
  // A headline with its own dash is not cut.
  CHECK(strip_site_from_title("Alpha - the chip that nobody wanted in the first place - and why it finally sold well",
                              "") == "Alpha - the chip that nobody wanted in the first place - and why it finally sold well");
}

TEST_CASE("html metadata: published date from meta, JSON-LD, <time>, the URL", "[html][metadata]") {
  CHECK(meta_of("<meta property=\"article:published_time\" content=\"2025-03-14T09:30:00+08:00\">").date ==
        "2025-03-14T09:30:00+08:00");
  CHECK(meta_of("<meta name=\"pubdate\" content=\"20250314\">").date == "");  // not a date it can read
  CHECK(meta_of(ld(R"({"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"S"},)"
                   R"({"@type":"NewsArticle","datePublished":"2024-11-02T07:15:00Z"}]})"))
            .date == "2024-11-02T07:15:00Z");
  // <time>: one marked as the publication date before the first one.
  CHECK(meta_of("", "<time datetime=\"2020-01-01\">then</time><p>x</p><time itemprop=\"datePublished\" "
                    "datetime=\"2025-05-20T08:00\">now</time>")
            .date == "2025-05-20T08:00:00");
  CHECK(meta_of("", "<p>Posted <time datetime=\"2025-05-20\">May 20</time></p>").date == "2025-05-20");
  CHECK(meta_of("", "<p>x</p>", "https://news.example/2025/03/14/chips-deal").date == "2025-03-14");
  // Meta wins over the URL.
  CHECK(meta_of("<meta property=\"article:published_time\" content=\"2025-03-15\">", "<p>x</p>",
                "https://news.example/2025/03/14/chips-deal")
            .date == "2025-03-15");
  CHECK(meta_of("", "<p>x</p>", "https://news.example/about").date == "");
}

TEST_CASE("html metadata: dates as pages write them become ISO 8601", "[html][metadata]") {
  CHECK(normalize_page_date("2025-03-14") == "2025-03-14");
  CHECK(normalize_page_date(" 2025-03-14 09:30 ") == "2025-03-14T09:30:00");
  CHECK(normalize_page_date("2025-03-14T09:30:00.000Z") == "2025-03-14T09:30:00Z");
  CHECK(normalize_page_date("2025-03-14T09:30:00+0800") == "2025-03-14T09:30:00+08:00");
  CHECK(normalize_page_date("2025/3/4") == "2025-03-04");
  CHECK(normalize_page_date("Fri, 14 Mar 2025 09:30:00 GMT") == "2025-03-14T09:30:00Z");
  CHECK(normalize_page_date("March 14, 2025") == "2025-03-14");
  CHECK(normalize_page_date("Published Mar. 14th 2025, 9:30 AM") == "2025-03-14");
  CHECK(normalize_page_date("14 March 2025") == "2025-03-14");
  CHECK(normalize_page_date("2025年3月14日 09:30") == "2025-03-14");
  CHECK(normalize_page_date("1741944600") == "2025-03-14T09:30:00Z");
  CHECK(normalize_page_date("2025-13-40") == "");
  CHECK(normalize_page_date("yesterday") == "");
  CHECK(normalize_page_date("") == "");

  CHECK(date_from_url("https://a.example/2025/03/14/story") == "2025-03-14");
  CHECK(date_from_url("https://a.example/news/2025-3-4-story.html") == "2025-03-04");
  CHECK(date_from_url("https://a.example/p/20250314/story") == "2025-03-14");
  CHECK(date_from_url("https://a.example/2025/03/story") == "2025-03");
  CHECK(date_from_url("https://2025.example/story?d=2025/03/14") == "");  // host and query are no path
  CHECK(date_from_url("https://a.example/item/1234567890") == "");
}

TEST_CASE("html metadata: author from meta, JSON-LD, rel=author, itemprop", "[html][metadata]") {
  CHECK(meta_of("<meta name=\"author\" content=\"By Mara Lindqvist\">").author == "Mara Lindqvist");
  // A profile URL is no name: the next source is taken.
  CHECK(meta_of("<meta property=\"article:author\" content=\"https://social.example/mara\">" +
                ld(R"({"@type":"BlogPosting","author":{"@type":"Person","name":"Ines Okafor"}})"))
            .author == "Ines Okafor");
  CHECK(meta_of(ld(R"([{"@type":"NewsArticle","author":[{"name":"Tomas Reyes"},{"name":"Ayla Chen"},"Tomas Reyes"]}])"))
            .author == "Tomas Reyes, Ayla Chen");
  CHECK(meta_of("", "<p>by <a rel=\"author\" href=\"/s/l\">Li Jingyuan</a></p>").author == "Li Jingyuan");
  CHECK(meta_of("", "<span itemprop=\"author\">BY: Dana Fox</span><p>x</p>").author == "Dana Fox");
  CHECK(meta_of("").author == "");
}

TEST_CASE("html metadata: language, canonical URL, site name", "[html][metadata]") {
  CHECK(meta_of("", "<p>x</p>", "", " lang=\"en-GB\"").lang == "en");
  CHECK(meta_of("<meta http-equiv=\"content-language\" content=\"zh-CN\">").lang == "zh");
  CHECK(meta_of("<meta property=\"og:locale\" content=\"pt_BR\">").lang == "pt");
  CHECK(meta_of(ld(R"({"@type":"Article","inLanguage":"de-AT"})")).lang == "de");
  CHECK(meta_of("", "<p>x</p>", "", " lang=\"not a tag\"").lang == "");

  CHECK(meta_of("<link rel=\"canonical\" href=\"https://a.example/story\">").canonical_url ==
        "https://a.example/story");
  // Relative: against the page URL, else against og:url.
  CHECK(meta_of("<link rel=\"canonical\" href=\"/2025/story\">", "<p>x</p>", "https://a.example/amp/story?x=1")
            .canonical_url == "https://a.example/2025/story");
  CHECK(meta_of("<link rel=\"canonical\" href=\"story-2\">", "<p>x</p>", "https://a.example/news/story-1")
            .canonical_url == "https://a.example/news/story-2");
  CHECK(meta_of("<meta property=\"og:url\" content=\"https://b.example/amp/s\"><link rel=\"canonical\" href=\"/s\">")
            .canonical_url == "https://b.example/s");
  CHECK(meta_of("<meta property=\"og:url\" content=\"https://b.example/s\">").canonical_url == "https://b.example/s");
  CHECK(meta_of(ld(R"({"@type":"NewsArticle","mainEntityOfPage":{"@id":"https://c.example/s"}})")).canonical_url ==
        "https://c.example/s");

  CHECK(meta_of("<meta property=\"og:site_name\" content=\"The Ledger\">").site_name == "The Ledger");
  CHECK(meta_of(ld(R"({"@type":"NewsArticle","publisher":{"@type":"Organization","name":"Harbour News"}})"))
            .site_name == "Harbour News");
}

TEST_CASE("html metadata: broken JSON-LD is skipped, raw line breaks in it are read", "[html][metadata]") {
  CHECK(meta_of(ld(R"({"@type":"NewsArticle","headline":"Broken)") + "<title>Fallback</title>").title == "Fallback");
  CHECK(meta_of(ld("{\"@type\":\"NewsArticle\",\"headline\":\"Two\nlines\"}")).title == "Two lines");
}

TEST_CASE("html article: a page without metadata gets its language from its text", "[html][metadata]") {
  HtmlArticle zh = extract_html_article("<html><body><p>星河算力周二宣布，已与北辰芯片签署采购协议，将购买约十万颗推理芯片。</p></body></html>");
  CHECK(zh.lang == "zh");
  CHECK(zh.title.empty());
  HtmlArticle en = extract_html_article("<html><body><p>Northwind Cloud will cut about 300 jobs, roughly 8% of its "
                                        "staff, the company said.</p></body></html>");
  CHECK(en.lang == "en");
}
