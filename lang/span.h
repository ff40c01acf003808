// Byte spans and value ranges: the two small value types every layer shares.
#pragma once

#include <cstddef>
#include <optional>

namespace newsdeal {

// A half-open range [start, end) of UTF-8 byte offsets into some text.
struct Span {
  std::size_t start = 0;
  std::size_t end = 0;
  std::size_t size() const { return end - start; }
  bool empty() const { return end <= start; }
  bool contains(const Span& o) const { return start <= o.start && o.end <= end; }
  bool overlaps(const Span& o) const { return start < o.end && o.start < end; }
  friend bool operator==(const Span&, const Span&) = default;
};

// A numeric value as RECORD.md defines it: exact figures have min == max;
// "more than X" has no max, "up to X" no min; vague magnitudes span their decade.
struct Range {
  std::optional<double> min;
  std::optional<double> max;
  bool approx = false;

  static Range exact(double v, bool approx = false) { return {v, v, approx}; }
  Range scaled(double factor) const {
    Range r = *this;
    if (r.min) *r.min *= factor;
    if (r.max) *r.max *= factor;
    return r;
  }
  friend bool operator==(const Range&, const Range&) = default;
};

}  // namespace newsdeal
