#include "pipeline/link/sentences.h"

#include <algorithm>
#include <optional>

#include <re2/re2.h>

#include "pipeline/link/cues.h"
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
  // The gap's part of the document's normalization where it stands on its own
  // (nearly always), else the gap normalized alone.
  std::string_view text;
  const std::uint32_t* input_at = nullptr;
  std::size_t base = start;
  NormalizedText own;
  if (std::optional<Span> part = doc.normalized.part_of(start, end)) {
    text = std::string_view(doc.normalized.text).substr(part->start, part->end - part->start);
    input_at = doc.normalized.input_start.data() + part->start;
    base = 0;
  } else {
    own = norm.normalize(doc.slice({start, end}));
    text = own.text;
    input_at = own.input_start.data();
  }
  v.text.reserve(v.text.size() + text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "\xE2\x80\x99") == 0 || text.compare(i, 3, "\xE2\x80\x98") == 0) {
      v.text += '\'';
      v.input_at.push_back(static_cast<std::uint32_t>(base + input_at[i]));
      i += 3;
      continue;
    }
    v.text += text[i];
    v.input_at.push_back(static_cast<std::uint32_t>(base + input_at[i]));
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

std::vector<SentenceView> build_sentence_views(const Document& doc, const Normalizer& normalizer, const Cues* cues) {
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

    // The named things of the sentence, in order: mentions, and phrases that
    // refer back to a company ("the company", "the tech giant", 该公司) resolved
    // to the company named last before them in the section.
    struct Named {
      Span span;
      char letter;
      std::string key;
      std::optional<std::size_t> mention;
    };
    std::vector<Named> items;
    for (std::size_t k = m; k < doc.mentions.size() && doc.mentions[k].span.start < s.end; ++k) {
      const Mention& mention = doc.mentions[k];
      if (mention.span.end > s.end) continue;
      v.mentions.push_back(k);
      // Named mentions become placeholders; numeric ones stay text (they may
      // overlap a named one: "tens of millions of Graviton5 cores").
      if (is_named(mention.type)) items.push_back({mention.span, letter_of(mention.type), mention.key, k});
    }
    if (cues) {
      NormalizedText n = normalizer.normalize(doc.slice(s));
      std::string_view lang = v.lang == Lang::zh ? "zh" : "en";
      for (Span a : cues->find_all(lang, "org-anaphor", n.text)) {
        Span in = n.to_input(a);
        in = {s.start + in.start, s.start + in.end};
        bool overlaps = std::any_of(items.begin(), items.end(), [&](const Named& x) { return x.span.overlaps(in); });
        if (overlaps) continue;
        for (std::size_t k = m; k-- > 0;) {  // the last company before the sentence...
          const Mention& c = doc.mentions[k];
          const Paragraph* cp = doc.paragraph_at(c.span.start);
          if (cp && cp->section != v.section) break;
          if (c.type == EntityType::company) {
            items.push_back({in, 'c', c.key, std::nullopt});
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

    std::size_t pos = s.start;
    for (const Named& item : items) {
      if (item.span.start < pos) continue;
      append_gap(v, doc, pos, item.span.start, normalizer);
      std::string ph = "\x01";
      ph += item.letter;
      ph += std::to_string(v.named.size());
      ph += "\x02";
      for (std::size_t i = 0; i < ph.size(); ++i) v.input_at.push_back(static_cast<std::uint32_t>(item.span.start));
      v.text += ph;
      v.named.push_back(item.key);
      v.named_letters.push_back(item.letter);
      v.named_anaphor.push_back(!item.mention);
      pos = item.span.end;
      // "甲骨文(Oracle)", "Oracle (ORCL)", "CoreWeave (NASDAQ: CRWV)": the name again
      // or a ticker in brackets is left out, so rules see one party, not two.
      if (item.mention)
        if (std::size_t end = bracketed_repeat(doc, *item.mention, s.end)) pos = end;
    }
    append_gap(v, doc, pos, s.end, normalizer);
    v.input_at.push_back(static_cast<std::uint32_t>(s.end));
    views.push_back(std::move(v));
  }
  return views;
}

}  // namespace newsdeal
