// vsfs[].cpu_demand: read into VsfSpec::cpu_demand in SI units (rate per second, hold in seconds), absent
// when not given, copied to every VSF of a group; a zero or negative rate or hold, a missing key, a
// misspelt key or a non-object is refused with its pointer.
#include <catch2/catch.hpp>

#include "load_errors.hpp"
#include "scenario/loader.hpp"

using namespace vsf;
using namespace vsf::test;
using nlohmann::json;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/tests/unit/inline-test.json";

json with_demand(const json& demand) {
  json doc = json::parse(R"({
    "name": "d", "duration": "1h", "seed": 3,
    "grid": {"cpus": 20, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "demanding", "tiers": [{"role": "web", "initial": 0, "max": 20}],
              "traffic": {"type": "constant", "rate": 0}},
             {"name": "plain", "tiers": [{"role": "web"}], "traffic": {"type": "constant", "rate": 1}}]
  })");
  doc["models"] = {"../../models/hardware.json", "../../models/roles.json", "../../models/switches.json"};
  if (!demand.is_null()) doc["vsfs"][0]["cpu_demand"] = demand;
  return doc;
}

}  // namespace

TEST_CASE("cpu_demand: rate and hold in SI units, absent when not given", "[scenario]") {
  const Scenario s =
      load_scenario_json(kFile, with_demand(json::parse(R"({"rate": "2/min", "hold": "5min"})")).dump()).scenario;
  REQUIRE(s.vsfs.size() == 2);
  REQUIRE(s.vsfs[0].cpu_demand);
  CHECK(s.vsfs[0].cpu_demand->rate_per_s == Approx(1.0 / 30));
  CHECK(s.vsfs[0].cpu_demand->hold_s == 300);
  CHECK_FALSE(s.vsfs[1].cpu_demand);
  const Scenario none = load_scenario_json(kFile, with_demand(nullptr).dump()).scenario;
  CHECK_FALSE(none.vsfs[0].cpu_demand);
}

TEST_CASE("cpu_demand: every copy of a group has the definition's", "[scenario][groups]") {
  json doc = with_demand(json::parse(R"({"rate": 0.5, "hold": "1min"})"));
  doc["vsfs"][0]["count"] = 3;
  const Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  REQUIRE(s.vsfs.size() == 4);
  for (int k = 0; k < 3; ++k) {
    REQUIRE(s.vsfs[k].cpu_demand);
    CHECK(s.vsfs[k].cpu_demand->rate_per_s == 0.5);
    CHECK(s.vsfs[k].cpu_demand->hold_s == 60);
  }
}

TEST_CASE("cpu_demand: bad values are refused with their pointers, all at once", "[scenario]") {
  auto errors = load_errors(kFile, with_demand(json::parse(R"({"rate": 0, "hold": "-1s", "hld": 3})")));
  INFO(join(errors));
  CHECK(has(errors, "/vsfs/0/cpu_demand/rate: "));
  CHECK(has(errors, "/vsfs/0/cpu_demand/hold: "));
  CHECK(has(errors, "/vsfs/0/cpu_demand/hld: unknown key"));
  CHECK(errors.size() == 3);
  errors = load_errors(kFile, with_demand(json::parse(R"({"hold": "1min"})")));
  INFO(join(errors));
  CHECK(has(errors, "/vsfs/0/cpu_demand: missing required key \"rate\""));
  errors = load_errors(kFile, with_demand("2/min"));
  INFO(join(errors));
  CHECK(has(errors, "/vsfs/0/cpu_demand: expected a CPU demand"));
}
