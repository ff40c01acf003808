// STUB: to be replaced by the real implementation.
#include "lang/segment.h"
namespace newsdeal {
Lexicon Lexicon::builtin() { return {}; }
Lexicon Lexicon::parse(std::string_view) { return {}; }
void Lexicon::add(std::string_view w) { words_.insert(std::string(w)); }
struct Segmenter::Impl {};
Segmenter::Segmenter(Lexicon l) : lexicon_(std::move(l)) {}
Segmenter::~Segmenter() = default;
std::vector<Span> Segmenter::sentences(std::string_view t) const {
  std::vector<Span> out; std::size_t s = 0;
  for (std::size_t i = 0; i <= t.size(); ++i) if (i == t.size() || t[i] == '\n') { if (i > s) out.push_back({s, i}); s = i + 1; }
  return out;
}
std::vector<Span> Segmenter::words(std::string_view) const { return {}; }
std::vector<Span> Segmenter::icu_words(std::string_view) const { return {}; }
}  // namespace newsdeal
