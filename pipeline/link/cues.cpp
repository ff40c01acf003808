#include "pipeline/link/cues.h"

#include <algorithm>

#include "extractors/regex_filter.h"
#include "pipeline/link/rule_blocks.h"

namespace newsdeal {

void Cues::parse(const std::string& file, const std::string& lang, std::string_view text) {
  std::vector<bool> touched(groups_.size(), false);  // groups this file adds cues to
  for (const RuleBlock& b : parse_rule_blocks(file, text, {"cue"})) {
    Cue c;
    c.name = b.name;
    c.lang = lang;
    c.file = file;
    c.line = b.line;
    for (const BlockField& f : b.fields) {
      if (f.key == "pattern") {
        RE2::Options opts;
        opts.set_max_mem(8 << 20);
        opts.set_log_errors(false);
        c.re = std::make_unique<RE2>(f.value, opts);
        if (!c.re->ok()) rule_error(file, f.line, "pattern does not compile: " + c.re->error());
      } else if (f.key == "example") {
        c.examples.emplace_back(f.value, f.line);
      } else if (f.key == "reject") {
        c.rejects.emplace_back(f.value, f.line);
      } else {
        rule_error(file, f.line, "unknown key '" + f.key + "' (pattern, example, reject)");
      }
    }
    if (!c.re) rule_error(file, b.line, "cue " + c.name + " has no pattern");
    auto [it, added] = by_key_.emplace(lang + "/" + c.name, static_cast<int>(groups_.size()));
    if (added) groups_.push_back({{}, nullptr, lang});
    const auto g = static_cast<std::size_t>(it->second);
    touched.resize(groups_.size(), false);
    touched[g] = true;
    groups_[g].cues.push_back(cues_.size());
    cues_.push_back(std::move(c));
  }
  filter_id_.resize(cues_.size(), -1);
  for (std::size_t g = 0; g < touched.size(); ++g)
    if (touched[g]) build_any(groups_[g]);
}

void Cues::build_any(Group& g) {
  RE2::Options opts;
  opts.set_max_mem(8 << 20);
  opts.set_log_errors(false);
  std::string any;
  for (std::size_t i : g.cues) any += (any.empty() ? "(?:" : "|(?:") + filter_pattern(i) + ")";
  g.any = std::make_unique<RE2>(any, opts);
  if (!g.any->ok()) g.any.reset();  // then every cue runs on its own
}

std::string Cues::filter_pattern(std::size_t cue) const { return loosen_repetitions(cues_[cue].re->pattern()); }

int Cues::group_id(std::string_view lang, std::string_view name) const {
  std::string key;
  key.reserve(lang.size() + 1 + name.size());
  key.append(lang).append("/").append(name);
  auto it = by_key_.find(key);
  return it == by_key_.end() ? -1 : it->second;
}

TextScan Cues::scan(std::string_view lang, std::string_view text) const {
  TextScan out;
  scan(lang, text, out);
  return out;
}

void Cues::scan(std::string_view lang, std::string_view text, TextScan& out) const {
  out.filter = nullptr;
  for (const Group& g : groups_)
    // (The first byte first: this runs for every sentence, over every group of
    // the other language before its own.)
    if ((lang.empty() || (!g.lang.empty() && g.lang[0] == lang[0])) && g.lang == lang) {
      if (!g.filter) break;
      out.filter = g.filter;
      g.filter->scan(text, out.seen);
      break;
    }
}

void Cues::share_filter(std::string_view lang, Prefilter& shared) {
  for (Group& g : groups_) {
    if (g.lang != lang) continue;
    // `any` matches where one of its parts does: the filter keeps each part that
    // may match, so ruling all out rules out `any`, and (a part being looser
    // than its cue) ruling one out rules out its cue.
    for (std::size_t i : g.cues) filter_id_[i] = shared.add(filter_pattern(i), cues_[i].re->options());
    g.filter = &shared;
  }
}

std::uint64_t Cues::may_occur(const Group& g, std::string_view text, const TextScan* scan) const {
  if (!g.filter) return ~std::uint64_t{0};  // no filter shared yet: every cue may occur
  if (!scan || scan->filter != g.filter) {
    // A scan of its own, in the thread's buffer: no allocation per call (the
    // incidental-mention check asks for one per pair of neighbouring companies).
    thread_local TextScan own;
    own.filter = g.filter;
    g.filter->scan(text, own.seen);
    scan = &own;
  }
  std::uint64_t may = 0;
  for (std::size_t k = 0; k < g.cues.size(); ++k)
    if (k >= 64 || g.filter->may_match(filter_id_[g.cues[k]], scan->seen))
      may |= std::uint64_t{1} << std::min<std::size_t>(k, 63);
  return may;
}

namespace {

// Every occurrence of `re` in `text`, or the first only; the first group that took
// part reports the span, with no group the whole match.
void occurrences(const RE2& re, std::string_view text, bool first_only, std::vector<Span>& out) {
  const int n = std::min(re.NumberOfCapturingGroups(), 3) + 1;
  re2::StringPiece input(text.data(), text.size()), m[4];
  std::size_t pos = 0;
  while (pos <= text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED, m, n)) {
    std::size_t s = m[0].data() - text.data();
    const re2::StringPiece* shown = &m[0];
    for (int g = 1; g < n; ++g)
      if (m[g].data()) {
        shown = &m[g];
        break;
      }
    std::size_t ss = shown->data() - text.data();
    out.push_back({ss, ss + shown->size()});
    if (first_only) return;
    pos = s + std::max<std::size_t>(m[0].size(), 1);
  }
}

}  // namespace

Cues Cues::load(const std::vector<std::string>& rule_dirs) {
  Cues cues;
  for (const RuleFile& f : collect_rule_files(".cues", rule_dirs)) cues.parse(f.name, f.lang, f.text);
  return cues;
}

std::vector<Span> Cues::find_all(std::string_view lang, std::string_view name, std::string_view text) const {
  return find_all(group_id(lang, name), text);
}

bool Cues::find(std::string_view lang, std::string_view name, std::string_view text, Span* where) const {
  return find(group_id(lang, name), text, where);
}

// The exact cues decide find_all() and find() with `where`, so the prefilter
// alone may skip them; find() without `where` answers whether `any` matches (its
// parts are looser than the cues), which the prefilter can only rule out.

std::vector<Span> Cues::find_all(int group, std::string_view text, const TextScan* scan) const {
  std::vector<Span> out;
  find_all(group, text, scan, out);
  return out;
}

void Cues::find_all(int group, std::string_view text, const TextScan* scan, std::vector<Span>& out) const {
  if (group < 0) return;
  const Group& g = groups_[static_cast<std::size_t>(group)];
  const std::uint64_t may = may_occur(g, text, scan);
  for (std::size_t k = 0; k < g.cues.size() && may >> std::min<std::size_t>(k, 63); ++k)
    if (may >> std::min<std::size_t>(k, 63) & 1) occurrences(*cues_[g.cues[k]].re, text, false, out);
}

bool Cues::find(int group, std::string_view text, Span* where, const TextScan* scan) const {
  if (group < 0) return false;
  const Group& g = groups_[static_cast<std::size_t>(group)];
  if (!where) {
    if (!g.any) return true;  // (a group always has cues)
    // Without captures RE2 runs one DFA pass that stops at the first match.
    return may_occur(g, text, scan) && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *g.any);
  }
  const std::uint64_t may = may_occur(g, text, scan);
  std::vector<Span> first;
  for (std::size_t k = 0; k < g.cues.size() && may >> std::min<std::size_t>(k, 63); ++k) {
    if (!(may >> std::min<std::size_t>(k, 63) & 1)) continue;
    occurrences(*cues_[g.cues[k]].re, text, true, first);
    if (!first.empty()) {
      *where = first.front();
      return true;
    }
  }
  return false;
}

}  // namespace newsdeal
