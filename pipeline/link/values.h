// Small readings of mentions that every linking step shares: an attribute, an
// Amount, and whether two figures are the same (within 0.5%, as the scorer and
// RECORD.md compare them).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "extractors/document.h"
#include "pipeline/record.h"

namespace newsdeal {

// The attribute `key` of a mention, or "" when it has none.
const std::string& mention_attr(const Mention& m, std::string_view key);

// A mention's value with its qualifiers (currency, per, unit, text).
Amount amount_of(const Mention& m);

// Equal within 0.5% of the larger, or both absent.
bool same_figure(std::optional<double> a, std::optional<double> b);

}  // namespace newsdeal
