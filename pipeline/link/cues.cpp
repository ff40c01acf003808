#include "pipeline/link/cues.h"

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
    by_key_[lang + "/" + c.name].push_back(cues_.size());
    cues_.push_back(std::move(c));
  }
}

Cues Cues::load(const std::vector<std::string>& rule_dirs) {
  Cues cues;
  for (const RuleFile& f : collect_rule_files(".cues", rule_dirs)) cues.parse(f.name, f.lang, f.text);
  return cues;
}

std::vector<Span> Cues::find_all(std::string_view lang, std::string_view name, std::string_view text) const {
  std::vector<Span> out;
  auto it = by_key_.find(std::string(lang) + "/" + std::string(name));
  if (it == by_key_.end()) return out;
  for (std::size_t i : it->second) {
    const RE2& re = *cues_[i].re;
    // The first group that took part reports the span; with no group, the match.
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
      pos = s + std::max<std::size_t>(m[0].size(), 1);
    }
  }
  return out;
}

bool Cues::find(std::string_view lang, std::string_view name, std::string_view text, Span* where) const {
  auto all = find_all(lang, name, text);
  if (all.empty()) return false;
  if (where) *where = all.front();
  return true;
}

}  // namespace newsdeal
