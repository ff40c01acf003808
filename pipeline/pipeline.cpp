#include "pipeline/pipeline.h"

#include <algorithm>
#include <stdexcept>

#include "extractors/gazetteer.h"
#include "lang/utf8.h"
#include "pipeline/entities.h"
#include "pipeline/link/linker.h"

namespace newsdeal {
namespace {

// A failure inside a stage; process() turns it into an ArticleError.
struct StageError : std::runtime_error {
  StageError(Stage s, const std::string& what) : std::runtime_error(what), stage(s) {}
  Stage stage;
};

void decode(const Article& a) {
  if (a.text.empty()) throw StageError(Stage::read, "empty input");
  if (auto nul = a.text.find('\0'); nul != std::string::npos)
    throw StageError(Stage::decode, "binary data: NUL byte at byte " + std::to_string(nul));
  if (auto bad = find_invalid_utf8(a.text))
    throw StageError(Stage::decode, "invalid UTF-8 at byte " + std::to_string(*bad));
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

Span trim(std::string_view text, Span s) {
  while (s.start < s.end && is_space(text[s.start])) ++s.start;
  while (s.end > s.start && is_space(text[s.end - 1])) --s.end;
  return s;
}

// A first line that reads as a headline: short, more text after it, and no
// sentence-final punctuation.
bool is_headline(std::string_view line, bool more_follows) {
  if (!more_follows || line.empty() || line.size() > 240) return false;
  for (std::string_view end : {".", "!", "?", ":", ";", ",", "\"", "\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F",
                               "\xEF\xBC\x9A", "\xEF\xBC\x8C", "\xE2\x80\x9D"})
    if (line.size() >= end.size() && line.substr(line.size() - end.size()) == end) return false;
  return true;
}

// Sections of a text with no reader-given layout: a headline as "title" when the
// first line reads as one, and the rest as "body".
std::vector<Section> default_sections(std::string_view text) {
  Span all = trim(text, {0, text.size()});
  if (all.empty()) return {};
  std::size_t nl = text.find('\n', all.start);
  if (nl != std::string_view::npos && nl < all.end) {
    Span first = trim(text, {all.start, nl});
    Span rest = trim(text, {nl, all.end});
    if (is_headline(text.substr(first.start, first.size()), !rest.empty()))
      return {{"title", first, Lang::none}, {"body", rest, Lang::none}};
  }
  return {{"body", all, Lang::none}};
}

// Paragraphs are the non-blank lines of each section. Sets each section's
// language too: what the lines' breaks and trimmed spaces leave out holds no
// letters, so the section's script counts are the sum of its paragraphs'.
std::vector<Paragraph> split_paragraphs(std::string_view text, std::vector<Section>& sections) {
  std::vector<Paragraph> out;
  for (std::size_t si = 0; si < sections.size(); ++si) {
    Span s = sections[si].span;
    ScriptCounts section_counts;
    std::size_t start = s.start;
    while (start < s.end) {
      std::size_t nl = text.find('\n', start);
      std::size_t end = (nl == std::string_view::npos || nl > s.end) ? s.end : nl;
      Span p = trim(text, {start, end});
      if (!p.empty()) {
        const ScriptCounts counts = count_scripts(text.substr(p.start, p.size()));
        section_counts += counts;
        out.push_back({p, lang_of(counts), si});
      }
      start = end + 1;
    }
    sections[si].lang = lang_of(section_counts);
  }
  return out;
}

// Whether any paragraph is in Chinese, and any in English (a mixed one is both).
struct LanguagesPresent {
  bool zh = false, en = false;
};
LanguagesPresent languages_present(const std::vector<Paragraph>& paragraphs) {
  LanguagesPresent has;
  for (const auto& p : paragraphs) {
    has.zh |= p.lang == Lang::zh || p.lang == Lang::mixed;
    has.en |= p.lang == Lang::en || p.lang == Lang::mixed;
  }
  return has;
}

std::vector<Lang> languages_of(const std::vector<Paragraph>& paragraphs) {
  const LanguagesPresent has = languages_present(paragraphs);
  std::vector<Lang> langs;
  if (has.zh) langs.push_back(Lang::zh);
  if (has.en) langs.push_back(Lang::en);
  return langs;
}

// The order in which a group's documents go through the stages after
// prepare: English ones first, then those in both languages, then Chinese ones,
// each in input order. Each language has its own automata and tables (people
// patterns, relation rules, cues, literal scanners), which then stay in the
// caches from one document to the next instead of taking turns. Each
// document's result is its own whatever the order.
std::vector<std::size_t> by_language(const std::vector<Document>& docs) {
  const std::size_t n = docs.size();
  std::vector<std::uint8_t> key(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const LanguagesPresent has = languages_present(docs[i].paragraphs);
    key[i] = static_cast<std::uint8_t>(has.zh ? (has.en ? 1 : 2) : 0);
  }
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
  return order;
}

}  // namespace

// The segmentation lexicon: the shipped one plus every Chinese name of the
// gazetteer, so 摩尔线程 or 亚马逊云服务 are one token and a name match can be
// checked against token boundaries (博通 inside 博通过 is not Broadcom).
static Lexicon lexicon_with(const Gazetteer& gazetteer) {
  Lexicon lex = Lexicon::builtin();
  for (const std::string& w : gazetteer.chinese_names()) lex.add(w);
  return lex;
}

Pipeline::Pipeline(const PipelineOptions& opts)
    : opts_(opts),
      gazetteer_(std::make_shared<const Gazetteer>(normalizer_, opts.extractors.gazetteers)),
      segmenter_(std::make_unique<Segmenter>(lexicon_with(*gazetteer_))),
      extractors_(make_extractors(opts.extractors, gazetteer_)),
      linker_(std::make_unique<Linker>(opts.extractors.rule_dirs)) {}

Pipeline::~Pipeline() = default;

Document Pipeline::prepare(const Article& article) const {
  decode(article);
  Document doc;
  doc.text = article.text;

  // parse: a reader's sections for a known layout, else title and body.
  doc.sections = article.sections.empty() ? default_sections(doc.text) : article.sections;
  for (const auto& s : doc.sections) {
    if (s.span.end > doc.text.size() || s.span.start > s.span.end)
      throw StageError(Stage::parse, "section " + s.name + " lies outside the text");
  }

  // segment
  try {
    // Normalized once for the whole text; each paragraph's words come from its
    // stretch of it, mapped back: the lexicon holds simplified forms, and ICU
    // splits traditional text differently (向台|積電).
    doc.normalized = normalizer_.normalize(doc.text);
    const auto& starts = doc.normalized.input_start;
    doc.paragraphs = split_paragraphs(doc.text, doc.sections);  // sets the sections' languages too
    std::vector<Span> words;  // in the normalized text, all paragraphs', then mapped at once
    for (const auto& p : doc.paragraphs) {
      std::string_view ptext = doc.slice(p.span);
      for (Span s : segmenter_->sentences(ptext)) doc.sentences.push_back({p.span.start + s.start, p.span.start + s.end});
      // The normalized bytes that came from the paragraph (input_start is sorted).
      std::size_t a = std::lower_bound(starts.begin(), starts.end() - 1, p.span.start) - starts.begin();
      std::size_t b = std::lower_bound(starts.begin() + a, starts.end() - 1, p.span.end) - starts.begin();
      const std::size_t first = words.size();
      segmenter_->append_words(std::string_view(doc.normalized.text).substr(a, b - a), words);
      for (std::size_t k = first; k < words.size(); ++k) words[k] = {a + words[k].start, a + words[k].end};
    }
    doc.words.reserve(words.size());
    for (Span w : words) doc.words.push_back(doc.normalized.to_input(w));
  } catch (const StageError&) {
    throw;
  } catch (const std::exception& e) {
    throw StageError(Stage::segment, e.what());
  }
  return doc;
}

void Pipeline::extract(Document& doc) const {
  for (const auto& x : extractors_) extract_with(*x, doc);
  extract_rest(doc);
}

void Pipeline::extract(std::vector<Document>& docs) const {
  const std::vector<std::size_t> order = by_language(docs);
  std::vector<Document*> all;
  for (std::size_t i : order) all.push_back(&docs[i]);
  for (const auto& x : extractors_)
    if (!extract_together(*x, all))
      for (Document* doc : all) extract_with(*x, *doc);
  for (Document* doc : all) extract_rest(*doc);
}

// Extractor::extract_all over several documents; false when the extractor has
// none, or it threw (then no document changed, and each one's extract() says
// which failed and why).
bool Pipeline::extract_together(const Extractor& x, const std::vector<Document*>& docs) const {
  if (docs.size() < 2) return false;
  try {
    return x.extract_all(docs);
  } catch (const std::exception&) {
    return false;
  }
}

void Pipeline::extract_with(const Extractor& x, Document& doc) const {
  try {
    x.extract(doc);
  } catch (const std::exception& e) {
    throw StageError(Stage::extract, e.what());
  }
}

void Pipeline::extract_rest(Document& doc) const {
  try {
    resolve_overlaps(doc.mentions);
    // Only the article's sections count: a seedtext footer repeats the title.
    std::erase_if(doc.mentions, [&](const Mention& m) {
      const Paragraph* p = doc.paragraph_at(m.span.start);
      return !p || m.span.end > p->span.end;
    });
    linker_->drop_incidental_mentions(doc);
  } catch (const std::exception& e) {
    throw StageError(Stage::extract, e.what());
  }
}

Document Pipeline::analyze(const Article& article) const {
  Document doc = prepare(article);
  extract(doc);
  return doc;
}

Record Pipeline::finish(const Article& article, const Document& doc) const {
  Record r;
  r.id = article.id;
  r.source = article.source;
  r.title = article.title;
  if (!r.title && !doc.sections.empty() && doc.sections.front().name == "title")
    r.title = std::string(doc.slice(doc.sections.front().span));
  r.sections = doc.sections;
  r.langs = languages_of(doc.paragraphs);
  try {
    r.entities = group_entities(doc);
    LinkResult links = linker_->link(doc);
    r.deals = std::move(links.deals);
    r.events = std::move(links.events);
  } catch (const std::exception& e) {
    throw StageError(Stage::link, e.what());
  }
  if (opts_.with_text) r.text = doc.text;
  return r;
}

namespace {

ArticleError error_of(const Article& article, Stage stage, std::string message) {
  ArticleError err;
  err.id = article.id;
  err.source = article.source;
  err.stage = stage;
  err.message = std::move(message);
  err.input_bytes = article.text.size();
  return err;
}

// Runs one stage of one article unless it has failed already; what the stage
// throws becomes the article's error outcome.
template <typename Step>
void guarded(const Article& article, std::optional<Outcome>& outcome, Step&& step) {
  if (outcome) return;
  try {
    step();
  } catch (const StageError& e) {
    outcome = error_of(article, e.stage, e.what());
  } catch (const std::exception& e) {
    outcome = error_of(article, Stage::extract, std::string("internal error: ") + e.what());
  }
}

}  // namespace

Outcome Pipeline::process(const Article& article) const {
  return std::move(process(std::vector<const Article*>{&article}).front());
}

std::vector<Outcome> Pipeline::process(const std::vector<const Article*>& articles) const {
  std::vector<std::optional<Outcome>> made(articles.size());
  process(articles, [&](std::size_t i, Outcome&& o) { made[i] = std::move(o); });
  std::vector<Outcome> out;
  out.reserve(articles.size());
  for (auto& o : made) out.push_back(std::move(*o));
  return out;
}

void Pipeline::process(const std::vector<const Article*>& articles,
                       const std::function<void(std::size_t, Outcome&&)>& done) const {
  const std::size_t n = articles.size();
  std::vector<Document> docs(n);
  std::vector<std::optional<Outcome>> outcomes(n);
  for (std::size_t i = 0; i < n; ++i) guarded(*articles[i], outcomes[i], [&] { docs[i] = prepare(*articles[i]); });
  const std::vector<std::size_t> order = by_language(docs);
  for (const auto& x : extractors_) {
    std::vector<Document*> going;  // those no stage has failed
    for (std::size_t i : order)
      if (!outcomes[i]) going.push_back(&docs[i]);
    if (extract_together(*x, going)) continue;
    for (std::size_t i : order) guarded(*articles[i], outcomes[i], [&] { extract_with(*x, docs[i]); });
  }
  for (std::size_t i : order) guarded(*articles[i], outcomes[i], [&] { extract_rest(docs[i]); });
  for (std::size_t i : order) {
    guarded(*articles[i], outcomes[i], [&] { outcomes[i] = finish(*articles[i], docs[i]); });
    docs[i] = Document();  // freed as soon as its record is made
    done(i, std::move(*outcomes[i]));
    outcomes[i].reset();  // (and the record once used)
  }
}

}  // namespace newsdeal
