// The attributes of a mention or an entity (currency, per, unit, org, role, name,
// parent ...): a handful of string pairs, kept sorted by key in one vector.
//
//   Attrs a{{"currency", "USD"}, {"per", "year"}};
//   a["unit"] = "GW";                       // inserted in key order
//   if (auto it = a.find("per"); it != a.end()) use(it->second);
//   for (const auto& [key, value] : a) ... // in key order, as std::map iterates
//
// Why not std::map: a mention carries two to four attributes and a map allocates a
// node for each, then again for every copy (a mention's attributes are copied
// into its entity and the record); the allocation and the pointer chasing were a
// visible share of the pipeline's time. The interface is the part of std::map's
// the project uses, with lookups by string_view (no key string built per lookup).
#pragma once

#include <algorithm>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsdeal {

class Attrs {
 public:
  using value_type = std::pair<std::string, std::string>;
  using iterator = std::vector<value_type>::iterator;
  using const_iterator = std::vector<value_type>::const_iterator;

  Attrs() = default;
  // As std::map's: sorted by key; of equal keys the first counts.
  Attrs(std::initializer_list<value_type> init) {
    items_.reserve(init.size());
    for (const auto& kv : init)
      if (auto at = lower(kv.first); at == items_.end() || at->first != kv.first) items_.insert(at, kv);
  }

  iterator begin() { return items_.begin(); }
  iterator end() { return items_.end(); }
  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  void clear() { items_.clear(); }
  // Room for `n` attributes: one allocation where inserting them one by one
  // grows the vector two or three times.
  void reserve(std::size_t n) { items_.reserve(n); }

  // A look at each key in turn, its length first: with a handful of keys of
  // mostly different lengths ("currency", "per") that finds the one sought with
  // no string comparison but its own, where the binary search compared strings
  // at each step and then once more (the linker asks for attributes of every
  // mention of a sentence, for each deal in it). Keys are unique: the same one.
  iterator find(std::string_view key) { return items_.begin() + (std::as_const(*this).find(key) - items_.cbegin()); }
  const_iterator find(std::string_view key) const {
    if (items_.size() > kScanned) {
      auto at = lower(key);
      return at != items_.end() && at->first == key ? at : items_.end();
    }
    for (auto it = items_.begin(); it != items_.end(); ++it)
      if (it->first.size() == key.size() && std::string_view(it->first) == key) return it;
    return items_.end();
  }
  std::size_t count(std::string_view key) const { return find(key) != end() ? 1 : 0; }
  const std::string& at(std::string_view key) const {
    auto it = find(key);
    if (it == end()) throw std::out_of_range("no attribute '" + std::string(key) + "'");
    return it->second;
  }
  // The value of `key`, or an empty string when it has none.
  const std::string& value(std::string_view key) const {
    static const std::string none;
    auto it = find(key);
    return it == end() ? none : it->second;
  }
  // The value of `key`, inserted empty in key order when absent.
  std::string& operator[](std::string_view key) {
    auto at = lower(key);
    if (at == items_.end() || at->first != key) at = items_.insert(at, value_type(std::string(key), std::string()));
    return at->second;
  }
  // Inserts before `hint`, which the caller knows is where `key` belongs (as
  // std::map::emplace_hint with a right hint); returns the new element.
  iterator emplace_hint(const_iterator hint, std::string_view key, std::string_view value) {
    return items_.insert(hint, value_type(std::string(key), std::string(value)));
  }
  std::size_t erase(std::string_view key) {
    auto it = find(key);
    if (it == end()) return 0;
    items_.erase(it);
    return 1;
  }

  bool operator==(const Attrs& other) const { return items_ == other.items_; }

 private:
  static constexpr std::size_t kScanned = 8;  // up to this many keys, find() looks at each

  iterator lower(std::string_view key) {
    return std::lower_bound(items_.begin(), items_.end(), key,
                            [](const value_type& kv, std::string_view k) { return std::string_view(kv.first) < k; });
  }
  const_iterator lower(std::string_view key) const {
    return std::lower_bound(items_.begin(), items_.end(), key,
                            [](const value_type& kv, std::string_view k) { return std::string_view(kv.first) < k; });
  }

  std::vector<value_type> items_;
};

}  // namespace newsdeal
