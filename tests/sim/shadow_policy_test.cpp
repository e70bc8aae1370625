// Shadow mode in simulation: a shadow with the active policy's spec decides exactly what the active policy
// decides (same observations, same state), and a threshold shadow with a lower `high` scales out, on paper,
// before the active policy does. (That shadows never act is checked end to end, run against run:
// tests/e2e/shadow_mode.py.)
#include <catch2/catch.hpp>

#include "sim_support.hpp"

using nlohmann::json;
using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

// The target_tracking set-up of target_tracking_policy_test.cpp: 24 requests/s of 0.1 s from one CPU, target
// 0.5, so the tier grows to 5 CPUs in several steps with inputs on every decision.
vsf::Scenario tracking_with_twin() {
  vsf::Scenario s = base_scenario(12);
  vsf::test::add_queueing_role(s, 0.1, 1000);
  vsf::VsfSpec v = make_vsf("a", {make_tier("srv", 1, 1, 10, "shared_queue")}, false);
  v.policy.type = vsf::PolicyType::TargetTracking;
  v.policy.interval_s = 60;
  v.policy.target_tracking.target = 0.5;
  v.traffic = {vsf::test::constant_rate(24)};
  v.shadow_policies = {vsf::ShadowPolicy{"twin", v.policy}};
  s.vsfs.push_back(v);
  s.duration_s = 1800;
  return s;
}

json key_of(const json& e) {
  return {e["t"],       e["tier"],    e["wanted"],     e["applied"], e["reason"], e.value("inputs", json::object()),
          e["serving"], e["pending"], e["utilization"]};
}

}  // namespace

TEST_CASE("shadow mode: a shadow with the active policy's spec logs the active policy's decisions") {
  const auto r = vsf::test::run(tracking_with_twin());
  const auto active = r.of("scale_decision");
  const auto shadow = r.of("shadow_decision");
  REQUIRE(active.size() >= 3);  // several steps up: the comparison covers state kept between ticks
  REQUIRE(shadow.size() == active.size());
  for (size_t i = 0; i < active.size(); ++i) {
    INFO(active[i].dump() << "\n" << shadow[i].dump());
    CHECK(key_of(shadow[i]) == key_of(active[i]));
    CHECK(shadow[i]["shadow"] == "twin");
    CHECK(shadow[i]["policy"] == "target_tracking");
    CHECK(shadow[i].contains("inputs"));
  }
  const json& sp = r.vsf(0)["shadow_policies"];
  INFO(sp.dump());
  const json& a = sp["active"];
  const json& t = sp["shadows"][0];
  CHECK(t["name"] == "twin");
  CHECK(t["decisions"] == a["decisions"]);
  CHECK(a["decisions"] == static_cast<long>(active.size()));
  CHECK(t["scale_outs"] == a["scale_outs"]);
  CHECK(t["scale_ins"] == a["scale_ins"]);
  CHECK(t["cpu_seconds_estimate"] == a["cpu_seconds_estimate"]);
  // The estimate holds each size from its decision on; the CPUs really held count their boots from the same
  // decision, and the tier ends at 5 CPUs: within 5 % of each other over the run.
  CHECK(a["cpu_seconds_estimate"].get<double>() == Approx(a["cpu_seconds_allocated"].get<double>()).epsilon(0.05));
}

TEST_CASE("shadow mode: a threshold shadow with a lower high scales out before the active policy") {
  // 2 CPUs: 12 requests/s of 0.1 s (utilization 0.6) for 600 s, then 18/s (0.9). The active policy (high 0.75)
  // waits for the second step; the shadow (high 0.5) would scale out during the first.
  vsf::Scenario s = base_scenario(12);
  vsf::test::add_queueing_role(s, 0.1, 1000);
  vsf::VsfSpec v = make_vsf("a", {make_tier("srv", 2, 1, 10, "shared_queue")}, false);
  v.policy.type = vsf::PolicyType::Threshold;
  v.policy.interval_s = 30;
  v.policy.high = 0.75;
  vsf::TrafficComponent steps;
  steps.kind = vsf::TrafficKind::Steps;
  steps.steps = {{0, 12}, {600, 18}};
  v.traffic = {steps};
  vsf::PolicySpec eager = v.policy;
  eager.high = 0.5;
  v.shadow_policies = {vsf::ShadowPolicy{"eager", eager}};
  s.vsfs.push_back(v);
  s.duration_s = 1200;
  const auto r = vsf::test::run(s);
  auto first_out = [](const std::vector<json>& decisions) {
    for (const json& e : decisions)
      if (e["applied"].get<int>() > 0) return e["t"].get<double>();
    return -1.0;
  };
  const double shadow_t = first_out(r.of("shadow_decision"));
  const double active_t = first_out(r.of("scale_decision"));
  INFO("shadow " << shadow_t << " s, active " << active_t << " s");
  CHECK(shadow_t > 0);
  CHECK(shadow_t < 600);
  CHECK(active_t >= 600);
  for (const json& e : r.of("shadow_decision")) {
    CHECK(e["shadow"] == "eager");
    CHECK(e["policy"] == "threshold");
  }
  // Nothing was asked for before the active policy's own decision: the shadow's never reach the master.
  for (const json& e : r.of("scale_request")) CHECK(e["t"].get<double>() >= active_t);
  const json& sp = r.vsf(0)["shadow_policies"];
  CHECK(sp["shadows"][0]["scale_outs"]["count"].get<int>() >= 1);
  CHECK(sp["shadows"][0]["cpu_seconds_estimate"].get<double>() > sp["active"]["cpu_seconds_estimate"].get<double>());
}
