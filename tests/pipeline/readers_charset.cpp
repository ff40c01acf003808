// Charsets: declarations (HTTP header, <meta>, XML declaration, BOM), their
// order when they disagree, detection of undeclared pages and text, labels.
#include "pipeline/readers/charset.h"
#include "pipeline/readers/declared_charset.h"
#include "tests/pipeline/readers_support.h"

using namespace newsdeal;
using namespace newsdeal::test;

namespace {

const std::string kZh = sources_fixture("zh-article.txt");
const std::string kHant = sources_fixture("zh-hant-article.txt");

std::string page(const std::string& text, const std::string& head = "", std::size_t padding = 0) {
  std::string p = "<!DOCTYPE html><html><head>" + head + "<title>t</title>";
  for (std::size_t i = 0; p.size() < padding; ++i)
    p += "<script>var s" + std::to_string(i) + " = {w: 300, h: 250}; render(s" + std::to_string(i) + ");</script>\n";
  return p + "</head><body><p>" + text + "</p></body></html>";
}

}  // namespace

TEST_CASE("charset: labels map as browsers map them", "[readers][charset]") {
  CHECK(canonical_charset("gb2312") == "GB18030");
  CHECK(canonical_charset(" \"GBK\" ") == "GB18030");
  CHECK(canonical_charset("Big5") == "Big5-HKSCS");
  CHECK(canonical_charset("Shift_JIS") == "windows-31j");
  CHECK(canonical_charset("ISO-8859-1") == "windows-1252");
  CHECK(canonical_charset("utf8") == "UTF-8");
  CHECK(canonical_charset("koi8-r") != "");  // known to ICU, passed through
  CHECK(canonical_charset("no-such-charset") == "");
  CHECK(canonical_charset("") == "");
}

TEST_CASE("charset: declarations are found in headers, meta tags and XML declarations", "[readers][charset]") {
  CHECK(charset_from_content_type("text/html; charset=GBK") == "GBK");
  CHECK(charset_from_content_type("text/html;charset=\"big5\"; foo=bar") == "big5");
  CHECK(charset_from_content_type("text/html") == "");
  CHECK(media_type(" Text/HTML ; charset=x") == "text/html");

  CHECK(html_meta_charset("<html><head><meta charset=gb2312></head>") == "gb2312");
  CHECK(html_meta_charset("<head><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=big5'>") == "big5");
  // http-equiv other than Content-Type, a meta in a comment or a script: not taken.
  CHECK_FALSE(html_meta_charset("<meta http-equiv=refresh content='0; charset=x'>").has_value());
  CHECK_FALSE(html_meta_charset("<!-- <meta charset=gbk> --><title>x</title>").has_value());
  CHECK_FALSE(html_meta_charset("<script>d.write('<meta charset=gbk>')</script>").has_value());
  // After kilobytes of scripts it is still found; after <body> it is not.
  CHECK(html_meta_charset(page("x", "", 20000) + "<meta charset=x>") == std::nullopt);
  std::string late = "<html><head>" + std::string(20000, ' ') + "<script>var a = '<b>';</script><meta charset='gbk'>";
  CHECK(html_meta_charset(late) == "gbk");

  CHECK(xml_declared_encoding("<?xml version=\"1.0\" encoding=\"GB2312\"?><rss/>") == "GB2312");
  CHECK(xml_declared_encoding("\xEF\xBB\xBF<?xml version='1.0' encoding='utf-8'?>") == "utf-8");
  CHECK_FALSE(xml_declared_encoding("<rss encoding=\"x\"/>").has_value());
}

TEST_CASE("charset: GBK and Big5 pages decode by <meta> and undeclared", "[readers][charset]") {
  std::string utf8 = page(kZh, "<meta charset=\"gb2312\">");
  Decoded d = decode_markup(encode(utf8, "GB18030"), Markup::html);
  CHECK(d.text == utf8);
  CHECK(d.charset == "GB18030");
  CHECK(d.reason == "meta");

  std::string hant = page(kHant);
  d = decode_markup(encode(hant, "Big5-HKSCS"), Markup::html);
  CHECK(d.text == hant);
  CHECK(d.charset == "Big5-HKSCS");
  CHECK(d.reason == "detected");

  std::string sjis = page("ソフトバンクは新しいデータセンターを建設すると発表した。投資額は約三千億円になる見込みだ。",
                          "<meta charset=shift_jis>");
  CHECK(decode_markup(encode(sjis, "windows-31j"), Markup::html).text == sjis);
}

TEST_CASE("charset: a page whose first 40 KB are ASCII scripts is detected from its Chinese text",
          "[readers][charset]") {
  std::string utf8 = page(kZh, "", 40000);
  std::string gbk = encode(utf8, "GB18030");
  REQUIRE(gbk.find_first_of("\x80\x81\xB0\xC0\xD0\xE0") > 40000);  // the first non-ASCII byte comes late
  Decoded d = decode_markup(gbk, Markup::html);
  CHECK(d.reason == "detected");
  CHECK(d.charset == "GB18030");
  CHECK(d.text == utf8);
}

TEST_CASE("charset: header and meta disagree", "[readers][charset]") {
  const std::string gbk_page = encode(page(kZh, "<meta charset=\"gb2312\">"), "GB18030");
  const std::string want = page(kZh, "<meta charset=\"gb2312\">");

  // The header says UTF-8, the bytes are GBK as the meta says: the header fails.
  Decoded d = decode_markup(gbk_page, Markup::html, "utf-8");
  CHECK(d.text == want);
  CHECK(d.reason == "meta");

  // The header says GBK and the meta a stale UTF-8: the header decodes cleanly and wins.
  const std::string stale = encode(page(kZh, "<meta charset=\"utf-8\">"), "GB18030");
  d = decode_markup(stale, Markup::html, "GBK");
  CHECK(d.reason == "http header");
  CHECK(d.text == page(kZh, "<meta charset=\"utf-8\">"));

  // ISO-8859-1, the server default, decodes any bytes: weak, the meta wins.
  d = decode_markup(gbk_page, Markup::html, "ISO-8859-1");
  CHECK(d.reason == "meta");
  CHECK(d.text == want);

  // Big5 bytes, header GB2312, meta Big5: whichever decodes, the text is Big5's.
  const std::string big5_page = encode(page(kHant, "<meta charset=big5>"), "Big5-HKSCS");
  d = decode_markup(big5_page, Markup::html, "gb2312");
  CHECK(d.charset == "Big5-HKSCS");
  CHECK(d.text == page(kHant, "<meta charset=big5>"));

  // Valid UTF-8 beats any legacy declaration.
  d = decode_markup(page(kZh, "<meta charset=gbk>"), Markup::html, "gb2312");
  CHECK(d.reason == "utf-8");
  CHECK(d.text == page(kZh, "<meta charset=gbk>"));
}

TEST_CASE("charset: byte order marks", "[readers][charset]") {
  std::string utf8 = page(kZh);
  std::string le = "\xFF\xFE" + encode(utf8, "UTF-16LE");
  std::string be = "\xFE\xFF" + encode(utf8, "UTF-16BE");
  CHECK(decode_markup(le, Markup::html, "gbk").text == utf8);  // the BOM beats the header
  CHECK(decode_markup(be, Markup::html).text == utf8);
  CHECK(decode_markup("\xEF\xBB\xBF" + utf8, Markup::html).text == utf8);
  auto t = decode_plain_text("\xFF\xFE" + encode(kZh, "UTF-16LE"));
  REQUIRE(t);
  CHECK(t->text == kZh);
}

TEST_CASE("charset: plain text is decoded only when a detection is sure", "[readers][charset]") {
  auto gbk = decode_plain_text(encode(kZh, "GB18030"));
  REQUIRE(gbk);
  CHECK(gbk->charset == "GB18030");
  CHECK(gbk->text == kZh);
  auto big5 = decode_plain_text(encode(kHant, "Big5-HKSCS"));
  REQUIRE(big5);
  CHECK(big5->text == kHant);
  // UTF-8, broken UTF-8, binary, and a few stray high bytes stay as they are
  // (the decode stage names the first bad byte).
  CHECK_FALSE(decode_plain_text(kZh));
  CHECK_FALSE(decode_plain_text("Meta \xE7\xAD\xBE\xE7\xBD\xB2\xE4\xB8 rest\n"));
  CHECK_FALSE(decode_plain_text("Meta \xFF\xFE signs\n"));
  CHECK_FALSE(decode_plain_text(std::string("a\0b\xB0\xA1", 5)));
  // Too few characters to tell GBK from noise: left alone.
  CHECK_FALSE(decode_plain_text(encode("英伟达签约", "GB18030")));
  // A declared charset is taken when it decodes cleanly.
  auto declared = decode_plain_text(encode("英伟达签约", "GB18030"), "gbk");
  REQUIRE(declared);
  CHECK(declared->text == "英伟达签约");
}

TEST_CASE("charset: undecodable bytes keep the page, with U+FFFD", "[readers][charset]") {
  std::string bytes = encode(page(kZh), "GB18030");
  bytes.insert(bytes.find("</p>"), "\xFF\xFF\xFF");
  Decoded d = decode_markup(bytes, Markup::html, "gbk");
  CHECK(d.text.find("\xEF\xBF\xBD") != std::string::npos);
  CHECK(d.text.find("微软与英伟达签署新的算力协议") != std::string::npos);
}

TEST_CASE("charset: conversion counts bad and suspect characters", "[readers][charset]") {
  Conversion c = convert_to_utf8("a\xB0\xA1" "b", "GB18030");
  CHECK(c.utf8 == "a啊b");
  CHECK(c.bad == 0);
  CHECK(c.clean());
  c = convert_to_utf8("a\xFF" "b", "GB18030");
  CHECK(c.utf8 == "a\xEF\xBF\xBD" "b");
  CHECK(c.bad == 1);
  CHECK_FALSE(c.clean());
  c = convert_to_utf8("\x81\x30\x81\x30", "GB18030");  // a GB18030 four-byte sequence: U+0080
  CHECK(c.suspect == 1);
}
