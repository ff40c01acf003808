// The fetcher's WARC files read back by the WARC reader: each kept 2xx page
// is one article with the URL, date and text it was fetched with; gzip per
// record for .warc.gz; redirects and robots.txt kept but not articles.
#include <catch2/catch.hpp>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pipeline/fetch/warc_writer.h"
#include "pipeline/readers/input.h"
#include "tests/pipeline/readers_support.h"

using namespace newsdeal;
using namespace newsdeal::fetch;

namespace {

Response make_response(const std::string& url, int status, const std::string& reason,
                       const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) {
  Response r;
  r.url = url;
  r.fetched_at = "2025-06-10T04:00:01Z";
  r.status = status;
  r.reason = reason;
  r.head = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
  for (const auto& [k, v] : headers) r.head += k + ": " + v + "\r\n";
  r.head += "\r\n";
  r.body = body;
  r.parsed = *parse_http_head(r.head);
  return r;
}

std::string gzip(const std::string& data) { return newsdeal::test::gzip(data, Z_DEFAULT_COMPRESSION); }

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("fetch warc: digests are base32 SHA-1", "[fetch][warc]") {
  CHECK(warc_sha1_digest("") == "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
  CHECK(warc_sha1_digest("abc") == "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
}

TEST_CASE("fetch warc: what the writer keeps, the reader replays", "[fetch][warc]") {
  const std::string page = "<!DOCTYPE html><html><body><p>Oracle agreed to buy AMD chips.</p></body></html>";
  for (const char* name : {"fetch-test.warc", "fetch-test.warc.gz"}) {
    INFO(name);
    auto path = std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-" + name);
    {
      std::string err;
      auto w = WarcWriter::open(path.string(), err);
      REQUIRE(w);
      CHECK(w->write_response(make_response("http://example.com/robots.txt", 200, "OK",
                                            {{"Content-Type", "text/plain"}}, "User-agent: *\nDisallow:\n")));
      CHECK(w->write_response(make_response("http://example.com/old", 301, "Moved Permanently",
                                            {{"Location", "/a"}}, "")));
      // Gzip kept as sent; the chunking undone, its header renamed.
      CHECK(w->write_response(make_response(
          "http://example.com/a", 200, "OK",
          {{"Content-Type", "text/html; charset=utf-8"}, {"Content-Encoding", "gzip"},
           {"X-Crawler-Transfer-Encoding", "chunked"}},
          gzip(page))));
      CHECK(w->close());
      CHECK(w->error().empty());
    }
    std::string raw = slurp(path);
    REQUIRE(raw.size() > 2);
    const bool gz = std::filesystem::path(name).extension() == ".gz";
    CHECK((static_cast<unsigned char>(raw[0]) == 0x1f) == gz);  // one gzip member per record
    if (!gz) CHECK(raw.rfind("WARC/1.1\r\nWARC-Type: warcinfo\r\n", 0) == 0);
    std::vector<ReadItem> items;
    read_inputs({path.string()}, {}, [&](ReadItem&& i) { items.push_back(std::move(i)); });
    REQUIRE(items.size() == 1);
    REQUIRE(std::holds_alternative<Article>(items[0]));
    const Article& a = std::get<Article>(items[0]);
    CHECK(a.id == "http://example.com/a");
    CHECK(a.source.url == "http://example.com/a");
    CHECK(a.source.fetched_at == "2025-06-10T04:00:01Z");
    CHECK(a.source.format == SourceFormat::warc);
    CHECK(a.text.find("Oracle agreed to buy AMD chips.") != std::string::npos);
    std::filesystem::remove(path);
  }
}

TEST_CASE("fetch warc: an unwritable path is an error naming it", "[fetch][warc]") {
  std::string err;
  auto w = WarcWriter::open("/nonexistent-dir/x.warc", err);
  CHECK_FALSE(w);
  CHECK(err.find("cannot write the WARC file /nonexistent-dir/x.warc") == 0);
}
