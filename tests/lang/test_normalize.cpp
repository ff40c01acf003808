#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "lang/normalize.h"
#include "lang/utf8.h"
#include "tests/support.h"

using newsdeal::NormalizedText;
using newsdeal::Normalizer;
using newsdeal::Span;

namespace {

const Normalizer& shared_normalizer() {
  static const Normalizer norm;
  return norm;
}

std::string norm_text(std::string_view in) { return shared_normalizer().normalize(in).text; }

// The structural promises of the offset map, checked on any input: sizes, the
// final entry, every entry a character boundary of the input, starts never
// decreasing, and each output byte coming from a non-empty input span.
void check_alignment(std::string_view input, const NormalizedText& n) {
  REQUIRE(n.input_start.size() == n.text.size() + 1);
  REQUIRE(n.input_end.size() == n.text.size() + 1);
  CHECK(n.input_start.back() == input.size());
  CHECK(n.input_end.back() == input.size());
  CHECK_FALSE(newsdeal::find_invalid_utf8(n.text).has_value());
  auto boundary = [&](std::size_t p) {
    return p == input.size() || (static_cast<unsigned char>(input[p]) & 0xC0) != 0x80;
  };
  for (std::size_t i = 0; i < n.text.size(); ++i) {
    INFO("output byte " << i);
    REQUIRE(n.input_start[i] < n.input_end[i]);
    REQUIRE(n.input_end[i] <= input.size());
    CHECK(boundary(n.input_start[i]));
    CHECK(boundary(n.input_end[i]));
    if (i > 0) {
      CHECK(n.input_start[i - 1] <= n.input_start[i]);
      CHECK(n.input_end[i - 1] <= n.input_end[i]);
    }
  }
  // Input coverage: consecutive groups meet, so nothing of the input is lost.
  if (!n.text.empty()) {
    CHECK(n.input_start.front() == 0);
    CHECK(n.input_end[n.text.size() - 1] == input.size());
    for (std::size_t i = 1; i < n.text.size(); ++i) {
      if (n.input_start[i] != n.input_start[i - 1]) CHECK(n.input_start[i] == n.input_end[i - 1]);
    }
  }
}

// Every character-aligned span of the output maps back to the input bytes
// that the same characters came from.
void check_every_span(std::string_view input, const NormalizedText& n) {
  std::vector<std::size_t> cuts;  // character boundaries of the output
  for (std::size_t p = 0; p < n.text.size();) {
    cuts.push_back(p);
    newsdeal::next_code_point(n.text, p);
  }
  cuts.push_back(n.text.size());
  for (std::size_t a = 0; a < cuts.size(); ++a) {
    for (std::size_t b = a + 1; b < cuts.size(); ++b) {
      Span out{cuts[a], cuts[b]};
      Span in = n.to_input(out);
      INFO("output span [" << out.start << ", " << out.end << ")");
      REQUIRE(in.start < in.end);
      REQUIRE(in.end <= input.size());
      CHECK(in.start == n.input_start[out.start]);
      CHECK(in.end == n.input_end[out.end - 1]);
      // Normalizing what the span maps back to gives back (at least) the span.
      std::string again = norm_text(input.substr(in.start, in.size()));
      CHECK(again.find(n.text.substr(out.start, out.size())) != std::string::npos);
    }
  }
}

}  // namespace

TEST_CASE("normalize: the header's example", "[normalize]") {
  const std::string input = "Ａｍａｚｏｎ投資２５０億美元";
  NormalizedText n = shared_normalizer().normalize(input);
  CHECK(n.text == "amazon投资250亿美元");
  Span in = n.to_input({6, 12});
  CHECK(input.substr(in.start, in.size()) == "投資");
  check_alignment(input, n);
}

TEST_CASE("normalize: full-width digits, letters and space", "[normalize]") {
  CHECK(norm_text("０１２３４５６７８９") == "0123456789");
  CHECK(norm_text("ＡＢＣＸＹＺ") == "abcxyz");
  CHECK(norm_text("ａｂｃｘｙｚ") == "abcxyz");
  CHECK(norm_text("Ｈ１００") == "h100");
  CHECK(norm_text("英伟达\u3000Ｈ２００") == "英伟达 h200");
  CHECK(norm_text("\u3000\u3000") == "  ");
  CHECK(norm_text("non\u00A0breaking") == "non breaking");  // NFKC: NBSP -> space
}

TEST_CASE("normalize: full-width punctuation", "[normalize]") {
  CHECK(norm_text("，") == ",");
  CHECK(norm_text("：") == ":");
  CHECK(norm_text("（）") == "()");
  CHECK(norm_text("％") == "%");
  CHECK(norm_text("；！？") == ";!?");
  CHECK(norm_text("＄１．５") == "$1.5");
  CHECK(norm_text("增长２０％，达到（约）") == "增长20%,达到(约)");
  // No compatibility form: these stay as they are.
  CHECK(norm_text("。、") == "。、");
  CHECK(norm_text("「臺灣」") == "「台湾」");
  CHECK(norm_text("《》“”") == "《》“”");
}

TEST_CASE("normalize: traditional to simplified", "[normalize]") {
  CHECK(norm_text("億") == "亿");
  CHECK(norm_text("萬") == "万");
  CHECK(norm_text("兩") == "两");
  CHECK(norm_text("投資") == "投资");
  CHECK(norm_text("輝達") == "辉达");
  CHECK(norm_text("臺積電") == "台积电");
  CHECK(norm_text("華為") == "华为");
  CHECK(norm_text("雲計算") == "云计算");
  CHECK(norm_text("晶片") == "晶片");
  CHECK(norm_text("裁員") == "裁员");
  CHECK(norm_text("營收") == "营收");
  CHECK(norm_text("美國") == "美国");
  CHECK(norm_text("兩千萬美元") == "两千万美元");
  CHECK(norm_text("輝達與微軟簽署協議") == "辉达与微软签署协议");
  // Simplified text is left alone.
  CHECK(norm_text("亚马逊投资250亿美元") == "亚马逊投资250亿美元");
  CHECK(norm_text("英伟达与台积电") == "英伟达与台积电");
}

TEST_CASE("normalize: compatibility ideographs and radicals become unified and simplified",
          "[normalize]") {
  CHECK(norm_text("\uF900") == "岂");  // compatibility 豈 -> unified 豈 (U+8C48) -> 岂
  CHECK(norm_text("\u2F00") == "一");       // Kangxi radical one
  CHECK(norm_text("\u2FA8") == "门");       // Kangxi radical gate 門 -> 门
}

TEST_CASE("normalize: case folding", "[normalize]") {
  CHECK(norm_text("NVIDIA H100 GPUs") == "nvidia h100 gpus");
  CHECK(norm_text("OpenAI") == "openai");
  CHECK(norm_text("already lower 123 !@#") == "already lower 123 !@#");
  CHECK(norm_text("ÀÉÎÕÜ") == "àéîõü");
  CHECK(norm_text("Straße") == "strasse");
  CHECK(norm_text("ΑΒΓ") == "αβγ");
  CHECK(norm_text("\u212A") == "k");  // Kelvin sign
  CHECK(norm_text("ﬁnance") == "finance");
}

TEST_CASE("normalize: composing sequences", "[normalize]") {
  // e + combining acute composes to é; the group maps to both input characters.
  const std::string input = "Cafe\u0301 X";
  NormalizedText n = shared_normalizer().normalize(input);
  CHECK(n.text == "café x");
  Span e = n.to_input({3, 5});
  CHECK(input.substr(e.start, e.size()) == "e\u0301");
  check_alignment(input, n);
  check_every_span(input, n);

  CHECK(norm_text("\uFF45\u0301") == "é");  // full-width e + acute
  CHECK(norm_text("\u0301abc") == "\u0301abc");  // a lone mark at the start
  CHECK(norm_text("\u1100\u1161") == "\uAC00");  // Hangul jamo -> 가
  CHECK(norm_text("E\u0301\u0301") == "é\u0301");
}

TEST_CASE("normalize: mixed text", "[normalize]") {
  const std::string input =
      "據報導，Ａｍａｚｏｎ將向ＯｐｅｎＡＩ提供價值３８０億美元的雲端算力（ＡＷＳ），"
      "為期７年。\u3000NVIDIA GB200 晶片數量達數十萬顆 🚀";
  NormalizedText n = shared_normalizer().normalize(input);
  CHECK(n.text ==
        "据报导,amazon将向openai提供价值380亿美元的云端算力(aws),"
        "为期7年。 nvidia gb200 晶片数量达数十万颗 🚀");
  check_alignment(input, n);
}

TEST_CASE("normalize: offset map of full-width money", "[normalize]") {
  const std::string input = "亞馬遜宣布投資２５０億美元。";
  NormalizedText n = shared_normalizer().normalize(input);
  REQUIRE(n.text == "亚马逊宣布投资250亿美元。");
  check_alignment(input, n);

  const std::string needle = "250亿美元";
  std::size_t at = n.text.find(needle);
  REQUIRE(at != std::string::npos);
  Span in = n.to_input({at, at + needle.size()});
  CHECK(input.substr(in.start, in.size()) == "２５０億美元");

  // Part of the output of one input character widens to that whole character.
  std::size_t yi = n.text.find("亿");
  Span part = n.to_input({yi + 1, yi + 2});
  CHECK(input.substr(part.start, part.size()) == "億");
  // "0" is one output byte from three input bytes.
  std::size_t zero = n.text.find('0');
  Span z = n.to_input({zero, zero + 1});
  CHECK(input.substr(z.start, z.size()) == "０");

  // Empty and out-of-range spans.
  CHECK(n.to_input({at, at}) == Span{in.start, in.start});
  CHECK(n.to_input({0, n.text.size() + 100}) == Span{0, input.size()});
  CHECK(n.to_input({n.text.size(), n.text.size()}) == Span{input.size(), input.size()});
}

TEST_CASE("normalize: every span maps back exactly", "[normalize]") {
  const std::vector<std::string> inputs = {
      "Ａｍａｚｏｎ投資２５０億美元",
      "兩家公司簽署價值ＵＳ＄１００億的協議（５年）",
      "ﬁve ﬀ Straße ½ ㈱ ™",
      "Microsoft、OpenAI與輝達\u3000合作",
      "😀𠀀兩👍🏽Ｘ",
      "naïve cafe\u0301 \u1100\u1161\u11A8",
  };
  for (const auto& input : inputs) {
    INFO("input: " << input);
    NormalizedText n = shared_normalizer().normalize(input);
    check_alignment(input, n);
    check_every_span(input, n);
  }
}

TEST_CASE("normalize: spans of input characters map back to themselves", "[normalize]") {
  // For each input character, find the output bytes it produced and map them
  // back: the result is that character (or the composing group holding it).
  const std::string input = "２０２４年，輝達（NVIDIA）營收達６０９億美元，ＡＩ晶片需求大增。";
  NormalizedText n = shared_normalizer().normalize(input);
  check_alignment(input, n);
  for (std::size_t p = 0; p < input.size();) {
    std::size_t q = p;
    newsdeal::next_code_point(input, q);
    std::size_t first = n.text.size(), last = 0;
    for (std::size_t i = 0; i < n.text.size(); ++i) {
      if (n.input_start[i] == p) {
        first = std::min(first, i);
        last = i + 1;
      }
    }
    REQUIRE(first < last);
    Span back = n.to_input({first, last});
    CHECK(input.substr(back.start, back.size()) == input.substr(p, q - p));
    p = q;
  }
}

// part_of as NormalizedText documents it, by binary search over the whole map:
// what its faster search (outward from a guess) must give for every span.
std::optional<Span> part_of_by_binary_search(const NormalizedText& n, std::size_t start, std::size_t end) {
  if (end < start || end > n.input_start.back()) return std::nullopt;
  auto first_at = [&](std::size_t in) {
    return static_cast<std::size_t>(std::lower_bound(n.input_start.begin(), n.input_start.end() - 1, in) -
                                    n.input_start.begin());
  };
  const std::size_t a = first_at(start), b = first_at(end);
  if (n.input_start[a] != start || n.input_start[b] != end || b < a) return std::nullopt;
  if (a > 0 && n.input_end[a - 1] > start) return std::nullopt;
  if (b > 0 && n.input_end[b - 1] > end) return std::nullopt;
  return Span{a, b};
}

TEST_CASE("normalize: part_of finds every part a binary search finds", "[normalize]") {
  // Texts whose normalization is shorter (full-width), longer (ligatures,
  // compatibility forms) or the same length as the input, so that the search's
  // guess (an offset's place is near the offset) is right, short and long.
  const std::vector<std::string> inputs = {
      "Ａｍａｚｏｎ投資２５０億美元，ＡＷＳ（亞馬遜）",
      "ﬁve ﬀ ﬃ ㈱ ㍿ ½ ™ Straße",
      "naïve cafe\u0301 \u1100\u1161\u11A8 e\u0301\u0302",
      "plain ASCII text, nothing to change at all",
      "",
  };
  for (const auto& input : inputs) {
    INFO("input: " << input);
    const NormalizedText n = shared_normalizer().normalize(input);
    for (std::size_t start = 0; start <= input.size() + 1; ++start)
      for (std::size_t end = 0; end <= input.size() + 1; ++end) {
        INFO("[" << start << ", " << end << ")");
        const std::optional<Span> want = part_of_by_binary_search(n, start, end);
        const std::optional<Span> got = n.part_of(start, end);
        REQUIRE(got.has_value() == want.has_value());
        if (want) REQUIRE((got->start == want->start && got->end == want->end));
      }
  }
}

TEST_CASE("normalize: empty input", "[normalize]") {
  NormalizedText n = shared_normalizer().normalize("");
  CHECK(n.text.empty());
  REQUIRE(n.input_start.size() == 1);
  REQUIRE(n.input_end.size() == 1);
  CHECK(n.input_start[0] == 0);
  CHECK(n.input_end[0] == 0);
  CHECK(n.to_input({0, 0}) == Span{0, 0});
  CHECK(NormalizedText{}.to_input({0, 0}) == Span{0, 0});
}

TEST_CASE("normalize: 4-byte characters pass through", "[normalize]") {
  const std::string input = "A😀𠀀b\U0001F680";  // emoji, CJK Ext B U+20000, rocket
  NormalizedText n = shared_normalizer().normalize(input);
  CHECK(n.text == "a😀𠀀b\U0001F680");
  check_alignment(input, n);
  check_every_span(input, n);
  Span ext_b = n.to_input({5, 9});
  CHECK(input.substr(ext_b.start, ext_b.size()) == "𠀀");
  // Mathematical bold capitals are supplementary and NFKC to ASCII.
  CHECK(norm_text("\U0001D400\U0001D401") == "ab");
  // CJK compatibility supplement (U+2F800) NFKCs to a BMP ideograph.
  CHECK(norm_text("\U0002F800") == "\u4E3D");
}

TEST_CASE("normalize: ASCII-only text is folded byte for byte", "[normalize]") {
  std::string input;
  for (int c = 1; c < 128; ++c) input += static_cast<char>(c);
  NormalizedText n = shared_normalizer().normalize(input);
  REQUIRE(n.text.size() == input.size());
  for (std::size_t i = 0; i < input.size(); ++i) {
    char c = input[i];
    CHECK(n.text[i] == (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    CHECK(n.input_start[i] == i);
    CHECK(n.input_end[i] == i + 1);
  }
}

TEST_CASE("normalize: a text of characters that compose with nothing is its characters' normalizations", "[normalize]") {
  // Checks the shortcuts (ASCII folded eight bytes at a time, unchanged BMP
  // characters copied) against normalizing one character at a time, on runs of
  // every length and alignment.
  std::vector<std::string> pieces = {"中", "國", "億", "Ａ", "２", "，", "é", "ß", "Ω", "ﬁ", "😀", "\u3000"};
  for (int c = 1; c < 128; ++c) pieces.emplace_back(1, static_cast<char>(c));
  std::mt19937 rng(3);
  for (int round = 0; round < 3000; ++round) {
    std::vector<std::string> chars;
    const std::size_t len = rng() % 40;
    for (std::size_t k = 0; k < len; ++k)  // every third text all ASCII, for long runs
      chars.push_back(pieces[round % 3 == 0 ? 12 + rng() % 127 : rng() % pieces.size()]);
    std::string input;
    NormalizedText want;
    for (const std::string& c : chars) {
      const NormalizedText one = shared_normalizer().normalize(c);
      for (std::size_t i = 0; i < one.text.size(); ++i) {
        want.input_start.push_back(static_cast<std::uint32_t>(input.size() + one.input_start[i]));
        want.input_end.push_back(static_cast<std::uint32_t>(input.size() + one.input_end[i]));
      }
      want.text += one.text;
      input += c;
    }
    want.input_start.push_back(static_cast<std::uint32_t>(input.size()));
    want.input_end.push_back(static_cast<std::uint32_t>(input.size()));
    const NormalizedText got = shared_normalizer().normalize(input);
    INFO(input);
    REQUIRE(got.text == want.text);
    REQUIRE(got.input_start == want.input_start);
    REQUIRE(got.input_end == want.input_end);
  }
}

TEST_CASE("normalize: normalizing twice changes nothing more", "[normalize]") {
  const std::vector<std::string> inputs = {
      "Ａｍａｚｏｎ投資２５０億美元", "兩千萬", "Straße ﬁ", "輝達 H100\u3000GPU（８張）"};
  for (const auto& input : inputs) {
    std::string once = norm_text(input);
    CHECK(norm_text(once) == once);
  }
}

TEST_CASE("normalize: one Normalizer shared by threads", "[normalize]") {
  const Normalizer norm;
  const std::string input = "據報導，Ａｍａｚｏｎ投資２５０億美元於ＯｐｅｎＡＩ。cafe\u0301 😀";
  const NormalizedText expected = norm.normalize(input);
  std::vector<int> ok(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      bool all = true;
      for (int k = 0; k < 200; ++k) {
        NormalizedText n = norm.normalize(input);
        all = all && n.text == expected.text && n.input_start == expected.input_start &&
              n.input_end == expected.input_end;
      }
      ok[t] = all ? 1 : 0;
    });
  }
  for (auto& th : threads) th.join();
  for (int v : ok) CHECK(v == 1);
}

TEST_CASE("normalize: the seed article keeps a valid alignment", "[normalize]") {
  auto path = newsdeal::test::shared_path("seed/qimuai-3902.txt");
  if (!path) NEWSDEAL_SKIP("../shared/seed is absent");
  const std::string input = newsdeal::test::read_file(*path);
  NormalizedText n = shared_normalizer().normalize(input);
  check_alignment(input, n);
  CHECK(norm_text(n.text) == n.text);
}
