// Every example and reject line of every relation and cue file is a test: the
// rule alone must give exactly the deals its example states, and nothing on its
// rejects. Failures name the file, line and rule.
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "pipeline/link/linker.h"
#include "tests/support.h"

using namespace newsdeal;

namespace {

// Builds a one-sentence Document from an example with [surface:type] marks; each
// mention's key is its surface in lower case.
Document example_document(const std::string& marked, Lang lang) {
  Document doc;
  std::vector<Mention> mentions;
  for (std::size_t i = 0; i < marked.size();) {
    if (marked[i] == '[') {
      std::size_t colon = marked.find(':', i), close = marked.find(']', i);
      if (colon != std::string::npos && close != std::string::npos && colon < close) {
        std::string surface = marked.substr(i + 1, colon - i - 1);
        std::string type = marked.substr(colon + 1, close - colon - 1);
        Mention m;
        m.type = type == "chip" ? EntityType::chip : type == "person" ? EntityType::person : EntityType::company;
        m.span = {doc.text.size(), doc.text.size() + surface.size()};
        std::string key = surface;
        for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        m.key = key;
        mentions.push_back(m);
        doc.text += surface;
        i = close + 1;
        continue;
      }
    }
    doc.text += marked[i++];
  }
  doc.mentions = mentions;
  doc.sections = {{"body", {0, doc.text.size()}, lang}};
  doc.paragraphs = {{{0, doc.text.size()}, lang, 0}};
  doc.sentences = {{0, doc.text.size()}};
  return doc;
}

using Triple = std::tuple<std::string, std::string, std::string>;

std::set<Triple> parse_expected(const std::string& expected) {
  std::set<Triple> out;
  std::stringstream deals(expected);
  for (std::string deal; std::getline(deals, deal, ';');) {
    std::map<std::string, std::string> f;
    std::stringstream kv(deal);
    for (std::string item; kv >> item;) {
      auto eq = item.find('=');
      if (eq != std::string::npos) f[item.substr(0, eq)] = item.substr(eq + 1);
    }
    if (!f.empty()) out.insert({f["buyer"], f["vendor"], f["product"]});
  }
  return out;
}

std::string show(const std::set<Triple>& s) {
  std::string out;
  for (const auto& [b, v, p] : s) out += "(" + b + " <- " + v + (p.empty() ? "" : " " + p) + ") ";
  return out.empty() ? "nothing" : out;
}

}  // namespace

TEST_CASE("every relation rule example gives its deals, every reject none", "[link-rules]") {
  Linker linker({});
  REQUIRE(linker.relations().rules().size() >= 10);
  std::size_t examples = 0;
  for (const RelationRule& rule : linker.relations().rules()) {
    for (const RelationExample& ex : rule.examples) {
      ++examples;
      Lang lang = rule.lang == "zh" ? Lang::zh : Lang::en;
      Document doc = example_document(ex.text, lang);
      auto views = build_sentence_views(doc, linker.normalizer());
      std::set<Triple> got;
      for (const auto& c : linker.match_sentence(doc, views.at(0), &rule)) got.insert({c.buyer, c.vendor, c.product});
      std::set<Triple> want = ex.reject ? std::set<Triple>{} : parse_expected(ex.expected);
      INFO(rule.file << ":" << ex.line << ": rule " << rule.name << (ex.reject ? " reject: " : " example: ") << ex.text
                     << "\n  expected " << show(want) << "\n  got      " << show(got)
                     << "\n  sentence " << views.at(0).text);
      CHECK(got == want);
    }
  }
  CHECK(examples >= 20);
}

TEST_CASE("every cue example matches and every cue reject does not", "[link-rules]") {
  Linker linker({});
  for (const Cue& cue : linker.cues().cues()) {
    for (const auto& [text, line] : cue.examples) {
      INFO(cue.file << ":" << line << ": cue " << cue.name << " example: " << text);
      CHECK(linker.cues().find(cue.lang, cue.name, text));
    }
    for (const auto& [text, line] : cue.rejects) {
      INFO(cue.file << ":" << line << ": cue " << cue.name << " reject: " << text);
      CHECK_FALSE(RE2::PartialMatch(text, *cue.re));
    }
  }
}

// A one-paragraph Document of `sentences` whose companies are given by name and key.
static Document with_companies(const std::vector<std::string>& sentences,
                        const std::vector<std::pair<std::string, std::string>>& companies, Lang lang) {
  Document doc;
  for (const auto& s : sentences) {
    std::size_t start = doc.text.size();
    doc.text += s;
    doc.sentences.push_back({start, doc.text.size()});
  }
  for (const auto& [name, key] : companies) {
    Mention m;
    m.type = EntityType::company;
    std::size_t at = doc.text.find(name);
    m.span = {at, at + name.size()};
    m.key = key;
    doc.mentions.push_back(m);
  }
  doc.sections = {{"body", {0, doc.text.size()}, lang}};
  doc.paragraphs = {{{0, doc.text.size()}, lang, 0}};
  return doc;
}

TEST_CASE("a phrase that refers back to a company takes its place in a deal", "[link-rules]") {
  Linker linker({});
  Document doc = with_companies({"Acme said it needs more chips. ", "The company agreed to rent capacity from Oracle."},
                                {{"Acme", "acme"}, {"Oracle", "oracle"}}, Lang::en);
  auto views = build_sentence_views(doc, linker.normalizer(), &linker.cues());
  REQUIRE(views.size() == 2);
  CHECK(views[1].named == std::vector<std::string>{"acme", "oracle"});
  LinkResult r = linker.link(doc);
  REQUIRE(r.deals.size() == 1);
  CHECK(r.deals[0].buyer == "acme");
  CHECK(r.deals[0].vendor == "oracle");
}

TEST_CASE("其 before a business noun refers back to the company named before", "[link-rules]") {
  Linker linker({});
  Document doc = with_companies({"腾讯表示需要更多算力。", "其云平台将部署3万颗英伟达芯片。"},
                                {{"腾讯", "tencent"}, {"英伟达", "nvidia"}}, Lang::zh);
  LinkResult r = linker.link(doc);
  REQUIRE(r.deals.size() == 1);
  CHECK(r.deals[0].buyer == "tencent");
  CHECK(r.deals[0].vendor == "nvidia");
}

TEST_CASE("a deal's purpose comes from the words after its vendor", "[link-rules]") {
  Linker linker({});
  Document doc = with_companies({"Acme agreed to rent Oracle capacity for agentic AI, and Globex agreed to use Nvidia chips."},
                                {{"Acme", "acme"}, {"Oracle", "oracle"}, {"Globex", "globex"}, {"Nvidia", "nvidia"}},
                                Lang::en);
  LinkResult r = linker.link(doc);
  REQUIRE(r.deals.size() == 2);
  CHECK(r.deals[0].buyer == "acme");
  CHECK(r.deals[0].purpose == "agentic AI");
  CHECK(r.deals[1].buyer == "globex");
  CHECK_FALSE(r.deals[1].purpose);
}

TEST_CASE("bad relation files fail at load naming file and line", "[link-rules]") {
  auto error_of = [](const std::string& text) {
    RelationRules r;
    try {
      r.parse("x/en/deals.relations", "en", text);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("rule: a\npattern: {BUYER:company} (unclosed\n") ==
        "x/en/deals.relations:2: pattern does not compile: missing ): \\x01[c](?P<BUYER>[0-9]+)\\x02 (unclosed");
  CHECK(error_of("rule: a\ntype: rumour\npattern: x\n") ==
        "x/en/deals.relations:2: type must be compute, cloud, investment or partnership, not 'rumour'");
  CHECK(error_of("rule: a\npattern: {BUYER:firm}\n") ==
        "x/en/deals.relations:2: unknown placeholder type 'firm' (company, chip, person)");
  CHECK(error_of("rule: a\ntype: cloud\n") == "x/en/deals.relations:1: rule a has no pattern");
  CHECK(error_of("pattern: x\n") == "x/en/deals.relations:1: 'pattern' outside a block (start one with 'rule: NAME')");
  CHECK(error_of("rule: a\npattern x\n") == "x/en/deals.relations:2: expected 'key: value', got 'pattern x'");
  CHECK(error_of("rule: a\npattern: x\nwhen: later\n") ==
        "x/en/deals.relations:3: unknown key 'when' (pattern, type, status, roles, example, reject)");
}

TEST_CASE("a rule with a long gap is checked at load and matched exactly when its gap breaks the bound",
          "[link-rules]") {
  // The gap … opens into an unbounded group for matching, and the pattern itself
  // is compiled only when a match breaks the gap's bound: its syntax must still
  // fail at load, and such a match must still be refused.
  RelationRules bad;
  std::string error = "no error";
  try {
    bad.parse("x/en/deals.relations", "en", "rule: a\npattern: {BUYER:company} …(unclosed\n");
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  CHECK(error.rfind("x/en/deals.relations:2: pattern does not compile: missing ):", 0) == 0);

  RelationRules rules;
  rules.parse("x/en/deals.relations", "en", "rule: a\npattern: {BUYER:company} buys …from {VENDOR:company}\n");
  const RelationRule& rule = rules.rules().at(0);
  REQUIRE(rule.opened);
  std::vector<re2::StringPiece> groups(static_cast<std::size_t>(rule.group_room()));
  const RE2* used = nullptr;
  const std::string near = "\x01" "c0\x02 buys chips from \x01" "c1\x02";
  CHECK(rule.next_match(near, 0, groups.data(), &used));
  CHECK(used == rule.opened.get());
  const std::string far = "\x01" "c0\x02 buys " + std::string(81, 'x') + " from \x01" "c1\x02";
  CHECK_FALSE(rule.next_match(far, 0, groups.data(), &used));
  CHECK(used == &rule.exact());
  CHECK_FALSE(RE2::PartialMatch(far, rule.exact()));
  CHECK(RE2::PartialMatch(near, rule.exact()));
}

TEST_CASE("matching from placeholders finds what RE2's unanchored search finds", "[link-rules]") {
  // match_from_placeholders stands in for RE2::Match(UNANCHORED) for the rules
  // whose matches all start at a placeholder (or a character before one): on
  // sentences made of pieces of every rule example, cut anywhere, both must
  // give the same match and groups.
  Linker linker({});
  std::vector<std::string> texts;
  for (const RelationRule& rule : linker.relations().rules())
    for (const RelationExample& ex : rule.examples) {
      Document doc = example_document(ex.text, rule.lang == "zh" ? Lang::zh : Lang::en);
      texts.push_back(build_sentence_views(doc, linker.normalizer()).at(0).text);
    }
  REQUIRE(texts.size() >= 20);
  std::mt19937 rng(7);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  for (int i = 0; i < 600; ++i) {
    std::string t;
    for (std::size_t k = 1 + pick(4); k-- > 0;) {
      const std::string& from = texts[pick(texts.size())];
      std::size_t a = pick(from.size() + 1), b = pick(from.size() + 1);
      if (pick(3) == 0) a = 0, b = from.size();  // whole examples too
      t += from.substr(std::min(a, b), std::max(a, b) - std::min(a, b));
      if (pick(2)) t += pick(2) ? " and " : "，";
    }
    texts.push_back(t);
  }
  std::size_t fast_rules = 0, char_before = 0, matches = 0;
  for (const RelationRule& rule : linker.relations().rules()) {
    if (!rule.match_start.at_placeholder) continue;
    ++fast_rules;
    char_before += rule.match_start.char_before;  // "(?:^|[^与和跟同向])({BUYER:company})..."
    const RE2& re = rule.opened ? *rule.opened : rule.exact();
    const int n = 1 + re.NumberOfCapturingGroups();
    std::vector<re2::StringPiece> want(static_cast<std::size_t>(n)), got(static_cast<std::size_t>(n));
    for (const std::string& t : texts)
      for (std::size_t pos : {std::size_t{0}, t.size() / 3, t.size() / 2}) {
        const re2::StringPiece input(t.data(), t.size());
        std::fill(want.begin(), want.end(), re2::StringPiece());
        std::fill(got.begin(), got.end(), re2::StringPiece());
        const bool w = re.Match(input, pos, t.size(), RE2::UNANCHORED, want.data(), n);
        const bool g = match_from_placeholders(re, rule.match_start, t, pos, got.data(), n);
        INFO("rule " << rule.name << " at " << pos << " in " << t);
        REQUIRE(g == w);
        matches += w;
        for (int k = 0; k < n; ++k) {
          CHECK(got[k].data() == want[k].data());
          CHECK(got[k].size() == want[k].size());
        }
      }
  }
  CHECK(fast_rules >= 20);
  CHECK(char_before >= 4);
  CHECK(matches >= 200);
}

TEST_CASE("a sentence view maps each byte back to its input offset", "[link-rules]") {
  // Placeholders map to their mention's start, a straightened quote to the
  // curly one, other bytes to the characters they were normalized from.
  Linker linker({});
  Document doc = with_companies({"Acme\xE2\x80\x99s deal with Oracle."}, {{"Acme", "acme"}, {"Oracle", "oracle"}},
                                Lang::en);
  doc.normalized = linker.normalizer().normalize(doc.text);
  auto views = build_sentence_views(doc, linker.normalizer(), &linker.cues());
  REQUIRE(views.size() == 1);
  const SentenceView& v = views[0];
  REQUIRE(v.text == "\x01" "c0\x02's deal with \x01" "c1\x02.");
  std::vector<std::size_t> want = {0, 0, 0, 0, 4, 7};
  for (std::size_t in = 8; in < 19; ++in) want.push_back(in);  // " deal with "
  for (int k = 0; k < 4; ++k) want.push_back(19);              // Oracle
  want.push_back(25);                                          // "."
  want.push_back(26);                                          // the end
  std::vector<std::size_t> got;
  for (std::size_t k = 0; k <= v.text.size(); ++k) got.push_back(v.to_input(k));
  CHECK(got == want);
}
