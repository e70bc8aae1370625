// Shadow mode's CPU-seconds estimate on a hand-made decision sequence: each tier holds the size its policy
// last set (observed + applied, within min and max) from that decision to the next, from the VSF's creation
// at its initial size; decisions the bounds cut to nothing count but change no size.
#include "metrics/shadow_tally.hpp"

#include <catch2/catch.hpp>

#include "metrics/recorder.hpp"

using vsf::ShadowTally;

TEST_CASE("shadow tally: CPU-seconds of the sizes set, held between decisions", "[metrics][shadow]") {
  ShadowTally t("eager", "threshold", {2, 1}, 100);  // two tiers of 2 and 1 CPUs from t = 100
  CHECK(t.cpu_seconds(100) == 0);
  CHECK(t.cpu_seconds(160) == 3 * 60);
  t.decision(0, 160, 2, +3, 1, 8);  // tier 0: 2 observed + 3 = 5 from 160
  t.decision(1, 200, 2, -1, 1, 4);  // tier 1: observed 2 (the active world's), - 1 = 1 from 200
  t.decision(0, 260, 5, +9, 1, 8);  // 5 + 9 = 14, cut to max 8 from 260
  t.decision(0, 300, 8, 0, 1, 8);   // cut to nothing: counted, no size change
  t.decision(0, 400, 3, -4, 1, 8);  // 3 - 4 = -1, kept at min 1 from 400
  const double tier0 = 2 * 60.0 + 5 * 100.0 + 8 * 140.0 + 1 * 100.0;  // 100..160..260..400..500
  const double tier1 = 1 * 100.0 + 1 * 300.0;                         // 100..200 at 1, then 1 to 500
  CHECK(t.cpu_seconds(500) == Approx(tier0 + tier1));
  const auto j = t.json(500, true);
  CHECK(j["name"] == "eager");
  CHECK(j["policy"] == "threshold");
  CHECK(j["decisions"] == 5);
  CHECK(j["scale_outs"]["count"] == 2);
  CHECK(j["scale_outs"]["cpus"] == 12);
  CHECK(j["scale_ins"]["count"] == 2);
  CHECK(j["scale_ins"]["cpus"] == 5);
  CHECK(j["cpu_seconds_estimate"].get<double>() == Approx(tier0 + tier1));
  CHECK_FALSE(t.json(500, false).contains("name"));
}

TEST_CASE("shadow tally: the load balancer and unknown tiers are not sized", "[metrics][shadow]") {
  ShadowTally t("a", "step", {3}, 0);
  t.decision(-1, 10, 1, 1, 0, 1);
  t.decision(5, 10, 1, 1, 0, 1);
  CHECK(t.cpu_seconds(100) == 300);
  CHECK(t.json(100, true)["decisions"] == 0);
}

TEST_CASE("recorder: shadow_policies beside the active policy's tier CPU-seconds, only for VSFs with shadows",
          "[metrics][shadow]") {
  vsf::Scenario s;
  s.name = "shadow-unit";
  s.duration_s = 1000;
  vsf::VsfSpec v;
  v.name = "shop";
  v.tiers = {vsf::Tier{"web", 2, 1, 6, {}, vsf::Dispatch::RoundRobin, 1}};
  v.policy.type = vsf::PolicyType::Threshold;
  vsf::PolicySpec tt;
  tt.type = vsf::PolicyType::TargetTracking;
  v.shadow_policies = {vsf::ShadowPolicy{"hpa", tt}};
  s.vsfs.push_back(v);
  v.name = "plain";
  v.shadow_policies.clear();
  s.vsfs.push_back(v);
  vsf::Recorder r(s);
  // shop: an LB CPU and two tier CPUs from t = 0; a third tier CPU from t = 400 (the active policy's +1 at 300).
  r.cpu_state(0, 0, vsf::CpuState::Serving, 0, /*lb=*/true);
  r.cpu_state(1, 0, vsf::CpuState::Serving, 0);
  r.cpu_state(2, 0, vsf::CpuState::Serving, 0);
  r.cpu_state(3, 0, vsf::CpuState::Booting, 300);
  r.cpu_state(3, 0, vsf::CpuState::Serving, 400);
  r.shadow_decision(0, -1, 0, 300, 2, +1, 1, 6);
  r.shadow_decision(0, 0, 0, 200, 2, +3, 1, 6);
  r.shadow_decision(1, 0, 0, 200, 2, +3, 1, 6);  // no shadows: ignored
  r.finish(1000);
  const auto sum = r.summary();
  const auto& sp = sum["vsfs"][0]["shadow_policies"];
  CHECK(sp["active"]["policy"] == "threshold");
  CHECK(sp["active"]["decisions"] == 1);
  CHECK(sp["active"]["cpu_seconds_estimate"] == 2 * 300 + 3 * 700);
  CHECK(sp["active"]["cpu_seconds_allocated"] == 2 * 1000 + 700);  // the LB's 1000 s left out
  CHECK(sp["shadows"][0]["name"] == "hpa");
  CHECK(sp["shadows"][0]["policy"] == "target_tracking");
  CHECK(sp["shadows"][0]["cpu_seconds_estimate"] == 2 * 200 + 5 * 800);
  CHECK_FALSE(sum["vsfs"][1].contains("shadow_policies"));
  const std::string human = r.human_summary();
  CHECK(human.find("shop: active threshold 1 decisions, 0.8 CPU-h (0.8 held); hpa (target_tracking) 1 decisions, "
                   "1.2 CPU-h") != std::string::npos);
}
