#include "pipeline/link/cues.h"

#include <algorithm>

#include "extractors/regex_filter.h"
#include "pipeline/link/rule_blocks.h"

namespace newsdeal {

void Cues::parse(const std::string& file, const std::string& lang, std::string_view text) {
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
    by_key_[lang + "/" + c.name].cues.push_back(cues_.size());
    cues_.push_back(std::move(c));
  }
  build_sets();
}

void Cues::build_sets() {
  RE2::Options opts;
  opts.set_max_mem(8 << 20);
  opts.set_log_errors(false);
  for (auto& [key, g] : by_key_) {
    std::string any;
    for (std::size_t i : g.cues)
      any += (any.empty() ? "(?:" : "|(?:") + loosen_repetitions(cues_[i].re->pattern()) + ")";
    g.any = std::make_unique<RE2>(any, opts);
    if (!g.any->ok()) g.any.reset();  // then every cue runs on its own
  }
}

const Cues::Group* Cues::group(std::string_view lang, std::string_view name) const {
  std::string key;
  key.reserve(lang.size() + 1 + name.size());
  key.append(lang).append("/").append(name);
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &it->second;
}

std::vector<std::size_t> Cues::occurring(const Group& g, std::string_view text) const {
  // Without captures RE2 runs one DFA pass that stops at the first match.
  if (g.any && !RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *g.any)) return {};
  return g.cues;
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
  std::vector<Span> out;
  if (const Group* g = group(lang, name))
    for (std::size_t i : occurring(*g, text)) occurrences(*cues_[i].re, text, false, out);
  return out;
}

bool Cues::find(std::string_view lang, std::string_view name, std::string_view text, Span* where) const {
  const Group* g = group(lang, name);
  if (!g) return false;
  std::vector<Span> first;
  for (std::size_t i : occurring(*g, text)) {
    if (!where) return true;
    occurrences(*cues_[i].re, text, true, first);
    if (!first.empty()) {
      *where = first.front();
      return true;
    }
  }
  return false;
}

}  // namespace newsdeal
