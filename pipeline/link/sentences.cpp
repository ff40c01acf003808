#include "pipeline/link/sentences.h"

#include <algorithm>

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

bool only_opening_bracket(std::string_view gap) {
  std::size_t open = 0;
  for (std::size_t i = 0; i < gap.size(); ++i) {
    if (gap[i] == ' ') continue;
    if (gap[i] == '(') { ++open; continue; }
    if (gap.compare(i, 3, "\xEF\xBC\x88") == 0) { ++open; i += 2; continue; }  // （
    return false;
  }
  return open == 1;
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
      // "甲骨文(Oracle)", "Amazon Web Services (AWS)": a name repeated in
      // parentheses stays text, so rules see one party, not two.
      if (!v.named.empty() && same_entity(doc.mentions[v.named.back()], mention) &&
          only_opening_bracket(doc.slice({pos, mention.span.start})))
        continue;
      append_gap(v, doc, pos, mention.span.start, normalizer);
      std::string ph = "\x01";
      ph += letter_of(mention.type);
      ph += std::to_string(v.named.size());
      ph += "\x02";
      for (std::size_t i = 0; i < ph.size(); ++i) v.input_at.push_back(static_cast<std::uint32_t>(mention.span.start));
      v.text += ph;
      v.named.push_back(k);
      pos = mention.span.end;
    }
    append_gap(v, doc, pos, s.end, normalizer);
    v.input_at.push_back(static_cast<std::uint32_t>(s.end));
    views.push_back(std::move(v));
  }
  return views;
}

}  // namespace newsdeal
