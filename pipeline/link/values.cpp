#include "pipeline/link/values.h"

#include <algorithm>
#include <cmath>

namespace newsdeal {

const std::string& mention_attr(const Mention& m, const std::string& key) {
  static const std::string none;
  auto it = m.attrs.find(key);
  return it == m.attrs.end() ? none : it->second;
}

Amount amount_of(const Mention& m) {
  auto opt = [&](const std::string& key) -> std::optional<std::string> {
    const std::string& v = mention_attr(m, key);
    if (v.empty()) return std::nullopt;
    return v;
  };
  Amount a;
  a.range = m.value;
  a.currency = opt(attr_name::currency);
  a.per = opt(attr_name::per);
  a.unit = opt(attr_name::unit);
  a.text = opt(attr_name::text);
  return a;
}

bool same_figure(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return !a && !b;
  return std::fabs(*a - *b) <= 0.005 * std::max({std::fabs(*a), std::fabs(*b), 1e-9});
}

}  // namespace newsdeal
