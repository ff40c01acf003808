#include "extractors/rule_extractor.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "lang/lower_bound.h"
#include "lang/utf8.h"

namespace newsdeal {
namespace {

RuleBook load(const std::vector<std::string>& dirs, const RuleLimits& limits) {
  std::vector<RuleSource> sources = embedded_rule_sources();
  for (const auto& d : dirs) add_rule_dir(sources, d);
  return parse_rules(sources, limits);
}

bool is_han(char32_t c) {
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

struct HanCount {
  std::size_t han = 0;
  std::size_t changed = 0;
};

}  // namespace

struct RuleExtractor::TextView {
  std::string_view text;          // normalized
  const std::uint32_t* starts;    // input_start of text[0]
  const std::uint32_t* ends;      // input_end of text[0]
  std::uint32_t in_base = 0;      // subtracted from starts/ends: offsets into the paragraph's input
  std::uint32_t in_size = 0;      // the paragraph's input size (input_start one past the end)

  static TextView of(const NormalizedText& n) {
    return {n.text, n.input_start.data(), n.input_end.data(), 0, n.input_start.back()};
  }
  // As NormalizedText::to_input.
  Span to_input(Span s) const {
    const std::size_t n = text.size();
    const std::size_t a = std::min(s.start, n);
    const std::size_t b = std::min(s.end, n);
    const std::size_t at = a < n ? starts[a] - in_base : in_size;
    if (b <= a) return {at, at};
    return {at, ends[b - 1] - in_base};
  }
};

namespace {

// The code point of the UTF-8 sequence at s[i] (a lead byte >= 0x80), its length
// in `len`. Inline: this runs for every non-ASCII character of every article.
inline char32_t decode_at(const unsigned char* s, std::size_t size, std::size_t i, std::size_t& len) {
  const unsigned char c = s[i];
  len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < len && i + k < size; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
  return cp;
}

HanCount count_changed_han(std::string_view text, const RuleExtractor::TextView& n) {
  HanCount c;
  const auto* out = reinterpret_cast<const unsigned char*>(n.text.data());
  const std::size_t size = n.text.size();
  for (std::size_t i = 0; i < size;) {
    if (out[i] < 0x80) {  // ASCII: no Han
      ++i;
      continue;
    }
    std::size_t len;
    const char32_t cp = decode_at(out, size, i, len);
    const std::size_t start = i;
    i += len;
    if (!is_han(cp)) continue;
    Span in = n.to_input({start, i});
    if (in.empty() || in.end > text.size()) continue;
    if (in.size() == len) {
      // The same bytes (compared here: a call to memcmp per character cost more
      // than the comparison): the same character, unchanged.
      const auto* orig = reinterpret_cast<const unsigned char*>(text.data()) + in.start;
      std::size_t k = 0;
      while (k < len && orig[k] == out[start + k]) ++k;
      if (k == len) {
        ++c.han;
        continue;
      }
    }
    std::size_t orig_len;
    const char32_t orig = decode_at(reinterpret_cast<const unsigned char*>(text.data()), text.size(), in.start, orig_len);
    if (in.start + orig_len != in.end || !is_han(orig)) continue;
    ++c.han;
    if (orig != cp) ++c.changed;
  }
  return c;
}

// Traditional text changes a third or more of its Han characters; simplified text
// almost none (a stray 著 or 於 at most).
bool traditional_share(const HanCount& c) { return c.changed >= 3 && c.changed * 10 >= c.han; }

const std::vector<Lang>& langs_for(Lang lang) {
  static const std::vector<Lang> zh{Lang::zh}, en{Lang::en}, both{Lang::zh, Lang::en};
  if (lang == Lang::zh) return zh;
  if (lang == Lang::en) return en;
  return both;
}

// The part of `n` (the normalization of the whole text) that is the normalization
// of input [start, end) on its own.
std::optional<RuleExtractor::TextView> slice(const NormalizedText& n, std::size_t start, std::size_t end) {
  std::optional<Span> part = n.part_of(start, end);
  if (!part) return std::nullopt;
  return RuleExtractor::TextView{std::string_view(n.text).substr(part->start, part->end - part->start),
                                 n.input_start.data() + part->start, n.input_end.data() + part->start,
                                 static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end - start)};
}

// The chunks of a paragraph's normalized view: cut where each of its sentences
// after the first starts (sentences = those of doc.sentences from `from` on, input
// offsets, sorted), so the chunks cover the view; one chunk when none start inside.
void sentence_chunks(const RuleExtractor::TextView& v, Span paragraph, std::vector<Span>::const_iterator from,
                     std::vector<Span>::const_iterator to, std::vector<Span>& chunks) {
  chunks.clear();
  const std::size_t n = v.text.size();
  std::size_t begin = 0;
  for (auto s = from; s != to && s->start < paragraph.end; ++s) {
    if (s->start <= paragraph.start) continue;
    const std::uint32_t at = static_cast<std::uint32_t>(s->start - paragraph.start) + v.in_base;
    const std::size_t cut = static_cast<std::size_t>(branchless_lower_bound(v.starts + begin, v.starts + n, at) - v.starts);
    if (cut > begin && cut < n) {
      chunks.push_back({begin, cut});
      begin = cut;
    }
  }
  chunks.push_back({begin, n});
}

std::vector<EntityType> types_of(const RuleEngine& engine, const std::vector<Lang>& langs) {
  std::vector<EntityType> types;
  for (Lang l : langs)
    for (EntityType t : engine.types(l))
      if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
  return types;
}

}  // namespace

bool is_traditional(std::string_view text, const NormalizedText& normalized) {
  return traditional_share(count_changed_han(text, RuleExtractor::TextView::of(normalized)));
}

RuleExtractor::RuleExtractor(const std::vector<std::string>& rule_dirs, const RuleLimits& limits)
    : engine_(load(rule_dirs, limits), limits),
      types_zh_(types_of(engine_, langs_for(Lang::zh))),
      types_en_(types_of(engine_, langs_for(Lang::en))),
      types_both_(types_of(engine_, langs_for(Lang::mixed))) {}

RuleExtractor::RuleExtractor(RuleBook book, const RuleLimits& limits)
    : engine_(std::move(book), limits),
      types_zh_(types_of(engine_, langs_for(Lang::zh))),
      types_en_(types_of(engine_, langs_for(Lang::en))),
      types_both_(types_of(engine_, langs_for(Lang::mixed))) {}

const std::vector<EntityType>& RuleExtractor::types_for(Lang lang) const {
  return lang == Lang::zh ? types_zh_ : lang == Lang::en ? types_en_ : types_both_;
}

// The mentions of one normalized paragraph, offset by `base` into the input.
void RuleExtractor::run(const TextView& n, const std::vector<Span>& chunks, Lang lang, const MatchOptions& opts,
                        std::size_t base, std::vector<Mention>& out) const {
  thread_local std::vector<std::vector<RuleMatch>> found;
  engine_.match(n.text, chunks, langs_for(lang), types_for(lang), opts, found);
  emit(n, lang, found, base, out);
}

void RuleExtractor::emit(const TextView& n, Lang lang, std::vector<std::vector<RuleMatch>>& found, std::size_t base,
                         std::vector<Mention>& out) const {
  const std::vector<EntityType>& types = types_for(lang);
  for (std::size_t ti = 0; ti < types.size() && ti < found.size(); ++ti) {
    const EntityType t = types[ti];
    for (RuleMatch& m : found[ti]) {
      auto emit = [&](Span s, Range value, bool last) {
        Mention mention;
        mention.type = t;
        Span in = n.to_input(s);
        mention.span = {base + in.start, base + in.end};
        mention.value = value;
        if (last) mention.attrs = std::move(m.attrs);
        else mention.attrs = m.attrs;
        mention.rule = m.rule->name;
        mention.priority = m.rule->priority;
        out.push_back(std::move(mention));
      };
      if (m.rule->split && m.value.min && m.value.max) {
        emit(m.min_span, Range::exact(*m.value.min, m.value.approx), false);
        emit(m.max_span, Range::exact(*m.value.max, m.value.approx), true);
      } else {
        emit(m.span, m.value, true);
      }
    }
  }
}

std::vector<Mention> RuleExtractor::extract_text(std::string_view text, Lang lang, bool traditional) const {
  NormalizedText n = normalizer_.normalize(text);
  MatchOptions opts;
  opts.traditional = traditional;
  std::vector<Mention> out;
  run(TextView::of(n), {Span{0, n.text.size()}}, lang, opts, 0, out);
  std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) {
    return a.span.start != b.span.start ? a.span.start < b.span.start : a.span.end < b.span.end;
  });
  return out;
}

// One document's part of extract_all: its paragraphs' views and sentence chunks,
// the options its rules match with, and what they found per paragraph.
struct RuleExtractor::DocWork {
  const Document* doc = nullptr;
  std::vector<Paragraph> whole;  // the whole text as one paragraph, when it has none
  const std::vector<Paragraph>* paragraphs = nullptr;
  std::vector<TextView> views;
  std::vector<std::unique_ptr<NormalizedText>> own;
  std::vector<std::vector<Span>> chunks;                       // per paragraph
  std::vector<std::vector<std::vector<RuleMatch>>> found;      // per paragraph, per type
  std::optional<bool> traditional;
  MatchOptions opts;
};

void RuleExtractor::prepare(const Document& doc, DocWork& w) const {
  w.doc = &doc;
  if (doc.paragraphs.empty() && !doc.text.empty()) w.whole.push_back({{0, doc.text.size()}, detect_lang(doc.text), 0});
  w.paragraphs = doc.paragraphs.empty() ? &w.whole : &doc.paragraphs;
  const std::vector<Paragraph>& paragraphs = *w.paragraphs;

  // Each paragraph's normalized text: its part of doc.normalized when that is the
  // normalization of doc.text and the part stands on its own, else its own.
  const NormalizedText& dn = doc.normalized;
  const bool have_doc = !dn.input_start.empty() && dn.input_start.size() == dn.text.size() + 1 &&
                        dn.input_end.size() == dn.input_start.size() && dn.input_start.back() == doc.text.size();
  w.views.reserve(paragraphs.size());
  for (const auto& p : paragraphs) {
    std::optional<TextView> v;
    if (have_doc && p.span.start <= p.span.end && p.span.end <= doc.text.size()) v = slice(dn, p.span.start, p.span.end);
    if (!v) {
      w.own.push_back(std::make_unique<NormalizedText>(normalizer_.normalize(doc.slice(p.span))));
      v = TextView::of(*w.own.back());
    }
    w.views.push_back(*v);
  }

  // Whether the article is in traditional characters, over all its paragraphs:
  // worked out only if a rule asks (see MatchOptions::traditional_if_asked).
  w.opts.traditional_if_asked = [&w] {
    if (!w.traditional) {
      HanCount total;
      for (std::size_t i = 0; i < w.paragraphs->size(); ++i) {
        HanCount c = count_changed_han(w.doc->slice((*w.paragraphs)[i].span), w.views[i]);
        total.han += c.han;
        total.changed += c.changed;
      }
      w.traditional = traditional_share(total);
    }
    return *w.traditional;
  };
  w.chunks.resize(paragraphs.size());
  w.found.resize(paragraphs.size());
  auto sentence = doc.sentences.begin();
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    const Span p = paragraphs[i].span;
    while (sentence != doc.sentences.end() && sentence->start < p.start) ++sentence;
    sentence_chunks(w.views[i], p, sentence, doc.sentences.end(), w.chunks[i]);
  }
}

void RuleExtractor::extract(Document& doc) const { extract_all({&doc}); }

bool RuleExtractor::extract_all(const std::vector<Document*>& docs) const {
  std::vector<std::unique_ptr<DocWork>> work;
  work.reserve(docs.size());
  std::vector<RuleEngine::Piece> pieces;
  for (Document* doc : docs) {
    work.push_back(std::make_unique<DocWork>());
    DocWork& w = *work.back();
    prepare(*doc, w);
    for (std::size_t i = 0; i < w.paragraphs->size(); ++i) {
      const Lang lang = (*w.paragraphs)[i].lang;
      pieces.push_back({w.views[i].text, &w.chunks[i], &langs_for(lang), &types_for(lang), &w.opts, &w.found[i]});
    }
  }
  // Every document's matches first (what throws, throws here), then their mentions.
  engine_.match(pieces);
  for (std::size_t k = 0; k < docs.size(); ++k) {
    DocWork& w = *work[k];
    for (std::size_t i = 0; i < w.paragraphs->size(); ++i) {
      const Paragraph& p = (*w.paragraphs)[i];
      emit(w.views[i], p.lang, w.found[i], p.span.start, docs[k]->mentions);
    }
  }
  return true;
}

}  // namespace newsdeal
