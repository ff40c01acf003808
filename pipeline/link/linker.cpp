#include "pipeline/link/linker.h"

#include "pipeline/link/values.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

namespace newsdeal {
namespace {

std::string_view lang_code(Lang l) { return l == Lang::zh ? "zh" : "en"; }

// Vendors named by their cloud unit (AWS, Google Cloud) sell for the parent: the
// deal's vendor is the parent and the unit its provider, as RECORD.md shows.
void lift_cloud_unit(DealCandidate& c, const Document& doc) {
  for (const Mention& m : doc.mentions) {
    if (m.type != EntityType::company || m.key != c.vendor) continue;
    const std::string& parent = mention_attr(m, "parent");
    if (!parent.empty() && mention_attr(m, "category") == "cloud") {
      c.provider = c.vendor;
      c.vendor = parent;
    }
    return;
  }
}

// The mention of `type` in the sentence for the candidate anchored at `anchor`
// (its vendor or product): the one nearest the anchor within [from, to), the
// stretch no other candidate's anchor is nearer to; failing that, the nearest
// anywhere in the sentence.
std::optional<std::size_t> nearest(const Document& doc, const SentenceView& v, EntityType type, Span anchor,
                                   std::size_t from, std::size_t to, bool need_currency) {
  std::optional<std::size_t> best;
  std::pair<int, std::size_t> best_rank{2, SIZE_MAX};  // (outside the stretch, distance)
  for (std::size_t k : v.mentions) {
    const Mention& m = doc.mentions[k];
    if (m.type != type) continue;
    // A deal's value is a total: no price per share or per unit ("单价约2万美元").
    if (need_currency && (mention_attr(m, "currency").empty() || mention_attr(m, "per") == "share" || mention_attr(m, "per") == "unit"))
      continue;
    std::size_t dist = m.span.start >= anchor.end   ? m.span.start - anchor.end
                       : m.span.end <= anchor.start ? anchor.start - m.span.end
                                                    : 0;
    int outside = m.span.start >= from && m.span.end <= to ? 0 : 1;
    std::pair<int, std::size_t> rank{outside, dist};
    if (rank < best_rank) {
      best_rank = rank;
      best = k;
    }
  }
  return best;
}

void attach_fields(DealCandidate& c, const Document& doc, const SentenceView& v, Span anchor, std::size_t from,
                   std::size_t to) {
  // A unit of the vendor named with the deal delivers it: "running in AWS data
  // centers" makes AWS the provider of an Amazon deal.
  if (c.provider.empty())
    for (std::size_t k : v.mentions) {
      const Mention& m = doc.mentions[k];
      if (m.type == EntityType::company && !c.vendor.empty() && mention_attr(m, "parent") == c.vendor &&
          mention_attr(m, "category") == "cloud") {
        c.provider = m.key;
        break;
      }
    }
  if (!c.value) c.value = nearest(doc, v, EntityType::money, anchor, from, to, true);
  if (!c.term) c.term = nearest(doc, v, EntityType::duration, anchor, from, to, false);
  if (!c.quantity) c.quantity = nearest(doc, v, EntityType::quantity, anchor, from, to, false);
}

// What the compute is for, from the sentence ("... chips for agentic AI",
// 用于大模型训练; cue purpose), in the input's own words.
void attach_purpose(DealCandidate& c, const Document& doc, const SentenceView& v, const Cues& cues, int purpose,
                    const TextScan* scan, std::size_t from = 0, std::size_t to = std::string::npos) {
  if (!c.purpose.empty()) return;
  // Only in the candidate's own stretch of the sentence (text offsets [from, to)).
  to = std::min(to, v.text.size());
  if (from >= to) return;
  Span p;
  if (!cues.find(purpose, std::string_view(v.text).substr(from, to - from), &p, scan) || p.empty())
    return;
  p = {p.start + from, p.end + from};
  Span in{v.to_input(p.start), v.to_input(p.end)};
  if (in.empty() || in.end > doc.text.size()) return;
  c.purpose = std::string(doc.slice(in));
}

// A chip named where the deal is referred back to names its product ("the deal
// provides Meta with ... Blackwell"), or makes it more specific: Graviton ->
// Graviton5.
void refine_product(DealCandidate& c, const Document& doc, const SentenceView& v) {
  for (std::size_t k : v.mentions) {
    const Mention& m = doc.mentions[k];
    if (m.type != EntityType::chip || m.key == c.product) continue;
    // A cloud deal delivers another maker's chips (CoreWeave selling Nvidia
    // Blackwell), so when no product is named yet any chip named here is it.
    if (c.product.empty() || mention_attr(m, "family") == c.product || m.key.rfind(c.product, 0) == 0) {
      c.product = m.key;
      if (!mention_attr(m, "kind").empty()) c.kind = mention_attr(m, "kind");
    }
  }
}

// "xAI ordered 100,000 Nvidia GB200 chips from Dell": Nvidia only brands the
// chips; the seller is Dell. A candidate whose vendor comes before another
// candidate's vendor for the same buyer, with "from" between them, is dropped.
bool is_brand_only(const DealCandidate& c, const std::vector<DealCandidate>& found) {
  for (const DealCandidate& o : found) {
    if (&o == &c || o.buyer != c.buyer || o.vendor.empty() || o.vendor == c.vendor) continue;
    if (c.anchor.end <= o.anchor.start && o.from_before_anchor) return true;
  }
  return false;
}

// How much a company is a seller of compute, by its gazetteer category: decides
// who is the vendor when a sentence names two parties symmetrically ("OpenAI and
// Oracle ink a cloud deal").
int supplier_rank(const std::string& category) {
  static const char* const sellers[] = {"cloud", "neocloud", "chips", "foundry", "hardware",
                                        "datacenter", "memory", "power", "equipment"};
  for (const char* s : sellers)
    if (category == s) return 2;
  return category == "hyperscaler" ? 1 : 0;
}

std::string category_of(const Document& doc, const std::string& key) {
  for (const Mention& m : doc.mentions)
    if (m.type == EntityType::company && m.key == key) return mention_attr(m, "category");
  return "";
}

}  // namespace

CueIds::CueIds(const Cues& cues, std::string_view lang)
    : deal_anaphor(cues.group_id(lang, "deal-anaphor")),
      purpose(cues.group_id(lang, "purpose")),
      cloud(cues.group_id(lang, "cloud")),
      investment(cues.group_id(lang, "investment")),
      denied(cues.group_id(lang, "denied")),
      in_talks(cues.group_id(lang, "in-talks")),
      layoff(cues.group_id(lang, "layoff")),
      workforce(cues.group_id(lang, "workforce")),
      revenue(cues.group_id(lang, "revenue")),
      revenue_not(cues.group_id(lang, "revenue-not")),
      revenue_segment(cues.group_id(lang, "revenue-segment")),
      per_quarter(cues.group_id(lang, "per-quarter")),
      per_year(cues.group_id(lang, "per-year")),
      org_reference(cues.group_id(lang, "org-reference")),
      parent_suffix(cues.group_id(lang, "parent-suffix")) {}

Linker::Linker(const std::vector<std::string>& rule_dirs)
    : relations_(RelationRules::load(rule_dirs)),
      cues_(Cues::load(rule_dirs)),
      en_(cues_, "en"),
      zh_(cues_, "zh"),
      descriptor_gap_en_(cues_.group_id("en", "descriptor-gap")),
      descriptor_gap_zh_(cues_.group_id("zh", "descriptor-gap")) {
  const char* langs[] = {"en", "zh"};
  for (int i = 0; i < 2; ++i) {
    filters_[i] = std::make_unique<Prefilter>();
    cues_.share_filter(langs[i], *filters_[i]);
    relations_.share_filter(langs[i], *filters_[i]);
    filters_[i]->compile();
  }
}

// The roles of one match, by capturing group index; a key's first entry gives
// its span.
struct RoleHit {
  std::string_view role;    // BUYER, VENDOR ... (digits dropped: VENDOR2 is VENDOR)
  const std::string* key;   // into v.named
  Span in;                  // input span of its placeholder number
  std::size_t text_at;      // where the placeholder starts in v.text: \x01 and its letter
};

struct Linker::MatchBuffers {
  std::vector<std::size_t> rules;  // the rules the prefilter keeps
  std::vector<re2::StringPiece> groups;
  std::vector<RoleHit> hits;
  std::vector<const std::string*> first, second, products;  // keys of roles
  std::vector<std::pair<const std::string*, const std::string*>> pairs;
  // (buyer, vendor, product) of the candidates so far: each is made once.
  std::vector<std::array<const std::string*, 3>> seen;
};

std::vector<DealCandidate> Linker::match_sentence(const Document& doc, const SentenceView& v,
                                                  const RelationRule* only) const {
  MatchBuffers buffers;
  std::vector<DealCandidate> out;
  match_sentence(doc, v, only, buffers, out);
  return out;
}

void Linker::match_sentence(const Document& doc, const SentenceView& v, const RelationRule* only, MatchBuffers& b,
                            std::vector<DealCandidate>& out) const {
  out.clear();
  // NEWSDEAL_DEBUG_RULES=1 shows each sentence as the rules see it, and what they find.
  static const bool debug = std::getenv("NEWSDEAL_DEBUG_RULES") != nullptr;
  if (debug) {
    std::string shown = v.text;
    for (char& c : shown) c = c == '\x01' ? '[' : c == '\x02' ? ']' : c;
    std::fprintf(stderr, "sentence %zu (%s): %s\n", v.index, v.lang == Lang::zh ? "zh" : "en", shown.c_str());
  }
  if (v.named.empty()) return;  // a deal needs at least its buyer named
  b.seen.clear();
  const std::string_view lang = lang_code(v.lang);
  static const std::string kNone;
  // The keys of a role in group order, or "" alone when none took part.
  auto keys = [&](std::string_view role, std::vector<const std::string*>& keys) {
    keys.clear();
    for (const RoleHit& h : b.hits)
      if (h.role == role) keys.push_back(h.key);
    if (keys.empty()) keys.push_back(&kNone);
  };
  auto first_hit = [&](const std::string& key) -> const RoleHit* {
    for (const RoleHit& h : b.hits)
      if (*h.key == key) return &h;
    return nullptr;
  };
  relations_.hits(lang, v.text, &v.scan, b.rules);
  for (std::size_t ri : b.rules) {
    const RelationRule& rule = relations_.rules()[ri];
    if (only && only != &rule) continue;
    b.groups.assign(static_cast<std::size_t>(rule.group_room()), re2::StringPiece());
    const RE2* used = nullptr;
    std::size_t pos = 0;
    while (pos < v.text.size() && rule.next_match(v.text, pos, b.groups.data(), &used)) {
      const std::vector<re2::StringPiece>& groups = b.groups;
      b.hits.clear();
      // By group index, not name: a role may appear in two alternatives.
      for (const RelationRule::RoleGroup& g : rule.role_groups(used)) {
        const re2::StringPiece& digits = groups[static_cast<std::size_t>(g.index)];
        if (digits.empty()) continue;
        std::size_t n = SIZE_MAX;
        std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (n >= v.named.size()) continue;
        std::size_t gs = digits.data() - v.text.data();
        b.hits.push_back({g.role, &v.named[n], Span{v.to_input(gs), v.to_input(gs + digits.size())}, gs - 2});
      }
      // Buyer-vendor pairs: named by role, or for a symmetric rule ordered by who
      // sells compute.
      b.pairs.clear();
      if (rule.symmetric) {
        keys("A", b.first);
        keys("B", b.second);
        for (const std::string* a : b.first)
          for (const std::string* other : b.second) {
            bool a_sells = supplier_rank(category_of(doc, *a)) > supplier_rank(category_of(doc, *other));
            b.pairs.emplace_back(a_sells ? other : a, a_sells ? a : other);
          }
      } else {
        keys("BUYER", b.first);
        keys("VENDOR", b.second);
        for (const std::string* buyer : b.first)
          for (const std::string* vendor : b.second) b.pairs.emplace_back(buyer, vendor);
      }
      std::size_t mstart = groups[0].data() - v.text.data();
      std::size_t mend = mstart + groups[0].size();
      keys("PRODUCT", b.products);
      keys("PROVIDER", b.first);  // (the pairs are made)
      const std::string* provider = b.first.front();
      for (const auto& [buyer, vendor] : b.pairs)
        for (const std::string* product : b.products) {
          const bool made = std::any_of(b.seen.begin(), b.seen.end(), [&](const auto& t) {
            return *t[0] == *buyer && *t[1] == *vendor && *t[2] == *product;
          });
          if (made) continue;
          b.seen.push_back({buyer, vendor, product});
          DealCandidate c;
          c.buyer = *buyer;
          c.vendor = *vendor;
          c.product = *product;
          c.provider = *provider;
          c.type = rule.type;
          c.status = rule.status;
          c.needs_vendor = rule.needs_vendor;
          c.rule = rule.name;
          c.lang = v.lang;
          c.section = v.section;
          c.sentence = v.index;
          c.match = {v.to_input(mstart), v.to_input(mend)};
          const RoleHit* vendor_hit = first_hit(*vendor);
          const RoleHit* anchor = !vendor->empty() && vendor_hit ? vendor_hit : first_hit(*product);
          c.anchor = anchor ? anchor->in : c.match;
          if (vendor_hit)
            c.from_before_anchor =
                vendor_hit->text_at >= 5 && v.text.compare(vendor_hit->text_at - 5, 5, "from ") == 0;
          if (debug)
            std::fprintf(stderr, "rule %s: %s <- %s (%s) | %s\n", rule.name.c_str(), c.buyer.c_str(),
                         c.vendor.c_str(), c.product.c_str(), v.text.c_str());
          out.push_back(std::move(c));
        }
      pos = std::max(mend, mstart + 1);
    }
  }
}

void Linker::drop_incidental_mentions(Document& doc) const {
  std::vector<bool> drop(doc.mentions.size(), false);
  std::optional<std::size_t> prev;  // the previous company mention
  std::string g;                    // a gap's normalized text (its room kept from gap to gap)
  for (std::size_t i = 0; i < doc.mentions.size(); ++i) {
    const Mention& m = doc.mentions[i];
    if (m.type != EntityType::company) continue;
    if (mention_attr(m, "category") == "media") drop[i] = true;
    if (prev && doc.mentions[*prev].span.end <= m.span.start) {
      std::string_view gap = doc.slice({doc.mentions[*prev].span.end, m.span.start});
      if (gap.size() < 40) {
        // The gap's normalization: its part of the document's where it stands on its own.
        const std::size_t a = doc.mentions[*prev].span.end;
        g.clear();
        if (auto part = doc.normalized.part_of(a, m.span.start)) g.assign(doc.normalized.text, part->start, part->size());
        else g = normalizer_.normalize(gap).text;
        for (std::size_t k; (k = g.find("\xE2\x80\x99")) != std::string::npos;) g.replace(k, 3, "'");
        const Paragraph* p = doc.paragraph_at(m.span.start);
        if (cues_.find(p && p->lang == Lang::zh ? descriptor_gap_zh_ : descriptor_gap_en_, g)) drop[*prev] = true;
      }
    }
    prev = i;
  }
  std::size_t out = 0;
  for (std::size_t i = 0; i < doc.mentions.size(); ++i)
    if (!drop[i]) {
      if (out != i) doc.mentions[out] = std::move(doc.mentions[i]);
      ++out;
    }
  doc.mentions.resize(out);
}

LinkResult Linker::link(const Document& doc) const {
  LinkResult result;
  SentenceViewBuilder views(doc, normalizer_, &cues_);
  SentenceView v;  // one view, rebuilt for each sentence in turn (its buffers reused)
  MatchBuffers buffers;
  std::vector<DealCandidate> found;  // the candidates of one sentence
  std::vector<DealCandidate> all;
  constexpr std::size_t kNoDeal = SIZE_MAX;
  std::size_t current = kNoDeal;       // the deal later sentences refer back to
  bool continues = false;              // the previous sentence asked a question about it
  for (std::size_t vi = 0; vi < doc.sentences.size(); ++vi) {
    views.build(vi, v);
    // Events (step 4) come from each sentence on its own, in order; they and
    // the deals do not depend on each other.
    find_events(doc, v, *this, result.events);
    const TextScan* scan = &v.scan;
    if (current != kNoDeal && all[current].section != v.section) current = kNoDeal;
    match_sentence(doc, v, nullptr, buffers, found);
    const CueIds& cue = cue_ids(v.lang);
    // "这笔合同究竟有多大?" : the answer follows in the next sentence.
    const bool asks = !v.text.empty() && v.text.back() == '?';
    // Whether the sentence refers back matters only for a question or for a
    // sentence with no deal of its own after one: the cue runs only then.
    const bool ask_cue = asks || (found.empty() && current != kNoDeal);
    bool refers_back = continues || (ask_cue && cues_.find(cue.deal_anaphor, v.text, nullptr, scan));
    continues = refers_back && asks;
    if (found.empty()) {
      if (current != kNoDeal && refers_back) {
        DealCandidate& c = all[current];
        attach_fields(c, doc, v, v.span, v.span.start, v.span.end);
        attach_purpose(c, doc, v, cues_, cue.purpose, scan);
        refine_product(c, doc, v);
        c.evidence.push_back(v.span);
      }
      continue;
    }
    std::sort(found.begin(), found.end(),
              [](const DealCandidate& a, const DealCandidate& b) { return a.anchor.start < b.anchor.start; });
    // Whether the sentence denies a deal or reports talks: the same for each
    // of its candidates, so asked once, when the first needs it.
    std::optional<bool> denied, in_talks;
    auto says = [&](std::optional<bool>& answer, int group) {
      if (!answer) answer = cues_.find(group, v.text, nullptr, scan);
      return *answer;
    };
    for (std::size_t i = 0; i < found.size(); ++i) {
      DealCandidate& c = found[i];
      // A candidate owns the stretch between the anchors (vendor or product) of
      // the candidates before and after it.
      std::size_t from = v.span.start, to = v.span.end;
      for (std::size_t j = i; j-- > 0;)
        if (found[j].anchor.start < c.anchor.start) {
          from = found[j].anchor.end;
          break;
        }
      for (std::size_t j = i + 1; j < found.size(); ++j)
        if (found[j].anchor.start > c.anchor.start) {
          to = found[j].anchor.start;
          break;
        }
      for (const Mention& m : doc.mentions)
        if (m.type == EntityType::chip && m.key == c.product) {
          if (c.vendor.empty()) c.vendor = mention_attr(m, "vendor");
          c.kind = mention_attr(m, "kind");
          break;
        }
      lift_cloud_unit(c, doc);
      attach_fields(c, doc, v, c.anchor, from, to);
      // Cue phrases in the candidate's own stretch of the sentence qualify it.
      std::size_t a = 0, b = v.text.size();
      // Its bytes: up to the last whose input lies before `to`, from past the
      // last before the match; and the first at or past the anchor, where the
      // purpose may start. (One walk over the view's input offsets.)
      std::size_t pa = v.text.size();
      bool pa_found = false;
      v.each_input([&](std::size_t k, std::size_t in) {
        if (in < c.match.start) a = k + 1;
        if (in < to) b = k + 1;
        if (!pa_found && in >= c.anchor.start) pa = k, pa_found = true;
      });
      std::string_view stretch = std::string_view(v.text).substr(std::min(a, v.text.size()), b > a ? b - a : 0);
      // The purpose follows the vendor or product it goes with: from the anchor to
      // the next candidate's ("... Google Cloud's servers to run its AI models").
      const std::size_t pb = b;
      attach_purpose(c, doc, v, cues_, cue.purpose, scan, pa, pb);
      if (c.type == "compute" && cues_.find(cue.cloud, stretch, nullptr, scan)) c.type = "cloud";
      if (cues_.find(cue.investment, stretch, nullptr, scan) && c.type != "partnership") c.type = "investment";
      if (says(denied, cue.denied)) c.status = "denied";
      else if (says(in_talks, cue.in_talks)) c.status = "in talks";
      c.evidence.push_back(v.span);
    }
    for (auto& c : found) {
      // A vendor is needed unless the rule names none ("ByteDance spends billions
      // leasing data centers abroad").
      if (c.buyer.empty() || c.buyer == c.vendor || (c.vendor.empty() && c.needs_vendor)) continue;
      if (is_brand_only(c, found)) continue;
      all.push_back(std::move(c));
      current = all.size() - 1;
    }
  }
  result.deals = merge_candidates(doc, std::move(all));
  return result;
}

}  // namespace newsdeal
