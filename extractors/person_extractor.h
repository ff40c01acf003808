// People the gazetteer does not know, found by the role words around them:
// "Oracle CEO Safra Catz", "Dana Whitfield, senior vice president of ... at Amazon",
// "台积电董事长魏哲家", "甲骨文创始人兼董事长Larry Ellison", "执行长傑西（Andy Jassy）".
//
//   PersonExtractor people(opts.rule_dirs);   // embedded patterns, plus --rules directories
//   gazetteer_extractor.extract(doc);         // first: companies, chips and known people
//   people.extract(doc);                      // appends person Mentions to doc.mentions
//
// It runs after the GazetteerExtractor and reads its mentions: a known person found
// there keeps the gazetteer's id (the span is skipped here), a name that overlaps a
// company or chip is no person, and the org of a person is the company named next to
// the role.
//
// The patterns are data: extractors/rules/<lang>/person.patterns, with the role words,
// stop words and RE2 patterns, each pattern with examples and rejects beside it (the
// syntax is documented at the top of those files). English patterns run over the text
// as written, since names need their capitals; Chinese ones over the normalized text
// (simplified, lowercase), mapped back to input offsets. A pattern is looked for only
// in the lines that hold one of its language's role phrases or trigger: words (a
// literal scan finds them), and a match lies within one line: see "Where patterns
// are looked for" in the pattern files.
//
// Mentions: type person; span = the name (input offsets); key = for a Latin name the
// lowercased name with spaces as '_' and other non-alphanumerics dropped
// ("beth_galetti", "cc_wei"), for a Chinese name the name itself in simplified form
// ("魏哲家", "萨弗拉·卡茨"); attrs: name (the English name when known: the Latin name,
// or the one in brackets after a Chinese name; else the Chinese as written), zh (the
// Chinese name as written, or empty), role (normalized by the role: lines, "CEO",
// "founder and chairman", or as written, "head of infrastructure"), org (a company id
// or empty); rule = "person:<rule name>". A Chinese name with a Latin one in brackets
// gives a mention for each, with the same key. Later mentions of a person found here
// (the full name, or the surname alone of a Latin name) are mentions too, with
// rule = "person:repeat".
//
// A PersonExtractor is immutable after construction and may be shared by threads.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/extractor.h"
#include "extractors/rules.h"
#include "lang/normalize.h"

namespace re2 {
class RE2;
}

namespace newsdeal {

// What an example expects: the name attribute, the role, and optionally the org
// (empty = none) and the zh name.
struct PersonExample {
  int line = 0;
  std::string text;          // input text, braces removed
  std::optional<Span> span;  // the name's span, marked with {braces}
  std::string name;
  std::string role;
  std::optional<std::string> org;
  std::optional<std::string> zh;
};

struct PersonRule {
  std::string name;
  std::string origin;  // file, as errors name it
  int line = 0;        // the `rule:` line
  Lang lang = Lang::none;
  std::string pattern;  // with {DEFINES} expanded
  std::shared_ptr<const re2::RE2> re;
  std::vector<PersonExample> examples;
  std::vector<Reject> rejects;
};

// The word lists of one language.
// The sets and the map compare transparently (std::less<>): a part of a text is
// looked up as a string_view, without making a string of it.
struct PersonWords {
  std::map<std::string, std::string, std::less<>> roles;  // phrase (lowercase, single spaces) -> normalized role
  std::set<std::string, std::less<>> stops;               // en: lowercase tokens; zh: strings that end a name
  std::vector<std::string> gaps;                          // between a company and its role, normalized
  std::set<std::string, std::less<>> surnames;            // zh: family names, one or two characters
  std::set<char32_t> translit;               // zh: characters of transliterated names
  std::vector<std::string> triggers;         // words a role group may start with besides the roles
};

struct PersonRules {
  std::vector<PersonRule> rules;  // files in name order, rules in file order
  PersonWords en, zh;
  std::vector<std::string> files;  // origins of the files read

  const PersonWords& words(Lang lang) const { return lang == Lang::zh ? zh : en; }
};

// The pattern files compiled into the library: extractors/rules/<lang>/*.patterns,
// named by their path under extractors/rules ("en/person.patterns").
std::vector<RuleSource> embedded_person_sources();
// Adds the *.patterns files under `dir` (recursively); one whose relative name matches
// a file already there replaces it. Throws when `dir` is not a directory.
void add_person_dir(std::vector<RuleSource>& sources, const std::string& dir);
// Parses and compiles pattern files; the language is the file's folder (en/ or zh/).
// Throws std::runtime_error("file:line: what is wrong").
PersonRules parse_person_rules(const std::vector<RuleSource>& sources);

class PersonExtractor : public Extractor {
 public:
  // The embedded pattern files, with the *.patterns files of `rule_dirs` added or
  // replacing embedded ones of the same relative name. Throws
  // std::runtime_error("file:line: what is wrong").
  explicit PersonExtractor(const std::vector<std::string>& rule_dirs = {});
  // From patterns already parsed (tests run one rule at a time this way).
  explicit PersonExtractor(PersonRules rules);
  ~PersonExtractor() override;

  std::string_view name() const override { return "people"; }
  // Appends the people found in `doc` to doc.mentions.
  void extract(Document& doc) const override;
  // The people `extract` would append, ordered by start.
  std::vector<Mention> find(const Document& doc) const;
  // The same without the line prefilter: every pattern over the whole text. Tests
  // check that it finds what find() finds.
  std::vector<Mention> find_unfiltered(const Document& doc) const;

  const PersonRules& rules() const { return rules_; }

 private:
  std::vector<Mention> find(const Document& doc, bool prefilter) const;
  // Throws "file:line: ..." for an example that the role-word line scan would skip.
  void check_examples_pass_the_scan() const;

  PersonRules rules_;
  Normalizer normalizer_;  // for the short gaps between a company and a role
  struct RoleScan;         // the literal scan for role words, per language
  std::unique_ptr<const RoleScan> en_scan_, zh_scan_;
};

}  // namespace newsdeal
