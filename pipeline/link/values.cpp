#include "pipeline/link/values.h"

#include <algorithm>
#include <cmath>

namespace newsdeal {

const std::string& mention_attr(const Mention& m, std::string_view key) { return m.attrs.value(key); }

Amount amount_of(const Mention& m) {
  auto opt = [&](std::string_view key) -> std::optional<std::string> {
    const std::string& v = mention_attr(m, key);
    if (v.empty()) return std::nullopt;
    return v;
  };
  Amount a;
  a.range = m.value;
  a.currency = opt("currency");
  a.per = opt("per");
  a.unit = opt("unit");
  a.text = opt("text");
  return a;
}

bool same_figure(std::optional<double> a, std::optional<double> b) {
  if (!a || !b) return !a && !b;
  return std::fabs(*a - *b) <= 0.005 * std::max({std::fabs(*a), std::fabs(*b), 1e-9});
}

}  // namespace newsdeal
