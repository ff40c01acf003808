// People by role words: every example and reject of the person.patterns files, then
// whole documents through the gazetteer extractor and the person extractor.
#include <catch2/catch.hpp>
#include <unicode/uchar.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "extractors/gazetteer.h"
#include "extractors/gazetteer_extractor.h"
#include "extractors/person_extractor.h"
#include "lang/embedded.h"
#include "lang/normalize.h"
#include "lang/segment.h"
#include "tests/extractors/fixtures.h"
#include "tests/support.h"

using namespace newsdeal;
using newsdeal::test::gazetteer;
using newsdeal::test::normalizer;
using newsdeal::test::segmenter;

namespace {

// Companies and chips only: the examples test the patterns, not the people table
// (which would find "Safra Catz" first, and rightly).
std::shared_ptr<const Gazetteer> companies_only() {
  static const auto g = [] {
    std::vector<GazetteerSource> sources;
    for (const char* f : {"extractors/gazetteer/companies.tsv", "extractors/gazetteer/chips.tsv"}) {
      auto data = embedded_file(f);
      REQUIRE(data);
      sources.push_back({f, std::string(*data)});
    }
    return std::make_shared<const Gazetteer>(Gazetteer::from_sources(normalizer(), sources));
  }();
  return g;
}

const PersonExtractor& people() {
  static const PersonExtractor p;
  return p;
}

// A document after the gazetteer extractor (of `gaz`), as the person extractor sees it.
Document make_doc(const std::string& text, const Gazetteer* gaz) {
  Document d;
  d.text = text;
  d.normalized = normalizer().normalize(text);
  d.words = segmenter().words(text);
  if (gaz) {
    GazetteerExtractor ex(gaz == gazetteer().get() ? gazetteer() : companies_only());
    ex.extract(d);
  }
  return d;
}

// The whole run: gazetteer, then people.
Document extract_people(const std::string& text) {
  Document d = make_doc(text, gazetteer().get());
  people().extract(d);
  return d;
}

std::vector<const Mention*> persons(const Document& d) {
  std::vector<const Mention*> out;
  for (const auto& m : d.mentions)
    if (m.type == EntityType::person) out.push_back(&m);
  return out;
}

std::string attr(const Mention& m, const std::string& k) {
  auto it = m.attrs.find(k);
  return it == m.attrs.end() ? "" : it->second;
}

std::string describe(const Document& d, const std::vector<Mention>& ms) {
  std::ostringstream s;
  for (const auto& m : ms)
    s << "  [" << m.span.start << "," << m.span.end << ") '" << d.slice(m.span) << "' key=" << m.key
      << " name=" << attr(m, "name") << " zh=" << attr(m, "zh") << " role=" << attr(m, "role")
      << " org=" << attr(m, "org") << " rule=" << m.rule << "\n";
  return s.str().empty() ? "  (nothing)\n" : s.str();
}

// An extractor with one rule of the book (and all its word lists).
PersonExtractor only(const PersonRule& rule) {
  PersonRules book = people().rules();
  book.rules = {rule};
  return PersonExtractor(std::move(book));
}

}  // namespace

TEST_CASE("every example and reject of the person patterns", "[person]") {
  const PersonRules& book = people().rules();
  REQUIRE(book.files.size() >= 2);
  REQUIRE(book.rules.size() >= 3);
  std::size_t examples = 0, rejects = 0;
  for (const PersonRule& rule : book.rules) {
    const PersonExtractor ex = only(rule);
    for (const PersonExample& e : rule.examples) {
      ++examples;
      const Document d = make_doc(e.text, companies_only().get());
      const std::vector<Mention> found = ex.find(d);
      bool ok = false;
      for (const Mention& m : found) {
        if (m.rule != "person:" + rule.name) continue;
        if (attr(m, "name") != e.name || attr(m, "role") != e.role) continue;
        if (e.org && attr(m, "org") != *e.org) continue;
        if (e.zh && attr(m, "zh") != *e.zh) continue;
        if (e.span && !(m.span == *e.span)) continue;
        ok = true;
      }
      INFO(rule.origin << ":" << e.line << " (rule " << rule.name << "): " << e.text << "\n  expected "
                       << e.name << " | " << e.role << " | " << e.org.value_or("?") << " | "
                       << e.zh.value_or("?") << "\n  found:\n"
                       << describe(d, found));
      CHECK(ok);
    }
    for (const Reject& r : rule.rejects) {
      ++rejects;
      const Document d = make_doc(r.text, companies_only().get());
      const std::vector<Mention> found = ex.find(d);
      INFO(rule.origin << ":" << r.line << " (rule " << rule.name << ") reject: " << r.text << "\n  found:\n"
                       << describe(d, found));
      CHECK(found.empty());
    }
  }
  CHECK(examples >= 30);
  CHECK(rejects >= 20);
}

TEST_CASE("a person by role and company, with later mentions of the surname", "[person]") {
  const std::string text =
      "Jane Roe, executive vice president of Devices and Services at Amazon, said the unit will grow.\n"
      "Roe said hiring continues. Acme Roe Labs is unrelated.";
  const Document d = extract_people(text);
  const auto ps = persons(d);
  INFO(describe(d, d.mentions));
  REQUIRE(ps.size() == 2);
  CHECK(ps[0]->key == "jane_roe");
  CHECK(d.slice(ps[0]->span) == "Jane Roe");
  CHECK(attr(*ps[0], "name") == "Jane Roe");
  CHECK(attr(*ps[0], "role") == "executive vice president of Devices and Services");
  CHECK(attr(*ps[0], "org") == "amazon");
  CHECK(ps[1]->key == "jane_roe");
  CHECK(d.slice(ps[1]->span) == "Roe");
  CHECK(ps[1]->rule == "person:repeat");
}

TEST_CASE("known people keep the gazetteer's id", "[person]") {
  const Document d = extract_people("Amazon CEO Andy Jassy said the cuts are about culture. 执行长傑西（Andy Jassy）强调。");
  INFO(describe(d, d.mentions));
  for (const Mention* p : persons(d)) {
    CHECK(p->key == "andy_jassy");
    CHECK(p->rule.rfind("gazetteer:", 0) == 0);
  }
  CHECK(persons(d).size() >= 2);
}

TEST_CASE("English people: org before the role, after 'at', and none", "[person]") {
  const Document d = extract_people(
      "\"Demand is strong,\" CoreWeave chief executive Mark Oduya told analysts. Tina Hale, head of "
      "infrastructure at Meta, agreed. U.S. President Joe Doakes said nothing, and Nvidia's chief financial "
      "officer, Lena Park, declined to comment.");
  INFO(describe(d, d.mentions));
  const auto ps = persons(d);
  REQUIRE(ps.size() == 4);
  CHECK(ps[0]->key == "mark_oduya");
  CHECK(attr(*ps[0], "role") == "CEO");
  CHECK(attr(*ps[0], "org") == "coreweave");
  CHECK(ps[1]->key == "tina_hale");
  CHECK(attr(*ps[1], "role") == "head of infrastructure");
  CHECK(attr(*ps[1], "org") == "meta");
  CHECK(ps[2]->key == "joe_doakes");
  CHECK(attr(*ps[2], "role") == "US president");
  CHECK(attr(*ps[2], "org").empty());
  CHECK(ps[3]->key == "lena_park");
  CHECK(attr(*ps[3], "role") == "CFO");
  CHECK(attr(*ps[3], "org") == "nvidia");
  for (const Mention* p : ps) CHECK(d.slice(p->span) == attr(*p, "name"));
}

TEST_CASE("Chinese people: simplified, traditional, transliterated, Latin", "[person]") {
  const std::string text =
      "阿里云智能总裁张明远表示，需求强劲。聯發科董事長陳鳳龍說，訂單滿載。"
      "甲骨文联合创始人兼首席技术官Peter Vance的财富大增。首席执行官萨姆·维克斯认为合作有利。"
      "张明远还称，将扩大投资。";
  const Document d = extract_people(text);
  INFO(describe(d, d.mentions));
  const auto ps = persons(d);
  REQUIRE(ps.size() == 5);
  CHECK(ps[0]->key == "张明远");
  CHECK(attr(*ps[0], "zh") == "张明远");
  CHECK(attr(*ps[0], "role") == "president");
  CHECK(attr(*ps[0], "org") == "alibaba_cloud");
  CHECK(ps[1]->key == "陈凤龙");
  CHECK(d.slice(ps[1]->span) == "陳鳳龍");
  CHECK(attr(*ps[1], "zh") == "陳鳳龍");
  CHECK(attr(*ps[1], "org") == "mediatek");
  CHECK(attr(*ps[1], "role") == "chairman");
  CHECK(ps[2]->key == "peter_vance");
  CHECK(attr(*ps[2], "role") == "co-founder and CTO");
  CHECK(attr(*ps[2], "org") == "oracle");
  CHECK(ps[3]->key == "萨姆·维克斯");
  CHECK(attr(*ps[3], "role") == "CEO");
  CHECK(ps[4]->key == "张明远");
  CHECK(ps[4]->rule == "person:repeat");
  for (const Mention* p : ps) {
    const std::string shown = attr(*p, "zh").empty() ? attr(*p, "name") : attr(*p, "zh");
    CHECK(d.slice(p->span) == shown);
  }
}

TEST_CASE("a Latin surname between Chinese characters is a later mention", "[person]") {
  const Document d = extract_people("甲骨文联合创始人Peter Vance表示，需求强劲。目前Vance的资产有所回落。");
  INFO(describe(d, d.mentions));
  const auto ps = persons(d);
  REQUIRE(ps.size() == 2);
  CHECK(ps[0]->key == "peter_vance");
  CHECK(ps[1]->key == "peter_vance");
  CHECK(d.slice(ps[1]->span) == "Vance");
  CHECK(ps[1]->rule == "person:repeat");
}

TEST_CASE("no person overlaps a company or chip, and role words alone are none", "[person]") {
  const Document d = extract_people(
      "The Chief Executive Officer said Microsoft Azure, the cloud unit, grew. However Amazon, the chief "
      "executive said, will hire. 苹果CEO称，董事长表示。美国总统大选将于明年举行。");
  INFO(describe(d, d.mentions));
  CHECK(persons(d).empty());
}

TEST_CASE("title-case headlines keep two capitalized words", "[person]") {
  const Document d = extract_people("Acme CEO Jane Doe Unveils New Chip Plan\nThe plan is big.");
  INFO(describe(d, d.mentions));
  const auto ps = persons(d);
  REQUIRE(ps.size() == 1);
  CHECK(ps[0]->key == "jane_doe");
}

TEST_CASE("pattern files: load errors name file and line; --rules replaces a file", "[person]") {
  auto error_of = [](const std::string& name, const std::string& text) {
    try {
      parse_person_rules({{name, "test/" + name, text}});
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error_of("en/p.patterns", "role: CEO = ceo\n\nrule: r\npattern: (?P<role>{ROLE}) (?P<name>[A-Z]\n")
            .rfind("test/en/p.patterns:4: pattern of rule r does not compile", 0) == 0);
  CHECK(error_of("en/p.patterns", "rule: r\npattern: (?P<role>ceo) ([A-Z]\\w+)\n") ==
        "test/en/p.patterns:2: pattern of rule r has no (?P<name>...) group");
  CHECK(error_of("en/p.patterns", "example: x => y | z\n") ==
        "test/en/p.patterns:1: example: outside a rule (start one with rule: NAME)");
  CHECK(error_of("en/p.patterns", "rule: r\npattern: (?P<role>ceo) (?P<name>\\w+)\nexample: x\n") ==
        "test/en/p.patterns:3: example needs '=> NAME | ROLE [| ORG [| ZH]]'");
  CHECK(error_of("en/p.patterns", "rule: r\npattern: (?P<role>ceo) (?P<name>{NAME})\n") ==
        "test/en/p.patterns:2: unknown define {NAME}");
  CHECK(error_of("zh/p.patterns", "surname: 王八蛋\n") ==
        "test/zh/p.patterns:1: surname '王八蛋' is not one or two Han characters");
  CHECK(error_of("xx/p.patterns", "stop: a\n") == "test/xx/p.patterns:1: a pattern file belongs in an en/ or zh/ folder");
  CHECK(error_of("en/p.patterns", "role: CEO = ceo\nrole: CFO = ceo\n") ==
        "test/en/p.patterns:2: role phrase 'ceo' already means CEO");
  CHECK(error_of("en/p.patterns", "frobnicate: yes\n") == "test/en/p.patterns:1: unknown key 'frobnicate'");

  // A --rules directory replaces the built-in English file.
  const auto dir = std::filesystem::temp_directory_path() / "newsdeal-person-rules";
  std::filesystem::create_directories(dir / "en");
  {
    std::ofstream f(dir / "en" / "person.patterns");
    f << "role: boss = boss\n\nrule: boss-name\npattern: \\b(?P<role>{ROLE}) (?P<name>[A-Z]\\w+ [A-Z]\\w+)\n"
         "example: the boss {Jim Bell} => Jim Bell | boss\n";
  }
  const PersonExtractor custom({dir.string()});
  std::filesystem::remove_all(dir);
  std::size_t en_rules = 0;
  for (const auto& r : custom.rules().rules)
    if (r.lang == Lang::en) ++en_rules;
  CHECK(en_rules == 1);
  Document d = make_doc("the boss Jim Bell and CEO Ann Lee", companies_only().get());
  const auto found = custom.find(d);
  REQUIRE(found.size() == 1);
  CHECK(found[0].key == "jim_bell");
  CHECK(attr(found[0], "role") == "boss");
  CHECK_THROWS_AS(PersonExtractor({"/nonexistent/rules/dir"}), std::runtime_error);

  // A pattern whose example line holds no role phrase or trigger: word would never be
  // tried there (the line scan skips it): a load error naming the example's line.
  std::filesystem::create_directories(dir / "en");
  {
    std::ofstream f(dir / "en" / "person.patterns");
    f << "role: boss = boss\n\nrule: chair-name\npattern: \\b(?P<role>chair) (?P<name>[A-Z]\\w+ [A-Z]\\w+)\n"
         "example: the chair {Jim Bell} => Jim Bell | chair\n";
  }
  std::string message;
  try {
    const PersonExtractor unreachable({dir.string()});
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  std::filesystem::remove_all(dir);
  CHECK(message.find("person.patterns:5: pattern chair-name: the example holds no role phrase or trigger: word") !=
        std::string::npos);
}

// The line prefilter (patterns only in lines with a role word) must find exactly what
// every pattern over the whole text finds: the corpus, every example and reject, and
// texts made to probe its edges (roles at line ends, matches ending in a newline,
// role words inside other words, upper case, a long s that RE2 folds to s).
TEST_CASE("the role-word line prefilter finds what the whole-text search finds", "[person]") {
  std::vector<std::string> texts = {
      "Acme named a new chief\nexecutive. CEO\nJane Doe said.\nOracle CEO Safra Catz said",
      "said Jane Doe, head of infrastructure at Oracle\nand more",
      "Jane Doe, CFO\nMark Lee, the chief executive of Acme",
      "The headquarters of the leading firm. Overhead costs rose; executives left.\nTSMC CHAIRMAN C.C. Wei",
      "Acme Preſident Jane Doe said",
      "The vice president\nof sales Jane Doe",
      "苹果公司\n董事长魏哲家表示\n执行长傑西（Andy Jassy）说\nNvidia CEO Jensen Huang",
      "报道\nceo黄仁勋称，需求强劲。\n\n台积电董事长\n魏哲家",
      "",
      "\n\n",
  };
  for (const PersonRule& rule : people().rules().rules) {
    for (const PersonExample& e : rule.examples) texts.push_back(e.text);
    for (const Reject& r : rule.rejects) texts.push_back(r.text);
  }
  for (const auto& entry : std::filesystem::directory_iterator(newsdeal::test::source_path("corpus"))) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path());
    texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::size_t found = 0;
  for (const std::string& text : texts) {
    const Document d = make_doc(text, gazetteer().get());
    const std::vector<Mention> fast = people().find(d);
    const std::vector<Mention> full = people().find_unfiltered(d);
    INFO(text << "\n  prefiltered:\n" << describe(d, fast) << "  whole text:\n" << describe(d, full));
    CHECK(describe(d, fast) == describe(d, full));
    found += full.size();
  }
  CHECK(found >= 20);
}

// The English scan reads sixteen bytes at a time and the Chinese one skips characters
// that start no role word: a role word at every offset of a block, whole or inside
// another word, and Chinese roles after runs of other characters, must be found (or
// not) as the whole-text search finds them.
TEST_CASE("the line prefilter finds role words at every offset of its blocks", "[person]") {
  std::size_t found = 0;
  for (std::size_t pad = 0; pad < 34; ++pad) {
    const std::string spaces(pad, ' ');
    const std::string letters(pad, 'a');
    std::string han;
    for (std::size_t i = 0; i < pad % 12; ++i) han += "的";
    const std::vector<std::string> texts = {
        spaces + "CEO Jane Doe said.",
        letters + " ceo Jane Doe said.",
        letters + "CEO Jane Doe said.",
        "x" + spaces + "Acme president Mark Lee_CEO Jane Doe",
        han + "台积电董事长魏哲家表示",
        letters + "，执行长傑西（Andy Jassy）说",
    };
    for (const std::string& text : texts) {
      const Document d = make_doc(text, gazetteer().get());
      const std::vector<Mention> fast = people().find(d);
      const std::vector<Mention> full = people().find_unfiltered(d);
      INFO(text << "\n  prefiltered:\n" << describe(d, fast) << "  whole text:\n" << describe(d, full));
      CHECK(describe(d, fast) == describe(d, full));
      found += full.size();
    }
  }
  CHECK(found >= 34 * 3);
}

TEST_CASE("ICU's case and letter properties of ASCII (which name tokens read without ICU)", "[person]") {
  int differ = 0;
  for (UChar32 c = 0; c < 0x80; ++c) {
    const bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
    differ += (u_isupper(c) != 0) != upper;
    differ += u_istitle(c) != 0;
    differ += (u_islower(c) != 0) != lower;
    differ += (u_isalpha(c) != 0) != (upper || lower);
  }
  CHECK(differ == 0);
}
