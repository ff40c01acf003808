// gzip and zstd sources: multi-member and multi-frame, truncation and
// corruption named with offsets, a gzip bomb cut off at the limit, and
// compressed files through read_inputs.
#include "pipeline/readers/decompress.h"
#include "tests/pipeline/readers_support.h"

using namespace newsdeal;
using namespace newsdeal::test;

namespace {

std::unique_ptr<ByteSource> over(const std::string& bytes, Compression* c = nullptr, std::size_t chunk = 1 << 16) {
  return open_decompressed(std::make_unique<MemorySource>(bytes, chunk), "x.gz", c);
}

std::string jsonl(int n) {
  std::string s;
  for (int i = 1; i <= n; ++i)
    s += "{\"id\":\"a" + std::to_string(i) + "\",\"text\":\"Nvidia signed deal " + std::to_string(i) + ".\"}\n";
  return s;
}

}  // namespace

TEST_CASE("decompress: plain bytes pass through, gzip members and zstd frames join", "[readers][compressed]") {
  Compression c;
  CHECK(read_all(*over("plain text", &c)) == "plain text");
  CHECK(c == Compression::none);
  CHECK(read_all(*over("ab", &c)) == "ab");  // shorter than any magic
  std::string data = sources_fixture("zh-article.txt");
  std::string two = gzip(data.substr(0, 100)) + gzip(data.substr(100));
  CHECK(read_all(*over(two, &c, 7)) == data);  // tiny reads across member boundaries
  CHECK(c == Compression::gzip);
  CHECK(read_all(*over(gzip(""), &c)) == "");
  std::string frames = zstd(data.substr(0, 50)) + zstd(data.substr(50));
  CHECK(read_all(*over(frames, &c, 5)) == data);
  CHECK(c == Compression::zstd);
  // Bytes after the last gzip member that are no member are ignored, as gzip -d does.
  CHECK(read_all(*over(gzip(data) + std::string(8, '\0'))) == data);
}

TEST_CASE("decompress: truncated and corrupt data name the compressed offset", "[readers][compressed]") {
  std::string data = sources_fixture("zh-article.txt") + sources_fixture("zh-hant-article.txt");
  std::string gz = gzip(data);
  auto cut = over(gz.substr(0, gz.size() - 20));
  CHECK_THROWS_WITH(read_all(*cut), Catch::Matchers::Matches(
                                        "x\\.gz: truncated gzip data: the input ends inside a compressed member \\(at "
                                        "compressed byte \\d+, after \\d+ decompressed bytes\\)"));
  std::string bad = gz;
  for (std::size_t i = 40; i < 60; ++i) bad[i] = '\xFF';
  CHECK_THROWS_WITH(read_all(*over(bad)),
                    Catch::Matchers::StartsWith("x.gz: corrupt gzip data at compressed byte "));
  std::string zs = zstd(data);
  CHECK_THROWS_WITH(read_all(*over(zs.substr(0, zs.size() - 10))),
                    Catch::Matchers::StartsWith("x.gz: truncated zstd data: the input ends inside a frame"));
}

TEST_CASE("decompress: a gzip bomb is read only as far as the limit", "[readers][compressed]") {
  // 256 MiB of zeros in about 250 KB; reading stops after 1 MiB comes out.
  std::string bomb;
  {
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string zeros(1 << 20, '\0'), out(1 << 20, '\0');
    for (int i = 0; i < 256; ++i) {
      zs.next_in = reinterpret_cast<Bytef*>(zeros.data());
      zs.avail_in = static_cast<uInt>(zeros.size());
      do {
        zs.next_out = reinterpret_cast<Bytef*>(out.data());
        zs.avail_out = static_cast<uInt>(out.size());
        deflate(&zs, i == 255 ? Z_FINISH : Z_NO_FLUSH);
        bomb.append(out.data(), out.size() - zs.avail_out);
      } while (zs.avail_out == 0);
    }
    deflateEnd(&zs);
  }
  TempDir dir("newsdeal-test-bomb");
  std::string path = dir.write("bomb.txt.gz", bomb);
  ReadOptions opts;
  opts.max_article_bytes = 1 << 20;
  auto items = read_items({path}, opts);
  REQUIRE(items.size() == 1);
  REQUIRE(as_error(items[0]));
  CHECK(as_error(items[0])->message ==
        path + ": article is over 1048576 bytes decompressed, the limit (--max-article-bytes); stopped reading there");

  // The reader took a few compressed KB, not the whole bomb.
  auto counted = std::make_unique<MemorySource>(bomb);
  MemorySource* raw = counted.get();
  auto src = open_decompressed(std::move(counted), "bomb");
  std::string head = read_capped(*src, 1 << 20);
  CHECK(head.size() == (1u << 20) + 1);
  CHECK(raw->consumed() < bomb.size() / 2);
}

TEST_CASE("decompress: compressed files of every format through read_inputs", "[readers][compressed]") {
  TempDir dir("newsdeal-test-compressed");
  std::string lines = jsonl(30);
  auto a = dir.write("dump.jsonl.zst", zstd(lines.substr(0, 500)) + zstd(lines.substr(500)));
  auto b = dir.write("feed.rss.gz", gzip(sources_fixture("feed-atom.atom")));
  auto c = dir.write("page.gz", gzip("<!DOCTYPE html><p>AMD &amp; OpenAI</p>"));  // no format extension: sniffed
  auto items = read_items({a, b, c});
  REQUIRE(items.size() == 30 + 3 + 1);
  CHECK(as_article(items[0])->id == "a1");
  CHECK(as_article(items[29])->id == "a30");
  CHECK(as_article(items[30])->source.format == SourceFormat::atom);
  CHECK(as_article(items[33])->text == "AMD & OpenAI");
  CHECK(as_article(items[33])->id == "page");

  // A truncated stream: the whole lines before the cut, then one error, then the next file.
  std::string gz = gzip(jsonl(200));
  auto cut = dir.write("cut.jsonl.gz", gz.substr(0, gz.size() / 2));
  auto good = dir.write("good.txt", "Microsoft buys Nvidia chips.\n");
  items = read_items({cut, good});
  REQUIRE(items.size() >= 3);
  std::size_t n = items.size() - 2;
  CHECK(n > 0);
  CHECK(as_article(items[n - 1])->id == "a" + std::to_string(n));
  const ArticleError* e = as_error(items[n]);
  REQUIRE(e);
  CHECK(e->message.rfind(cut + ": truncated gzip data", 0) == 0);
  CHECK(as_article(items[n + 1]));

  // Folder walks take compressed article files only.
  dir.write("notes.md.gz", gzip("# notes"));
  auto files = expand_input(dir.path.string());
  CHECK(files.size() == 4);  // not page.gz (no format extension) nor notes.md.gz
  CHECK(has_article_extension("x.warc.gz"));
  CHECK(has_article_extension("x.HTML.ZST"));
  CHECK_FALSE(has_article_extension("x.md.gz"));
  CHECK_FALSE(has_article_extension("x.gz"));
}
