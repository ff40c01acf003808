#include "pipeline/model.h"

#include "pipeline/json_writer.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace newsdeal {
namespace {

using OJson = nlohmann::ordered_json;

std::optional<double> num(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::optional<std::string> str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

void widen(ValueRange& r, std::optional<double> min, std::optional<double> max) {
  if (!min && !max) return;
  if (min) r.min = r.min ? std::min(*r.min, *min) : *min;
  if (max) r.max = r.max ? std::max(*r.max, *max) : *max;
  if (!max) r.max_open = true;
  r.known = true;
}

void widen(ValueRange& r, const ValueRange& o) {
  if (!o.known) return;
  if (o.min) r.min = r.min ? std::min(*r.min, *o.min) : *o.min;
  if (o.max) r.max = r.max ? std::max(*r.max, *o.max) : *o.max;
  r.max_open |= o.max_open;
  r.known = true;
}

OJson range_json(const std::string& currency, const ValueRange& r) {
  return {{"currency", currency}, {"min", json_number(r.min)}, {"max", r.max_open ? OJson(nullptr) : json_number(r.max)}};
}

OJson strings(const std::set<std::string>& s) {
  OJson a = OJson::array();
  for (const auto& x : s) a.push_back(x);
  return a;
}

std::string join(const std::set<std::string>& s, const char* sep) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : sep) + x;
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string dot_id(const std::string& s) {
  std::string q = "\"";
  for (char c : s) q += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
  return q + "\"";
}

std::string fmt(std::optional<double> v) {
  if (!v) return "";
  std::ostringstream o;
  o.precision(15);
  o << *v;
  return o.str();
}

}  // namespace

void Allocation::absorb(const Allocation& o) {
  providers.insert(o.providers.begin(), o.providers.end());
  products.insert(o.products.begin(), o.products.end());
  kinds.insert(o.kinds.begin(), o.kinds.end());
  types.insert(o.types.begin(), o.types.end());
  statuses.insert(o.statuses.begin(), o.statuses.end());
  for (const auto& [cur, r] : o.value) widen(value[cur], r);
  sources.insert(o.sources.begin(), o.sources.end());
}

void AllocationModel::add_record(const nlohmann::json& rec) {
  if (str(rec, "schema") != "newsdeal.article/1") return;
  ++articles_;
  for (const auto& e : rec.value("entities", nlohmann::json::array()))
    if (auto key = str(e, "key"); key && str(e, "name")) {
      auto [it, fresh] = names_.emplace(*key, *str(e, "name"));
      if (!fresh && *str(e, "name") < it->second) it->second = *str(e, "name");
    }
  Allocation::SourceRef src;
  src.article = str(rec, "id").value_or("");
  if (rec.contains("source")) {
    src.url = str(rec["source"], "url");
    src.published = str(rec["source"], "published");
  }
  for (const auto& d : rec.value("deals", nlohmann::json::array())) {
    auto buyer = str(d, "buyer"), vendor = str(d, "vendor");
    if (!buyer || !vendor) continue;
    Allocation a;
    a.buyer = *buyer;
    a.vendor = *vendor;
    if (auto p = str(d, "provider")) a.providers.insert(*p);
    if (auto p = str(d, "product")) a.products.insert(*p);
    a.kinds.insert(str(d, "kind").value_or("unspecified"));
    if (auto t = str(d, "type")) a.types.insert(*t);
    if (auto s = str(d, "status")) a.statuses.insert(*s);
    if (d.contains("value") && d["value"].is_object()) {
      const auto& v = d["value"];
      widen(a.value[str(v, "currency").value_or("unknown")], num(v, "min"), num(v, "max"));
    }
    a.sources.insert(src);
    ledger_[{a.buyer, a.vendor}].buyer = a.buyer;
    ledger_[{a.buyer, a.vendor}].vendor = a.vendor;
    ledger_[{a.buyer, a.vendor}].absorb(a);
  }
}

void AllocationModel::add_model(const nlohmann::json& m) {
  articles_ += m.value("articles", 0u);
  const nlohmann::json names = m.value("names", nlohmann::json::object());  // items() must not outlive it
  for (const auto& [key, name] : names.items()) {
    auto [it, fresh] = names_.emplace(key, name.get<std::string>());
    if (!fresh && name.get<std::string>() < it->second) it->second = name.get<std::string>();
  }
  for (const auto& j : m.value("allocations", nlohmann::json::array())) {
    Allocation a;
    a.buyer = j.at("buyer").get<std::string>();
    a.vendor = j.at("vendor").get<std::string>();
    for (const char* f : {"providers", "products", "kinds", "types", "statuses"}) {
      auto& set = std::string(f) == "providers" ? a.providers
                  : std::string(f) == "products" ? a.products
                  : std::string(f) == "kinds"    ? a.kinds
                  : std::string(f) == "types"    ? a.types
                                                 : a.statuses;
      for (const auto& x : j.value(f, nlohmann::json::array())) set.insert(x.get<std::string>());
    }
    for (const auto& v : j.value("value", nlohmann::json::array())) {
      ValueRange r;
      r.known = true;
      r.min = num(v, "min");
      r.max = num(v, "max");
      r.max_open = !r.max;
      a.value[str(v, "currency").value_or("unknown")] = r;
    }
    for (const auto& s : j.value("sources", nlohmann::json::array()))
      a.sources.insert({s.at("article").get<std::string>(), str(s, "url"), str(s, "published")});
    auto& slot = ledger_[{a.buyer, a.vendor}];
    slot.buyer = a.buyer;
    slot.vendor = a.vendor;
    slot.absorb(a);
  }
}

void AllocationModel::merge(const AllocationModel& o) {
  articles_ += o.articles_;
  for (const auto& [k, n] : o.names_) {
    auto [it, fresh] = names_.emplace(k, n);
    if (!fresh && n < it->second) it->second = n;
  }
  for (const auto& [k, a] : o.ledger_) {
    auto& slot = ledger_[k];
    slot.buyer = a.buyer;
    slot.vendor = a.vendor;
    slot.absorb(a);
  }
}

OJson AllocationModel::to_json() const {
  auto name = [&](const std::string& key) {
    auto it = names_.find(key);
    return it == names_.end() ? key : it->second;
  };
  auto dates = [](const Allocation& a) {
    std::optional<std::string> first, last;
    for (const auto& s : a.sources)
      if (s.published) {
        if (!first || *s.published < *first) first = s.published;
        if (!last || *s.published > *last) last = s.published;
      }
    return std::pair{first, last};
  };
  OJson out;
  out["schema"] = "newsdeal.allocation/1";
  out["articles"] = articles_;
  OJson ledger = OJson::array();
  std::map<std::string, std::vector<const Allocation*>> by_buyer, by_vendor;
  for (const auto& [k, a] : ledger_) {
    by_buyer[a.buyer].push_back(&a);
    by_vendor[a.vendor].push_back(&a);
    OJson j;
    j["buyer"] = a.buyer;
    j["vendor"] = a.vendor;
    j["providers"] = strings(a.providers);
    j["products"] = strings(a.products);
    j["kinds"] = strings(a.kinds);
    j["types"] = strings(a.types);
    j["statuses"] = strings(a.statuses);
    OJson values = OJson::array();
    for (const auto& [cur, r] : a.value)
      if (r.known) values.push_back(range_json(cur, r));
    j["value"] = values;
    OJson srcs = OJson::array();
    for (const auto& s : a.sources)
      srcs.push_back({{"article", s.article}, {"url", s.url ? OJson(*s.url) : OJson(nullptr)},
                      {"published", s.published ? OJson(*s.published) : OJson(nullptr)}});
    j["sources"] = srcs;
    auto [first, last] = dates(a);
    j["first_seen"] = first ? OJson(*first) : OJson(nullptr);
    j["last_seen"] = last ? OJson(*last) : OJson(nullptr);
    ledger.push_back(std::move(j));
  }
  out["allocations"] = ledger;

  auto rollup_value = [](const std::vector<const Allocation*>& as) {
    // Known value as a range: the sum of what each allocation is known to be at
    // least and at most; an allocation without an upper bound leaves it open.
    std::map<std::string, ValueRange> sums;
    for (const Allocation* a : as)
      for (const auto& [cur, r] : a->value) {
        if (!r.known) continue;
        ValueRange& s = sums[cur];
        s.known = true;
        s.min = s.min.value_or(0) + r.min.value_or(0);
        s.max = s.max.value_or(0) + r.max.value_or(0);
        s.max_open |= r.max_open || !r.max;
      }
    OJson v = OJson::array();
    for (const auto& [cur, r] : sums) v.push_back(range_json(cur, r));
    return v;
  };
  OJson buyers = OJson::array();
  for (const auto& [b, as] : by_buyer) {
    std::set<std::string> vendors;
    std::map<std::string, int> kinds;
    for (const Allocation* a : as) {
      vendors.insert(a->vendor);
      for (const auto& k : a->kinds) ++kinds[k];
    }
    OJson vs = OJson::array();
    for (const Allocation* a : as)
      vs.push_back({{"vendor", a->vendor}, {"name", name(a->vendor)}, {"products", strings(a->products)},
                    {"kinds", strings(a->kinds)}});
    buyers.push_back({{"buyer", b}, {"name", name(b)}, {"vendors", vs}, {"kinds", kinds},
                      {"value", rollup_value(as)}, {"allocations", as.size()}});
  }
  out["buyers"] = buyers;
  OJson vendors = OJson::array();
  for (const auto& [v, as] : by_vendor) {
    OJson cs = OJson::array();
    for (const Allocation* a : as)
      cs.push_back({{"buyer", a->buyer}, {"name", name(a->buyer)}, {"products", strings(a->products)}});
    vendors.push_back({{"vendor", v}, {"name", name(v)}, {"customers", cs}, {"committed", rollup_value(as)},
                       {"allocations", as.size()}});
  }
  out["vendors"] = vendors;
  OJson names = OJson::object();
  for (const auto& [k, n] : names_) names[k] = n;
  out["names"] = names;
  return out;
}

std::string AllocationModel::to_csv() const {
  std::ostringstream o;
  o << "buyer,vendor,providers,products,kinds,types,statuses,currency,value_min,value_max,sources,first_seen,last_seen\n";
  for (const auto& entry : ledger_) {
    const auto& a = entry.second;  // not a structured binding: clang 14 cannot capture one
    std::string first, last;
    for (const auto& s : a.sources)
      if (s.published) {
        if (first.empty() || *s.published < first) first = *s.published;
        if (last.empty() || *s.published > last) last = *s.published;
      }
    auto row = [&](const std::string& cur, const ValueRange* r) {
      o << csv_field(a.buyer) << ',' << csv_field(a.vendor) << ',' << csv_field(join(a.providers, ";")) << ','
        << csv_field(join(a.products, ";")) << ',' << csv_field(join(a.kinds, ";")) << ','
        << csv_field(join(a.types, ";")) << ',' << csv_field(join(a.statuses, ";")) << ',' << cur << ','
        << (r ? fmt(r->min) : "") << ',' << (r && !r->max_open ? fmt(r->max) : "") << ',' << a.sources.size()
        << ',' << first << ',' << last << '\n';
    };
    bool any = false;
    for (const auto& [cur, r] : a.value)
      if (r.known) {
        row(cur, &r);
        any = true;
      }
    if (!any) row("", nullptr);
  }
  return o.str();
}

std::string AllocationModel::to_dot() const {
  auto name = [&](const std::string& key) {
    auto it = names_.find(key);
    return it == names_.end() ? key : it->second;
  };
  std::set<std::string> buyers, vendors;
  for (const auto& [k, a] : ledger_) {
    buyers.insert(a.buyer);
    vendors.insert(a.vendor);
  }
  std::ostringstream o;
  o << "digraph allocation {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n";
  for (const auto& v : vendors)
    o << "  " << dot_id(v) << " [label=" << dot_id(name(v)) << ", shape=box" << (buyers.count(v) ? "" : ", style=filled, fillcolor=\"#e8eef8\"") << "];\n";
  for (const auto& b : buyers)
    if (!vendors.count(b)) o << "  " << dot_id(b) << " [label=" << dot_id(name(b)) << ", shape=ellipse];\n";
  static const std::map<std::string, std::string> colours = {
      {"cpu", "#1f77b4"}, {"gpu", "#2ca02c"}, {"accelerator", "#d62728"}, {"unspecified", "#7f7f7f"}};
  for (const auto& [k, a] : ledger_) {
    std::string kind = a.kinds.empty() ? "unspecified" : *a.kinds.begin();
    if (a.kinds.size() > 1 && a.kinds.count("unspecified")) {
      for (const auto& x : a.kinds)
        if (x != "unspecified") kind = x;
    }
    double width = 1.0;
    auto usd = a.value.find("USD");
    if (usd != a.value.end() && usd->second.known) {
      double v = usd->second.max.value_or(usd->second.min.value_or(0));
      width = 1.0 + std::max(0.0, std::log10(std::max(v, 1.0)) - 8.0);  // $100M -> 1, $100B -> 4
    }
    std::string label = join(a.products, ", ");
    o << "  " << dot_id(a.vendor) << " -> " << dot_id(a.buyer) << " [label=" << dot_id(label)
      << ", color=\"" << colours.at(colours.count(kind) ? kind : "unspecified") << "\", penwidth=" << width
      << ", tooltip=" << dot_id(kind) << "];\n";
  }
  o << "}\n";
  return o.str();
}

}  // namespace newsdeal
