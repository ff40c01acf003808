#include "pipeline/link/sentences.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include <re2/re2.h>

#include "lang/lower_bound.h"
#include "pipeline/link/cues.h"
#include "pipeline/link/relation_rules.h"

namespace newsdeal {
namespace {

bool is_named(EntityType t) { return t == EntityType::company || t == EntityType::chip || t == EntityType::person; }

char letter_of(EntityType t) {
  return t == EntityType::company ? 'c' : t == EntityType::chip ? 'h' : 'p';
}

// A sentence's normalized text and its map to input offsets: its part of the
// document's normalization where it stands on its own (nearly always), which is
// what normalizing it alone gives, else it normalized alone.
struct SentenceText {
  std::string_view text;
  SentenceText(const Document& doc, Span s, const Normalizer& norm, bool need_text)
      : sentence_(s), doc_normalized_(&doc.normalized) {
    if (std::optional<Span> part = doc.normalized.part_of(s.start, s.end)) {
      whole_ = &doc.normalized;
      part_ = *part;
      text = std::string_view(doc.normalized.text).substr(part->start, part->size());
    } else if (need_text) {
      own_ = norm.normalize(doc.slice(s));
      text = own_.text;
    }
  }

  // doc.normalized.part_of(start, end) for input inside the sentence, searching
  // only the sentence's part: the document-wide binary search costs a cache miss
  // a step. The same answer: every entry before the part is below the sentence's
  // start and the entry at its end is the sentence's end, so the first entry at
  // or past an offset inside the sentence lies within [part start, part end].
  // Each search starts from the offset's share of the part (normalization
  // shrinks or grows a sentence about evenly), which reads a line or two of the
  // map, cold by now, where a binary search over the part read one per step.
  // `inside` tells whether the answer is a piece of `text`.
  std::optional<Span> part_of(std::size_t start, std::size_t end, bool* inside) const {
    *inside = false;
    if (!whole_ || start < sentence_.start || end > sentence_.end || end < start)
      return doc_normalized_->part_of(start, end);
    const std::uint32_t* at = whole_->input_start.data();
    const std::size_t input_size = sentence_.size();
    auto first_at = [&](std::size_t in) {
      const std::size_t share = input_size ? (in - sentence_.start) * part_.size() / input_size : 0;
      return static_cast<std::size_t>(galloping_lower_bound(at + part_.start, at + part_.end,
                                                            static_cast<std::uint32_t>(in), at + part_.start + share) -
                                      at);
    };
    const std::size_t a = first_at(start), b = first_at(end);
    if (at[a] != start || at[b] != end || b < a) return std::nullopt;
    if (a > 0 && whole_->input_end[a - 1] > start) return std::nullopt;
    if (b > 0 && whole_->input_end[b - 1] > end) return std::nullopt;
    *inside = true;
    return Span{a, b};
  }
  bool is_document_part() const { return whole_ != nullptr; }

  // Input offsets of a span of `text`, as NormalizedText::to_input gives them.
  Span to_input(Span a) const {
    if (!whole_) {
      Span in = own_.to_input(a);
      return {sentence_.start + in.start, sentence_.start + in.end};
    }
    const std::size_t n = part_.size();
    const std::size_t from = part_.start + std::min(a.start, n), to = part_.start + std::min(a.end, n);
    if (to <= from) return {whole_->input_start[from], whole_->input_start[from]};
    return {whole_->input_start[from], whole_->input_end[to - 1]};
  }

 private:
  Span sentence_;
  const NormalizedText* doc_normalized_;
  const NormalizedText* whole_ = nullptr;
  Span part_;
  NormalizedText own_;
};

// Appends the normalized form of input[start, end) to the view. Curly quotes
// become straight ones so rules can write "'s" once.
// Returns whether the text appended is a piece of sentence.text (with curly
// quotes straightened).
bool append_gap(SentenceView& v, const Document& doc, const SentenceText& sentence, std::size_t start,
                std::size_t end, const Normalizer& norm) {
  if (end <= start) return true;
  // The gap's part of the document's normalization where it stands on its own
  // (nearly always), else the gap normalized alone.
  std::string_view text;
  const std::uint32_t* input_at = nullptr;
  std::size_t base = start;
  NormalizedText own;
  bool inside = false;
  const bool in_document = [&] {
    std::optional<Span> part = sentence.part_of(start, end, &inside);
    if (!part) return false;
    text = std::string_view(doc.normalized.text).substr(part->start, part->end - part->start);
    input_at = doc.normalized.input_start.data() + part->start;
    base = 0;
    return true;
  }();
  if (!in_document) {
    inside = false;
    own = norm.normalize(doc.slice({start, end}));
    text = own.text;
    input_at = own.input_start.data();
  }
  // Bulk copies between curly quotes (rare), which become one byte each.
  for (std::size_t i = 0; i < text.size();) {
    std::size_t q = text.find("\xE2\x80", i);
    while (q != std::string_view::npos && !(q + 2 < text.size() && (text[q + 2] == '\x99' || text[q + 2] == '\x98')))
      q = text.find("\xE2\x80", q + 1);
    const std::size_t stop = q == std::string_view::npos ? text.size() : q;
    if (stop > i) {
      const auto at = static_cast<std::uint32_t>(v.text.size());
      if (in_document) {  // (nearly always) its offsets are read where they are
        v.runs.push_back({at, input_at + i});
      } else {
        v.runs.push_back({at, nullptr, static_cast<std::uint32_t>(v.own_input.size())});
        for (std::size_t k = i; k < stop; ++k) v.own_input.push_back(static_cast<std::uint32_t>(base + input_at[k]));
      }
      v.text.append(text, i, stop - i);
    }
    if (stop == text.size()) break;
    v.runs.push_back({static_cast<std::uint32_t>(v.text.size()), nullptr, SentenceView::kNoOwn,
                      static_cast<std::uint32_t>(base + input_at[stop])});
    v.text += '\'';
    i = stop + 3;
  }
  return inside;
}

// Adds to v.scan the literals of the bytes around each placeholder and quote of
// v.text: a literal that touches one lies within kAtomBytes - 1 bytes of it.
void scan_around(SentenceView& v) {
  const std::string_view text = v.text;
  const std::size_t reach = Prefilter::kAtomBytes - 1;
  std::size_t from = 0, to = 0;  // the window being grown
  bool open = false;
  // The next placeholder and quote at or past a position, by memchr rather
  // than a test of every byte (the same positions, in the same order).
  std::size_t next_ph = text.find('\x01'), next_quote = text.find('\'');
  for (std::size_t i = 0; i < text.size();) {
    if (next_ph < i) next_ph = text.find('\x01', i);
    if (next_quote < i) next_quote = text.find('\'', i);
    i = std::min(next_ph, next_quote);
    if (i == std::string_view::npos) break;
    std::size_t end = i + 1;
    if (text[i] == '\x01') end = std::min(text.size(), text.find('\x02', i) + 1);  // (npos + 1 == 0)
    if (end <= i) end = text.size();
    const std::size_t a = i > reach ? i - reach : 0, b = std::min(text.size(), end + reach);
    if (open && a <= to) {
      to = std::max(to, b);
    } else {
      if (open) v.scan.filter->scan_more(text.substr(from, to - from), v.scan.seen);
      from = a, to = b, open = true;
    }
    i = end;
  }
  if (open) v.scan.filter->scan_more(text.substr(from, to - from), v.scan.seen);
}

bool same_entity(const Mention& a, const Mention& b) {
  if (a.key == b.key) return true;
  auto parent = [](const Mention& m) {
    auto it = m.attrs.find("parent");
    return it == m.attrs.end() ? std::string() : it->second;
  };
  return parent(a) == b.key || parent(b) == a.key;
}

// If a bracket follows mention k and holds only the same entity again or a
// ticker, the input offset just past the closing bracket; else 0.
std::size_t bracketed_repeat(const Document& doc, std::size_t k, std::size_t limit) {
  static const RE2 ticker(R"(^\s*(?:\(|\x{FF08})\s*(?:[A-Za-z]+\s*(?::|\x{FF1A})\s*)?[A-Z][A-Z0-9.]{0,5}\s*(?:\)|\x{FF09}))");
  std::string_view rest = doc.slice({doc.mentions[k].span.end, limit});
  // Both forms open with a bracket after spaces: most mentions have none, and
  // need no regex run.
  const std::size_t first = rest.find_first_not_of(" \t\n\f\r");
  if (first == std::string_view::npos || (rest[first] != '(' && rest.compare(first, 3, "\xEF\xBC\x88") != 0)) return 0;
  re2::StringPiece m;
  if (RE2::PartialMatch(re2::StringPiece(rest.data(), rest.size()), ticker, &m) && m.data())
    return doc.mentions[k].span.end + m.size();
  // The same entity named again inside the bracket.
  std::size_t open = rest.find_first_not_of(' ');
  if (open == std::string_view::npos) return 0;
  std::size_t after_open = rest.compare(open, 1, "(") == 0 ? open + 1 : rest.compare(open, 3, "\xEF\xBC\x88") == 0 ? open + 3 : 0;
  if (!after_open || k + 1 >= doc.mentions.size()) return 0;
  const Mention& inner = doc.mentions[k + 1];
  std::size_t base = doc.mentions[k].span.end;
  if (inner.span.start != base + after_open || !same_entity(doc.mentions[k], inner)) return 0;
  std::string_view tail = doc.slice({inner.span.end, limit});
  if (tail.compare(0, 1, ")") == 0) return inner.span.end + 1;
  if (tail.compare(0, 3, "\xEF\xBC\x89") == 0) return inner.span.end + 3;
  return 0;
}

// Appends the placeholder of a named thing to `text`: \x01, its letter, its
// number in decimal, \x02.
void append_placeholder(std::string& text, char letter, std::size_t number) {
  char digits[24];
  const char* end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  text += '\x01';
  text += letter;
  text.append(digits, static_cast<std::size_t>(end - digits));
  text += '\x02';
}

}  // namespace

SentenceViewBuilder::SentenceViewBuilder(const Document& doc, const Normalizer& normalizer, const Cues* cues)
    : doc_(doc),
      normalizer_(normalizer),
      cues_(cues),
      anaphor_en_(cues ? cues->group_id("en", "org-anaphor") : -1),
      anaphor_zh_(cues ? cues->group_id("zh", "org-anaphor") : -1) {}

void SentenceViewBuilder::build(std::size_t si, SentenceView& v) {
  const Document& doc = doc_;
  const Cues* cues = cues_;
  std::size_t& m = m_;
  Span s = doc.sentences[si];
  v.index = si;
  v.span = s;
  v.text.clear();
  v.runs.clear();
  v.own_input.clear();
  v.named.clear();
  v.named_letters.clear();
  v.named_anaphor.clear();
  v.mentions.clear();
  v.scan.filter = nullptr;
  const Paragraph* p = doc.paragraph_at(s.start);
  v.section = p ? p->section : 0;
  v.lang = p ? p->lang : Lang::none;
  if (v.lang == Lang::mixed || v.lang == Lang::none) {
    Lang l = detect_lang(doc.slice(s));
    v.lang = l == Lang::en ? Lang::en : Lang::zh;
  }
  while (m < doc.mentions.size() && doc.mentions[m].span.start < s.start) ++m;

  // The named things of the sentence, in order: mentions, and phrases that
  // refer back to a company ("the company", "the tech giant", 该公司) resolved
  // to the company named last before them in the section.
  std::vector<Named>& items = items_;
  items.clear();
  for (std::size_t k = m; k < doc.mentions.size() && doc.mentions[k].span.start < s.end; ++k) {
    const Mention& mention = doc.mentions[k];
    if (mention.span.end > s.end) continue;
    v.mentions.push_back(k);
    // Named mentions become placeholders; numeric ones stay text (they may
    // overlap a named one: "tens of millions of Graviton5 cores").
    if (is_named(mention.type)) items.push_back({mention.span, letter_of(mention.type), &mention.key, k});
  }
  SentenceText n(doc, s, normalizer_, cues != nullptr);
  // The scan of n.text, in v.scan until the view's own text is made.
  if (cues) {
    cues->scan(v.lang == Lang::zh ? "zh" : "en", n.text, v.scan);
    anaphors_.clear();
    cues->find_all(v.lang == Lang::zh ? anaphor_zh_ : anaphor_en_, n.text, &v.scan, anaphors_);
    for (Span a : anaphors_) {
      Span in = n.to_input(a);
      bool overlaps = std::any_of(items.begin(), items.end(), [&](const Named& x) { return x.span.overlaps(in); });
      if (overlaps) continue;
      for (std::size_t k = m; k-- > 0;) {  // the last company before the sentence...
        const Mention& c = doc.mentions[k];
        const Paragraph* cp = doc.paragraph_at(c.span.start);
        if (cp && cp->section != v.section) break;
        if (c.type == EntityType::company) {
          items.push_back({in, 'c', &c.key, std::nullopt});
          break;
        }
      }
    }
    // ...or before the phrase in the sentence itself.
    for (auto& it : items) {
      if (it.mention) continue;
      for (const auto& other : items)
        if (other.mention && other.letter == 'c' && other.span.end <= it.span.start) it.key = other.key;
    }
    std::sort(items.begin(), items.end(), [](const Named& a, const Named& b) { return a.span.start < b.span.start; });
  }

  v.text.reserve(s.size() + 8 * items.size());
  std::size_t pos = s.start;
  bool pieces = n.is_document_part();  // every gap a piece of n.text
  for (const Named& item : items) {
    if (item.span.start < pos) continue;
    pieces = append_gap(v, doc, n, pos, item.span.start, normalizer_) && pieces;
    v.runs.push_back({static_cast<std::uint32_t>(v.text.size()), nullptr, SentenceView::kNoOwn,
                      static_cast<std::uint32_t>(item.span.start)});
    append_placeholder(v.text, item.letter, v.named.size());
    v.named.push_back(*item.key);
    v.named_letters.push_back(item.letter);
    v.named_anaphor.push_back(!item.mention);
    pos = item.span.end;
    // "甲骨文(Oracle)", "Oracle (ORCL)", "CoreWeave (NASDAQ: CRWV)": the name again
    // or a ticker in brackets is left out, so rules see one party, not two.
    if (item.mention)
      if (std::size_t end = bracketed_repeat(doc, *item.mention, s.end)) pos = end;
  }
  pieces = append_gap(v, doc, n, pos, s.end, normalizer_) && pieces;
  v.runs.push_back({static_cast<std::uint32_t>(v.text.size()), nullptr, SentenceView::kNoOwn,
                    static_cast<std::uint32_t>(s.end)});
  if (cues && v.scan.filter) {
    // The view holds pieces of n.text, placeholders and straightened quotes:
    // a literal in it lies in a piece, so n.text holds it too, or it touches a
    // placeholder or quote, so it lies in a few bytes around one. Scanning
    // those bytes alone completes n.text's scan. Else the view is scanned.
    if (pieces) scan_around(v);
    else cues->scan(v.lang == Lang::zh ? "zh" : "en", v.text, v.scan);
  }
}

std::vector<SentenceView> build_sentence_views(const Document& doc, const Normalizer& normalizer, const Cues* cues) {
  std::vector<SentenceView> views(doc.sentences.size());
  SentenceViewBuilder builder(doc, normalizer, cues);
  for (std::size_t si = 0; si < views.size(); ++si) builder.build(si, views[si]);
  return views;
}

}  // namespace newsdeal
