#include "extractors/rule_extractor.h"

#include <algorithm>

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

HanCount count_changed_han(std::string_view text, const NormalizedText& n) {
  HanCount c;
  std::size_t i = 0;
  while (i < n.text.size()) {
    std::size_t start = i;
    char32_t out = next_code_point(n.text, i);
    if (!is_han(out)) continue;
    Span in = n.to_input({start, i});
    if (in.empty() || in.end > text.size()) continue;
    std::size_t p = in.start;
    char32_t orig = next_code_point(text, p);
    if (p != in.end || !is_han(orig)) continue;
    ++c.han;
    if (orig != out) ++c.changed;
  }
  return c;
}

// Traditional text changes a third or more of its Han characters; simplified text
// almost none (a stray 著 or 於 at most).
bool traditional_share(const HanCount& c) { return c.changed >= 3 && c.changed * 10 >= c.han; }

std::vector<Lang> langs_for(Lang lang) {
  if (lang == Lang::zh) return {Lang::zh};
  if (lang == Lang::en) return {Lang::en};
  return {Lang::zh, Lang::en};
}

}  // namespace

bool is_traditional(std::string_view text, const NormalizedText& normalized) {
  return traditional_share(count_changed_han(text, normalized));
}

RuleExtractor::RuleExtractor(const std::vector<std::string>& rule_dirs, const RuleLimits& limits)
    : engine_(load(rule_dirs, limits), limits) {}

RuleExtractor::RuleExtractor(RuleBook book, const RuleLimits& limits) : engine_(std::move(book), limits) {}

// The mentions of one normalized paragraph, offset by `base` into the input.
void RuleExtractor::run(const NormalizedText& n, Lang lang, const MatchOptions& opts, std::size_t base,
                        std::vector<Mention>& out) const {
  std::vector<Lang> langs = langs_for(lang);
  std::vector<EntityType> types;
  for (Lang l : langs)
    for (EntityType t : engine_.types(l))
      if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
  for (EntityType t : types) {
    for (const RuleMatch& m : engine_.match(n.text, langs, t, opts)) {
      auto emit = [&](Span s, Range value) {
        Mention mention;
        mention.type = t;
        Span in = n.to_input(s);
        mention.span = {base + in.start, base + in.end};
        mention.value = value;
        mention.attrs = m.attrs;
        mention.rule = m.rule->name;
        mention.priority = m.rule->priority;
        out.push_back(std::move(mention));
      };
      if (m.rule->split && m.value.min && m.value.max) {
        emit(m.min_span, Range::exact(*m.value.min, m.value.approx));
        emit(m.max_span, Range::exact(*m.value.max, m.value.approx));
      } else {
        emit(m.span, m.value);
      }
    }
  }
}

std::vector<Mention> RuleExtractor::extract_text(std::string_view text, Lang lang, bool traditional) const {
  NormalizedText n = normalizer_.normalize(text);
  MatchOptions opts;
  opts.traditional = traditional;
  std::vector<Mention> out;
  run(n, lang, opts, 0, out);
  std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) {
    return a.span.start != b.span.start ? a.span.start < b.span.start : a.span.end < b.span.end;
  });
  return out;
}

void RuleExtractor::extract(Document& doc) const {
  std::vector<Paragraph> paragraphs = doc.paragraphs;
  if (paragraphs.empty() && !doc.text.empty()) paragraphs.push_back({{0, doc.text.size()}, detect_lang(doc.text), 0});

  // Whether the article is in traditional characters, over all its paragraphs.
  std::vector<NormalizedText> normalized;
  normalized.reserve(paragraphs.size());
  HanCount total;
  for (const auto& p : paragraphs) {
    normalized.push_back(normalizer_.normalize(doc.slice(p.span)));
    HanCount c = count_changed_han(doc.slice(p.span), normalized.back());
    total.han += c.han;
    total.changed += c.changed;
  }
  MatchOptions opts;
  opts.traditional = traditional_share(total);
  for (std::size_t i = 0; i < paragraphs.size(); ++i) run(normalized[i], paragraphs[i].lang, opts, paragraphs[i].span.start, doc.mentions);
}

}  // namespace newsdeal
