// The compute-allocation model: one ledger entry per buyer and vendor, roll-ups,
// and folding that does not depend on order or sharding.
#include <algorithm>
#include <random>

#include "pipeline/model.h"
#include "tests/support.h"

using namespace newsdeal;
using nlohmann::json;

namespace {

json deal(const std::string& buyer, const std::string& vendor, const std::string& product, const std::string& kind,
          std::optional<double> min, std::optional<double> max) {
  json d = {{"id", "d"}, {"type", "compute"}, {"buyer", buyer}, {"vendor", vendor},
            {"product", product.empty() ? json(nullptr) : json(product)},
            {"kind", kind.empty() ? json(nullptr) : json(kind)}, {"langs", {"en"}}, {"evidence", json::array()}};
  if (min || max)
    d["value"] = {{"min", min ? json(*min) : json(nullptr)}, {"max", max ? json(*max) : json(nullptr)},
                  {"currency", "USD"}};
  else
    d["value"] = nullptr;
  return d;
}

json record(const std::string& id, const std::string& published, std::vector<json> deals) {
  json r = {{"schema", "newsdeal.article/1"}, {"id", id},
            {"source", {{"format", "text"}, {"url", "https://example.com/" + id}, {"published", published}}},
            {"entities", {{{"id", "e1"}, {"type", "company"}, {"key", "meta"}, {"name", "Meta"}},
                          {{"id", "e2"}, {"type", "company"}, {"key", "amazon"}, {"name", "Amazon"}}}},
            {"deals", deals}};
  return r;
}

std::vector<json> sample_records() {
  std::vector<json> rs;
  rs.push_back(record("a1", "2026-04-01", {deal("meta", "amazon", "graviton5", "cpu", 1e9, 1e10),
                                           deal("meta", "nvidia", "", "", {}, {})}));
  rs.push_back(record("a2", "2026-04-03", {deal("meta", "amazon", "graviton", "cpu", 1e9, 1e10),
                                           deal("anthropic", "amazon", "trainium", "accelerator", 2.5e10, 2.5e10)}));
  rs.push_back(record("a3", "2026-03-20", {deal("openai", "amazon", "trainium", "accelerator", 1e11, 1e11)}));
  rs.push_back(record("a4", "2026-05-02", {deal("openai", "oracle", "", "", 3e11, 3e11),
                                           deal("openai", "oracle", "", "", 3e10, {})}));
  rs.push_back({{"schema", "newsdeal.error/1"}, {"id", "bad"}, {"stage", "decode"}, {"error", "x"}});
  return rs;
}

}  // namespace

TEST_CASE("the same allocation reported by several articles is one ledger entry", "[model]") {
  AllocationModel m;
  for (const auto& r : sample_records()) m.add_record(r);
  json j = m.to_json();
  CHECK(j["schema"] == "newsdeal.allocation/1");
  CHECK(j["articles"] == 4);
  CHECK(j["allocations"].size() == 5);
  auto meta_amazon = std::find_if(j["allocations"].begin(), j["allocations"].end(), [](const json& a) {
    return a["buyer"] == "meta" && a["vendor"] == "amazon";
  });
  REQUIRE(meta_amazon != j["allocations"].end());
  CHECK((*meta_amazon)["sources"].size() == 2);
  CHECK((*meta_amazon)["first_seen"] == "2026-04-01");
  CHECK((*meta_amazon)["last_seen"] == "2026-04-03");
  CHECK((*meta_amazon)["products"] == json({"graviton", "graviton5"}));
  CHECK((*meta_amazon)["kinds"] == json({"cpu"}));

  auto amazon = std::find_if(j["vendors"].begin(), j["vendors"].end(), [](const json& v) { return v["vendor"] == "amazon"; });
  REQUIRE(amazon != j["vendors"].end());
  CHECK((*amazon)["customers"].size() == 3);
  CHECK((*amazon)["name"] == "Amazon");
  // Committed value: 1e9..1e10 + 2.5e10 + 1e11.
  CHECK((*amazon)["committed"][0]["min"] == 126000000000LL);
  CHECK((*amazon)["committed"][0]["max"] == 135000000000LL);

  auto openai = std::find_if(j["buyers"].begin(), j["buyers"].end(), [](const json& b) { return b["buyer"] == "openai"; });
  REQUIRE(openai != j["buyers"].end());
  // "more than $30 billion" leaves the upper end open.
  CHECK((*openai)["value"][0]["max"].is_null());
}

TEST_CASE("two shards merged equal the whole, in any order", "[model]") {
  auto rs = sample_records();
  AllocationModel whole;
  for (const auto& r : rs) whole.add_record(r);
  std::mt19937 rng(7);
  for (int trial = 0; trial < 10; ++trial) {
    std::shuffle(rs.begin(), rs.end(), rng);
    std::size_t cut = trial % rs.size();
    AllocationModel a, b;
    for (std::size_t i = 0; i < rs.size(); ++i) (i < cut ? a : b).add_record(rs[i]);
    AllocationModel merged;
    merged.merge(b);
    merged.merge(a);
    CHECK(merged.to_json() == whole.to_json());
    // The same through the files `newsdeal model` writes and reads back.
    AllocationModel from_files;
    from_files.add_model(json::parse(a.to_json().dump()));
    from_files.add_model(json::parse(b.to_json().dump()));
    CHECK(from_files.to_json() == whole.to_json());
  }
}

TEST_CASE("CSV has a row per allocation and currency; DOT an edge per allocation", "[model]") {
  AllocationModel m;
  for (const auto& r : sample_records()) m.add_record(r);
  std::string csv = m.to_csv();
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 5);
  CHECK(csv.find("meta,amazon,,graviton;graviton5,cpu,compute,,USD,1000000000,10000000000,2,2026-04-01,2026-04-03") !=
        std::string::npos);
  std::string dot = m.to_dot();
  CHECK(dot.rfind("digraph allocation {", 0) == 0);
  CHECK(std::count(dot.begin(), dot.end(), '>') == 5);
  CHECK(dot.find("\"amazon\" -> \"meta\"") != std::string::npos);
}
