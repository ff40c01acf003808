// Prefilter patterns (loosen_repetitions) and opened patterns
// (open_long_repetitions): what they turn a pattern into, and that a match of the
// opened pattern whose bounds hold is a match of the original with the same groups.
#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <string>
#include <vector>

#include "extractors/regex_filter.h"

using namespace newsdeal;

TEST_CASE("loosen_repetitions turns bounded repetitions into * and +") {
  CHECK(loosen_repetitions("a[^x]{0,80}?b") == "a[^x]*?b");
  CHECK(loosen_repetitions("\\d{1,3}(?:,\\d{3})+") == "\\d+(?:,\\d+)+");
  CHECK(loosen_repetitions("x{2}") == "x+");
  CHECK(loosen_repetitions("x{0,}") == "x*");
  // Braces that are no repetition stay.
  CHECK(loosen_repetitions("\\p{Han}{2,6}") == "\\p{Han}+");
  CHECK(loosen_repetitions("\\x{4E00}") == "\\x{4E00}");
  CHECK(loosen_repetitions("[{]{1,2}") == "[{]+");
  CHECK(loosen_repetitions("a{b}") == "a{b}");
}

TEST_CASE("a loosened pattern matches everything the pattern matches") {
  const std::vector<std::string> patterns = {"\\b\\d{1,3}(?:,\\d{3}){1,4}\\b", "ceo[^.]{0,20}?said", "[a-z]{2,5}-\\d{2}"};
  const std::vector<std::string> texts = {"about 12,345,678 units", "the ceo of acme said so", "model ab-12 ships",
                                          "nothing here", "1,2345", "ceo and a very long aside that goes on said"};
  for (const auto& p : patterns) {
    RE2 exact(p), loose(loosen_repetitions(p));
    REQUIRE(exact.ok());
    REQUIRE(loose.ok());
    for (const auto& t : texts)
      if (RE2::PartialMatch(t, exact)) CHECK(RE2::PartialMatch(t, loose));
  }
}

TEST_CASE("open_long_repetitions opens long repetitions of one atom into named groups") {
  OpenedPattern o = open_long_repetitions("(?P<A>x)[^\\x01]{0,80}?(?P<B>y)\\d{1,3}z{0,20}", "rep");
  CHECK(o.pattern == "(?P<A>x)(?P<rep0>[^\\x01]*?)(?P<B>y)\\d{1,3}(?P<rep1>z*)");
  REQUIRE(o.bounds.size() == 2);
  CHECK(o.bounds[0].group == "rep0");
  CHECK(o.bounds[0].max == 80);
  CHECK(o.bounds[1].min == 0);
  CHECK(o.bounds[1].max == 20);
  // Short ones ({1,3}) and repeated groups stay as they are.
  CHECK(open_long_repetitions("(?:ab){0,30}", "rep").bounds.empty());
  CHECK(open_long_repetitions("a{1,5}", "rep").pattern == "a{1,5}");
  // A class holding a brace or a bracket is one atom.
  CHECK(open_long_repetitions("[]{]{1,9}", "rep").pattern == "(?P<rep0>[]{]+)");
}

TEST_CASE("an opened match within its bounds gives the original's match and groups") {
  const std::string p = "(?P<BUYER>\\d)[^\\x01]{0,10}?(?:rent|buy)[^\\x01]{0,10}?(?P<VENDOR>\\d)";
  OpenedPattern o = open_long_repetitions(p, "rep");
  RE2 exact(p), opened(o.pattern);
  REQUIRE(opened.ok());
  for (std::string t : {"1 will rent 2", "1 buys from 2 and 3", "1 will certainly rent chips from 2"}) {
    re2::StringPiece oe[3], og[5];
    const bool e = exact.Match(t, 0, t.size(), RE2::UNANCHORED, oe, 3);
    const bool g = opened.Match(t, 0, t.size(), RE2::UNANCHORED, og, 5);
    if (e) REQUIRE(g);  // never fewer matches
    if (!g) continue;
    bool fits = true;
    for (const auto& b : o.bounds) {
      const re2::StringPiece& s = og[opened.NamedCapturingGroups().at(b.group)];
      fits = fits && count_code_points(std::string_view(s.data(), s.size())) <= b.max;
    }
    INFO(t);
    if (fits) {
      REQUIRE(e);
      CHECK(oe[0] == og[0]);
      CHECK(oe[1] == og[opened.NamedCapturingGroups().at("BUYER")]);
      CHECK(oe[2] == og[opened.NamedCapturingGroups().at("VENDOR")]);
    } else {
      CHECK(t == "1 will certainly rent chips from 2");  // the gap before "rent" is too long
      CHECK_FALSE(e);
    }
  }
}

TEST_CASE("count_code_points counts UTF-8 characters") {
  CHECK(count_code_points("") == 0);
  CHECK(count_code_points("abc") == 3);
  CHECK(count_code_points("亚马逊AWS") == 6);
}

TEST_CASE("digits_interchangeable: only patterns that cannot tell digits apart") {
  CHECK(digits_interchangeable("\\$\\s?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)? billion"));
  CHECK(digits_interchangeable("(?P<v1>[a-z0-9][a-z0-9.\\-]*)x{2,12}"));  // group names and counts
  CHECK(digits_interchangeable("[^\\d,.;]{0,6}?[[:digit:]]\\p{N}[!-~]"));   // a range over every digit
  CHECK_FALSE(digits_interchangeable("19\\d\\d"));                         // a literal digit
  CHECK_FALSE(digits_interchangeable("[1-9]\\d*"));                          // a range that splits them
  CHECK_FALSE(digits_interchangeable("[05]"));
  CHECK_FALSE(digits_interchangeable("\\x31|\\061"));                        // digits by escape
  CHECK_FALSE(digits_interchangeable("[0-9"));                               // unreadable: unsure
}
