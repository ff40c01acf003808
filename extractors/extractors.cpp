#include <algorithm>

#include "extractors/extractor.h"
#include "extractors/gazetteer_extractor.h"
#include "extractors/person_extractor.h"
#include "extractors/rule_extractor.h"

namespace newsdeal {

std::vector<std::unique_ptr<Extractor>> make_extractors(const ExtractorOptions& opts,
                                                        std::shared_ptr<const Gazetteer> gazetteer) {
  std::vector<std::unique_ptr<Extractor>> out;
  out.push_back(std::make_unique<GazetteerExtractor>(std::move(gazetteer)));
  // After the gazetteer: it skips people the gazetteer knows and reads the
  // company mentions next to a role.
  out.push_back(std::make_unique<PersonExtractor>(opts.rule_dirs));
  out.push_back(std::make_unique<RuleExtractor>(opts.rule_dirs));
  return out;
}

void resolve_overlaps(std::vector<Mention>& mentions) {
  std::stable_sort(mentions.begin(), mentions.end(), [](const Mention& a, const Mention& b) {
    if (a.span.size() != b.span.size()) return a.span.size() > b.span.size();
    if (a.priority != b.priority) return a.priority > b.priority;
    return a.span.start < b.span.start;
  });
  std::vector<Mention> kept;
  for (auto& m : mentions) {
    bool clash = std::any_of(kept.begin(), kept.end(), [&](const Mention& k) {
      return k.type == m.type && k.span.overlaps(m.span);
    });
    if (!clash) kept.push_back(std::move(m));
  }
  std::sort(kept.begin(), kept.end(), [](const Mention& a, const Mention& b) {
    return a.span.start != b.span.start ? a.span.start < b.span.start : a.span.end < b.span.end;
  });
  mentions = std::move(kept);
}

}  // namespace newsdeal
