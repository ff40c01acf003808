// Numerals (lang/numerals.h): tables of text -> expected value, and the spans
// find_numbers reports in running text.
#include <cmath>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "lang/numerals.h"

using newsdeal::find_numbers;
using newsdeal::NumberMatch;
using newsdeal::parse_number;
using newsdeal::Range;
using newsdeal::Span;

namespace {

Range exact(double v) { return Range::exact(v); }
Range vague(double lo, double hi) { return Range{lo, hi, true}; }

bool close(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return !a && !b;
  return std::fabs(*a - *b) <= 1e-12 * std::max(1.0, std::max(std::fabs(*a), std::fabs(*b)));
}
bool same(const Range& a, const Range& b) { return close(a.min, b.min) && close(a.max, b.max) && a.approx == b.approx; }

std::string show(const std::optional<Range>& r) {
  if (!r) return "none";
  std::ostringstream s;
  s.precision(17);
  s << "[" << (r->min ? std::to_string(*r->min) : "null") << ", " << (r->max ? std::to_string(*r->max) : "null")
    << (r->approx ? ", approx]" : "]");
  return s.str();
}

struct Case {
  const char* text;
  Range want;
};

void check_table(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    auto got = parse_number(c.text);
    INFO("parse_number(\"" << c.text << "\") = " << show(got) << ", want " << show(c.want));
    CHECK((got && same(*got, c.want)));
  }
}

// (text, the numerals find_numbers should report as (matched text, value)).
struct Found {
  std::string text;
  Range value;
};

void check_find(const std::string& text, const std::vector<Found>& want) {
  auto got = find_numbers(text);
  std::ostringstream all;
  for (const NumberMatch& m : got) all << "\"" << text.substr(m.span.start, m.span.size()) << "\"=" << show(m.value) << " ";
  INFO("find_numbers(\"" << text << "\") = " << all.str());
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CHECK(text.substr(got[i].span.start, got[i].span.size()) == want[i].text);
    CHECK(same(got[i].value, want[i].value));
  }
}

}  // namespace

TEST_CASE("Chinese numerals", "[numerals]") {
  check_table({
      {"零", exact(0)},
      {"陆", exact(6)},  // alone a numeral only when the caller says so: find_numbers skips 大陆
      {"〇", exact(0)},
      {"一", exact(1)},
      {"两", exact(2)},
      {"十", exact(10)},
      {"十五", exact(15)},
      {"二十", exact(20)},
      {"一百", exact(100)},
      {"一百零五", exact(105)},
      {"一百一十", exact(110)},
      {"九百九十九", exact(999)},
      {"两千四百五", exact(2450)},  // a final digit stands for the next lower place
      {"一万三", exact(13000)},
      {"九十二万四", exact(924000)},
      {"一千零五十", exact(1050)},
      {"三千五百万", exact(3.5e7)},
      {"四千万", exact(4e7)},
      {"一百零一万一千", exact(1011000)},
      {"五亿零六", exact(500000006)},
      {"四亿五千六百四十二万零一十五", exact(456420015)},
      {"一万五千亿", exact(1.5e12)},  // a bigger big unit multiplies all before it
      {"四万亿", exact(4e12)},
      {"四万万", exact(4e8)},
      {"二十一万亿", exact(2.1e13)},
      {"一万零十二", exact(10012)},
      {"一百零十万", exact(1.1e6)},
      {"百万", exact(1e6)},
      {"千亿", exact(1e11)},
      {"万亿", exact(1e12)},
      {"千三", exact(1300)},
      // 兆 as 10^12
      {"五兆", exact(5e12)},
      {"四十九兆九千五百九十二亿", exact(4.99592e13)},
      // financial and traditional forms
      {"壹佰伍拾", exact(150)},
      {"肆佰陸拾", exact(460)},
      {"拾万零五十六", exact(100056)},
      {"十万柒仟捌佰伍拾肆", exact(107854)},
      {"貳拾億", exact(2e9)},
      {"兩千四百五", exact(2450)},
      {"參佰", exact(300)},
      {"五億零六", exact(500000006)},
      {"四萬萬", exact(4e8)},
      {"壹仟貳佰參拾肆萬", exact(12340000)},
      // digits with Chinese multipliers
      {"1.5万", exact(15000)},
      {"3千万", exact(3e7)},
      {"250亿", exact(2.5e10)},
      {"1000亿", exact(1e11)},
      {"３千万", exact(3e7)},
      {"２５０億", exact(2.5e10)},
      {"4.78万亿", exact(4.78e12)},
      {"1,100万", exact(1.1e7)},
      {"1,100.9亿", exact(1.1009e11)},
      {"5万4千6百", exact(54600)},
      {"3万4000", exact(34000)},
      {"2千零30万", exact(2.03e7)},
      {"1000  万", exact(1e7)},
      {"7 万5 千4 百", exact(75400)},
      {"一百 五 十 二", exact(152)},
      // digits with separators
      {"8,000", exact(8000)},
      {"8，000", exact(8000)},
      {"４，５６５", exact(4565)},
      {"10,000.233", exact(10000.233)},
      // decimals with 点
      {"三点五", exact(3.5)},
      {"零点五", exact(0.5)},
      {"十点二三三", exact(10.233)},
      {"两千三点一", exact(2300.1)},
      {"三点五亿", exact(3.5e8)},
      {"二十三点五亿", exact(2.35e9)},
      {"两千万点五五四四", exact(20000000.5544)},
      {"四百 点 五", exact(400.5)},
      {"十五點七", exact(15.7)},
      // digit by digit, also before a unit (Taiwan's financial press)
      {"二八五億", exact(2.85e10)},
      {"二七五亿", exact(2.75e10)},
      {"七九亿", exact(7.9e9)},
      {"一兆二三四五億", exact(1.2345e12)},
      {"一兆○三五○億", exact(1.035e12)},
      {"二點○三兆", exact(2.03e12)},
      {"一点〇五兆", exact(1.05e12)},
      {"二〇二五", exact(2025)},
      {"一九九一", exact(1991)},
      {"二零二五", exact(2025)},
      // fractions
      {"三分之一", exact(1.0 / 3)},
      {"二分 之一", exact(0.5)},
      {"16分之5", exact(0.3125)},
      {"一百分之二", exact(0.02)},
      {"三百五又三分之一", exact(350 + 1.0 / 3)},
      {"负一又二分之一", exact(-1.5)},
      // negative
      {"负三十二", exact(-32)},
      {"負四十五億零四百零四萬", exact(-4504040000)},
      {"负1.1", exact(-1.1)},
  });
}

TEST_CASE("Chinese vague magnitudes are ranges", "[numerals]") {
  check_table({
      {"数十亿", vague(1e9, 1e10)},
      {"數十億", vague(1e9, 1e10)},
      {"几百万", vague(1e6, 1e7)},
      {"幾百萬", vague(1e6, 1e7)},
      {"上千", vague(1e3, 1e4)},
      {"数千万", vague(1e7, 1e8)},
      {"数万", vague(1e4, 1e5)},
      {"数亿", vague(1e8, 1e9)},
      {"上百亿", vague(1e10, 1e11)},
      {"上万", vague(1e4, 1e5)},
      {"几十", vague(10, 100)},
      {"数万亿", vague(1e12, 1e13)},
      {"数以万计", vague(1e4, 1e5)},
      {"成千上万", vague(1e3, 1e5)},
      // 多/余/几: from the figure to the next step of its last place
      {"十多万", vague(1e5, 2e5)},
      {"十几万", vague(1e5, 2e5)},
      {"十余万", vague(1e5, 2e5)},
      {"十 余 万", vague(1e5, 2e5)},
      {"十多", vague(10, 20)},
      {"二十几", vague(20, 30)},
      {"一百多", vague(100, 200)},
      {"一千多万", vague(1e7, 2e7)},
      {"两千多亿", vague(2e11, 3e11)},
      {"一万多", vague(1e4, 2e4)},
      {"一亿三千多万", vague(1.3e8, 1.4e8)},
      {"一百零几万", vague(1e6, 1.1e6)},
      {"500余万", vague(5e6, 6e6)},
      {"1000多", vague(1000, 2000)},
      {"1500多万", vague(1.5e7, 1.6e7)},
      // neighbouring digits
      {"两三千", vague(2000, 3000)},
      {"三四", vague(3, 4)},
      {"七八十万", vague(7e5, 8e5)},
      {"三五", vague(3, 5)},
  });
}

TEST_CASE("English numerals", "[numerals]") {
  check_table({
      {"0", exact(0)},
      {"8,000", exact(8000)},
      {"1,234,567", exact(1234567)},
      {"1.2", exact(1.2)},
      {".5", exact(0.5)},
      {"4.800", exact(4.8)},
      {"2027", exact(2027)},
      {"1e10", exact(1e10)},
      {"12.32e+14", exact(1.232e15)},
      {"1\u202f234\u202f567.89", exact(1234567.89)},
      // glued suffixes
      {"2.5bn", exact(2.5e9)},
      {"3b", exact(3e9)},
      {"3bn", exact(3e9)},
      {"3B", exact(3e9)},
      {"10m", exact(1e7)},
      {"10M", exact(1e7)},
      {"5k", exact(5000)},
      {"40K", exact(40000)},
      {"1.2tn", exact(1.2e12)},
      {"1MM", exact(1e6)},
      {"2mil", exact(2e6)},
      // scale words
      {"1.2 trillion", exact(1.2e12)},
      {"25 billion", exact(2.5e10)},
      {"2.5 million", exact(2.5e6)},
      {"2.5 Million", exact(2.5e6)},
      {"2.5 bn", exact(2.5e9)},
      {"10 bln", exact(1e10)},
      {"322 hundred", exact(32200)},
      {"1,674.5 million", exact(1.6745e9)},
      {"1.5-billion", exact(1.5e9)},
      {"13 lakh", exact(1.3e6)},
      {"3 dozen", exact(36)},
      // number words
      {"zero", exact(0)},
      {"nought", exact(0)},
      {"three", exact(3)},
      {"Sixteen", exact(16)},
      {"twenty-five", exact(25)},
      {"fifty - two", exact(52)},
      {"twenty one", exact(21)},
      {"two hundred", exact(200)},
      {"a hundred", exact(100)},
      {"one hundred and five", exact(105)},
      {"one hundred five", exact(105)},
      {"three thousand", exact(3000)},
      {"a dozen", exact(12)},
      {"two dozen", exact(24)},
      {"half a dozen", exact(6)},
      {"a million", exact(1e6)},
      {"nineteen hundred", exact(1900)},
      {"two hundred and two thousand", exact(202000)},
      {"two  thousand  and  two hundred", exact(2200)},
      {"one million two thousand", exact(1002000)},
      {"twenty-one trillion and three hundred", exact(21000000000300)},
      {"three lakh crore", exact(3e12)},
      {"Three hundred  and  thirty one", exact(331)},
      // negative
      {"-10000", exact(-10000)},
      {"-2.5bn", exact(-2.5e9)},
      {"−3.5", exact(-3.5)},
  });
}

TEST_CASE("English vague magnitudes are ranges", "[numerals]") {
  check_table({
      {"tens of millions", vague(1e7, 1e8)},
      {"Tens of millions", vague(1e7, 1e8)},
      {"hundreds of millions", vague(1e8, 1e9)},
      {"billions", vague(1e9, 1e10)},
      {"millions", vague(1e6, 1e7)},
      {"tens of thousands", vague(1e4, 1e5)},
      {"hundreds of thousands", vague(1e5, 1e6)},
      {"tens of billions", vague(1e10, 1e11)},
      {"hundreds of", vague(100, 1000)},
      {"hundreds", vague(100, 1000)},
      {"tens", vague(10, 100)},
      {"thousands", vague(1e3, 1e4)},
      {"dozens", vague(24, 144)},
      {"dozens of", vague(24, 144)},
      {"trillions", vague(1e12, 1e13)},
      {"several hundred", vague(100, 1000)},
      {"several billion", vague(1e9, 1e10)},
      {"a few thousand", vague(1e3, 1e4)},
      {"several hundred million", vague(1e8, 1e9)},
  });
}

TEST_CASE("parse_number rejects what is not one numeral", "[numerals]") {
  for (const char* text : {"", "  ", "万", "亿", "百", "百度", "$3b", "3b dollars", "one two", "a", "an",
                           "million", "hundred", "someone", "3%", "五台山", "4th", "5G2", "1,2345", "两两",
                           "数", "几个", "上", "-", "负", "兆", "十万 三千 2025", "half", "a half",
                           "two thirds", "3/4", "百分之五十", "naught"}) {
    INFO("parse_number(\"" << text << "\")");
    CHECK(!parse_number(text));
  }
}

TEST_CASE("find_numbers in Chinese text", "[numerals]") {
  check_find("亚马逊与Meta签署价值数十亿美元的协议，涉及数千万个Graviton核心。",
             {{"数十亿", vague(1e9, 1e10)}, {"数千万", vague(1e7, 1e8)}});
  check_find("公司计划裁员8,000人，约占员工总数的10%。", {{"8,000", exact(8000)}, {"10", exact(10)}});
  check_find("2025年营收达到250亿美元，同比增长三点五个百分点",
             {{"2025", exact(2025)}, {"250亿", exact(2.5e10)}, {"三点五", exact(3.5)}});
  check_find("目前已有十多万家企业接入，上千家合作伙伴",
             {{"十多万", vague(1e5, 2e5)}, {"上千", vague(1e3, 1e4)}});
  check_find("這筆交易價值貳拾億元", {{"貳拾億", exact(2e9)}});
  check_find("中国大陆的队伍收拾好了", {});  // lone 陆 伍 拾 are words
  check_find("建设500兆瓦的数据中心，总投资四十九兆元",
             {{"500", exact(500)}, {"四十九兆", exact(4.9e13)}});
  check_find("１９９１年１月１６日晚巴黎时间２０点",
             {{"１９９１", exact(1991)}, {"１", exact(1)}, {"１６", exact(16)}, {"２０", exact(20)}});
  check_find("两百点两", {{"两百", exact(200)}, {"两", exact(2)}});
  check_find("下午3点30分发布", {{"3", exact(3)}, {"30", exact(30)}});
  check_find("二百五, 二百五", {{"二百五", exact(250)}, {"二百五", exact(250)}});
  check_find("1, 234, 567", {{"1", exact(1)}, {"234", exact(234)}, {"567", exact(567)}});
  check_find("营收同比-5%", {{"-5", exact(-5)}});
  check_find("负债率为三成", {{"三", exact(3)}});
  check_find("二〇二五年的一二线城市", {{"二〇二五", exact(2025)}, {"一二", vague(1, 2)}});
  check_find("千兆网络与万一", {{"一", exact(1)}});
  check_find("三四个人", {{"三四", vague(3, 4)}});
  // parts joined across spaces only when they read as one numeral
  check_find("三千 八百 九十六 万 四千 九百 六十五", {{"三千 八百 九十六 万 四千 九百 六十五", exact(38964965)}});
  check_find("十亿 一百亿 一千亿", {{"十亿", exact(1e9)}, {"一百亿", exact(1e10)}, {"一千亿", exact(1e11)}});
  check_find("100万 200万", {{"100万", exact(1e6)}, {"200万", exact(2e6)}});
  check_find("十万八千 八千万", {{"十万八千", exact(108000)}, {"八千万", exact(8e7)}});
  check_find("三千 2025年", {{"三千", exact(3000)}, {"2025", exact(2025)}});
  check_find("十两银子，一千两百元", {{"十", exact(10)}, {"两", exact(2)}, {"一千两百", exact(1200)}});
  check_find("三分之一的员工，百分之五十的股份", {{"三分之一", exact(1.0 / 3)}, {"五十", exact(50)}});
  check_find("领先三分之后", {{"三", exact(3)}});
}

TEST_CASE("find_numbers in English text", "[numerals]") {
  check_find("Meta signed a deal worth billions of dollars for tens of millions of Graviton cores.",
             {{"billions", vague(1e9, 1e10)}, {"tens of millions", vague(1e7, 1e8)}});
  check_find("Amazon will cut 8,000 jobs, about 10% of its workforce, in 2027.",
             {{"8,000", exact(8000)}, {"10", exact(10)}, {"2027", exact(2027)}});
  check_find("The $3b deal adds 2.5bn to revenue and 1.2 trillion tokens",
             {{"3b", exact(3e9)}, {"2.5bn", exact(2.5e9)}, {"1.2 trillion", exact(1.2e12)}});
  check_find("Someone said one of the twenty-five chips costs a dozen times more.",
             {{"one", exact(1)}, {"twenty-five", exact(25)}, {"a dozen", exact(12)}});
  check_find("Nvidia's H100 and B200 GPUs on the 4th floor, 5G networks, 5GW of power",
             {{"5", exact(5)}, {"5", exact(5)}});
  check_find("hundreds of engineers and thousands of GPUs",
             {{"hundreds", vague(100, 1000)}, {"thousands", vague(1e3, 1e4)}});
  check_find("the tens digit", {});
  check_find("192.168.1.2 and version 1.2.3", {{"192", exact(192)}, {"168", exact(168)}, {"1", exact(1)},
                                               {"2", exact(2)}, {"1", exact(1)}, {"2", exact(2)}, {"3", exact(3)}});
  check_find("GPT-4 and SCP-173 from 2024-2025", {{"4", exact(4)}, {"173", exact(173)}, {"2024", exact(2024)},
                                                 {"2025", exact(2025)}});
  check_find("a loss of -3.5 billion", {{"-3.5 billion", exact(-3.5e9)}});
  check_find("one hundred and five servers and one thousand two thousand", {
      {"one hundred and five", exact(105)}, {"one thousand", exact(1000)}, {"two thousand", exact(2000)}});
}

TEST_CASE("find_numbers in mixed text reports byte offsets", "[numerals]") {
  const std::string text = "Meta 向 AWS 采购 tens of millions 个核心，价值 1.5 万亿 (250亿美元) and $3bn";
  auto got = find_numbers(text);
  REQUIRE(got.size() == 4);
  CHECK(got[0].span == Span{text.find("tens"), text.find("tens") + std::string("tens of millions").size()});
  CHECK(text.substr(got[1].span.start, got[1].span.size()) == "1.5 万亿");
  CHECK(same(got[1].value, exact(1.5e12)));
  CHECK(text.substr(got[2].span.start, got[2].span.size()) == "250亿");
  CHECK(text.substr(got[3].span.start, got[3].span.size()) == "3bn");
  CHECK(same(got[3].value, exact(3e9)));
}

TEST_CASE("every match parses back to its value", "[numerals]") {
  const std::string text =
      "数十亿 三千五百万 1.5万 2.5bn tens of millions 二十几万 one hundred and five 8，000 "
      "两三千 负三十二 -4.5 twenty-one trillion three hundred 一亿三千多万 1,674.5 million";
  for (const NumberMatch& m : find_numbers(text)) {
    std::string s = text.substr(m.span.start, m.span.size());
    auto back = parse_number(s);
    INFO(s << " -> " << show(m.value) << " / " << show(back));
    CHECK((back && same(*back, m.value)));
  }
}

TEST_CASE("every match parses back to its value, on random numeral soup", "[numerals]") {
  // Strings made of numeral pieces, spaces and noise: whatever find_numbers reports must
  // be one numeral by itself, with the same value (the grammars look ahead, and this is
  // where a look-ahead that disagrees with what was consumed shows).
  const std::vector<std::string> pieces = {
      "一", "二", "两", "三", "五", "九", "十", "百", "千", "万", "亿", "兆", "零", "〇", "点", "多", "余", "几",
      "数", "上", "负", "分", "之", "又", "陆", "拾", " ", "  ", "1", "2", "0", ",", ".", "-", "k", "bn",
      " million", " billion", "one", "twenty", "five", " hundred", " and ", "tens", " of ", "a ", "dozen",
      "年", "的", "e", "5", "成千上万", "数以", "计", "萬", "億", "兩", "參", "點", "幾", "１", "，", "．",
      "several ", "a few ", "−", "e-", "b", "M", "th", "G", "%", "俩", "○", ".5", "1,000", "\u202f",
      "叁", "仟", "hundreds", " dozens", "crore", "half a ", "二八五", "○三", "七九", "兩三", "陸"};
  std::mt19937 rng(20251125);
  int checked = 0;
  for (int it = 0; it < 20000; ++it) {
    std::string s;
    for (int i = 0, n = 1 + rng() % 10; i < n; ++i) s += pieces[rng() % pieces.size()];
    for (const NumberMatch& m : find_numbers(s)) {
      std::string sub = s.substr(m.span.start, m.span.size());
      auto back = parse_number(sub);
      INFO("in \"" << s << "\": \"" << sub << "\" = " << show(m.value) << ", alone " << show(back));
      REQUIRE((back && same(*back, m.value)));
      ++checked;
    }
  }
  CHECK(checked > 10000);
}

TEST_CASE("find_numbers survives arbitrary bytes", "[numerals]") {
  // invalid UTF-8, truncated sequences, NULs, long runs: no crash, spans in bounds
  std::vector<std::string> texts = {
      std::string("\xE4\xB8", 2),                 // truncated 三
      std::string("三\xFF千\xC0\x80万", 11),
      std::string("1,\xEF\xBC", 4),
      std::string("\0\0五\0", 6),
      std::string(100000, '9'),
      std::string(100000, '-') + "5",
      "负负负负负负负负负负负五",
      "数数数数数上上上几几几十十十百百百千千千万万万亿亿亿",
  };
  std::string chaos;
  for (int i = 0; i < 20000; ++i) chaos += static_cast<char>((i * 7919 + 13) % 256);
  texts.push_back(chaos);
  std::string zh;
  for (int i = 0; i < 30000; ++i) zh += (i % 3 == 0) ? "两" : (i % 3 == 1) ? "○" : "〇";
  texts.push_back(zh);
  // inputs that would take minutes if a failed match were re-read from every position
  auto repeat = [](const std::string& s, std::size_t bytes) {
    std::string out;
    while (out.size() < bytes) out += s;
    return out;
  };
  for (const char* unit : {"零", "二〇", "９", "一两", "1,", "1.", "a ", "tens of ", "十 余 ", "一 ", "万", "1e"})
    texts.push_back(repeat(unit, 200000));
  texts.push_back("一" + repeat("万", 3000) + " 9e300亿 1e308 million");
  for (const std::string& t : texts) {
    auto got = find_numbers(t);
    std::size_t last = 0;
    for (const NumberMatch& m : got) {
      CHECK(m.span.start >= last);
      CHECK(m.span.end <= t.size());
      CHECK(m.span.start < m.span.end);
      last = m.span.end;
    }
  }
}
