#include "pipeline/link/sentences.h"

#include <algorithm>

#include <re2/re2.h>

#include "pipeline/link/relation_rules.h"

namespace newsdeal {
namespace {

bool is_named(EntityType t) { return t == EntityType::company || t == EntityType::chip || t == EntityType::person; }

char letter_of(EntityType t) {
  return t == EntityType::company ? 'c' : t == EntityType::chip ? 'h' : 'p';
}

// Appends the normalized form of input[start, end) to the view. Curly quotes
// become straight ones so rules can write "'s" once.
void append_gap(SentenceView& v, const Document& doc, std::size_t start, std::size_t end, const Normalizer& norm) {
  if (end <= start) return;
  NormalizedText n = norm.normalize(doc.slice({start, end}));
  for (std::size_t i = 0; i < n.text.size();) {
    if (n.text.compare(i, 3, "\xE2\x80\x99") == 0 || n.text.compare(i, 3, "\xE2\x80\x98") == 0) {
      v.text += '\'';
      v.input_at.push_back(static_cast<std::uint32_t>(start + n.input_start[i]));
      i += 3;
      continue;
    }
    v.text += n.text[i];
    v.input_at.push_back(static_cast<std::uint32_t>(start + n.input_start[i]));
    ++i;
  }
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

}  // namespace

std::vector<SentenceView> build_sentence_views(const Document& doc, const Normalizer& normalizer) {
  std::vector<SentenceView> views;
  std::size_t m = 0;  // mentions are sorted by start
  for (std::size_t si = 0; si < doc.sentences.size(); ++si) {
    Span s = doc.sentences[si];
    SentenceView v;
    v.index = si;
    v.span = s;
    const Paragraph* p = doc.paragraph_at(s.start);
    v.section = p ? p->section : 0;
    v.lang = p ? p->lang : Lang::none;
    if (v.lang == Lang::mixed || v.lang == Lang::none) {
      Lang l = detect_lang(doc.slice(s));
      v.lang = l == Lang::en ? Lang::en : Lang::zh;
    }
    while (m < doc.mentions.size() && doc.mentions[m].span.start < s.start) ++m;
    std::size_t pos = s.start;
    for (std::size_t k = m; k < doc.mentions.size() && doc.mentions[k].span.start < s.end; ++k) {
      const Mention& mention = doc.mentions[k];
      if (mention.span.end > s.end) continue;
      v.mentions.push_back(k);
      // Named mentions become placeholders; numeric ones stay text (they may
      // overlap a named one: "tens of millions of Graviton5 cores").
      if (!is_named(mention.type) || mention.span.start < pos) continue;
      append_gap(v, doc, pos, mention.span.start, normalizer);
      std::string ph = "\x01";
      ph += letter_of(mention.type);
      ph += std::to_string(v.named.size());
      ph += "\x02";
      for (std::size_t i = 0; i < ph.size(); ++i) v.input_at.push_back(static_cast<std::uint32_t>(mention.span.start));
      v.text += ph;
      v.named.push_back(k);
      pos = mention.span.end;
      // "甲骨文(Oracle)", "Oracle (ORCL)", "CoreWeave (NASDAQ: CRWV)": the name again
      // or a ticker in brackets is left out, so rules see one party, not two.
      if (std::size_t end = bracketed_repeat(doc, k, s.end)) pos = end;
    }
    append_gap(v, doc, pos, s.end, normalizer);
    v.input_at.push_back(static_cast<std::uint32_t>(s.end));
    views.push_back(std::move(v));
  }
  return views;
}

}  // namespace newsdeal
