// The step policy in simulation, against AWS step scaling as src/policy/step.hpp describes it: under a load
// ramp the CPUs added per action follow the band the metric falls in (+1 just above the threshold, +3 far
// above it), an alarm acts only after evaluation_periods breaching intervals, actions are a cooldown apart,
// and after the load drops the scale-in alarm releases one CPU per cooldown down to the tier's min.
#include <catch2/catch.hpp>

#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

// Scale-out alarm: utilization >= 0.6 for 2 intervals; +1 in [0, 0.2) above it, +3 from 0.2 up. Scale-in
// alarm: utilization < 0.2 for 1 interval, -1. Cooldown 5 min.
vsf::PolicySpec step_policy() {
  vsf::PolicySpec p;
  p.type = vsf::PolicyType::Step;
  p.interval_s = 60;
  p.cooldown_s = 300;
  vsf::StepScalingSpec& s = p.step_scaling;
  s.metric = vsf::PolicyMetric::Utilization;
  s.scale_out.threshold = 0.6;
  s.scale_out.evaluation_periods = 2;
  s.scale_out.steps = {{0.0, 0.2, 1}, {0.2, std::nullopt, 3}};
  s.scale_out.cooldown_s = p.cooldown_s;
  vsf::StepAlarm in;
  in.threshold = 0.2;
  in.evaluation_periods = 1;
  in.steps = {{std::nullopt, 0.0, -1}};
  in.cooldown_s = p.cooldown_s;
  s.scale_in = in;
  return p;
}

// Requests/s of 0.1 s each (CPUs of work = rate / 10): 6/s (2 CPUs at 0.3: no alarm), from 600 s 14/s (2 CPUs
// at 0.7: breach 0.1, band +1; then 3 CPUs at 0.47), from 1800 s 32/s (3 CPUs saturated: breach 0.4, band
// +3; then 6 CPUs at 0.53), from 3600 s 2/s (6 CPUs at 0.03: scale-in alarm). Over a 60 s interval the
// measured utilization's standard deviation is about 0.02, so every level is 4 sigma or more from the
// nearest band edge or threshold.
vsf::TrafficComponent ramp() {
  vsf::TrafficComponent c;
  c.kind = vsf::TrafficKind::Steps;
  c.steps = {{0, 6}, {600, 14}, {1800, 32}, {3600, 2}};
  return c;
}

}  // namespace

TEST_CASE(
    "step policy: CPUs added per action follow the band and actions are a cooldown apart until scale-in after the "
    "drop") {
  vsf::Scenario s = base_scenario(12);
  vsf::test::add_queueing_role(s, 0.1, 1000);
  vsf::VsfSpec v = make_vsf("a", {make_tier("srv", 2, 1, 10, "shared_queue")}, false);
  v.policy = step_policy();
  v.traffic = {ramp()};
  s.vsfs.push_back(v);
  s.duration_s = 5400;
  const auto r = vsf::test::run(s);

  std::vector<nlohmann::json> outs, ins;
  for (const auto& e : r.of("scale_decision")) {
    INFO(e.dump());
    const int applied = e["applied"].get<int>();
    if (applied > 0) outs.push_back(e);
    if (applied < 0) ins.push_back(e);
    if (applied != 0)
      CHECK(e["inputs"]["breach"].get<double>() ==
            Approx(e["inputs"]["metric"].get<double>() - e["inputs"]["threshold"].get<double>()));
  }
  REQUIRE(outs.size() == 2);
  // 14/s from 600 s: breaching at the ticks of 660 and 720; the second (evaluation_periods 2) acts, +1.
  CHECK(outs[0]["t"] == 720);
  CHECK(outs[0]["applied"] == 1);
  CHECK(outs[0]["inputs"]["band_lower"] == 0);
  CHECK(outs[0]["inputs"]["band_upper"] == 0.2);
  CHECK(outs[0]["inputs"]["metric"].get<double>() == Approx(0.7).margin(0.08));
  // 32/s from 1800 s: 3 CPUs saturated, the +3 band, again after two breaching intervals.
  CHECK(outs[1]["t"] == 1920);
  CHECK(outs[1]["applied"] == 3);
  CHECK(outs[1]["inputs"]["band_lower"] == 0.2);
  CHECK(!outs[1]["inputs"].contains("band_upper"));  // open above
  CHECK(outs[1]["inputs"]["current"] == 3);
  // From 3600 s: 6 CPUs at 0.03; -1 at the first tick, then one per cooldown (5 min) down to min 1.
  REQUIRE(ins.size() == 5);
  for (size_t i = 0; i < ins.size(); ++i) {
    CHECK(ins[i]["applied"] == -1);
    CHECK(ins[i]["t"].get<double>() == Approx(3660 + 300.0 * static_cast<double>(i)));
    CHECK(ins[i]["inputs"]["current"] == 6 - static_cast<int>(i));
  }
  CHECK(r.vsf(0)["scale_outs"] == 2);
  CHECK(r.vsf(0)["scale_ins"] == 5);
  CHECK(r.vsf(0)["denials"]["needs"] == 0);
}
