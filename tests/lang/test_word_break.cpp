// lang/word_break.h against ICU itself: wherever fast_word_tokens accepts a
// text, its tokens must be exactly Segmenter::icu_words (ICU's root word
// iterator). Why the checks below amount to a proof for what is covered:
//  - outside ideographs, every break decision of UAX #29 (WB5-WB13b) reads at
//    most two characters on either side, and a token's status depends only on
//    the classes in it; so every string of up to 5 characters over one
//    character of each class (plus a few second members) covers every window a
//    decision or a status can see, including those at the text's edges;
//  - a run of ideographs is divided by ICU's dictionary DP, which the random
//    runs and every line of real text below exercise (unknown characters, ties,
//    the 20-unit word limit: runs of up to 60 characters), over the tables
//    lang/cjk_dictionary.h keeps of the dictionary's first two steps, which
//    are checked against the trie itself.
#include "lang/word_break.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <unicode/appendable.h>
#include <unicode/ucharstrie.h>
#include <unicode/udata.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "lang/cjk_dictionary.h"
#include "lang/embedded.h"
#include "lang/normalize.h"
#include "lang/segment.h"
#include "tests/support.h"

using newsdeal::fast_word_tokens;
using newsdeal::Lexicon;
using newsdeal::Normalizer;
using newsdeal::Segmenter;
using newsdeal::Span;

namespace {

const Segmenter& icu() {
  static const Segmenter seg(Lexicon{});
  return seg;
}

// Whether the fast tokens of `text` are ICU's; true when the text is refused.
// Counts the accepted texts in `accepted`.
bool same_as_icu(std::string_view text, std::size_t* accepted = nullptr) {
  std::vector<Span> fast;
  std::vector<char> han;
  if (!fast_word_tokens(text, fast, han)) return true;
  if (accepted) ++*accepted;
  REQUIRE(han.size() == fast.size());
  return fast == icu().icu_words(text);
}

std::string show(std::string_view text) {
  std::ostringstream out;
  out << '"' << text << "\" ->";
  for (Span s : icu().icu_words(text)) out << " [" << text.substr(s.start, s.size()) << "]";
  std::vector<Span> fast;
  std::vector<char> han;
  fast_word_tokens(text, fast, han);
  out << "  fast:";
  for (Span s : fast) out << " [" << text.substr(s.start, s.size()) << "]";
  return out.str();
}

// Every string of `len` characters over `alphabet`; returns the first mismatch or "".
std::string first_word_mismatch(const std::vector<std::string>& alphabet, std::size_t len) {
  std::vector<std::size_t> digit(len, 0);
  std::string text;
  while (true) {
    text.clear();
    for (std::size_t d : digit) text += alphabet[d];
    if (!same_as_icu(text)) return show(text);
    std::size_t k = 0;
    while (k < len && ++digit[k] == alphabet.size()) digit[k++] = 0;
    if (k == len) return "";
  }
}

// Lines of the corpus and of ../shared (when present): the text news is.
std::vector<std::string> real_lines() {
  namespace fs = std::filesystem;
  std::vector<std::string> texts;
  for (const auto& e : fs::directory_iterator(newsdeal::test::source_path("corpus")))
    if (e.path().extension() == ".txt") texts.push_back(newsdeal::test::read_file(e.path()));
  if (auto seed = newsdeal::test::shared_path("seed/qimuai-3902.txt")) texts.push_back(newsdeal::test::read_file(*seed));
  if (auto dev = newsdeal::test::shared_path("dev/articles.jsonl")) {
    std::istringstream in(newsdeal::test::read_file(*dev));
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) texts.push_back(nlohmann::json::parse(line).value("text", ""));
  }
  std::vector<std::string> lines;
  for (const std::string& t : texts) {
    std::istringstream in(t);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

}  // namespace

TEST_CASE("fast word break: every short string over the covered classes is ICU's", "[word_break]") {
  // One character of each class, and second members where ICU's class might
  // differ from the property: ALetter a Z é, Numeric 1 ٣, MidNumLet . ’,
  // Single_Quote ', MidNum , ; ，, MidLetter : ·, ExtendNumLet _, spaces and
  // newlines, Double_Quote, punctuation and symbols, ideographs.
  const std::vector<std::string> all = {"a", "Z",  "é", "1",  "٣", ".",  "’", "'",  ",", ";",  "，", ":", "·",
                                        "_", " ",  "\n", "\r", "\"", "-", "$", "“", "。", "（", "中", "国", "﹕"};
  for (std::size_t len = 1; len <= 4; ++len) {
    INFO("length " << len);
    CHECK(first_word_mismatch(all, len) == "");
  }
  const std::vector<std::string> core = {"a", "1", ".", "'", ",", ":", "_", " ", "-", "中"};
  CHECK(first_word_mismatch(core, 5) == "");
}

TEST_CASE("fast word break refuses what it does not reproduce", "[word_break]") {
  std::vector<Span> out;
  std::vector<char> han;
  for (const char* text : {"カタカナ", "ひらがな", "한국어", "ภาษาไทย", "e\u0301", "a\u200Db", "😀", "𠀀", "שלום", "〇"}) {
    INFO(text);
    CHECK_FALSE(fast_word_tokens(text, out, han));
  }
  CHECK(out.empty());
  CHECK(han.empty());
  CHECK(fast_word_tokens("英伟达 Nvidia's H100, 3.5 亿", out, han));
  CHECK(out.size() == han.size());
}

TEST_CASE("fast word break: random runs of ideographs are divided as ICU divides them", "[word_break]") {
  // Characters of the lexicon's words, so runs hold many dictionary words,
  // with a few rare ones that the dictionary does not know alone.
  std::vector<std::string> chars;
  std::string_view lex = *newsdeal::embedded_file("lang/data/zh_lexicon.txt");
  for (std::size_t i = 0; i + 3 <= lex.size();) {
    const auto b = static_cast<unsigned char>(lex[i]);
    if (b >= 0xE3 && b <= 0xE9) {
      chars.emplace_back(lex.substr(i, 3));
      i += 3;
    } else {
      ++i;
    }
  }
  for (const char* rare : {"丂", "乛", "龘", "䶵", "㐀"}) chars.emplace_back(rare);
  REQUIRE(chars.size() > 200);
  std::mt19937 rng(29);
  std::size_t bad = 0;
  std::string example;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t len = 1 + rng() % 60;
    for (std::size_t k = 0; k < len; ++k) {
      text += chars[rng() % chars.size()];
      if (rng() % 23 == 0) text += " AI，";  // breaks the run, as news does
    }
    if (!same_as_icu(text)) {
      ++bad;
      if (example.empty()) example = show(text);
    }
  }
  CHECK(example == "");
  CHECK(bad == 0);
}

namespace {

// ICU's dictionary trie, opened here as ICU's break iterator opens it. The file
// stays open (and referenced, so LeakSanitizer sees it reachable) for the process.
const char16_t* icu_cjdict() {
  static UDataMemory* file = nullptr;
  static const char16_t* const trie = [] {
    UErrorCode status = U_ZERO_ERROR;
    file = udata_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", "dict", "cjdict", &status);
    REQUIRE(U_SUCCESS(status));
    const auto* data = static_cast<const std::uint8_t*>(udata_getMemory(file));
    return reinterpret_cast<const char16_t*>(data + reinterpret_cast<const std::int32_t*>(data)[0]);
  }();
  return trie;
}

struct Units : icu::Appendable {
  std::vector<char16_t> units;
  UBool appendCodeUnit(char16_t c) override {
    units.push_back(c);
    return true;
  }
};

}  // namespace

TEST_CASE("the dictionary's first and second steps are the trie's", "[word_break]") {
  // Every ideograph, and after each that longer words start with, every
  // character the trie continues with and forty random ones.
  using newsdeal::CjkDictionary;
  const CjkDictionary* dict = CjkDictionary::get();
  REQUIRE(dict != nullptr);
  icu::UCharsTrie trie(icu_cjdict());
  std::mt19937 rng(3);
  std::size_t wrong = 0, pairs = 0;
  std::string example;
  auto same = [](UStringTrieResult r, const icu::UCharsTrie& t, CjkDictionary::Step s) {
    return r == s.result && (!USTRINGTRIE_HAS_VALUE(r) || t.getValue() == s.value);
  };
  for (char16_t c1 = CjkDictionary::kFirst;; ++c1) {
    trie.reset();
    const UStringTrieResult r1 = trie.first(c1);
    if (!same(r1, trie, dict->first(c1))) ++wrong;
    if (USTRINGTRIE_HAS_NEXT(r1)) {
      icu::UCharsTrie::State after;
      trie.saveState(after);
      Units next;
      trie.getNextUChars(next);
      for (int k = 0; k < 40; ++k)
        next.units.push_back(static_cast<char16_t>(CjkDictionary::kFirst + rng() % (CjkDictionary::kLast - CjkDictionary::kFirst + 1)));
      for (char16_t c2 : next.units) {
        if (c2 < CjkDictionary::kFirst || c2 > CjkDictionary::kLast) continue;
        trie.resetToState(after);
        const UStringTrieResult r2 = trie.next(c2);
        ++pairs;
        if (!same(r2, trie, dict->pair(c1, c2))) {
          ++wrong;
          if (example.empty()) example = std::to_string(c1) + " " + std::to_string(c2);
        }
      }
    }
    if (c1 == CjkDictionary::kLast) break;
  }
  CHECK(example == "");
  CHECK(wrong == 0);
  CHECK(pairs > 150000);
}

TEST_CASE("fast word break: random runs of dictionary words are divided as ICU divides them", "[word_break]") {
  // Words of ICU's dictionary of every length (up to its longest), whole and
  // cut, so the division walks past the tables into the trie, up to its limit
  // of 20 characters a word.
  std::vector<std::string> words;
  {
    UErrorCode status = U_ZERO_ERROR;
    icu::UCharsTrie::Iterator it(icu_cjdict(), 0, status);
    std::mt19937 pick(17);
    while (it.next(status)) {
      const icu::UnicodeString& w = it.getString();
      bool ideographs = true;
      for (int32_t k = 0; k < w.length(); ++k) ideographs &= w[k] >= 0x4E00 && w[k] <= 0x9FFF;
      // All the long words, one in twenty of the others.
      if (ideographs && (w.length() >= 5 || pick() % 20 == 0)) {
        std::string utf8;
        w.toUTF8String(utf8);
        words.push_back(utf8);
      }
    }
  }
  REQUIRE(words.size() > 10000);
  std::mt19937 rng(31);
  std::size_t bad = 0;
  std::string example;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (std::size_t k = 1 + rng() % 8; k > 0; --k) {
      const std::string& w = words[rng() % words.size()];
      text += rng() % 4 == 0 ? w.substr(0, 3 * (1 + rng() % (w.size() / 3))) : w;
      if (rng() % 19 == 0) text += "，";
    }
    if (!same_as_icu(text)) {
      ++bad;
      if (example.empty()) example = show(text);
    }
  }
  CHECK(example == "");
  CHECK(bad == 0);
}

TEST_CASE("fast word break: every line of real news is ICU's, raw and normalized", "[word_break]") {
  const Normalizer norm;
  std::size_t lines = 0, accepted = 0;
  std::string example;
  for (const std::string& line : real_lines()) {
    for (const std::string& text : {line, norm.normalize(line).text}) {
      ++lines;
      if (!same_as_icu(text, &accepted) && example.empty()) example = show(text);
    }
  }
  CHECK(example == "");
  INFO(accepted << " of " << lines << " lines accepted");
  CHECK(lines > 400);
  CHECK(accepted * 10 >= lines * 9);  // the fast path is the common path
}
