// lang/sentence_break.h against ICU's root sentence iterator: wherever
// fast_sentence_breaks accepts a text, its breaks must be ICU's exactly. Every
// string of up to 4 characters over one character of each Sentence_Break class
// (and second members), every string of 6 over the classes that take part in
// the rules, random strings of up to 24 (SB8 looks arbitrarily far ahead), and
// every line of the corpora, raw.
#include "lang/sentence_break.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <filesystem>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support.h"

using newsdeal::fast_sentence_breaks;

namespace {

std::vector<std::int32_t> icu_breaks(const std::string& text) {
  static thread_local std::unique_ptr<icu::BreakIterator> bi = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    REQUIRE(U_SUCCESS(status));
    return it;
  }();
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &status);
  bi->setText(&ut, status);
  utext_close(&ut);
  std::vector<std::int32_t> out;
  bi->first();
  for (int32_t b = bi->next(); b != icu::BreakIterator::DONE; b = bi->next()) out.push_back(b);
  return out;
}

// Empty when the fast breaks are ICU's (or the text is refused), else both.
std::string mismatch(const std::string& text, std::size_t* accepted = nullptr) {
  std::vector<std::int32_t> fast;
  if (!fast_sentence_breaks(text, fast)) return "";
  if (accepted) ++*accepted;
  auto icu = icu_breaks(text);
  if (fast == icu) return "";
  std::ostringstream out;
  out << "\"" << text << "\" icu:";
  for (auto b : icu) out << ' ' << b;
  out << " fast:";
  for (auto b : fast) out << ' ' << b;
  return out.str();
}

std::string first_sentence_mismatch(const std::vector<std::string>& alphabet, std::size_t len) {
  std::vector<std::size_t> digit(len, 0);
  std::string text;
  while (true) {
    text.clear();
    for (std::size_t d : digit) text += alphabet[d];
    if (auto m = mismatch(text); !m.empty()) return m;
    std::size_t k = 0;
    while (k < len && ++digit[k] == alphabet.size()) digit[k++] = 0;
    if (k == len) return "";
  }
}

}  // namespace

TEST_CASE("fast sentence break: every short string over the classes is ICU's", "[sentence_break]") {
  // Upper, Lower, OLetter, Numeric, ATerm (. ．), STerm (! 。 ？), Close () ” 」),
  // SContinue (, ， : 、 -), Sp, Sep (U+2029, U+0085), CR, LF, Other.
  const std::vector<std::string> all = {"A", "a", "中", "1", ".",  "．", "!", "。",      "？",      ")", "”",
                                        "」", ",", "，", ":", "、", "-",  " ", "\u2029", "\u0085", "\r", "\n", "$"};
  for (std::size_t len = 1; len <= 4; ++len) {
    INFO("length " << len);
    CHECK(first_sentence_mismatch(all, len) == "");
  }
  const std::vector<std::string> core = {"A", "a", "中", "1", ".", "!", ")", ",", " ", "\n"};
  CHECK(first_sentence_mismatch(core, 6) == "");
}

TEST_CASE("fast sentence break: random longer strings are ICU's", "[sentence_break]") {
  const std::vector<std::string> alphabet = {"A", "a", "b", "中", "1", ".", "!", "。", "?", ")", "”", ",", "、",
                                             " ", " ", "\n", "\r", "$", "\u2029"};
  std::mt19937 rng(7);
  std::string example;
  for (int round = 0; round < 100000 && example.empty(); ++round) {
    std::string text;
    const std::size_t len = 5 + rng() % 20;
    for (std::size_t k = 0; k < len; ++k) text += alphabet[rng() % alphabet.size()];
    example = mismatch(text);
  }
  CHECK(example == "");
}

TEST_CASE("fast sentence break refuses combining marks and format characters", "[sentence_break]") {
  std::vector<std::int32_t> out;
  for (const char* text : {"e\u0301. A", "a\u00ADb", "x\u200Dy", "😀. A"}) {
    INFO(text);
    CHECK_FALSE(fast_sentence_breaks(text, out));
  }
  CHECK(out.empty());
  // ICU breaks after "Dr." too (Segmenter::sentences drops that one).
  REQUIRE(fast_sentence_breaks("Dr. Su said so. 他说。好", out));
  CHECK(out == std::vector<std::int32_t>{4, 16, 25, 28});
}

TEST_CASE("fast sentence break: every line of real news is ICU's", "[sentence_break]") {
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
  std::size_t lines = 0, accepted = 0;
  std::string example;
  for (const std::string& t : texts) {
    // Whole texts too: they hold the newlines a paragraph never does.
    if (auto m = mismatch(t); !m.empty() && example.empty()) example = m;
    std::istringstream in(t);
    for (std::string line; std::getline(in, line);) {
      ++lines;
      if (auto m = mismatch(line, &accepted); !m.empty() && example.empty()) example = m;
    }
  }
  CHECK(example == "");
  INFO(accepted << " of " << lines << " lines accepted");
  CHECK(accepted * 10 >= lines * 9);
}
