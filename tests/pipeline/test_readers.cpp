// Readers: seedtext layout, line reading with limits, ids, folder walks, HTML text.
#include <filesystem>
#include <fstream>

#include "pipeline/readers/byte_source.h"
#include "pipeline/readers/html_text.h"
#include "pipeline/readers/input.h"
#include "pipeline/readers/seedtext.h"
#include "tests/support.h"

using namespace newsdeal;

namespace {

// A ByteSource over a string, handing out at most `chunk` bytes a read so line
// reading is tested across chunk boundaries.
class StringSource : public ByteSource {
 public:
  StringSource(std::string s, std::size_t chunk) : s_(std::move(s)), chunk_(chunk) {}
  std::size_t read(char* buf, std::size_t n) override {
    std::size_t k = std::min({n, chunk_, s_.size() - pos_});
    std::copy_n(s_.data() + pos_, k, buf);
    pos_ += k;
    return k;
  }

 private:
  std::string s_;
  std::size_t chunk_, pos_ = 0;
};

std::string slice(const Article& a, const Section& s) { return a.text.substr(s.span.start, s.span.size()); }

}  // namespace

TEST_CASE("seedtext: sections, title and url from the labels", "[readers]") {
  Article a;
  a.text =
      "标题一行\n\n内容总结:\n总结第一段。\n总结第二段。\n中文翻译：\n翻译。\n英文来源:\nThe source.\n"
      "文章标题:真正的标题\n文章链接:https://example.com/x\n本站文章均为原创\n";
  REQUIRE(looks_like_seedtext(a.text));
  parse_seedtext(a);
  REQUIRE(a.sections.size() == 4);
  CHECK(a.sections[0].name == "title");
  CHECK(slice(a, a.sections[0]) == "标题一行");
  CHECK(a.sections[1].name == "summary");
  CHECK(slice(a, a.sections[1]) == "总结第一段。\n总结第二段。");
  CHECK(a.sections[2].name == "translation");  // full-width colon accepted
  CHECK(slice(a, a.sections[2]) == "翻译。");
  CHECK(a.sections[3].name == "source");
  CHECK(slice(a, a.sections[3]) == "The source.");
  CHECK(a.title == "真正的标题");
  CHECK(a.source.url == "https://example.com/x");
}

TEST_CASE("seedtext: plain text is not taken for it", "[readers]") {
  CHECK_FALSE(looks_like_seedtext("Just a story.\nAbout 内容总结 in passing.\n"));
  CHECK_FALSE(looks_like_seedtext(""));
}

TEST_CASE("LineReader: lines across chunks, CRLF, last line without newline", "[readers]") {
  for (std::size_t chunk : {1u, 3u, 7u, 1000u}) {
    StringSource src("one\r\ntwo\n\nthree", chunk);
    LineReader r(src, 100);
    std::string line;
    bool too_long;
    std::size_t bytes;
    std::vector<std::string> got;
    while (r.next(line, too_long, bytes)) {
      CHECK_FALSE(too_long);
      got.push_back(line);
    }
    CHECK(got == std::vector<std::string>{"one", "two", "", "three"});
  }
}

TEST_CASE("LineReader: an over-long line is skipped, not held, and the next line is read", "[readers]") {
  std::string data = "short\n" + std::string(5000, 'x') + "\nafter\n";
  for (std::size_t chunk : {1u, 64u, 1u << 16}) {
    StringSource src(data, chunk);
    LineReader r(src, 100);
    std::string line;
    bool too_long;
    std::size_t bytes;
    REQUIRE(r.next(line, too_long, bytes));
    CHECK(line == "short");
    REQUIRE(r.next(line, too_long, bytes));
    CHECK(too_long);
    CHECK(line.empty());
    CHECK(bytes == 5000);
    REQUIRE(r.next(line, too_long, bytes));
    CHECK_FALSE(too_long);
    CHECK(line == "after");
    CHECK_FALSE(r.next(line, too_long, bytes));
  }
}

TEST_CASE("ids come from file names without folder and extensions", "[readers]") {
  CHECK(id_from_path("corpus/zh-hant-tsmc.txt") == "zh-hant-tsmc");
  CHECK(id_from_path("/a/b/dump.jsonl.gz") == "dump");
  CHECK(id_from_path("noext") == "noext");
  CHECK(id_from_path("-") == "stdin");
}

TEST_CASE("folder walks take article files only, sorted, skipping hidden ones", "[readers]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "newsdeal-test-walk";
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  fs::create_directories(dir / ".hidden");
  for (const char* f : {"b.txt", "a.jsonl", "sub/c.html", "README.md", "golden.golden", ".hidden/d.txt", ".e.txt"})
    std::ofstream(dir / f) << "x";
  std::vector<std::string> got;
  for (const auto& p : expand_input(dir.string())) got.push_back(fs::relative(p, dir).string());
  CHECK(got == std::vector<std::string>{"a.jsonl", "b.txt", "sub/c.html"});
  fs::remove_all(dir);
}

TEST_CASE("HTML text: scripts dropped, blocks become lines, entities decoded", "[readers]") {
  std::string text = html_to_text(
      "<html><head><title>T</title><style>p{}</style></head><body><script>var x;</script>"
      "<h1>Head</h1><p>One &amp; <b>two</b></p><div>Three<br>Four</div></body></html>");
  CHECK(text == "Head\nOne & two\nThree\nFour");
}

TEST_CASE("HTML text: deep nesting is refused with where, moderate nesting is read", "[readers]") {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "deep";
  CHECK_THROWS_WITH(html_to_text(html), "HTML nests deeper than 4096 elements (at byte 20480)");
  std::string ok;
  for (int i = 0; i < 2000; ++i) ok += "<div><p>";
  ok += "fine";
  CHECK(html_to_text(ok) == "fine");
}
