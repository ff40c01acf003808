// The compute-allocation model: the deals of many articles folded into a ledger of
// distinct allocations (one per buyer and vendor, however many articles report
// it), with roll-ups per buyer and per vendor. Schema newsdeal.allocation/1
// (schema/allocation.schema.json).
//
//   AllocationModel model;
//   model.add_record(record_json);          // any number of article records
//   model.merge(other_shard_model);         // merging shards = folding the whole
//   std::cout << model.to_json().dump(2);   // or to_csv(), to_dot()
//
// Folding is order-independent: the same records in any order, or split across
// shards and merged, give the same model.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace newsdeal {

struct ValueRange {
  std::optional<double> min, max;
  bool known = false;  // at least one report stated a value
  bool max_open = false;  // some report had no upper bound ("more than X")
};

// One buyer getting compute from one vendor, as every article reported it.
struct Allocation {
  std::string buyer, vendor;
  std::set<std::string> providers, products, kinds, types, statuses;
  std::map<std::string, ValueRange> value;  // by currency
  struct SourceRef {
    std::string article;
    std::optional<std::string> url, published;
    bool operator<(const SourceRef& o) const { return article < o.article; }
  };
  std::set<SourceRef> sources;

  void absorb(const Allocation& other);
};

class AllocationModel {
 public:
  // Folds the deals of one article record (newsdeal.article/1); other records
  // (errors) are ignored.
  void add_record(const nlohmann::json& record);
  // Folds a model written by to_json() (newsdeal.allocation/1).
  void add_model(const nlohmann::json& model);
  void merge(const AllocationModel& other);

  nlohmann::ordered_json to_json() const;
  std::string to_csv() const;
  std::string to_dot() const;

  std::size_t size() const { return ledger_.size(); }
  std::size_t articles() const { return articles_; }

 private:
  std::map<std::pair<std::string, std::string>, Allocation> ledger_;
  std::map<std::string, std::string> names_;  // entity key -> display name
  std::size_t articles_ = 0;
};

}  // namespace newsdeal
