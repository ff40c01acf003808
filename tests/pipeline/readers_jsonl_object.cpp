// read_object_fast (simdjson) must read a line exactly as nlohmann does, or decline
// it: on every line it takes, nlohmann must see an object with the same fields.
// The lines: the corpus's JSONL files, awkward hand-made lines, and many byte-level
// mutations of them (flips, cuts, insertions), where a reader that accepts what
// nlohmann rejects would show.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "pipeline/readers/jsonl_object.h"

using namespace newsdeal;
namespace fs = std::filesystem;

namespace {

std::string describe(const JsonlObject& o) {
  std::string out;
  auto add = [&](const char* k, const std::optional<std::string>& v) {
    out += k;
    out += v ? "=[" + *v + "] " : "=none ";
  };
  add("id", o.id);
  add("url", o.url);
  add("published", o.published);
  add("title", o.title);
  add("lang", o.lang);
  add("text", o.text);
  add("html", o.html);
  if (o.numeric_id) out += "numeric_id=" + std::to_string(*o.numeric_id);
  return out;
}

// "" when the fast reader agrees with nlohmann on `line` (or declines it).
std::string disagreement(const std::string& line, bool& taken) {
  std::string copy = line;
  std::optional<JsonlObject> fast = read_object_fast(copy);
  if (copy != line) return "the fast reader changed the line";
  taken = fast.has_value();
  if (!fast) return "";
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded()) return "fast reader took a line nlohmann rejects";
  if (!j.is_object()) return "fast reader took a line that is no object";
  const std::string want = describe(object_fields(j)), got = describe(*fast);
  if (want != got) return "fields differ: nlohmann " + want + " / fast " + got;
  return "";
}

std::vector<std::string> corpus_lines() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(NEWSDEAL_SOURCE_DIR) / "corpus")) {
    if (e.path().extension() != ".jsonl") continue;
    std::ifstream in(e.path());
    for (std::string l; std::getline(in, l);)
      if (!l.empty()) out.push_back(l);
  }
  return out;
}

const std::vector<std::string> kAwkward = {
    R"({"id":"a","text":"plain"})",
    R"({"text":"first","text":"second"})",
    R"({"text":"kept","text":5})",
    R"({"id":7,"text":"numeric id"})",
    R"({"id":-0,"text":"x"})",
    R"({"id":"s","id":3,"text":"x"})",
    R"({"id":18446744073709551615,"text":"x"})",
    R"({"text":"escapes \" \\ \/ \b \f \n \r \t \u00e9 \u4e2d \ud83d\ude00 \u0000"})",
    R"({"text":"lone \ud800 surrogate"})",
    R"({"text":"x","n":1e400})",
    R"({"text":"x","n":123456789012345678901234567890})",
    R"({"text":"x","n":[1,{"a":[true,false,null]}],"o":{}})",
    R"(  {"text" : "spaced" }  )",
    "{\"text\":\"tab\tinside\"}",
    "{\"text\":\"ctl\x01inside\"}",
    "\xEF\xBB\xBF{\"text\":\"bom\"}",
    R"({"text":"x"} trailing)",
    R"([{"text":"array"}])",
    R"("just a string")",
    R"({"html":"<p>page</p>","title":"t","url":"u","published":"2026","lang":"zh"})",
    R"({"text":"中文 text, 全角１２３"})",
    "{\"text\":\"bad \xff utf8\"}",
    R"({"text":"x",})",
    R"({text:"unquoted"})",
};

}  // namespace

TEST_CASE("the fast JSONL reader reads lines as nlohmann does, or declines them") {
  std::vector<std::string> lines = corpus_lines();
  REQUIRE(lines.size() >= 5);
  lines.insert(lines.end(), kAwkward.begin(), kAwkward.end());
  std::size_t taken = 0;
  for (const auto& l : lines) {
    bool t = false;
    INFO(l.substr(0, 200));
    CHECK(disagreement(l, t) == "");
    taken += t;
  }
  // Every corpus line is a plain object: the fast reader must take them all.
  CHECK(taken >= corpus_lines().size());

  // Mutations: a byte changed, removed or inserted, or the line cut short.
  std::mt19937 rng(12345);
  const std::string alphabet = "{}[]\":,\\ u0123456789abcdefntrl.-+eE\x01\x7f\xc3\xa9\xe4\xb8\xad\xff";
  std::size_t mutants = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string m = lines[rng() % lines.size()];
    if (m.size() > 400) m = m.substr(0, 200) + m.substr(m.size() - 200);
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits && !m.empty(); ++k) {
      const std::size_t at = rng() % m.size();
      switch (rng() % 4) {
        case 0: m[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: m.erase(at, 1); break;
        case 2: m.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        default: m.resize(at); break;
      }
    }
    bool t = false;
    INFO(m);
    CHECK(disagreement(m, t) == "");
    ++mutants;
  }
  CHECK(mutants == 3000);
}
