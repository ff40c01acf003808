// STUB: to be replaced by the real implementation.
#include "lang/normalize.h"
namespace newsdeal {
struct Normalizer::Impl {};
Normalizer::Normalizer() = default;
Normalizer::~Normalizer() = default;
Span NormalizedText::to_input(Span s) const { return {input_start[s.start], s.end ? input_end[s.end - 1] : 0}; }
NormalizedText Normalizer::normalize(std::string_view in) const {
  NormalizedText n; n.text = std::string(in);
  for (std::size_t i = 0; i <= in.size(); ++i) { n.input_start.push_back(i); n.input_end.push_back(i + 1 > in.size() ? in.size() : i + 1); }
  return n;
}
}  // namespace newsdeal
