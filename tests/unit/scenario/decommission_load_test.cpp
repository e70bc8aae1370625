// vsfs[].end and decommission orders, as the loader resolves them: an end sets VsfSpec::end_s; a
// decommission order is reviewed with its own stream's draws (never rejected, no credit check) and sets its
// VSF's end_s to the later of its review's end and the VSF's start, unless the VSF ends earlier; adding a
// decommission order shifts no other order's steps.
#include <catch2/catch.hpp>

#include "load_errors.hpp"
#include "scenario/loader.hpp"

using namespace vsf;
using namespace vsf::test;
using nlohmann::json;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/tests/unit/inline-test.json";

json base() {
  json doc = json::parse(R"({
    "name": "d", "duration": "10h", "seed": 3,
    "grid": {"cpus": 20, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "shop", "tiers": [{"role": "web"}], "traffic": {"type": "constant", "rate": 1}}],
    "provisioning": {"review": {"dist": "exponential", "mean": "1h"}, "credit_check": "10min",
                     "reject_probability": 0.3},
    "orders": [{"at": "1h", "vsf": {"name": "ordered", "tiers": [{"role": "web"}],
                                    "traffic": {"type": "constant", "rate": 1}}}]
  })");
  doc["models"] = {"../../models/hardware.json", "../../models/roles.json", "../../models/switches.json"};
  return doc;
}

}  // namespace

TEST_CASE("vsfs end sets end_s and an absent end is never", "[scenario][decommission]") {
  json doc = base();
  doc["vsfs"][0]["end"] = "3h";
  doc["provisioning"]["reject_probability"] = 0;
  const Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  REQUIRE(s.vsfs.size() == 2);
  CHECK(s.vsfs[0].end_s == 3 * 3600);
  CHECK(s.vsfs[0].decommission_order == -1);
  CHECK(std::isinf(s.vsfs[1].end_s));
}

TEST_CASE("a decommission order ends its VSF after its review and shifts no other order", "[scenario][decommission]") {
  const Scenario plain = load_scenario_json(kFile, base().dump()).scenario;
  json doc = base();
  doc["orders"].push_back({{"at", "2h"}, {"decommission", "shop"}});
  const Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  REQUIRE(s.orders.size() == 2);
  CHECK(s.orders[0].steps.reviewed_s == plain.orders[0].steps.reviewed_s);
  CHECK(s.orders[0].steps.outcome == plain.orders[0].steps.outcome);
  const Order& d = s.orders[1];
  CHECK(d.kind == OrderKind::Decommission);
  CHECK(d.steps.approved);
  CHECK(d.steps.credit_checked_s == -1);
  CHECK(d.steps.reviewed_s > 2 * 3600);
  CHECK(d.steps.ready_s == d.steps.reviewed_s);
  CHECK(d.vsf_index == 0);
  CHECK(d.customer == "shop");
  CHECK(s.vsfs[0].end_s == d.steps.reviewed_s);
  CHECK(s.vsfs[0].decommission_order == 1);
}

TEST_CASE("a decommission order of an ordered VSF waits for its start or has nothing to end",
          "[scenario][decommission]") {
  json doc = base();
  doc["provisioning"]["reject_probability"] = 0;
  doc["orders"].push_back({{"at", "1h"}, {"decommission", "ordered"}});
  Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  REQUIRE(s.vsfs.size() == 2);
  const Order& d = s.orders[1];
  CHECK(d.vsf_index == 1);
  CHECK(d.steps.ready_s == std::max(d.steps.reviewed_s, s.vsfs[1].start_s));
  CHECK(s.vsfs[1].end_s == d.steps.ready_s);
  doc["provisioning"]["reject_probability"] = 1;  // never built: nothing to end
  s = load_scenario_json(kFile, doc.dump()).scenario;
  REQUIRE(s.vsfs.size() == 1);
  CHECK(s.orders[1].vsf_index == -1);
  CHECK(s.orders[1].steps.ready_s == s.orders[1].steps.reviewed_s);
}

TEST_CASE("of two decommission orders the earlier carried out ends the VSF", "[scenario][decommission]") {
  json doc = base();
  doc["provisioning"]["review"] = "30min";
  doc["vsfs"][0]["end"] = "9h";
  doc["orders"].push_back({{"at", "5h"}, {"decommission", "shop"}});
  doc["orders"].push_back({{"at", "3h"}, {"decommission", "shop"}});
  const Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  CHECK(s.vsfs[0].end_s == 3.5 * 3600);
  CHECK(s.vsfs[0].decommission_order == 2);
}
