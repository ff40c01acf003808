// Step 3 of linking: one deal per distinct agreement, whichever sections and
// languages state it. Candidates merge when buyer and vendor agree and their
// products are compatible (the same, one unnamed, or one a model of the other's
// family: Graviton and Graviton5). Where the languages give different values,
// the best-supported one is kept and the others listed in `conflicts`.
#include <algorithm>
#include <cmath>
#include <map>

#include "pipeline/link/linker.h"
#include "pipeline/link/values.h"

namespace newsdeal {
namespace {

bool compatible_product(const std::string& a, const std::string& b) {
  return a.empty() || b.empty() || a == b || a.rfind(b, 0) == 0 || b.rfind(a, 0) == 0;
}

std::optional<std::string> opt(std::string s) {
  if (s.empty()) return std::nullopt;
  return s;
}

std::string describe(const Range& r) {
  auto num = [](std::optional<double> v) {
    if (!v) return std::string("null");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", *v);
    return std::string(buf);
  };
  if (r.min && r.max && same_figure(r.min, r.max)) return num(r.min);
  return "[" + num(r.min) + ", " + num(r.max) + "]";
}

// Picks the value most candidates (and languages) state; lists the others.
std::optional<Amount> choose(const Document& doc, const std::vector<const DealCandidate*>& group,
                             std::optional<std::size_t> DealCandidate::*field, const char* name,
                             std::vector<Conflict>& conflicts) {
  struct Option {
    Amount amount;
    std::size_t votes = 0;
    std::vector<std::string> langs;
    bool body = false;  // stated outside a headline (headlines round: "$14B" for "$14.2B")
    std::vector<std::size_t> sections;
  };
  std::vector<Option> options;
  for (const DealCandidate* c : group) {
    if (!(c->*field)) continue;
    Amount a = amount_of(doc.mentions[*(c->*field)]);
    std::string lang(lang_name(c->lang));
    auto it = std::find_if(options.begin(), options.end(), [&](const Option& o) {
      return same_figure(o.amount.range.min, a.range.min) && same_figure(o.amount.range.max, a.range.max);
    });
    if (it == options.end()) {
      options.push_back({a, 0, {}});
      it = options.end() - 1;
    }
    ++it->votes;
    const bool in_body = doc.sections.empty() || doc.sections[c->section].name != "title";
    // The body's wording of the same figure ("about $18 billion") over the headline's.
    if (in_body && !it->body) {
      it->amount.range.approx = a.range.approx;
      it->body = true;
    }
    if (std::find(it->sections.begin(), it->sections.end(), c->section) == it->sections.end())
      it->sections.push_back(c->section);
    if (!it->amount.per) it->amount.per = a.per;
    if (!it->amount.text) it->amount.text = a.text;
    if (std::find(it->langs.begin(), it->langs.end(), lang) == it->langs.end()) it->langs.push_back(lang);
  }
  if (options.empty()) return std::nullopt;
  // Most languages first, then stated in the body, then first stated: within one
  // language a later figure is usually another one ("$30 billion per year" after
  // "$300 billion"), not a correction.
  std::stable_sort(options.begin(), options.end(), [](const Option& a, const Option& b) {
    if (a.langs.size() != b.langs.size()) return a.langs.size() > b.langs.size();
    return a.body > b.body;
  });
  // A conflict is versions disagreeing: another section (a summary, a translation,
  // the original) states another value. One section naming two figures is no
  // conflict: the later one is usually another amount.
  const auto& top = options.front().sections;
  bool disagree = std::any_of(options.begin() + 1, options.end(), [&](const Option& o) {
    return std::any_of(o.sections.begin(), o.sections.end(),
                       [&](std::size_t sec) { return std::find(top.begin(), top.end(), sec) == top.end(); });
  });
  if (disagree) {
    Conflict c;
    c.field = name;
    for (const auto& o : options) {
      c.values.push_back(describe(o.amount.range));
      std::string langs;
      for (const auto& l : o.langs) langs += (langs.empty() ? "" : ",") + l;
      c.langs.push_back(langs);
    }
    conflicts.push_back(std::move(c));
  }
  return options.front().amount;
}

// The value most candidates give; a headline counts half, as it words things
// loosely ("Oracle to buy" for a purchase the body says was agreed).
std::string most_common(const Document& doc, const std::vector<const DealCandidate*>& group,
                        std::string DealCandidate::*field) {
  // (A group holds a few candidates: the values and their votes in a list.)
  std::vector<std::pair<const std::string*, int>> votes;
  const std::string* best = nullptr;
  int best_votes = 0;
  for (const DealCandidate* c : group) {
    const std::string& v = c->*field;
    if (v.empty()) continue;
    bool headline = !doc.sections.empty() && doc.sections[c->section].name == "title";
    auto it = std::find_if(votes.begin(), votes.end(), [&](const auto& e) { return *e.first == v; });
    if (it == votes.end()) it = votes.insert(votes.end(), {&v, 0});
    it->second += headline ? 1 : 2;
    if (it->second > best_votes) {
      best_votes = it->second;
      best = &v;
    }
  }
  return best ? *best : std::string();
}

}  // namespace

std::vector<Deal> merge_candidates(const Document& doc, std::vector<DealCandidate> candidates) {
  std::vector<std::vector<const DealCandidate*>> groups;
  for (const DealCandidate& c : candidates) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
      const DealCandidate* f = g.front();
      if (f->buyer != c.buyer || f->vendor != c.vendor) return false;
      return std::all_of(g.begin(), g.end(), [&](const DealCandidate* o) { return compatible_product(o->product, c.product); });
    });
    if (it == groups.end()) groups.push_back({&c});
    else it->push_back(&c);
  }

  std::vector<Deal> deals;
  for (const auto& g : groups) {
    Deal d;
    d.id = "d" + std::to_string(deals.size() + 1);
    d.type = most_common(doc, g, &DealCandidate::type);
    if (d.type.empty()) d.type = "compute";
    d.buyer = g.front()->buyer;
    d.vendor = g.front()->vendor;
    // The most specific product named: Graviton5 over Graviton.
    std::string product, kind;
    for (const DealCandidate* c : g)
      if (c->product.size() > product.size()) {
        product = c->product;
        kind = c->kind;
      }
    d.product = opt(product);
    d.kind = opt(kind);
    d.provider = opt(most_common(doc, g, &DealCandidate::provider));
    d.status = opt(most_common(doc, g, &DealCandidate::status));
    // The purpose as English words it when it does, else as stated first.
    for (const DealCandidate* c : g)
      if (!c->purpose.empty() && (!d.purpose || c->lang == Lang::en)) {
        d.purpose = c->purpose;
        if (c->lang == Lang::en) break;
      }
    d.value = choose(doc, g, &DealCandidate::value, "value", d.conflicts);
    d.term = choose(doc, g, &DealCandidate::term, "term", d.conflicts);
    d.quantity = choose(doc, g, &DealCandidate::quantity, "quantity", d.conflicts);
    bool zh = false, en = false;
    for (const DealCandidate* c : g) {
      (c->lang == Lang::zh ? zh : en) = true;
      for (Span s : c->evidence) {
        bool dup = std::any_of(d.evidence.begin(), d.evidence.end(), [&](const Evidence& e) { return e.span == s; });
        if (!dup) d.evidence.push_back({s, c->lang});
      }
    }
    std::sort(d.evidence.begin(), d.evidence.end(),
              [](const Evidence& a, const Evidence& b) { return a.span.start < b.span.start; });
    if (zh) d.langs.push_back(Lang::zh);
    if (en) d.langs.push_back(Lang::en);
    d.confidence = std::min(0.95, 0.6 + 0.1 * static_cast<double>(d.langs.size() - 1) +
                                      0.05 * static_cast<double>(std::min<std::size_t>(d.evidence.size() - 1, 4)));
    deals.push_back(std::move(d));
  }
  return deals;
}

}  // namespace newsdeal
