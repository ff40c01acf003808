// English numerals: number words ("twenty-five", "one hundred and five", "a dozen",
// "three lakh crore"), what follows a digit group ("2.5bn", "10k", "1.2 trillion",
// "3 dozen") and vague magnitudes ("tens of millions", "billions", "several hundred").
//
// Values, and why:
// - Vague magnitudes span their decade, approx: "tens of millions" [1e7, 1e8],
//   "hundreds of" [100, 1000], "thousands" [1e3, 1e4], "billions" [1e9, 1e10];
//   "several" and "a few" before a scale word take the same decade as 几 does in
//   Chinese: "several hundred million" [1e8, 1e9].
// - "dozens" is [24, 144]: at least two dozen, below a gross (twelve dozen), past
//   which writers say "hundreds".
// - Suffixes glued to digits: k/K 1e3; m/M/mn/mln/MM/mil 1e6; b/B/bn/bln 1e9;
//   tn/trn/tln 1e12. Not G or T: "5G" is a network generation, "5T" often tonnes.
//   Spaced, only whole words and the unambiguous abbreviations ("2.5 bn", not
//   "2.5 m", which is as often metres).
// - Digits glued to other letters keep their value ("5GW", "180ml": the unit is the
//   quantity extractor's); ordinals ("4th") and identifiers ("5G2") are no numerals.
// - Words match whole words only, case-insensitively; "a" counts only before
//   hundred, a scale word or dozen; "half a dozen" is 6. Fractions ("two thirds",
//   "a half"), ordinals, spelled-out decimals ("two point five"), "minus five" and
//   "naught" (mostly "came to naught") are out of scope; "zero" and "nought" are 0.
#include <algorithm>
#include <cstring>
#include <iterator>
#include <limits>
#include <vector>

#include "lang/numerals_detail.h"

namespace newsdeal::numerals_detail {
namespace {

enum class W : unsigned char {
  None, Zero, Unit, Teen, Tens, Hundred, Scale, Dozen, A, And, Of, Few, Several, Half, Vague
};

struct WordInfo {
  W kind = W::None;
  double value = 0;
  double hi = 0;      // Vague: the top of the range
  double plural = 0;  // Vague plural scale words: what "of <word>" multiplies by
};

struct Word {
  std::size_t start = 0, end = 0;
  WordInfo info;
};

struct Entry {
  const char* word;
  WordInfo info;
};

const Entry kWords[] = {
    {"zero", {W::Zero, 0}}, {"nought", {W::Zero, 0}},
    {"one", {W::Unit, 1}}, {"two", {W::Unit, 2}}, {"three", {W::Unit, 3}}, {"four", {W::Unit, 4}},
    {"five", {W::Unit, 5}}, {"six", {W::Unit, 6}}, {"seven", {W::Unit, 7}}, {"eight", {W::Unit, 8}},
    {"nine", {W::Unit, 9}},
    {"ten", {W::Teen, 10}}, {"eleven", {W::Teen, 11}}, {"twelve", {W::Teen, 12}},
    {"thirteen", {W::Teen, 13}}, {"fourteen", {W::Teen, 14}}, {"fifteen", {W::Teen, 15}},
    {"sixteen", {W::Teen, 16}}, {"seventeen", {W::Teen, 17}}, {"eighteen", {W::Teen, 18}},
    {"nineteen", {W::Teen, 19}},
    {"twenty", {W::Tens, 20}}, {"thirty", {W::Tens, 30}}, {"forty", {W::Tens, 40}},
    {"fifty", {W::Tens, 50}}, {"sixty", {W::Tens, 60}}, {"seventy", {W::Tens, 70}},
    {"eighty", {W::Tens, 80}}, {"ninety", {W::Tens, 90}},
    {"hundred", {W::Hundred, 100}},
    {"thousand", {W::Scale, 1e3}}, {"lakh", {W::Scale, 1e5}}, {"million", {W::Scale, 1e6}},
    {"crore", {W::Scale, 1e7}}, {"billion", {W::Scale, 1e9}}, {"trillion", {W::Scale, 1e12}},
    {"dozen", {W::Dozen, 12}}, {"dozens", {W::Dozen, 12}},
    {"a", {W::A}}, {"and", {W::And}}, {"of", {W::Of}}, {"few", {W::Few}}, {"several", {W::Several}},
    {"half", {W::Half}},
    {"tens", {W::Vague, 10, 100, 0}},
    {"hundreds", {W::Vague, 100, 1000, 0}},
    {"thousands", {W::Vague, 1e3, 1e4, 1e3}},
    {"lakhs", {W::Vague, 1e5, 1e6, 1e5}},
    {"millions", {W::Vague, 1e6, 1e7, 1e6}},
    {"crores", {W::Vague, 1e7, 1e8, 1e7}},
    {"billions", {W::Vague, 1e9, 1e10, 1e9}},
    {"trillions", {W::Vague, 1e12, 1e13, 1e12}},
};
// "dozens" alone is vague; after a count ("3 dozens") it is 12 each.
const WordInfo kDozensVague{W::Vague, 24, 144, 0};

constexpr std::size_t kMaxWord = 12;  // "seventeen", "thousands"; longer words are none of ours

bool lower_word(std::string_view t, std::size_t start, std::size_t end, char* out) {
  if (end - start > kMaxWord) return false;
  for (std::size_t i = start; i < end; ++i) {
    char c = t[i];
    out[i - start] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  out[end - start] = 0;
  return true;
}

// Every English word in running text is looked up: binary search over the sorted table.
WordInfo lookup(const char* w) {
  static const std::vector<Entry> sorted = [] {
    std::vector<Entry> v(std::begin(kWords), std::end(kWords));
    std::sort(v.begin(), v.end(), [](const Entry& a, const Entry& b) { return std::strcmp(a.word, b.word) < 0; });
    return v;
  }();
  auto it = std::lower_bound(sorted.begin(), sorted.end(), w,
                             [](const Entry& e, const char* key) { return std::strcmp(e.word, key) < 0; });
  if (it != sorted.end() && std::strcmp(it->word, w) == 0) return it->info;
  return {};
}

// The word at `pos` when it is a whole word: letters, not followed by a digit or '_'.
// Reads at most kMaxWord + 1 letters, so a long word costs nothing here.
std::optional<Word> word_at(std::string_view t, std::size_t pos) {
  std::size_t e = pos;
  while (e < t.size() && e - pos <= kMaxWord && is_ascii_alpha(static_cast<unsigned char>(t[e]))) ++e;
  if (e == pos || e - pos > kMaxWord) return std::nullopt;
  if (e < t.size() && (is_ascii_digit(static_cast<unsigned char>(t[e])) || t[e] == '_')) return std::nullopt;
  char buf[kMaxWord + 1];
  lower_word(t, pos, e, buf);
  Word w{pos, e, lookup(buf)};
  if (w.info.kind == W::None) return std::nullopt;
  return w;
}

// The next word after a gap of whitespace.
std::optional<Word> next_word(std::string_view t, std::size_t end) {
  std::size_t q = gap_end(t, end, true);
  if (q == end) return std::nullopt;
  return word_at(t, q);
}

bool is(const std::optional<Word>& w, W kind) { return w && w->info.kind == kind; }

// "twenty-five", "fifty - two", "twenty one": the unit after a tens word.
std::optional<Word> tens_tail(std::string_view t, std::size_t end) {
  std::size_t q = end;
  while (q < t.size() && q - end < kMaxGap && t[q] == ' ') ++q;
  if (q < t.size() && t[q] == '-') {
    ++q;
    std::size_t r = q;
    while (r < t.size() && r - q < kMaxGap && t[r] == ' ') ++r;
    q = r;
  } else {
    q = gap_end(t, end, true);
  }
  if (q == end) return std::nullopt;
  auto w = word_at(t, q);
  if (!is(w, W::Unit)) return std::nullopt;
  return w;
}

struct Group {
  double value = 0;
  std::size_t end = 0;
};

// 1 .. 99 at `pos`.
std::optional<Group> below_hundred(std::string_view t, std::size_t pos) {
  auto w = word_at(t, pos);
  if (!w) return std::nullopt;
  if (w->info.kind != W::Unit && w->info.kind != W::Teen && w->info.kind != W::Tens) return std::nullopt;
  Group g{w->info.value, w->end};
  if (w->info.kind == W::Tens)
    if (auto u = tens_tail(t, w->end)) {
      g.value += u->info.value;
      g.end = u->end;
    }
  return g;
}

// One group below a thousand: "twenty-five", "two hundred and five", "a hundred",
// "nineteen hundred". `allow_a`: "a" may stand for one (only at the start).
std::optional<Group> parse_group(std::string_view t, std::size_t pos, bool allow_a) {
  auto w = word_at(t, pos);
  if (!w) return std::nullopt;
  Group g;
  if (w->info.kind == W::A) {
    if (!allow_a) return std::nullopt;
    auto w2 = next_word(t, w->end);
    if (!w2) return std::nullopt;
    if (w2->info.kind == W::Scale || w2->info.kind == W::Dozen) return Group{1, w->end};
    if (w2->info.kind != W::Hundred) return std::nullopt;
    g = {100, w2->end};
  } else {
    auto b = below_hundred(t, pos);
    if (!b) return std::nullopt;
    g = *b;
    auto h = next_word(t, g.end);
    if (!is(h, W::Hundred)) return g;
    g.value *= 100;
    g.end = h->end;
  }
  // after "hundred": "and five", "five", "twenty-one"
  auto n = next_word(t, g.end);
  if (!n) return g;
  std::size_t q = n->start;
  if (n->info.kind == W::And) {
    auto n2 = next_word(t, n->end);
    if (!n2) return g;
    q = n2->start;
  }
  if (auto b = below_hundred(t, q)) {
    g.value += b->value;
    g.end = b->end;
  }
  return g;
}

Range vague(double lo, double hi) { return Range{lo, hi, true}; }

// "tens of millions", "hundreds of", "billions", "dozens".
std::optional<Match> parse_vague(std::string_view t, const Word& w, bool whole) {
  WordInfo base = w.info;
  if (base.kind == W::Dozen) base = kDozensVague;
  double lo = base.value, hi = base.hi;
  std::size_t end = w.end;
  bool of_follows = false;
  while (true) {
    auto o = next_word(t, end);
    if (!is(o, W::Of)) break;
    of_follows = true;
    auto s = next_word(t, o->end);
    if (s && s->info.kind == W::Vague && s->info.plural > 0) {
      lo *= s->info.plural;
      hi *= s->info.plural;
      end = s->end;
      continue;
    }
    // "hundreds of": the "of" belongs to the numeral only when the text ends there
    if (whole && gap_end(t, o->end, true) == t.size()) end = o->end;
    break;
  }
  // "tens" is a numeral only as "tens of ..."; "the tens digit" is not one
  if (w.info.value == 10 && !of_follows && !whole) return std::nullopt;
  return Match{end, vague(lo, hi)};
}

// "several hundred", "a few thousand", "several hundred million", "several dozen".
std::optional<Match> parse_several(std::string_view t, std::size_t after) {
  double product = 1, last = 0;
  std::size_t end = after;
  while (true) {
    auto s = next_word(t, end);
    if (!s) break;
    if (s->info.kind == W::Dozen && last == 0) return Match{s->end, vague(24, 144)};
    if (s->info.kind != W::Hundred && s->info.kind != W::Scale) break;
    if (s->info.value <= last) break;
    product *= s->info.value;
    last = s->info.value;
    end = s->end;
  }
  if (last == 0) return std::nullopt;
  return Match{end, vague(product, 10 * product)};
}

}  // namespace

std::optional<Match> match_en_words(std::string_view t, std::size_t pos, bool whole) {
  auto w = word_at(t, pos);
  if (!w) return std::nullopt;
  switch (w->info.kind) {
    case W::Vague:
      return parse_vague(t, *w, whole);
    case W::Dozen:
      if (t.substr(w->start, w->end - w->start).size() == 6) return parse_vague(t, *w, whole);  // "dozens"
      return whole ? std::optional<Match>(Match{w->end, Range::exact(12)}) : std::nullopt;
    case W::Several:
      return parse_several(t, w->end);
    case W::Zero:
      return Match{w->end, Range::exact(0)};
    case W::Half: {
      // "half a dozen" is six; "half" alone is a fraction, out of scope
      auto a = next_word(t, w->end);
      if (!is(a, W::A)) return std::nullopt;
      auto d = next_word(t, a->end);
      if (!is(d, W::Dozen) || d->end - d->start != 5) return std::nullopt;
      return Match{d->end, Range::exact(6)};
    }
    case W::A: {
      auto f = next_word(t, w->end);
      if (is(f, W::Few)) return parse_several(t, f->end);
      break;
    }
    default:
      break;
  }

  auto g = parse_group(t, pos, true);
  if (!g) return std::nullopt;
  double total = 0, group = g->value;
  double last_scale = std::numeric_limits<double>::infinity();
  std::size_t end = g->end;
  if (auto d = next_word(t, end); is(d, W::Dozen)) return Match{d->end, Range::exact(group * 12)};
  while (true) {
    auto s = next_word(t, end);
    if (is(s, W::Scale)) {
      const double S = s->info.value;
      if (group > 0) {
        if (S >= last_scale) break;  // "one thousand two thousand" is two numerals
        total += group * S;
        group = 0;
        last_scale = S;
      } else if (total > 0 && S > last_scale) {
        total *= S;  // "three lakh crore"
        last_scale *= S;
      } else {
        break;
      }
      end = s->end;
      continue;
    }
    if (group == 0 && total > 0) {
      // a smaller group after a scale word: "one million two thousand", "two
      // thousand and five"; it joins only if the scale after it (if any) is smaller
      auto n = next_word(t, end);
      if (!n) break;
      std::size_t q = n->start;
      if (n->info.kind == W::And) {
        auto n2 = next_word(t, n->end);
        if (!n2) break;
        q = n2->start;
      }
      auto g2 = parse_group(t, q, false);
      if (!g2) break;
      auto s2 = next_word(t, g2->end);
      if (is(s2, W::Scale) && s2->info.value >= last_scale) break;
      group = g2->value;
      end = g2->end;
      if (is(s2, W::Scale)) continue;
    }
    break;
  }
  return Match{end, Range::exact(total + group)};
}

namespace {

double glued_suffix(std::string_view w) {
  static const struct { const char* s; double f; } kSuffixes[] = {
      {"k", 1e3}, {"K", 1e3},
      {"m", 1e6}, {"M", 1e6}, {"mn", 1e6}, {"Mn", 1e6}, {"MN", 1e6}, {"mln", 1e6}, {"MM", 1e6}, {"mil", 1e6},
      {"b", 1e9}, {"B", 1e9}, {"bn", 1e9}, {"Bn", 1e9}, {"BN", 1e9}, {"bln", 1e9},
      {"tn", 1e12}, {"Tn", 1e12}, {"TN", 1e12}, {"trn", 1e12}, {"tln", 1e12},
  };
  for (const auto& s : kSuffixes)
    if (w == s.s) return s.f;
  return 0;
}

double spaced_scale(std::string_view t, std::size_t start, std::size_t end) {
  char buf[kMaxWord + 1];
  if (!lower_word(t, start, end, buf)) return 0;
  static const struct { const char* s; double f; } kScales[] = {
      {"hundred", 100}, {"thousand", 1e3}, {"lakh", 1e5}, {"lakhs", 1e5}, {"million", 1e6},
      {"crore", 1e7}, {"crores", 1e7}, {"billion", 1e9}, {"trillion", 1e12},
      {"mn", 1e6}, {"mln", 1e6}, {"bn", 1e9}, {"bln", 1e9}, {"tn", 1e12}, {"trn", 1e12}, {"tln", 1e12},
  };
  for (const auto& s : kScales)
    if (std::strcmp(buf, s.s) == 0) return s.f;
  return 0;
}

}  // namespace

DigitTail en_after_digits(std::string_view t, std::size_t end, const DigitGroup& digits) {
  DigitTail tail;
  tail.end = end;
  auto alpha = [&](std::size_t i) { return i < t.size() && is_ascii_alpha(static_cast<unsigned char>(t[i])); };
  if (alpha(end)) {
    std::size_t q = end;
    while (alpha(q)) ++q;
    std::string_view w = t.substr(end, q - end);
    if (q < t.size() && (is_ascii_digit(static_cast<unsigned char>(t[q])) || t[q] == '_')) {
      tail.reject = true;  // 5G2, 1e1f: an identifier
      return tail;
    }
    if (digits.integer && w.size() == 2) {
      char a = static_cast<char>(w[0] | 0x20), b = static_cast<char>(w[1] | 0x20);
      if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') || (a == 't' && b == 'h')) {
        tail.reject = true;  // 4th: an ordinal
        return tail;
      }
    }
    if (double f = glued_suffix(w)) {
      tail.factor = f;
      tail.end = q;
    }
    return tail;  // 5GW, 180ml: the number without its unit
  }
  // spaced scale words, or one hyphen before a big one ("a $1.5-billion deal")
  std::size_t q;
  bool hyphen = end < t.size() && t[end] == '-';
  q = hyphen ? end + 1 : gap_end(t, end, true);
  if (q == end) return tail;
  double last = 0;
  bool first = true;
  while (true) {
    std::size_t e = q;
    while (alpha(e) && e - q <= kMaxWord) ++e;
    if (e == q || alpha(e) || (e < t.size() && is_ascii_digit(static_cast<unsigned char>(t[e])))) break;
    char buf[kMaxWord + 1];
    if (!lower_word(t, q, e, buf)) break;
    if (first && (std::strcmp(buf, "dozen") == 0 || std::strcmp(buf, "dozens") == 0)) {
      if (hyphen || !digits.integer) break;
      tail.factor = 12;
      tail.end = e;
      break;
    }
    double f = spaced_scale(t, q, e);
    if (f == 0 || f <= last) break;
    if (hyphen && (f < 1e3 || !first)) break;
    tail.factor *= f;
    tail.end = e;
    last = f;
    first = false;
    if (hyphen) break;
    std::size_t r = gap_end(t, e, true);
    if (r == e) break;
    q = r;
  }
  return tail;
}

}  // namespace newsdeal::numerals_detail
