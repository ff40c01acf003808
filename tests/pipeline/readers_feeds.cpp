// Feeds (RSS 2.0, RDF, Atom), sitemaps, XML sniffing, feed dates, and feeds
// read as documents: one article per item.
#include "pipeline/readers/document.h"
#include "pipeline/readers/feed.h"
#include "pipeline/readers/feed_date.h"
#include "pipeline/readers/sitemap.h"
#include "pipeline/readers/xml_doc.h"
#include "tests/pipeline/readers_support.h"

using namespace newsdeal;
using namespace newsdeal::test;

namespace {

std::vector<ReadItem> read_doc(const std::string& bytes, const std::string& filename = "",
                               const std::string& content_type = "") {
  DocumentInfo info;
  info.name = filename.empty() ? "doc" : filename;
  info.id = "doc";
  info.filename = filename;
  info.content_type = content_type;
  std::vector<ReadItem> items;
  read_document(bytes, info, {}, [&](ReadItem&& i) { items.push_back(std::move(i)); });
  return items;
}

}  // namespace

TEST_CASE("feeds: RSS 2.0 items with content:encoded, HTML descriptions and dates", "[readers][feeds]") {
  Feed f = parse_feed(sources_fixture("feed-rss2.rss"));
  CHECK(f.kind == "RSS 2.0");
  CHECK(f.format == SourceFormat::rss);
  CHECK(f.title == "Compute Wire");
  REQUIRE(f.items.size() == 3);
  CHECK(f.items[0].id == "cw-1001");
  CHECK(f.items[0].url == "https://example.com/2025/06/oracle-amd");
  CHECK(f.items[0].published == "2025-06-10T04:00:00Z");
  CHECK(f.items[0].content.find("<p>Oracle agreed to buy <b>AMD</b>") == 0);  // CDATA as written
  CHECK(f.items[0].title_is_html);
  CHECK(f.items[1].id == "https://example.com/2025/06/nvidia-amazon");  // no guid: the link
  CHECK(f.items[1].published == "2025-06-11T09:30:00+08:00");
  CHECK(f.items[1].content.find("<p>英伟达将向亚马逊供应一批新芯片") == 0);  // entity-escaped HTML, unescaped
  CHECK(f.items[2].published == "Thu, 12 Jun 2025 10:00:00 CST");  // an ambiguous zone stays as written
  CHECK(f.items[2].content.empty());
}

TEST_CASE("feeds: RSS 1.0 (RDF) items are siblings of the channel", "[readers][feeds]") {
  Feed f = parse_feed(sources_fixture("feed-rdf.xml"));
  CHECK(f.kind == "RSS 1.0 (RDF)");
  REQUIRE(f.items.size() == 2);
  CHECK(f.items[0].id == "https://example.org/n/1");
  CHECK(f.items[0].published == "2025-05-02T08:15:00Z");
  CHECK(f.items[1].id == "https://example.org/n/2");  // from rdf:about
  CHECK(f.items[1].url.empty());
  CHECK(f.items[1].content == "<div><p>字节跳动计划向华为采购一批昇腾芯片。</p></div>");
}

TEST_CASE("feeds: Atom entries with html, xhtml and text content", "[readers][feeds]") {
  Feed f = parse_feed(sources_fixture("feed-atom.atom"));
  CHECK(f.format == SourceFormat::atom);
  REQUIRE(f.items.size() == 3);
  CHECK(f.items[0].url == "https://example.net/2025/07/coreweave-microsoft");  // rel=alternate, not self
  CHECK(f.items[0].published == "2025-07-01T09:00:00+02:00");                  // published before updated
  CHECK(f.items[0].content_is_html);
  CHECK(f.items[0].content.find("<p>Microsoft extended") == 0);  // content before summary
  CHECK(f.items[1].url == "https://example.net/2025/07/anthropic-tpu");       // a link without rel
  CHECK(f.items[1].content.find("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Anthropic will rent <em>Google</em>") ==
        0);
  CHECK_FALSE(f.items[2].content_is_html);
  CHECK(f.items[2].content == "Intel sold a stake in its foundry unit <not markup> to investors.");
}

TEST_CASE("feeds: as a document, one article per item, the title as first line", "[readers][feeds]") {
  auto items = read_doc(sources_fixture("feed-atom.atom"));
  REQUIRE(items.size() == 3);
  const Article* a = as_article(items[0]);
  REQUIRE(a);
  CHECK(a->id == "urn:example:dd:1");
  CHECK(a->source.format == SourceFormat::atom);
  CHECK(a->title == "CoreWeave & Microsoft extend contract");
  CHECK(a->text == "CoreWeave & Microsoft extend contract\nMicrosoft extended its contract with CoreWeave for GPU capacity.");
  const Article* c = as_article(items[2]);
  REQUIRE(c);
  CHECK(c->text == "Plain summary entry\nIntel sold a stake in its foundry unit <not markup> to investors.");

  auto rss = read_doc(sources_fixture("feed-rss2.rss"));
  REQUIRE(rss.size() == 3);
  const ArticleError* e = as_error(rss[2]);
  REQUIRE(e);
  CHECK(e->id == "https://example.com/2025/06/headline-only");
  CHECK(e->source.url == "https://example.com/2025/06/headline-only");
  CHECK(e->stage == Stage::parse);
  CHECK(e->message == "doc: item 3 has no content or description (its page holds the text: newsdeal fetch --feed)");
}

TEST_CASE("feeds: a GB2312 feed is decoded once, its items' HTML never again", "[readers][feeds]") {
  std::string feed = "<?xml version=\"1.0\" encoding=\"gb2312\"?><rss version=\"2.0\"><channel><item><guid>g</guid>"
                     "<title>英伟达签约</title><description><![CDATA[<html><head><meta charset=\"big5\"></head>"
                     "<body><p>微软与英伟达签署协议。</p></body></html>]]></description></item></channel></rss>";
  auto items = read_doc(encode(feed, "GB18030"), "f.xml");
  REQUIRE(items.size() == 1);
  const Article* a = as_article(items[0]);
  REQUIRE(a);
  CHECK(a->text == "英伟达签约\n微软与英伟达签署协议。");
}

TEST_CASE("feeds: malformed XML and entity bombs", "[readers][feeds]") {
  CHECK_THROWS_WITH(parse_feed(sources_fixture("malformed.rss")),
                    Catch::Matchers::StartsWith("malformed XML at byte 188: Start-end tags mismatch"));
  auto items = read_doc(sources_fixture("malformed.rss"), "malformed.rss");
  REQUIRE(items.size() == 1);
  REQUIRE(as_error(items[0]));
  CHECK(as_error(items[0])->message.rfind("malformed.rss: malformed XML at byte 188", 0) == 0);

  // pugixml leaves a DOCTYPE's entities unexpanded: a billion laughs stay a few bytes.
  Feed f = parse_feed(sources_fixture("billion-laughs.rss"));
  REQUIRE(f.items.size() == 1);
  CHECK(f.items[0].content == "Before &lol9; after");
  CHECK_THROWS_AS(parse_feed("<?xml version=\"1.0\"?><html><body/></html>"), XmlError);
}

TEST_CASE("sitemaps: urlset, news and index", "[readers][feeds]") {
  Sitemap m = parse_sitemap(sources_fixture("sitemap-news.xml"));
  CHECK_FALSE(m.index);
  REQUIRE(m.entries.size() == 2);  // the entry without <loc> lists nothing
  CHECK(m.entries[0].loc == "https://example.com/2025/06/oracle-amd");
  CHECK(m.entries[0].lastmod == "2025-06-10");
  CHECK(m.entries[0].news_title == "Oracle books AMD accelerators");
  CHECK(m.entries[0].news_published == "2025-06-10T04:00:00Z");
  CHECK(m.entries[1].loc == "https://example.com/2025/06/nvidia-amazon");  // trimmed
  Sitemap idx = parse_sitemap_bytes(sources_fixture("sitemap-index.xml"));
  CHECK(idx.index);
  REQUIRE(idx.entries.size() == 2);
  CHECK(idx.entries[1].loc == "https://example.com/sitemap-2025-07.xml.gz");
  CHECK_THROWS_AS(parse_sitemap(sources_fixture("feed-rss2.rss")), XmlError);

  auto items = read_doc(sources_fixture("sitemap-news.xml"), "sitemap-news.xml");
  REQUIRE(items.size() == 1);
  REQUIRE(as_error(items[0]));
  CHECK(as_error(items[0])->message ==
        "sitemap-news.xml: a sitemap listing 2 page URLs, no article text (newsdeal fetch --sitemap fetches them)");
}

TEST_CASE("documents: recognized by content before name and media type", "[readers][feeds]") {
  CHECK(xml_root_name("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c --><!DOCTYPE rss [<!ENTITY a \"b\">]>\n<rss>") ==
        "rss");
  CHECK(xml_kind("rdf:RDF") == XmlKind::rdf);
  CHECK(xml_kind("feed") == XmlKind::atom);
  CHECK(sniff_document("<rss version=\"2.0\">", "page.html", "text/html") == DocumentKind::feed);
  CHECK(sniff_document("<urlset>", "x.txt", "") == DocumentKind::sitemap);
  CHECK(sniff_document("<!DOCTYPE html><p>x", "notes.txt", "") == DocumentKind::html);
  CHECK(sniff_document("<p>a fragment", "a.txt", "text/html") == DocumentKind::html);
  CHECK(sniff_document("<?xml version=\"1.0\"?><config/>", "c.txt", "") == DocumentKind::other_xml);
  CHECK(sniff_document("<b>bold</b> words", "a.txt", "") == DocumentKind::text);
  CHECK(sniff_document("not xml at all", "broken.rss", "") == DocumentKind::feed);  // parsed, so the error says why
  CHECK(sniff_document("plain words", "", "") == DocumentKind::text);
}

TEST_CASE("feed dates: RFC 822 to ISO 8601", "[readers][feeds]") {
  CHECK(normalize_feed_date("Tue, 10 Jun 2025 04:00:00 GMT") == "2025-06-10T04:00:00Z");
  CHECK(normalize_feed_date(" 10 Jun 2025 04:00 +0800 ") == "2025-06-10T04:00:00+08:00");
  CHECK(normalize_feed_date("Wed, 02 Oct 02 13:00:00 -0500") == "2002-10-02T13:00:00-05:00");
  CHECK(normalize_feed_date("Tue, 10 Jun 2025 04:00:00 +0000") == "2025-06-10T04:00:00Z");
  CHECK(normalize_feed_date("Tue, 10 Jun 2025 04:00:00 CST") == "Tue, 10 Jun 2025 04:00:00 CST");
  CHECK(normalize_feed_date("2025-06-10T04:00:00Z") == "2025-06-10T04:00:00Z");
  CHECK(normalize_feed_date("yesterday") == "yesterday");
  CHECK(normalize_feed_date("Tue, 40 Jun 2025 04:00:00 GMT") == "Tue, 40 Jun 2025 04:00:00 GMT");
}
