// HTTP responses as WARC keeps them (head, chunked, gzip, deflate) and the WARC
// reader: which records become articles, ids and sources, damage and limits.
#include "pipeline/readers/html_text.h"
#include "pipeline/readers/http_message.h"
#include "pipeline/readers/warc.h"
#include "tests/pipeline/readers_support.h"

using namespace newsdeal;
using namespace newsdeal::test;

namespace {

std::string raw_deflate(const std::string& data, bool zlib_wrapper) {
  return newsdeal::test::deflate_with(data, zlib_wrapper ? MAX_WBITS : -MAX_WBITS);
}

std::string chunked(const std::string& body, std::size_t size = 10) {
  std::string out;
  char hex[32];
  for (std::size_t i = 0; i < body.size(); i += size) {
    std::string part = body.substr(i, size);
    std::snprintf(hex, sizeof hex, "%zx", part.size());
    out += std::string(hex) + ";ext=1\r\n" + part + "\r\n";
  }
  return out + "0\r\nTrailer: x\r\n\r\n";
}

std::string http(const std::string& status, const std::string& headers, const std::string& body) {
  return "HTTP/1.1 " + status + "\r\n" + headers + "\r\n" + body;
}

std::string record(const std::string& type, const std::string& uri, const std::string& content_type,
                   const std::string& block, long length = -1) {
  std::string h = "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: <urn:uuid:" + type + "-" +
                  std::to_string(block.size()) + ">\r\nWARC-Date: 2025-06-10T04:00:00Z\r\n";
  if (!uri.empty()) h += "WARC-Target-URI: <" + uri + ">\r\n";  // WARC 1.0 brackets
  if (!content_type.empty()) h += "Content-Type: " + content_type + "\r\n";
  h += "Content-Length: " + std::to_string(length < 0 ? static_cast<long>(block.size()) : length) + "\r\n\r\n";
  return h + block + "\r\n\r\n";
}

std::string response(const std::string& uri, const std::string& http_message) {
  return record("response", uri, "application/http;msgtype=response", http_message);
}

std::vector<ReadItem> read_warc_bytes(const std::string& bytes, ReadOptions opts = {}) {
  MemorySource src(bytes, 1000);  // small reads: records cross buffer refills
  std::vector<ReadItem> items;
  read_warc(src, "t.warc", {}, opts, [&](ReadItem&& i) { items.push_back(std::move(i)); });
  return items;
}

const std::string kPage = "<!DOCTYPE html><html><body><p>Nvidia supplies Microsoft.</p></body></html>";

}  // namespace

TEST_CASE("http: the response head, with folded and bare-LF lines", "[readers][warc]") {
  const std::string msg = "HTTP/1.1 200 OK\r\nContent-Type: text/html;\r\n charset=gbk\r\nX-A:  b \r\n\r\nbody";
  auto h = parse_http_head(msg);
  REQUIRE(h);
  CHECK(h->status == 200);
  CHECK(h->header("content-type") == "text/html; charset=gbk");
  CHECK(h->header("x-a") == "b");
  CHECK(h->body_offset == msg.find("body"));
  auto lf = parse_http_head("HTTP/1.0 404 Not Found\nServer: x\n\n<p>");
  REQUIRE(lf);
  CHECK(lf->status == 404);
  CHECK_FALSE(parse_http_head("GET / HTTP/1.1\r\n\r\n"));
  CHECK_FALSE(parse_http_head("HTTP/1.1 200 OK\r\nno end of head"));
}

TEST_CASE("http: chunked, gzip, deflate and stored-decoded bodies", "[readers][warc]") {
  const std::string body = sources_fixture("zh-article.txt");
  auto decode = [&](const std::string& headers, const std::string& wire) {
    auto h = parse_http_head("HTTP/1.1 200 OK\r\n" + headers + "\r\n");
    REQUIRE(h);
    return decode_http_body(wire, *h, 1 << 20);
  };
  CHECK(decode("Transfer-Encoding: chunked\r\n", chunked(body)) == body);
  CHECK(decode("Content-Encoding: gzip\r\n", gzip(body)) == body);
  CHECK(decode("Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", chunked(gzip(body), 7)) == body);
  CHECK(decode("Content-Encoding: deflate\r\n", raw_deflate(body, true)) == body);
  CHECK(decode("Content-Encoding: deflate\r\n", raw_deflate(body, false)) == body);
  // An archive that stored the body decoded but kept the headers.
  CHECK(decode("Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", kPage) == kPage);
  CHECK_THROWS_WITH(decode("Content-Encoding: gzip\r\n", gzip(body).substr(0, 100)),
                    Catch::Matchers::StartsWith("gzip body is truncated"));
  CHECK_THROWS_WITH(decode("Content-Encoding: compress\r\n", body), "unsupported Content-Encoding: compress");
  CHECK_THROWS_WITH(decode("Transfer-Encoding: chunked\r\n", chunked(body).substr(0, 50)),
                    Catch::Matchers::StartsWith("chunked body ends inside a chunk"));
  auto h = parse_http_head("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n");
  CHECK_THROWS_WITH(decode_http_body(gzip(std::string(5000, 'x')), *h, 1000),
                    Catch::Matchers::Contains("over the limit of 1000 bytes"));
}

TEST_CASE("warc: response and resource pages become articles, other records are skipped", "[readers][warc]") {
  const std::string zh = "<html><body><p>" + sources_fixture("zh-article.txt") + "</p></body></html>";
  std::string warc =
      record("warcinfo", "", "application/warc-fields", "software: test\r\n") +
      record("request", "https://a.example/1", "application/http;msgtype=request", "GET /1 HTTP/1.1\r\n\r\n") +
      response("https://a.example/1", http("200 OK",
                                           "Content-Type: text/html; charset=gbk\r\nContent-Encoding: gzip\r\n"
                                           "Transfer-Encoding: chunked\r\n",
                                           chunked(gzip(encode(zh, "GB18030")), 333))) +
      record("metadata", "https://a.example/1", "application/warc-fields", "x: y\r\n") +
      response("https://a.example/old", http("302 Found", "Location: /1\r\n", "")) +
      response("https://a.example/s.css", http("200 OK", "Content-Type: text/css\r\n", "p{}")) +
      response("https://a.example/robots.txt", http("200 OK", "Content-Type: text/plain\r\n", "User-agent: *\n")) +
      response("https://a.example/feed", http("200 OK", "Content-Type: text/xml\r\n", sources_fixture("feed-rss2.rss"))) +
      record("response", "dns:a.example", "text/dns", "a.example. 60 IN A 192.0.2.1\n") +
      record("revisit", "https://a.example/1", "application/http;msgtype=response", "HTTP/1.1 200 OK\r\n\r\n") +
      response("https://a.example/note.txt", http("200 OK", "Content-Type: text/plain\r\n", "AMD supplies OpenAI.\n")) +
      record("resource", "file:///p.html", "text/html", kPage);
  auto items = read_warc_bytes(warc);
  REQUIRE(items.size() == 3);
  const Article* a = as_article(items[0]);
  REQUIRE(a);
  CHECK(a->id == "https://a.example/1");
  CHECK(a->source.format == SourceFormat::warc);
  CHECK(a->source.url == "https://a.example/1");
  CHECK(a->source.path == "t.warc");
  CHECK(a->source.fetched_at == "2025-06-10T04:00:00Z");
  CHECK(a->text == html_to_text(zh));  // what the UTF-8 page gives
  REQUIRE(as_article(items[1]));
  CHECK(as_article(items[1])->text == "AMD supplies OpenAI.\n");
  REQUIRE(as_article(items[2]));
  CHECK(as_article(items[2])->id == "file:///p.html");
  CHECK(as_article(items[2])->text == "Nvidia supplies Microsoft.");
}

TEST_CASE("warc: damage gives error records and reading goes on", "[readers][warc]") {
  std::string good = response("https://a.example/g", http("200 OK", "Content-Type: text/html\r\n", kPage));
  std::string block = http("200 OK", "Content-Type: text/html\r\n", kPage);
  std::string wrong_length = record("response", "https://a.example/w", "application/http", block,
                                    static_cast<long>(block.size()) - 30);
  std::string no_length = "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/n\r\n\r\n";
  auto items = read_warc_bytes(good + wrong_length + good + "garbage line\r\nmore\r\n" + good + no_length + block +
                               "\r\n\r\n" + good);
  std::vector<std::string> got;
  for (const auto& i : items) got.push_back(as_article(i) ? "A " + as_article(i)->id : "E " + as_error(i)->message);
  REQUIRE(got.size() == 7);
  CHECK(got[0] == "A https://a.example/g");
  CHECK(got[1] == "E t.warc: record 2 (https://a.example/w) at byte " + std::to_string(good.size()) +
                      ": the block does not end where its Content-Length (" + std::to_string(block.size() - 30) +
                      ") says; skipped to the next record");
  CHECK(got[2] == "A https://a.example/g");
  CHECK(got[3].find("E t.warc: record 4 at byte ") == 0);
  CHECK(got[3].find("no WARC record here (a line starting \"garbage line\")") != std::string::npos);
  CHECK(got[4] == "A https://a.example/g");
  CHECK(got[5].find("(https://a.example/n)") != std::string::npos);
  CHECK(got[5].find("no valid Content-Length") != std::string::npos);
  CHECK(got[6] == "A https://a.example/g");

  // Cut off inside a block: the record before, then one error.
  std::string cut = good + good.substr(0, good.size() - 40);
  items = read_warc_bytes(cut);
  REQUIRE(items.size() == 2);
  CHECK(as_article(items[0]));
  REQUIRE(as_error(items[1]));
  CHECK(as_error(items[1])->id == "https://a.example/g");
  CHECK(as_error(items[1])->message.find("truncated: Content-Length says") != std::string::npos);

  // Cut off inside the headers.
  items = read_warc_bytes(good + "WARC/1.1\r\nWARC-Type: resp");
  REQUIRE(items.size() == 2);
  REQUIRE(as_error(items[1]));
  CHECK(as_error(items[1])->message.find("the file ends inside the record's WARC headers") != std::string::npos);
}

TEST_CASE("warc: a page over the limit is an error, a large image is not", "[readers][warc]") {
  std::string big_page = "<html><body><p>" + std::string(5000, 'x') + "</p></body></html>";
  std::string warc = response("https://a.example/big", http("200 OK", "Content-Type: text/html\r\n", big_page)) +
                     response("https://a.example/i.png", http("200 OK", "Content-Type: image/png\r\n",
                                                              std::string(3 << 20, 'z'))) +
                     response("https://a.example/g", http("200 OK", "Content-Type: text/html\r\n", kPage));
  ReadOptions opts;
  opts.max_article_bytes = 1000;
  auto items = read_warc_bytes(warc, opts);
  REQUIRE(items.size() == 2);
  REQUIRE(as_error(items[0]));
  CHECK(as_error(items[0])->message.find("over the limit of 1000 (--max-article-bytes)") != std::string::npos);
  CHECK(as_article(items[1]));
  CHECK(looks_like_warc("WARC/1.1\r\n"));
  CHECK_FALSE(looks_like_warc("WARC-Type: x"));
}
