// Chinese numerals: 三千五百万, 两千四百五, 一百零一万, 四万亿, 1.5万, 3千万, ３千万,
// 三点五亿, 壹佰伍拾, 貳拾億, 五兆, and the vague forms 数十亿, 几百万, 上千, 十多万,
// 500余万, 两三千.
//
// Values, and why:
// - A big unit (万 亿 兆) multiplies everything before it when it is larger than the
//   last big unit (一万五千亿 = 1.5e12, 四万万 = 4e8, 4.78万亿) and otherwise adds a
//   new part (五亿四千万 = 5.4e8).
// - A single digit after a unit with no 零 between stands for the next lower place:
//   两千四百五 = 2450, 一万三 = 13000, 两千三点一 = 2300.1.
// - 兆 is 10^12 (the financial usage, 四十九兆 in Taiwan and Japan), but only after an
//   explicit digit and not before a physical unit: 500兆瓦 is 500 megawatts, so the
//   numeral there is 500 and 兆瓦 is left to the quantity extractor. 千兆 (giga) is
//   not a numeral.
// - Vague magnitudes span their decade, approx: 数十亿 [1e9, 1e10], 几百万 [1e6, 1e7],
//   上千 [1e3, 1e4], 上百亿 [1e10, 1e11], 数以万计 [1e4, 1e5].
// - 多/余/几 after a figure span from the figure to the next step of its last place:
//   十多万 and 十几万 [1e5, 2e5], 一百多 [100, 200], 五十几 [50, 60], 500余万
//   [5e6, 6e6], 一百零几万 [1e6, 1.1e6]. The minimum is the figure itself rather than
//   11万 for 十几万: 十多万 also covers 10.5万, and one rule for both keeps the
//   minimum a true lower bound (it is also the value the Recognizers-Text spec gives).
// - Two neighbouring digits are a range, approx: 两三千 [2000, 3000], 三四个 [3, 4],
//   三五年 [3, 5]. Three or more digits, or two with a zero, are read digit by digit:
//   二〇二五 = 2025; so are two other digits before a unit, which is how Taiwan's
//   financial press writes figures: 二八五亿 = 285亿, 七九亿, 一兆二三四五亿, 二點○三兆.
// - Characters that are far more often words than numerals count only next to
//   another numeral character: 陆 (大陆), 伍 (队伍), 拾 (收拾), 肆 (放肆), 零 (零售) ...
//   Other lone digits are numerals (一只, 两岸, 十): telling 一切 or 四川 apart needs
//   word segmentation, which the extractors apply at token boundaries.
// - Fractions: 三分之一 = 1/3, 16分之5, 一百分之二 = 0.02, 三又三分之一 = 10/3. 百分之五十
//   is a percentage: 百 alone opens no numeral, so the numeral there is 五十 and the
//   percent extractor owns 百分之. Fractions with a slash (3/4) are left alone: in
//   news they are dates and ratios as often as fractions.
// - Spaces may separate the parts of a numeral ("7 万5 千", "1000  万", "四百 点 五")
//   but never two digits, and parts join across a space only in strict order, so a
//   list stays a list: "十亿 一百亿" is two numerals (see match_regular).
// - 两 counts units (两百, 一千两百) and never stands in the ones place: 十两 is ten
//   taels, not 12.
#include <charconv>
#include <climits>
#include <cmath>
#include <string>

#include "lang/numerals_detail.h"

namespace newsdeal::numerals_detail {
namespace {

enum class Z : unsigned char {
  None,
  Digit,   // 一 .. 九 and their financial and traditional forms, 两
  Zero,    // 零 〇 (and ○ inside a digit-by-digit run)
  Small,   // 十 百 千 拾 佰 仟
  Big,     // 万 亿 兆 萬 億
  Point,   // 点 點
  Approx,  // 多 余 餘: after a figure
  Ji,      // 几 幾: 几百 before a unit, 十几 after one
  Shu,     // 数 數: 数十亿
  Shang,   // 上: 上千
};

struct ZhChar {
  Z kind = Z::None;
  int digit = 0;
  double unit = 0;
  bool ambiguous = false;  // a word more often than a numeral when alone
  bool liang = false;      // 两 兩 俩 倆: never a decimal digit, never digit by digit
  bool circle = false;     // ○ U+25CB: zero only inside a run such as 二○二五
  std::size_t len = 0;
};

ZhChar zh_classify(Cp c) {
  ZhChar z;
  z.len = c.len;
  auto digit = [&](int d, bool ambiguous = false, bool liang = false) {
    z.kind = Z::Digit;
    z.digit = d;
    z.ambiguous = ambiguous;
    z.liang = liang;
  };
  auto unit = [&](Z k, double u, bool ambiguous = false) {
    z.kind = k;
    z.unit = u;
    z.ambiguous = ambiguous;
  };
  switch (c.cp) {
    case U'零': case U'〇': z.kind = Z::Zero; z.ambiguous = true; break;
    case U'○': z.kind = Z::Zero; z.ambiguous = true; z.circle = true; break;
    case U'一': case U'壹': digit(1); break;
    case U'二': case U'贰': case U'貳': case U'貮': digit(2); break;
    case U'两': case U'兩': digit(2, false, true); break;
    case U'俩': case U'倆': digit(2, true, true); break;
    case U'三': case U'叁': case U'叄': digit(3); break;
    case U'參': digit(3, true); break;  // also traditional 参 "take part"
    case U'四': digit(4); break;
    case U'肆': digit(4, true); break;
    case U'五': digit(5); break;
    case U'伍': digit(5, true); break;
    case U'六': digit(6); break;
    case U'陆': case U'陸': digit(6, true); break;
    case U'七': digit(7); break;
    case U'柒': digit(7, true); break;
    case U'八': digit(8); break;
    case U'捌': digit(8, true); break;
    case U'九': digit(9); break;
    case U'玖': digit(9, true); break;
    case U'十': unit(Z::Small, 10); break;
    case U'拾': unit(Z::Small, 10, true); break;
    case U'百': unit(Z::Small, 100); break;
    case U'佰': unit(Z::Small, 100, true); break;
    case U'千': unit(Z::Small, 1000); break;
    case U'仟': unit(Z::Small, 1000, true); break;
    case U'万': case U'萬': unit(Z::Big, 1e4); break;
    case U'亿': case U'億': unit(Z::Big, 1e8); break;
    case U'兆': unit(Z::Big, 1e12); break;
    case U'点': case U'點': z.kind = Z::Point; break;
    case U'多': case U'余': case U'餘': z.kind = Z::Approx; break;
    case U'几': case U'幾': z.kind = Z::Ji; break;
    case U'数': case U'數': z.kind = Z::Shu; break;
    case U'上': z.kind = Z::Shang; break;
    default: break;
  }
  return z;
}

ZhChar zh_char(std::string_view t, std::size_t pos) { return zh_classify(decode(t, pos)); }

bool starts_with(std::string_view t, std::size_t pos, std::string_view s) {
  return t.substr(pos, s.size()) == s;
}

// 兆 followed by a physical unit is the SI prefix mega (兆瓦 MW, 兆赫 MHz, 兆字节 MB).
bool si_unit_follows(std::string_view t, std::size_t pos) {
  Cp c = decode(t, pos);
  if (is_ascii_alpha(c.cp)) return true;
  switch (c.cp) {
    case U'瓦': case U'赫': case U'字': case U'比': case U'位': case U'帕': case U'焦':
    case U'欧': case U'歐': case U'伏': case U'安': case U'吨': case U'噸': case U'米':
      return true;
    default:
      return false;
  }
}

Range vague(double lo, double hi) { return Range{lo, hi, true}; }

// A unit chain after a vague prefix or a digit pair: an optional 十/百/千, then 万,
// 亿 or 万亿. Returns the product and where it ends; n == 0 when there is none.
struct Chain {
  double product = 1;
  double first = 0;
  std::size_t end = 0;
  int n = 0;
};
Chain unit_chain(std::string_view t, std::size_t q) {
  Chain ch;
  ch.end = q;
  ZhChar z = zh_char(t, q);
  if (z.kind == Z::Small) {
    ch.product *= z.unit;
    ch.first = z.unit;
    ch.end += z.len;
    ++ch.n;
  }
  double last_big = 0;
  for (int k = 0; k < 2; ++k) {
    ZhChar b = zh_char(t, ch.end);
    if (b.kind != Z::Big || b.unit > 1e8) break;       // no 兆 without an explicit digit
    if (last_big && !(last_big == 1e4 && b.unit == 1e8)) break;  // 万亿 only
    ch.product *= b.unit;
    if (!ch.first) ch.first = b.unit;
    last_big = b.unit;
    ch.end += b.len;
    ++ch.n;
  }
  return ch;
}

// 数十亿, 几百万, 上千, 数以万计: the decade of the unit chain.
std::optional<ZhResult> match_vague_prefix(std::string_view t, std::size_t pos, const ZhChar& c) {
  std::size_t q = pos + c.len;
  if (c.kind == Z::Shu && (starts_with(t, q, "以"))) {
    Chain ch = unit_chain(t, q + std::string_view("以").size());
    if (ch.n > 0 && (starts_with(t, ch.end, "计") || starts_with(t, ch.end, "計")))
      return ZhResult{ch.end + std::string_view("计").size(), vague(ch.product, 10 * ch.product)};
    return std::nullopt;
  }
  Chain ch = unit_chain(t, q);
  if (ch.n == 0) return std::nullopt;
  // 上十 is not said; 上十万 and 上十亿 are
  if (c.kind == Z::Shang && ch.first == 10 && ch.n == 1) return std::nullopt;
  return ZhResult{ch.end, vague(ch.product, 10 * ch.product)};
}

// The end of the run of digits at `pos` and what is in it. 两 is never read digit by
// digit, so a run stops before a 两 past its second character: a rejected run (两两两)
// then costs a bounded look-ahead.
struct Run {
  std::size_t end = 0;
  int n = 0;
  int digits[2] = {0, 0};
  double value = 0;
  bool has_zero = false, has_liang = false;
};
Run digit_run(std::string_view t, std::size_t pos, int limit) {
  Run r;
  std::size_t q = pos;
  while (r.n < limit) {
    ZhChar z = zh_char(t, q);
    if (z.kind != Z::Digit && z.kind != Z::Zero) break;
    if (z.liang && r.n >= 2) break;
    const int d = z.kind == Z::Zero ? 0 : z.digit;
    r.has_zero |= z.kind == Z::Zero;
    r.has_liang |= z.liang;
    if (r.n < 2) r.digits[r.n] = d;
    r.value = r.value * 10 + d;
    ++r.n;
    q += z.len;
  }
  r.end = q;
  return r;
}

// Two neighbouring digits: 两三 (2..3), 三四, and the idiom 三五 (3..5).
bool is_pair(const Run& r) {
  return r.n == 2 && !r.has_zero && (r.digits[1] == r.digits[0] + 1 || (r.digits[0] == 3 && r.digits[1] == 5));
}

// Longer than this, a string of digits is a code or an identifier, not a figure (and
// beyond what a double holds exactly).
constexpr int kMaxRun = 18;

// A run of digits read digit by digit as one figure because a unit follows it:
// 二八五亿 = 285亿, 一兆二三四五亿 = 1.2345e12, 七九亿 = 79亿. Not a neighbouring pair
// (两三千 is a range) and not with 两. nullopt: read the digits one by one.
std::optional<Run> figure_run(std::string_view t, std::size_t pos, bool point_ok) {
  ZhChar second = zh_char(t, pos + zh_char(t, pos).len);
  if (second.kind != Z::Digit && second.kind != Z::Zero) return std::nullopt;  // the common case, cheaply
  Run r = digit_run(t, pos, kMaxRun + 1);
  if (r.n < 2 || r.n > kMaxRun || r.has_liang || is_pair(r)) return std::nullopt;
  ZhChar next = zh_char(t, r.end);
  if (next.kind == Z::Small) return r;
  if (next.kind == Z::Big) {
    if (next.unit == 1e12 && si_unit_follows(t, r.end + next.len)) return std::nullopt;  // 二八五兆瓦
    return r;
  }
  if (point_ok && next.kind == Z::Point) {
    // 二八五點五億: only a point with a decimal digit after it
    std::size_t q = gap_end(t, r.end + next.len, false);
    ZhChar d = zh_char(t, q);
    if (digit_value(decode(t, q).cp) >= 0 || d.kind == Z::Zero || (d.kind == Z::Digit && !d.liang)) return r;
  }
  return std::nullopt;
}

// A run of digits with no unit between them: two neighbours as a range (两三千), three
// or more, or two with a zero, digit by digit (二〇二五). nullopt: read it normally.
// A run longer than kMaxRun is no numeral anywhere in it: `too_long` is set, and
// find_numbers skips the run (zh_skip_after_failure).
std::optional<ZhResult> match_run(std::string_view t, std::size_t pos, bool& too_long) {
  Run run = digit_run(t, pos, kMaxRun + 1);  // bounded: this runs at every position
  const int n = run.n;
  const std::size_t q = run.end;
  too_long = n > kMaxRun && !run.has_liang;
  if (n < 2 || too_long) return std::nullopt;
  if (!run.has_liang && (n >= 3 || run.has_zero)) {
    // 二八五亿 (Taiwan financial style: digits, then the unit): the regular grammar
    // reads the run as one figure and goes on with the unit
    if (figure_run(t, pos, true)) return std::nullopt;
    return ZhResult{q, Range::exact(run.value)};
  }
  if (is_pair(run)) {
    const int a = run.digits[0], b = run.digits[1];
    Chain ch = unit_chain(t, q);
    double p = ch.n ? ch.product : 1;
    return ZhResult{ch.n ? ch.end : q, vague(a * p, b * p)};
  }
  return std::nullopt;
}

enum class Prev { None, Digit, Zero, Small, Big, Point };

// The state of match_regular, a value so that a join across a space can be undone.
struct State {
  double total = 0;       // the parts closed by a big unit
  double last_big = 0;    // the big unit (or compound, 万亿 = 1e12) that closed the last part
  double section = 0;     // the part below the current big unit
  double last_small = 0;  // the last small unit in the section (they must decrease)
  double last_unit = 0;   // the last unit of either kind, for 两千四百五
  std::optional<double> cur;  // a digit (or digit group) waiting for its unit
  bool cur_single = false;    // that digit is one digit: 一万三 = 13000
  bool cur_decimal = false;   // it came from 点: no more digits, no small unit
  bool zero_seen = false;     // 零 since the last unit: 一万零三 = 10003
  bool explicit_digit = false;
  bool spaced = false;        // a space since the last unit
  std::optional<Range> fixed;  // the value is complete (after 多, or 点 after a big unit)
  std::size_t cursor = 0;      // where the next token is read
  std::size_t end = 0;         // end of the numeral so far (a trailing 零 is not part of it)
  int ntok = 0;
  Prev prev = Prev::None;
  bool first_is_digits = false, first_is_zero = false, first_ambiguous = false;
  bool first_bare_unit = false;  // opened by 百 or 千 with no digit: not a numeral alone
  // cur stands only before a unit: a 两 inside a numeral (一千两百), digits joined across
  // a space ("7万 5千"), a figure written digit by digit (二八五亿)
  bool cur_needs_unit = false;
  DigitGroup first_digits;

  double finish_cur() const {
    if (!cur) return 0;
    if (cur_single && !zero_seen && last_unit >= 100 && prev == Prev::Digit) return *cur * last_unit / 10;
    return *cur;
  }
};

// The regular grammar: digits (Chinese or ASCII groups), units, 零, 点, and a trailing
// 多/余/几 with the big units after it.
//
// Parts separated by spaces join only when they read as one numeral in strict order
// ("三千 八百 九十六 万", "7万 5千"): a small unit after a space must be the next place
// down (after 千 comes 百; after 万, 千), and when the part after a space runs into a
// token it cannot take ("十亿 一百亿", "100万 200万"), the join is undone and the
// numeral ends before the space.
std::optional<ZhResult> match_regular(std::string_view t, std::size_t pos, bool dotted_component) {
  State st;
  st.cursor = st.end = pos;
  std::optional<State> before_join;   // before the first join across a space since the last big unit
  std::optional<State> before_cur;    // before a cur that is still waiting for its unit

  while (!st.fixed) {
    std::size_t s = st.cursor;
    if (st.ntok > 0 && st.prev != Prev::Zero) s = gap_end(t, st.cursor, false);
    Cp c = decode(t, s);
    if (c.len == 0) break;
    const bool spaced = s != st.cursor;
    const State saved = st;
    bool ok = false;
    bool numeral_token = false;  // the token is part of a numeral, whether or not it fits

    // digits: ASCII or full-width, possibly a whole group such as 1,100.9
    bool leading_dot = st.ntok == 0 && is_dot(c.cp);
    if (digit_value(c.cp) >= 0 || leading_dot) {
      numeral_token = true;
      std::optional<DigitGroup> g;
      if (!st.cur) g = read_digits(t, s, st.ntok == 0 && dotted_component);  // two figures in a row: two numerals
      bool take = g && (g->integer || st.ntok == 0);  // decimals lead: 1.5万, not 3万2.5
      if (take && spaced) {
        // after a space, digits continue the numeral only before a unit ("7万 5千"),
        // or 三千 2025年 would read as 5025
        ZhChar u = zh_char(t, gap_end(t, g->end, false));
        take = u.kind == Z::Small || u.kind == Z::Big;
      }
      if (take) {
        st.cur = g->value;
        st.cur_single = g->single;
        st.cur_needs_unit = spaced;
        st.explicit_digit = true;
        if (st.ntok == 0) {
          st.first_is_digits = true;
          st.first_digits = *g;
        }
        st.cursor = st.end = g->end;
        st.prev = Prev::Digit;
        ok = true;
      }
    } else {
      ZhChar z = zh_char(t, s);
      numeral_token = z.kind == Z::Digit || z.kind == Z::Small || z.kind == Z::Big || z.kind == Z::Zero;
      switch (z.kind) {
        case Z::Digit: {
          if (st.cur) break;
          if (auto r = (st.ntok == 0 || st.prev == Prev::Big) ? figure_run(t, s, st.ntok == 0) : std::nullopt) {
            st.cur = r->value;
            st.cur_single = false;
            st.cur_needs_unit = true;
            st.explicit_digit = true;
            st.cursor = st.end = r->end;
            st.prev = Prev::Digit;
            ok = true;
            break;
          }
          if (z.liang && st.ntok > 0) {
            // 两 counts units (两百, 一千两百), never ones: 十两 is ten taels, not 12
            ZhChar u = zh_char(t, s + z.len);
            if (u.kind != Z::Small && u.kind != Z::Big) break;
          }
          st.cur = z.digit;
          st.cur_single = true;
          st.cur_needs_unit = z.liang && st.ntok > 0;
          st.explicit_digit = true;
          if (st.ntok == 0) st.first_ambiguous = z.ambiguous;
          st.cursor = st.end = s + z.len;
          st.prev = Prev::Digit;
          ok = true;
          break;
        }
        case Z::Zero: {
          if (st.cur) break;
          if (st.ntok == 0 || st.prev == Prev::Big) {
            // 一兆○三五○亿: a figure written digit by digit after a big unit
            auto r = figure_run(t, s, st.ntok == 0);
            if (r && r->n >= 3) {
              st.cur = r->value;
              st.cur_single = false;
              st.cur_needs_unit = true;
              st.cursor = st.end = r->end;
              st.prev = Prev::Digit;
              ok = true;
              break;
            }
          }
          if (spaced || z.circle || st.prev == Prev::Zero) break;  // 零零: digit by digit or nothing
          st.zero_seen = true;
          if (st.ntok == 0) st.first_is_zero = true;
          st.cursor = s + z.len;  // `end` stays: a trailing 零 is not part of the numeral
          st.prev = Prev::Zero;
          ok = true;
          break;
        }
        case Z::Small: {
          const double u = z.unit;
          if (st.last_small != 0 && u >= st.last_small) break;  // 二十三百 is two numerals
          if (st.cur_decimal) break;  // 三点五亿 is said, 三点五千 is not (1.5千 is)
          if ((st.spaced || spaced) && st.last_unit != 0 &&
              u != (st.last_unit >= 1e4 ? 1000 : st.last_unit / 10))
            break;  // "十万八千 八千万": after 千 comes 百
          double v;
          if (st.cur) {
            v = *st.cur;
          } else if (st.ntok == 0 || (st.ntok == 1 && st.first_is_zero && u == 10)) {  // 零十 (第零十刃)
            // a leading unit: 十五, 百万, 千亿, 千三; 百 and 千 alone are words (百度, 千问)
            if (u > 10) {
              ZhChar nx = zh_char(t, s + z.len);
              bool follows = (nx.kind == Z::Digit) || (nx.kind == Z::Big && nx.unit <= 1e8);
              if (!follows) break;
            }
            v = 1;
            if (st.ntok == 0) {
              st.first_ambiguous = z.ambiguous;
              st.first_bare_unit = u > 10;
            }
          } else if (st.zero_seen && u == 10) {
            v = 1;  // 一百零十万, 一万零十二
          } else {
            break;
          }
          st.section += v * u;
          st.cur.reset();
          st.cur_single = st.cur_decimal = st.cur_needs_unit = false;
          st.last_small = u;
          st.last_unit = u;
          st.zero_seen = false;
          st.cursor = st.end = s + z.len;
          st.prev = Prev::Small;
          ok = true;
          break;
        }
        case Z::Big: {
          const double u = z.unit;
          if (u == 1e12 && (!st.explicit_digit || si_unit_follows(t, s + z.len))) break;
          if (st.ntok == 0) {
            // only 万亿 opens a numeral; 万 alone is a word (万一, 万达), so is 亿 (亿航)
            if (u != 1e4) break;
            ZhChar nx = zh_char(t, s + z.len);
            if (nx.kind != Z::Big || nx.unit != 1e8) break;
            st.total = st.last_big = st.last_unit = 1e12;
            st.cursor = st.end = s + z.len + nx.len;
            st.prev = Prev::Big;
            ok = true;
            break;
          }
          const bool empty = st.section == 0 && !st.cur;
          if (empty) {
            // a compound unit: 万亿, 万万 (四万万 = 4e8)
            if (!(st.total > 0 && u >= st.last_big && !st.zero_seen)) break;
            st.total *= u;
            st.last_big *= u;
          } else {
            const double v = st.section + st.cur.value_or(0);
            if (st.total == 0) {
              st.total = v * u;
              st.last_big = u;
            } else if (u > st.last_big) {
              st.total = (st.total + v) * u;  // 一万五千亿
              st.last_big *= u;
            } else if (u < st.last_big) {
              st.total += v * u;  // 五亿四千万
              st.last_big = u;
            } else {
              break;  // 三万四万
            }
          }
          st.section = 0;
          st.cur.reset();
          st.cur_single = st.cur_decimal = st.cur_needs_unit = false;
          st.last_small = 0;
          st.last_unit = u;
          st.zero_seen = false;
          st.cursor = st.end = s + z.len;
          st.prev = Prev::Big;
          ok = true;
          break;
        }
        case Z::Point: {
          if (st.ntok == 0 || st.cur_decimal) break;
          if (st.prev == Prev::Zero && !(st.ntok == 1 && st.first_is_zero)) break;  // 零点五 only
          std::size_t q = gap_end(t, s + z.len, false);
          std::string frac = "0.";
          if (digit_value(decode(t, q).cp) >= 0) {
            while (true) {
              Cp e = decode(t, q);
              int v = digit_value(e.cp);
              if (v < 0) break;
              frac += static_cast<char>('0' + v);
              q += e.len;
            }
          } else {
            while (true) {
              ZhChar e = zh_char(t, q);
              if (e.kind == Z::Zero) frac += '0';  // 二點○三兆
              else if (e.kind == Z::Digit && !e.liang) frac += static_cast<char>('0' + e.digit);
              else break;  // 一点两小时: 两 is no decimal digit
              q += e.len;
            }
          }
          if (frac.size() == 2) break;
          if (starts_with(t, q, "分")) break;  // 3点30分 is a time of day
          double f = 0;
          std::from_chars(frac.data(), frac.data() + frac.size(), f);
          const double ip = st.total + st.section + st.finish_cur();
          if (st.total == 0) {
            // 三点五亿, 二十三点五亿: the decimal joins the figure a big unit may still scale
            st.cur = ip + f;
            st.section = 0;
            st.last_small = st.last_unit = 0;
            st.cur_single = false;
            st.cur_decimal = true;
          } else {
            st.fixed = Range::exact(ip + f);  // 两千万点五五四四
          }
          st.zero_seen = false;
          st.cur_needs_unit = false;
          st.cursor = st.end = q;
          st.prev = Prev::Point;
          ok = true;
          break;
        }
        case Z::Approx:
        case Z::Ji: {
          if (st.cur_decimal) break;
          double lo, hi;
          bool after_big = false;
          if (st.cur) {
            // 500余万, 1000多: a round group of ASCII digits
            if (!(st.ntok == 1 && st.first_is_digits && st.first_digits.integer &&
                  st.first_digits.trailing_zeros > 0))
              break;
            lo = *st.cur;
            hi = lo + std::pow(10.0, st.first_digits.trailing_zeros);
          } else if (st.zero_seen) {
            if (z.kind != Z::Ji || st.ntok < 2) break;
            lo = st.section;  // 一百零几: 101 .. 109
            hi = st.section + 10;
          } else if (st.prev == Prev::Small) {
            lo = st.section;  // 十多, 一百多, 二十几
            hi = st.section + st.last_small;
          } else if (st.prev == Prev::Big) {
            after_big = true;  // 一万多
            lo = 0;
            hi = st.last_unit;
          } else {
            break;
          }
          st.cursor = st.end = s + z.len;
          double tlo = st.total + lo, thi = st.total + hi;
          if (!after_big) {
            // 十多万, 一千多万, 一亿三千多万, 十多万亿
            bool applied = false;
            double lb = st.last_big;
            while (true) {
              std::size_t q = gap_end(t, st.cursor, false);
              ZhChar b = zh_char(t, q);
              if (b.kind != Z::Big) break;
              const double u = b.unit;
              if (u == 1e12 && (!st.explicit_digit || si_unit_follows(t, q + b.len))) break;
              if (!applied) {
                if (st.total == 0) { tlo = lo * u; thi = hi * u; lb = u; }
                else if (u > lb) { tlo = (st.total + lo) * u; thi = (st.total + hi) * u; lb *= u; }
                else if (u < lb) { tlo = st.total + lo * u; thi = st.total + hi * u; lb = u; }
                else break;
                applied = true;
              } else {
                if (u < lb) break;
                tlo *= u;
                thi *= u;
                lb *= u;
              }
              st.cursor = st.end = q + b.len;
            }
          }
          st.fixed = vague(tlo, thi);
          st.prev = Prev::Point;
          ok = true;
          break;
        }
        default:
          break;
      }
    }
    if (!ok) {
      // A part joined across a space that runs straight into a numeral token it
      // cannot take was another numeral: end before the space.
      if (numeral_token && !spaced && before_join) st = *before_join;
      break;
    }
    // the numeral up to a big unit stands; a continuation across spaces after it is
    // undone as a whole, from its first space
    if (st.prev == Prev::Big) before_join.reset();
    else if (spaced && !before_join) before_join = saved;
    if (st.cur_needs_unit && !saved.cur_needs_unit) before_cur = saved;
    st.spaced = (st.prev == Prev::Small || st.prev == Prev::Big) ? false : (st.spaced || spaced);
    ++st.ntok;
  }

  // 十两千: the 两 found no unit it could take, so it is not part of this numeral;
  // nor are digits after a space that found none ("100 万 200 万")
  if (st.cur_needs_unit && before_cur) st = *before_cur;
  if (st.ntok == 1 && st.first_bare_unit) return std::nullopt;  // 百两: 百 alone is a word
  if (st.ntok == 1 && st.first_is_zero && st.end == pos) {
    // 零 alone: a numeral only where the caller says so (parse_number); in running
    // text it is mostly 零售, 零部件
    ZhResult r;
    r.end = st.cursor;
    r.value = Range::exact(0);
    r.lone_ambiguous = true;
    return r;
  }
  if (st.ntok == 0 || st.end == pos) return std::nullopt;
  ZhResult r;
  r.end = st.end;
  r.value = st.fixed ? *st.fixed : Range::exact(st.total + st.section + st.finish_cur());
  r.digits_only = !st.fixed && st.ntok == 1 && st.first_is_digits;
  if (r.digits_only) r.digits = st.first_digits;
  r.lone_ambiguous = st.ntok == 1 && st.first_ambiguous;
  return r;
}

// N分之M after the denominator N: the value M / N. Spaces may surround 分 and 之
// ("二分 之一"); a signed part (负3分之负157) is not read.
std::optional<ZhResult> fraction_after(std::string_view t, const ZhResult& n) {
  if (*n.value.min <= 0) return std::nullopt;
  std::size_t q = gap_end(t, n.end, false);
  if (!starts_with(t, q, "分")) return std::nullopt;
  q = gap_end(t, q + std::string_view("分").size(), false);
  if (!starts_with(t, q, "之")) return std::nullopt;
  q = gap_end(t, q + std::string_view("之").size(), false);
  auto m = match_regular(t, q, false);
  if (!m || m->value.approx) return std::nullopt;
  ZhResult r;
  r.end = m->end;
  r.value = Range::exact(*m->value.min / *n.value.min);
  return r;
}

}  // namespace

std::size_t zh_skip_after_failure(std::string_view t, std::size_t pos) {
  // a match failed at the start of a digit-by-digit run only when the run is too
  // long to be a figure; nothing inside it is one either
  Run run = digit_run(t, pos, INT_MAX);
  if (run.n > kMaxRun && !run.has_liang) return run.end;
  return pos;
}

bool zh_can_start(char32_t cp) {
  if (cp < 0x3000) return false;  // every numeral character is CJK
  switch (zh_classify(Cp{cp, 3}).kind) {
    case Z::Digit: case Z::Zero: case Z::Small: case Z::Big: case Z::Shu: case Z::Ji: case Z::Shang:
      return true;
    default:
      return cp == U'成';
  }
}

std::optional<ZhResult> match_zh(std::string_view t, std::size_t pos, bool dotted_component, bool vague_ok) {
  if (vague_ok) {
    if (starts_with(t, pos, "成千上万") || starts_with(t, pos, "成千上萬"))
      return ZhResult{pos + std::string_view("成千上万").size(), vague(1e3, 1e5)};
    if (starts_with(t, pos, "成百上千"))
      return ZhResult{pos + std::string_view("成百上千").size(), vague(1e2, 1e4)};
  }
  ZhChar c = zh_char(t, pos);
  if (c.kind == Z::Shu || c.kind == Z::Ji || c.kind == Z::Shang) {
    if (!vague_ok) return std::nullopt;
    return match_vague_prefix(t, pos, c);
  }
  if (c.kind == Z::Digit || c.kind == Z::Zero) {
    bool too_long = false;
    if (auto r = match_run(t, pos, too_long)) return r;
    if (too_long) return std::nullopt;
  }
  auto r = match_regular(t, pos, dotted_component);
  if (!r || r->value.approx) return r;
  // fractions: 三分之一, 16分之5, 一百万又五十万分之二十五
  if (auto f = fraction_after(t, *r)) return f;
  std::size_t q = gap_end(t, r->end, false);
  if (starts_with(t, q, "又")) {
    std::size_t p = gap_end(t, q + std::string_view("又").size(), false);
    if (auto d = match_regular(t, p, false); d && !d->value.approx)
      if (auto f = fraction_after(t, *d)) {
        f->value = Range::exact(*r->value.min + *f->value.min);
        return f;
      }
  }
  return r;
}

}  // namespace newsdeal::numerals_detail
