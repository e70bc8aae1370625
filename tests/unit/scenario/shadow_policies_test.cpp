// vsfs[].shadow_policies: each entry's policy read as a VSF's policy, unnamed shadows named after their type
// (TYPE, TYPE-2, ... past names already taken), every shadow given the VSF's control interval, copied to every
// VSF of a group; repeated names and a different interval refused with their pointers.
#include <catch2/catch.hpp>

#include "load_errors.hpp"
#include "scenario/loader.hpp"

using namespace vsf;
using namespace vsf::test;
using nlohmann::json;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/tests/unit/inline-test.json";

json with_shadows(const json& shadows) {
  json doc = json::parse(R"({
    "name": "s", "duration": "1h", "seed": 3,
    "grid": {"cpus": 20, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "shop", "tiers": [{"role": "web", "initial": 2, "max": 8}],
              "policy": {"type": "threshold", "interval": "20s"},
              "traffic": {"type": "constant", "rate": 1}},
             {"name": "plain", "tiers": [{"role": "web"}], "traffic": {"type": "constant", "rate": 1}}]
  })");
  doc["models"] = {"../../models/hardware.json", "../../models/roles.json", "../../models/switches.json"};
  doc["vsfs"][0]["shadow_policies"] = shadows;
  return doc;
}

}  // namespace

TEST_CASE("shadow_policies: policies read, default names by type, the VSF's interval", "[scenario][shadow]") {
  const json shadows = json::parse(R"([
    {"policy": {"type": "threshold", "high": 0.5}},
    {"name": "threshold-2", "policy": {"type": "step", "threshold": 0.7, "steps": [{"lower": 0, "adjustment": 2}]}},
    {"policy": {"type": "threshold", "interval": "20s"}},
    {"policy": {"type": "target_tracking", "target": 0.6}}
  ])");
  const Scenario s = load_scenario_json(kFile, with_shadows(shadows).dump()).scenario;
  REQUIRE(s.vsfs[0].shadow_policies.size() == 4);
  const auto& sh = s.vsfs[0].shadow_policies;
  CHECK(sh[0].name == "threshold");
  CHECK(sh[0].policy.type == PolicyType::Threshold);
  CHECK(sh[0].policy.high == 0.5);
  CHECK(sh[1].name == "threshold-2");  // given: the next unnamed threshold skips it
  CHECK(sh[1].policy.type == PolicyType::Step);
  CHECK(sh[1].policy.step_scaling.scale_out.steps.at(0).adjustment == 2);
  CHECK(sh[2].name == "threshold-3");
  CHECK(sh[3].name == "target_tracking");
  CHECK(sh[3].policy.target_tracking.target == 0.6);
  for (const ShadowPolicy& p : sh) CHECK(p.policy.interval_s == 20);
  CHECK(s.vsfs[1].shadow_policies.empty());
}

TEST_CASE("shadow_policies: every copy of a group has the definition's", "[scenario][shadow][groups]") {
  json doc = with_shadows(json::parse(R"([{"name": "eager", "policy": {"type": "threshold", "high": 0.4}}])"));
  doc["vsfs"][0]["count"] = 3;
  const Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  REQUIRE(s.vsfs.size() == 4);
  for (int k = 0; k < 3; ++k) {
    REQUIRE(s.vsfs[k].shadow_policies.size() == 1);
    CHECK(s.vsfs[k].shadow_policies[0].name == "eager");
    CHECK(s.vsfs[k].shadow_policies[0].policy.high == 0.4);
  }
}

TEST_CASE("shadow_policies: repeated names and another interval are refused, all at once", "[scenario][shadow]") {
  const json shadows = json::parse(R"([
    {"name": "x", "policy": {"type": "threshold"}},
    {"name": "x", "policy": {"type": "threshold", "interval": "1min"}},
    {"name": "y", "policy": {"type": "target_tracking"}},
    {"policy": {"type": "threshold"}, "extra": 1}
  ])");
  auto errors = load_errors(kFile, with_shadows(shadows));
  INFO(join(errors));
  CHECK(has(errors, "/vsfs/0/shadow_policies/1/name: two shadow policies named \"x\""));
  CHECK(has(errors,
            "/vsfs/0/shadow_policies/1/policy/interval: a shadow policy is evaluated at the VSF's control "
            "interval (its policy's interval, 20s): expected 20s or no interval, found 60s"));
  CHECK(has(errors, "/vsfs/0/shadow_policies/2/policy: missing required key \"target\""));
  CHECK(has(errors, "/vsfs/0/shadow_policies/3/extra: unknown key"));
  CHECK(errors.size() == 4);
}

TEST_CASE("shadow_policies: a broken active interval is not blamed on the shadows", "[scenario][shadow]") {
  json doc = with_shadows(json::parse(R"([{"policy": {"type": "threshold", "interval": "1min"}}])"));
  doc["vsfs"][0]["policy"]["interval"] = "-5s";
  auto errors = load_errors(kFile, doc);
  INFO(join(errors));
  CHECK(has(errors, "/vsfs/0/policy/interval: "));
  CHECK(errors.size() == 1);
}
