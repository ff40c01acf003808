// The gazetteer tables, their loader and the gazetteer extractor.
#include <catch2/catch.hpp>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "extractors/gazetteer.h"
#include "extractors/gazetteer_extractor.h"
#include "lang/normalize.h"
#include "lang/segment.h"
#include "tests/extractors/fixtures.h"
#include "tests/support.h"

using namespace newsdeal;
using newsdeal::test::gazetteer;
using newsdeal::test::normalizer;
using newsdeal::test::segmenter;

namespace {

Document make_doc(const std::string& text) {
  Document d;
  d.text = text;
  d.normalized = normalizer().normalize(text);
  d.words = segmenter().words(text);
  return d;
}

std::vector<Mention> gazetteer_mentions(const std::string& text) {
  static const GazetteerExtractor ex(gazetteer());
  Document d = make_doc(text);
  ex.extract(d);
  return d.mentions;
}

std::string keys(const std::vector<Mention>& ms) {
  std::string s;
  for (const auto& m : ms) s += (s.empty() ? "" : "|") + m.key;
  return s;
}

std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string words_of(const Document& d) {
  std::string s;
  for (Span w : d.words) s += std::string(d.slice(w)) + "/";
  return s;
}

// Writes `data` to a fresh file in a temporary folder and returns its path.
std::string temp_file(const std::string& name, const std::string& data) {
  auto dir = std::filesystem::temp_directory_path() / "newsdeal_test_gazetteer";
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::ofstream(p, std::ios::binary) << data;
  return p.string();
}

std::string load_error(const std::vector<GazetteerSource>& sources) {
  try {
    Gazetteer::from_sources(normalizer(), sources);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

const std::string kCompanies = "id\tname\tzh\taliases\tparent\tcategory\n";
const std::string kChips = "id\tname\tvendor\tfamily\tkind\taliases\tzh\n";
const std::string kPeople = "id\tname\tzh\trole\torg\taliases\n";

}  // namespace

TEST_CASE("every example of examples.tsv", "[gazetteer]") {
  const std::string path = "extractors/gazetteer/examples.tsv";
  const std::string data = newsdeal::test::read_file(newsdeal::test::source_path(path));
  REQUIRE(!data.empty());
  std::istringstream in(data);
  std::string line;
  int line_no = 0;
  int examples = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (!header) {
      REQUIRE(line == "lang\ttext\texpected");
      header = true;
      continue;
    }
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) {
      cells.push_back(line.substr(start, tab - start));
    }
    cells.push_back(line.substr(start));
    INFO(path << ":" << line_no << ": " << line);
    REQUIRE(cells.size() == 3);
    const std::string text = unescape(cells[1]);
    Document d = make_doc(text);
    GazetteerExtractor ex(gazetteer());
    ex.extract(d);
    INFO("words: " << words_of(d));
    CHECK(keys(d.mentions) == cells[2]);
    for (const auto& m : d.mentions) {
      INFO("mention " << m.key << " at [" << m.span.start << ", " << m.span.end << ")");
      CHECK(m.span.end <= text.size());
      CHECK(!m.span.empty());
    }
    ++examples;
  }
  CHECK(examples >= 40);
}

TEST_CASE("table sizes and references", "[gazetteer]") {
  const Gazetteer& g = *gazetteer();
  CHECK(g.companies().size() >= 150);
  CHECK(g.chips().size() >= 80);
  CHECK(g.people().size() >= 40);
  for (const auto& c : g.companies()) {
    INFO("company " << c.id);
    if (!c.parent.empty()) CHECK(g.company(c.parent) != nullptr);
  }
  std::set<std::string> kinds;
  for (const auto& c : g.chips()) {
    INFO("chip " << c.id);
    CHECK(g.company(c.vendor) != nullptr);
    CHECK(!c.family.empty());
    kinds.insert(c.kind);
  }
  CHECK(kinds == std::set<std::string>{"accelerator", "cpu", "gpu", "unspecified"});
  for (const auto& p : g.people()) {
    INFO("person " << p.id);
    if (!p.org.empty()) CHECK(g.company(p.org) != nullptr);
  }
}

TEST_CASE("lookups by id", "[gazetteer]") {
  const Gazetteer& g = *gazetteer();
  REQUIRE(g.company("aws"));
  CHECK(g.company("aws")->name == "AWS");
  CHECK(g.company("aws")->parent == "amazon");
  CHECK(g.company("facebook")->parent == "meta");
  CHECK(g.company("google")->parent == "alphabet");
  CHECK(g.company("google_cloud")->parent == "google");
  CHECK(g.company("amazon")->zh.front() == "亚马逊");
  CHECK(g.company("nvidia")->name == "Nvidia");
  CHECK(g.company("no_such_company") == nullptr);
  REQUIRE(g.chip("graviton5"));
  CHECK(g.chip("graviton5")->vendor == "amazon");
  CHECK(g.chip("graviton5")->kind == "cpu");
  CHECK(g.chip("graviton5")->family == "Graviton");
  CHECK(g.chip("h100")->kind == "gpu");
  CHECK(g.chip("trainium")->kind == "accelerator");
  REQUIRE(g.person("andy_jassy"));
  CHECK(g.person("andy_jassy")->zh.front() == "安迪·贾西");
  CHECK(g.person("andy_jassy")->org == "amazon");
  CHECK(g.person("santosh_janardhan")->role == "head of infrastructure");
}

TEST_CASE("Chinese names for the segmentation lexicon", "[gazetteer]") {
  const auto names = gazetteer()->chinese_names();
  const std::set<std::string> s(names.begin(), names.end());
  for (const char* w : {"亚马逊", "亚马逊云服务", "英伟达", "輝達", "辉达", "台積電", "台积电", "摩尔线程",
                        "中芯国际", "字节跳动", "贾西", "海力士", "昇腾"}) {
    INFO(w);
    CHECK(s.count(w) == 1);
  }
  for (const auto& n : names) {
    INFO(n);
    CHECK(n.size() >= 6);  // two or more Han characters
    CHECK(n.find_first_of(" \t|") == std::string::npos);
  }
}

namespace {

// name_key the long way: the normalizer, then whitespace collapsed and trimmed.
std::string slow_name_key(const std::string& written) {
  std::string out;
  bool space = false;
  for (char c : normalizer().normalize(written).text) {
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// chinese_names by its definition: the runs of two or more Han characters of
// every name as written and normalized, sorted, unique.
std::vector<std::string> slow_chinese_names(const Gazetteer& g) {
  std::set<std::string> out;
  auto add_runs = [&](const std::string& s) {
    std::size_t i = 0, start = 0, chars = 0;
    auto flush = [&](std::size_t end) {
      if (chars >= 2) out.insert(s.substr(start, end - start));
      chars = 0;
    };
    while (i < s.size()) {
      const std::size_t at = i;
      UChar32 c;
      U8_NEXT(s.data(), i, s.size(), c);
      UErrorCode status = U_ZERO_ERROR;
      if (c >= 0x2E80 && uscript_getScript(c, &status) == USCRIPT_HAN) {
        if (chars == 0) start = at;
        ++chars;
      } else {
        flush(at);
      }
    }
    flush(s.size());
  };
  auto add_form = [&](const std::string& form) {
    add_runs(form);
    add_runs(slow_name_key(form));
  };
  auto add = [&](const std::string& written) {
    add_form(written);
    // A name with a name dot is indexed with each other dot too (no Han, the same
    // runs) and with none (安迪贾西: a run of its own).
    for (const std::string dot : {"\xC2\xB7", "\xE3\x83\xBB", "\xE2\x80\xA2", "\xE2\x80\xA7", "\xEF\xBC\x8E"}) {
      if (written.find(dot) == std::string::npos) continue;
      std::string none;
      for (std::size_t i = 0, p; i <= written.size(); i = p + dot.size()) {
        p = written.find(dot, i);
        if (p == std::string::npos) p = written.size();
        none.append(written, i, p - i);
      }
      add_form(none);
      break;
    }
  };
  for (const auto& e : g.companies()) {
    add(e.name);
    for (const auto& v : e.zh) add(v);
    for (const auto& v : e.aliases) add(v);
  }
  for (const auto& e : g.chips()) {
    add(e.name);
    for (const auto& v : e.zh) add(v);
    for (const auto& v : e.aliases) add(v);
  }
  for (const auto& e : g.people()) {
    add(e.name);
    for (const auto& v : e.zh) add(v);
    for (const auto& v : e.aliases) add(v);
  }
  return {out.begin(), out.end()};
}

}  // namespace

TEST_CASE("name keys: the ASCII fast path equals the normalizer", "[gazetteer]") {
  auto check = [](const std::string& s) {
    INFO(s);
    CHECK(name_key(normalizer(), s) == slow_name_key(s));
  };
  const auto& g = *gazetteer();
  for (const auto& e : g.companies()) {
    check(e.name);
    for (const auto& v : e.zh) check(v);
    for (const auto& v : e.aliases) check(v);
  }
  for (const auto& e : g.chips()) {
    check(e.name);
    for (const auto& v : e.aliases) check(v);
  }
  for (const auto& e : g.people()) {
    check(e.name);
    for (const auto& v : e.aliases) check(v);
  }
  // Every ASCII byte, in random strings.
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) {
    std::string s(rng() % 24, ' ');
    for (char& c : s) c = static_cast<char>(rng() % 128);
    check(s);
  }
}

TEST_CASE("Han characters have no case (the loader skips ICU for them)", "[gazetteer]") {
  int cased = 0;
  for (UChar32 c = 0; c <= 0x10FFFF; ++c) {
    UErrorCode status = U_ZERO_ERROR;
    if (uscript_getScript(c, &status) == USCRIPT_HAN && (u_isupper(c) || u_istitle(c))) ++cased;
  }
  CHECK(cased == 0);
}

TEST_CASE("the one-bit test for a Chinese character agrees with may_start and find_at", "[gazetteer]") {
  const NameIndex& index = gazetteer()->index();
  std::vector<NameIndex::Hit> hits;
  int names = 0;
  // Every three-byte character, alone and before a name's next characters.
  for (char32_t cp = 0x800; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp < 0xE000) continue;
    std::string text;
    text += static_cast<char>(0xE0 | (cp >> 12));
    text += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    text += static_cast<char>(0x80 | (cp & 0x3F));
    for (const std::string& rest : {std::string(), std::string("马逊 达"), std::string("积电")}) {
      const std::string t = text + rest;
      const int quick = index.starts_with_char3(reinterpret_cast<const unsigned char*>(t.data()), cp);
      hits.clear();
      index.find_at(t, 0, hits);
      INFO("U+" << std::hex << static_cast<unsigned>(cp));
      if (quick == 0 && !hits.empty()) CHECK(hits.empty());          // no: nothing to find
      if (quick == 1 && !index.may_start(t, 0)) CHECK(index.may_start(t, 0));  // yes: may_start says so too
      names += !hits.empty();
    }
  }
  CHECK(names > 0);
}

TEST_CASE("Chinese names: as their definition gives them", "[gazetteer]") {
  CHECK(gazetteer()->chinese_names() == slow_chinese_names(*gazetteer()));
  // Names written in traditional form, in mixed scripts, with name dots; the
  // number in each keeps it apart from the others.
  std::string data = "id\tname\tzh\taliases\tparent\tcategory\n";
  const char* parts[] = {"臺", "積", "電", "华", "为", "A", "1", " ", "·", "輝", "达", "x", "云"};
  std::mt19937 rng(11);
  for (int i = 0; i < 2000; ++i) {
    std::string zh, alias;
    for (int k = 0; k < 6; ++k) zh += parts[rng() % 13];
    for (int k = 0; k < 5; ++k) alias += parts[rng() % 13];
    const std::string n = std::to_string(i);
    data += "z" + n + "\tName " + n + "\t" + zh + n + "\t" + alias + "#" + n + "\t\tother\n";
  }
  const Gazetteer g = Gazetteer::with_embedded(normalizer(), {{"zh.tsv", data}});
  CHECK(g.chinese_names() == slow_chinese_names(g));
}

TEST_CASE("mentions carry attributes and input offsets", "[gazetteer]") {
  const std::string text = "據報導，亞馬遜雲服務(AWS)與輝達合作；Ａｍａｚｏｎ's CEO Andy Jassy 說。";
  auto ms = gazetteer_mentions(text);
  REQUIRE(keys(ms) == "aws|aws|nvidia|amazon|andy_jassy");
  CHECK(std::string_view(text).substr(ms[0].span.start, ms[0].span.size()) == "亞馬遜雲服務");
  CHECK(std::string_view(text).substr(ms[1].span.start, ms[1].span.size()) == "AWS");
  CHECK(std::string_view(text).substr(ms[2].span.start, ms[2].span.size()) == "輝達");
  CHECK(std::string_view(text).substr(ms[3].span.start, ms[3].span.size()) == "Ａｍａｚｏｎ");
  CHECK(std::string_view(text).substr(ms[4].span.start, ms[4].span.size()) == "Andy Jassy");
  CHECK(ms[0].type == EntityType::company);
  CHECK(ms[0].attrs.at("name") == "AWS");
  CHECK(ms[0].attrs.at("zh") == "亚马逊云服务");
  CHECK(ms[0].attrs.at("parent") == "amazon");
  CHECK(ms[3].attrs.at("parent") == "");
  CHECK(ms[4].type == EntityType::person);
  CHECK(ms[4].attrs.at("org") == "amazon");
  CHECK(ms[4].attrs.at("role") == "CEO");
  CHECK(ms[4].attrs.at("zh") == "安迪·贾西");

  auto chips = gazetteer_mentions("Meta will use Graviton5 and Nvidia's H100.");
  REQUIRE(keys(chips) == "meta|graviton5|nvidia|h100");
  CHECK(chips[1].type == EntityType::chip);
  CHECK(chips[1].attrs.at("vendor") == "amazon");
  CHECK(chips[1].attrs.at("kind") == "cpu");
  CHECK(chips[1].attrs.at("family") == "Graviton");
  CHECK(chips[1].rule == "gazetteer:graviton5");
}

TEST_CASE("transliterated names with any separator", "[gazetteer]") {
  CHECK(keys(gazetteer_mentions("安迪・贾西说")) == "andy_jassy");
  CHECK(keys(gazetteer_mentions("安迪•贾西说")) == "andy_jassy");
  CHECK(keys(gazetteer_mentions("桑托什贾纳丹说")) == "santosh_janardhan");
}

TEST_CASE("without words, Chinese names match at any character", "[gazetteer]") {
  GazetteerExtractor ex(gazetteer());
  const std::string text = "赌博通过网络";
  auto ms = ex.find(text, normalizer().normalize(text), {});
  CHECK(keys(ms) == "broadcom");
  // With the segmentation, 博通 starts inside 赌博.
  Document d = make_doc(text);
  CHECK(keys(ex.find(d.text, d.normalized, d.words)) == "");
}

TEST_CASE("loader errors name file and line", "[gazetteer]") {
  CHECK(load_error({{"a.tsv", kCompanies + "x\tX\n"}}) ==
        "a.tsv:2: wrong column count: 2 (expected 6: id name zh aliases parent category)");
  CHECK(load_error({{"a.tsv", "# comment\n" + kCompanies + "\n\tX\t\t\t\tother\n"}}) == "a.tsv:4: empty id");
  CHECK(load_error({{"a.tsv", kCompanies + "Bad Id\tX\t\t\t\tother\n"}}).rfind("a.tsv:2: bad id 'Bad Id'", 0) == 0);
  CHECK(load_error({{"a.tsv", kCompanies + "x\tX\t\t\t\t\nx\tY\t\t\t\t\n"}}) ==
        "a.tsv:3: duplicate id 'x' in companies (first at a.tsv:2)");
  CHECK(load_error({{"a.tsv", kCompanies + "x\tX\t\t\tnobody\t\n"}}) == "a.tsv:2: unknown parent id 'nobody'");
  CHECK(load_error({{"a.tsv", kCompanies + "x\tX\t\t\ty\t\ny\tY\t\t\tx\t\n"}}).rfind("a.tsv:2: parent cycle", 0) == 0);
  CHECK(load_error({{"c.tsv", kCompanies + "acme\tAcme\t\t\t\t\n"},
                    {"k.tsv", kChips + "\n\nk1\tK1\tnobody\tK\tgpu\t\t\n"}}) == "k.tsv:4: unknown vendor id 'nobody'");
  CHECK(load_error({{"c.tsv", kCompanies + "acme\tAcme\t\t\t\t\n"}, {"k.tsv", kChips + "k1\tK1\tacme\tK\tfpga\t\t\n"}})
            .rfind("k.tsv:2: unknown kind 'fpga'", 0) == 0);
  CHECK(load_error({{"p.tsv", kPeople + "p\tP\t\tCEO\tnobody\t\n"}}) == "p.tsv:2: unknown org id 'nobody'");
  CHECK(load_error({{"a.tsv", kCompanies + "x\tAcme\t\t\t\t\ny\tY\t\tACME\t\t\n"}}) ==
        "a.tsv:3: name 'ACME' already names company 'x' (a.tsv:2)");
  CHECK(load_error({{"a.tsv", "id\tname\tzh\n"}}).rfind("a.tsv:1: unknown header", 0) == 0);
  // A headerless run-time file holds companies.
  CHECK(load_error({{"a.tsv", "acme\tAcme\t艾克米\t\t\tother\n"}}) == "");
  // Files given by path: a reference into the embedded tables, and the errors.
  const std::string good = temp_file("good.tsv", kCompanies + "acme_cloud\tAcme Cloud\t艾克米云\tAcmeCloud\taws\tcloud\n");
  Gazetteer g(normalizer(), std::vector<std::string>{good});
  REQUIRE(g.company("acme_cloud"));
  CHECK(g.company("acme_cloud")->parent == "aws");
  CHECK(g.company("amazon"));
  const std::string dup = temp_file("dup.tsv", kCompanies + "aws\tAWS2\t\t\t\t\n");
  try {
    Gazetteer bad(normalizer(), std::vector<std::string>{dup});
    FAIL("no error");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).rfind(dup + ":2: duplicate id 'aws' in companies (first at extractors/gazetteer/companies.tsv:", 0) == 0);
  }
  try {
    Gazetteer bad(normalizer(), std::vector<std::string>{temp_file("none.tsv", "") + ".missing"});
    FAIL("no error");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("cannot read") != std::string::npos);
  }
}

TEST_CASE("run-time entries are found", "[gazetteer]") {
  auto g = std::make_shared<const Gazetteer>(Gazetteer::with_embedded(
      normalizer(), {{"extra.tsv", kCompanies + "acme\tAcme Compute\t艾克米\tACME\tamazon\tneocloud\n"},
                     {"chips.tsv", kChips + "acme_x1\tX1 Turbo\tacme\tX1\taccelerator\t\t艾克米X1\n"},
                     {"people.tsv", kPeople + "jane_roe\tJane Roe\t简·罗\tCEO\tacme\tRoe\n"}}));
  GazetteerExtractor ex(g);
  const std::string text = "Jane Roe said ACME will buy X1 Turbo chips; 艾克米与AWS签约。";
  auto ms = ex.find(text, normalizer().normalize(text), segmenter().words(text));
  CHECK(keys(ms) == "jane_roe|acme|acme_x1|acme|aws");
}

// The matcher's fast paths (sixteen ASCII bytes at a time, the prefilter tables,
// the walk started after three bytes, token boundaries read in place) must find
// what a plain character-by-character reading finds. Each case below puts a name
// where one of them has an edge.
TEST_CASE("names at every offset of a sixteen-byte block", "[gazetteer]") {
  for (std::size_t pad = 0; pad < 40; ++pad) {
    const std::string text = std::string(pad, 'x') + " Nvidia and AMD, " + std::string(pad % 7, '-') + "Intel";
    auto ms = gazetteer_mentions(text);
    REQUIRE(keys(ms) == "nvidia|amd|intel");
    CHECK(ms[0].span.start == pad + 1);
    CHECK(std::string_view(text).substr(ms[2].span.start, ms[2].span.size()) == "Intel");
  }
  // Inside a word, or right after a letter outside ASCII, no name starts.
  CHECK(keys(gazetteer_mentions("xxxxxxxxxxxxxxxNvidia NvidiaX")) == "");
  CHECK(keys(gazetteer_mentions("éNvidia and ÉAMD")) == "");
  CHECK(keys(gazetteer_mentions("é Nvidia and É AMD")) == "nvidia|amd");
}

TEST_CASE("names across whitespace runs and at the end of the text", "[gazetteer]") {
  CHECK(keys(gazetteer_mentions("Amazon \t\n  Web\n\nServices")) == "aws");
  CHECK(keys(gazetteer_mentions("AMD")) == "amd");
  CHECK(keys(gazetteer_mentions("x AMD")) == "amd");
  CHECK(keys(gazetteer_mentions("AM")) == "");
  CHECK(keys(gazetteer_mentions("英伟达")) == "nvidia");
}

TEST_CASE("a name that starts with punctuation is found", "[gazetteer]") {
  auto g = std::make_shared<const Gazetteer>(Gazetteer::from_sources(
      normalizer(), {{"extra.tsv", kCompanies + "dotnet\t.NET Labs\t\t\t\tother\nq\tQ\t\t\t\tother\n"}}));
  GazetteerExtractor ex(g);
  for (const std::string text : {"We met .NET Labs and Q.", "A long opening sentence, then .NET  Labs; Q"}) {
    auto ms = ex.find(text, normalizer().normalize(text), segmenter().words(text));
    CHECK(keys(ms) == "dotnet|q");
  }
}

TEST_CASE("words out of order give the same mentions as in order", "[gazetteer]") {
  GazetteerExtractor ex(gazetteer());
  const std::string text = "台积电与英伟达签约，阿里云和华为也在场。赌博通过网络。";
  Document d = make_doc(text);
  const std::string expected = keys(ex.find(d.text, d.normalized, d.words));
  CHECK(expected == "tsmc|nvidia|alibaba_cloud|huawei");
  std::vector<Span> shuffled(d.words.rbegin(), d.words.rend());
  CHECK(keys(ex.find(d.text, d.normalized, shuffled)) == expected);
  shuffled.push_back(shuffled.front());  // a duplicate token
  CHECK(keys(ex.find(d.text, d.normalized, shuffled)) == expected);
}

TEST_CASE("100,000 extra names load and match quickly", "[gazetteer][.bench]") {
  std::string data = kCompanies;
  for (int i = 0; i < 100000; ++i) {
    data += "x" + std::to_string(i) + "\tExtra Company " + std::to_string(i) + "\t\t\t\tother\n";
  }
  auto t0 = std::chrono::steady_clock::now();
  Gazetteer g = Gazetteer::with_embedded(normalizer(), {{"big.tsv", data}});
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  WARN("100,000 names loaded in " << ms << " ms");
  CHECK(g.companies().size() > 100000);
  CHECK(ms < 1000);
}
