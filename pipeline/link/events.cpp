// Step 4 of linking: layoff and revenue events. A sentence with a layoff cue
// ("lay off", "cut ... jobs", 裁员) gives one event per headcount it states,
// paired with the nearest percent; a percent alone ("the cuts amount to a 4%
// reduction") completes the latest layoff of the same organization. A sentence
// with a revenue cue and a money amount gives a revenue event. Events of the same
// organization and figure merge across sections and languages.
#include <algorithm>
#include <cmath>

#include "pipeline/link/linker.h"
#include "pipeline/link/values.h"

namespace newsdeal {
namespace {

bool same_range(const std::optional<Amount>& a, const std::optional<Amount>& b) {
  if (!a || !b) return false;
  return same_figure(a->range.min, b->range.min) && same_figure(a->range.max, b->range.max);
}

// The organization a sentence's event belongs to: the company (or a person's
// organization: "Jassy disclosed that its chip business ...") named last before
// the cue in the sentence, else any company the sentence names, else the last
// company or person's organization named before it in the same section.
std::optional<std::string> org_for(const Document& doc, const SentenceView& v, std::size_t before,
                                   bool allow_earlier = true) {
  std::optional<std::string> before_cue, in_sentence;
  for (std::size_t k : v.mentions) {
    const Mention& m = doc.mentions[k];
    if (m.type == EntityType::person && m.span.start < before && !mention_attr(m, "org").empty()) before_cue = mention_attr(m, "org");
    if (m.type != EntityType::company) continue;
    if (m.span.start < before) before_cue = m.key;
    if (!in_sentence) in_sentence = m.key;
  }
  if (before_cue) return before_cue;
  if (in_sentence) return in_sentence;
  // "The company plans to shed 1,200 jobs": the phrase stands for the company
  // it was resolved to.
  for (std::size_t i = 0; i < v.named.size(); ++i)
    if (v.named_anaphor[i] && v.named_letters[i] == 'c') return v.named[i];
  if (!allow_earlier) return std::nullopt;
  for (std::size_t k = doc.mentions.size(); k-- > 0;) {
    const Mention& m = doc.mentions[k];
    if (m.span.start >= v.span.start) continue;
    const Paragraph* p = doc.paragraph_at(m.span.start);
    if (p && p->section != v.section) break;
    if (m.type == EntityType::company) return m.key;
    if (m.type == EntityType::person && !mention_attr(m, "org").empty()) return mention_attr(m, "org");
  }
  return std::nullopt;
}

void add_lang(Event& e, Lang l) {
  if (std::find(e.langs.begin(), e.langs.end(), l) == e.langs.end()) e.langs.push_back(l);
  std::sort(e.langs.begin(), e.langs.end(), [](Lang a, Lang b) { return a == Lang::zh && b != Lang::zh; });
}

void add_evidence(Event& e, Span s, Lang l) {
  for (const auto& ev : e.evidence)
    if (ev.span == s) return;
  e.evidence.push_back({s, l});
  add_lang(e, l);
}

// Folds `e` into a matching event of `events`, or appends it.
void merge_into(std::vector<Event>& events, Event e) {
  for (Event& o : events) {
    if (o.type != e.type || o.org != e.org) continue;
    bool same = e.type == "layoff" ? same_range(o.headcount, e.headcount) ||
                                         (!o.headcount && !e.headcount && same_range(o.percent, e.percent))
                                   : same_range(o.value, e.value);
    if (!same) continue;
    if (!o.percent && e.percent) o.percent = e.percent;
    // English names the segment as readers of the record expect ("custom silicon").
    bool english = !e.evidence.empty() && e.evidence.front().lang == Lang::en;
    if (e.segment && (!o.segment || english)) o.segment = e.segment;
    if (o.headcount && e.headcount && e.headcount->range.approx) o.headcount->range.approx = true;
    for (const auto& ev : e.evidence) add_evidence(o, ev.span, ev.lang);
    return;
  }
  events.push_back(std::move(e));
}

// Whether the sentence points back to a company ("it", 其; cue org-reference):
// asked by both kinds of event, answered once.
struct RefersToOrg {
  const Cues& cues;
  int group;
  const SentenceView& v;
  std::optional<bool> answer;
  bool operator()() {
    if (!answer) answer = cues.find(group, v.text, nullptr, &v.scan);
    return *answer;
  }
};

void layoffs_in(const Document& doc, const SentenceView& v, const TextScan* scan, const Cues& cues, const CueIds& ids,
                RefersToOrg& refers_to_org, std::vector<Event>& events) {
  std::vector<const Mention*> heads, percents;
  for (std::size_t k : v.mentions) {
    const Mention& m = doc.mentions[k];
    if (m.type == EntityType::headcount) heads.push_back(&m);
    if (m.type == EntityType::percent) percents.push_back(&m);
  }
  if (heads.empty() && percents.empty()) return;
  // The cue (RE2) only for sentences with a figure: most have none.
  Span cue;
  if (!cues.find(ids.layoff, v.text, &cue, scan)) return;
  // The company is named in the sentence, or pointed back to ("it will cut", 该公司);
  // otherwise the layoff is of a company the gazetteer does not know, and a
  // company named earlier would be a wrong guess.
  auto org = org_for(doc, v, v.to_input(cue.start), refers_to_org());
  if (heads.empty()) {
    // A percent alone completes the latest layoff of this organization (of any,
    // when the sentence names none: "The cuts amount to a 4% reduction").
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (it->type == "layoff" && (!org || it->org == org) && !it->percent) {
        it->percent = amount_of(*percents.front());
        add_evidence(*it, v.span, v.lang);
        return;
      }
    // A new layoff from a percent alone needs the percent to be of the staff
    // ("cut 5% of its workforce"), not of GDP or sales.
    if (!cues.find(ids.workforce, v.text, nullptr, scan) || !org) return;
    Event e;
    e.type = "layoff";
    e.org = org;
    e.percent = amount_of(*percents.front());
    add_evidence(e, v.span, v.lang);
    merge_into(events, std::move(e));
    return;
  }
  if (!org) return;
  for (const Mention* h : heads) {
    Event e;
    e.type = "layoff";
    e.org = org;
    e.headcount = amount_of(*h);
    // The percent nearest this headcount, if no other headcount is nearer to it.
    const Mention* best = nullptr;
    for (const Mention* p : percents) {
      auto dist = [&](const Mention* x) {
        return x->span.start > p->span.start ? x->span.start - p->span.start : p->span.start - x->span.start;
      };
      bool mine = std::all_of(heads.begin(), heads.end(), [&](const Mention* o) { return dist(h) <= dist(o); });
      if (mine && (!best || dist(p) < dist(best))) best = p;
    }
    if (best) e.percent = amount_of(*best);
    add_evidence(e, v.span, v.lang);
    merge_into(events, std::move(e));
  }
}

// Contracted, future or deferred revenue (a backlog, 未来合同收入) is no revenue
// earned. `cue` is the sentence's first revenue cue; when it lies inside such a
// phrase, it becomes the first one outside any, and false means there is none.
bool earned_revenue_cue(const SentenceView& v, const TextScan* scan, const Cues& cues, const CueIds& ids, Span& cue) {
  std::vector<Span> not_earned;
  cues.find_all(ids.revenue_not, v.text, scan, not_earned);
  if (not_earned.empty()) return true;
  auto inside = [&](Span c) {
    return std::any_of(not_earned.begin(), not_earned.end(), [&](Span n) { return n.start <= c.start && c.end <= n.end; });
  };
  if (!inside(cue)) return true;
  std::vector<Span> all;
  cues.find_all(ids.revenue, v.text, scan, all);
  std::sort(all.begin(), all.end(), [](Span a, Span b) { return a.start < b.start; });
  for (Span c : all)
    if (!inside(c)) {
      cue = c;
      return true;
    }
  return false;
}

void revenues_in(const Document& doc, const SentenceView& v, const TextScan* scan, const Cues& cues, const CueIds& ids,
                 RefersToOrg& refers_to_org, std::vector<Event>& events) {
  const Mention* money = nullptr;
  for (std::size_t k : v.mentions)
    if (doc.mentions[k].type == EntityType::money && !mention_attr(doc.mentions[k], "currency").empty() &&
        mention_attr(doc.mentions[k], "per") != "share") {
      money = &doc.mentions[k];
      break;
    }
  if (!money) return;
  // The cue (RE2) only for sentences with an amount: most have none.
  Span cue;
  if (!cues.find(ids.revenue, v.text, &cue, scan)) return;
  if (!earned_revenue_cue(v, scan, cues, ids, cue)) return;
  Event e;
  e.type = "revenue";
  // Revenue needs its company in the sentence, or a word that points back to one
  // ("its cloud unit", 其): "revenues from tariffs" belong to no company.
  e.org = org_for(doc, v, std::min(money->span.start, v.to_input(cue.start)), refers_to_org());
  if (!e.org) return;
  // "the Google parent": the company named points at its parent.
  for (std::size_t k : v.mentions) {
    const Mention& m = doc.mentions[k];
    if (m.type != EntityType::company || !e.org || m.key != *e.org || mention_attr(m, "parent").empty()) continue;
    std::string after = std::string(doc.slice({m.span.end, std::min(v.span.end, m.span.end + 24)}));
    for (char& c : after) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (cues.find(ids.parent_suffix, after)) e.org = mention_attr(m, "parent");
  }
  e.value = amount_of(*money);
  if (!e.value->per) {
    if (cues.find(ids.per_quarter, v.text, nullptr, scan)) e.value->per = "quarter";
    else if (cues.find(ids.per_year, v.text, nullptr, scan)) e.value->per = "year";
  }
  Span seg;
  if (cues.find(ids.revenue_segment, v.text, &seg, scan)) {
    e.segment = v.text.substr(seg.start, seg.size());
  }
  add_evidence(e, v.span, v.lang);
  merge_into(events, std::move(e));
}

}  // namespace

void find_events(const Document& doc, const SentenceView& v, const Linker& linker, std::vector<Event>& events) {
  const CueIds& ids = linker.cue_ids(v.lang);
  RefersToOrg refers_to_org{linker.cues(), ids.org_reference, v, std::nullopt};
  layoffs_in(doc, v, &v.scan, linker.cues(), ids, refers_to_org, events);
  revenues_in(doc, v, &v.scan, linker.cues(), ids, refers_to_org, events);
}

}  // namespace newsdeal
