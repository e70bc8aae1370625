// The threshold policy on scripted observation sequences: exact decisions (when, which tier, how many).
#include <catch2/catch.hpp>
#include <tuple>

#include "policy/policy.hpp"

using namespace vsf;

namespace {

PolicySpec threshold(double window = 60, double cooldown = 120, int step = 1) {
  PolicySpec s;
  s.type = PolicyType::Threshold;
  s.interval_s = 30;
  s.high = 0.75;
  s.low = 0.3;
  s.window_s = window;
  s.step = step;
  s.cooldown_s = cooldown;
  return s;
}

TierObservation obs(double u, int serving = 2, int min = 1, int max = 8, int tier = 0) {
  TierObservation o;
  o.tier = tier;
  o.serving = serving;
  o.min = min;
  o.max = max;
  o.utilization = u;
  return o;
}

using Decision = std::tuple<double, int, int>;  // (time, tier, delta)

// Feeds utilizations at t = 0, 30, 60, ... to one tier; returns every decision.
std::vector<Decision> run(ScalingPolicy& p, const std::vector<double>& utilizations, int serving = 2) {
  std::vector<Decision> out;
  for (size_t i = 0; i < utilizations.size(); ++i) {
    double t = 30.0 * i;
    for (const auto& d : p.decide(t, {obs(utilizations[i], serving)})) out.emplace_back(t, d.tier, d.delta);
  }
  return out;
}

}  // namespace

TEST_CASE("threshold: scale out only once the condition held for the whole window") {
  auto p = make_policy(threshold());
  CHECK(run(*p, {0.9, 0.9, 0.9}) == std::vector<Decision>{{60, 0, 1}});
  auto q = make_policy(threshold());
  CHECK(run(*q, {0.9, 0.9}).empty());
  auto r = make_policy(threshold());  // a dip into the band restarts the run
  CHECK(run(*r, {0.9, 0.5, 0.9, 0.9, 0.9}) == std::vector<Decision>{{120, 0, 1}});
  auto s = make_policy(threshold());  // exactly at high is not above high
  CHECK(run(*s, {0.75, 0.75, 0.75, 0.75}).empty());
}

TEST_CASE("threshold: reason strings carry the numbers") {
  auto p = make_policy(threshold());
  p->decide(0, {obs(0.9)});
  p->decide(30, {obs(0.85)});
  auto d = p->decide(60, {obs(0.8)});
  REQUIRE(d.size() == 1);
  CHECK(d[0].reason == "utilization 0.800 > high 0.75 for 60s (window 60s): +1 (serving 2, pending 0, max 8)");
}

TEST_CASE("threshold: cooldown after an action, and a fresh window") {
  // Out at 60; still high after: a new run starts at 90 and lasts 60 s at 150, but the cooldown holds
  // until 180.
  auto p = make_policy(threshold());
  CHECK(run(*p, {0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9}) == std::vector<Decision>{{60, 0, 1}, {180, 0, 1}});
  // No cooldown: the fresh window alone spaces the actions.
  auto q = make_policy(threshold(60, 0));
  CHECK(run(*q, {0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9}) == std::vector<Decision>{{60, 0, 1}, {150, 0, 1}});
  // Out at 60, then load collapses: scale in only after the cooldown (180), not at 150.
  auto r = make_policy(threshold());
  CHECK(run(*r, {0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1}) == std::vector<Decision>{{60, 0, 1}, {180, 0, -1}});
}

TEST_CASE("threshold: no flapping around the thresholds") {
  auto p = make_policy(threshold());
  CHECK(run(*p, {0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.5, 0.8, 0.2, 0.8}).empty());
}

TEST_CASE("threshold: bounds count pending and draining CPUs, and cut the step") {
  auto p = make_policy(threshold(0, 0, 3));
  auto at_max = obs(0.9, 7);
  at_max.pending = 1;
  auto cut = p->decide(0, {at_max});  // no action: the whole step cut by max, reported as such
  REQUIRE(cut.size() == 1);
  CHECK(cut[0].delta == 0);
  CHECK(cut[0].wanted == 3);
  CHECK(cut[0].reason == "utilization 0.900 > high 0.75: +3 cut to 0 by max 8");
  auto near_max = obs(0.9, 5);
  near_max.pending = 1;
  auto d = p->decide(10, {near_max});
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == 2);
  CHECK(d[0].wanted == 3);

  auto q = make_policy(threshold(0, 0, 3));
  auto at_min = obs(0.1, 3, 2);
  at_min.draining = 1;
  auto kept = q->decide(0, {at_min});
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].delta == 0);
  CHECK(kept[0].wanted == -3);
  auto above_min = obs(0.1, 5, 2);
  above_min.draining = 1;
  above_min.pending = 1;
  auto e = q->decide(10, {above_min});
  REQUIRE(e.size() == 1);
  CHECK(e[0].delta == -3);
  CHECK(e[0].wanted == -3);
  auto two_above = obs(0.1, 4, 2);
  auto f = q->decide(20, {two_above});
  REQUIRE(f.size() == 1);
  CHECK(f[0].delta == -2);
}

TEST_CASE("threshold: at the bound the run is kept, so the action comes as soon as there is room") {
  auto p = make_policy(threshold(60, 0));
  CHECK(p->decide(0, {obs(0.9, 8)}).empty());
  CHECK(p->decide(30, {obs(0.9, 8)}).empty());
  auto cut = p->decide(60, {obs(0.9, 8)});  // at max: the run's want is cut, reported once
  REQUIRE(cut.size() == 1);
  CHECK(cut[0].delta == 0);
  CHECK(cut[0].wanted == 1);
  CHECK(p->decide(75, {obs(0.9, 8)}).empty());  // the same run: not again
  auto d = p->decide(90, {obs(0.9, 7)});        // a CPU left (admin action): room again
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == 1);
  CHECK(p->decide(120, {obs(0.5, 8)}).empty());  // the run breaks
  CHECK(p->decide(150, {obs(0.9, 8)}).empty());
  CHECK(p->decide(180, {obs(0.9, 8)}).empty());
  CHECK(p->decide(210, {obs(0.9, 8)}).size() == 1);  // a new run at max: its cut is reported
}

TEST_CASE("threshold: tiers are independent, and a tier with min == max never scales") {
  auto p = make_policy(threshold(30, 120));
  std::vector<Decision> got;
  for (int i = 0; i < 6; ++i) {
    double t = 30.0 * i;
    std::vector<TierObservation> tiers = {obs(0.9, 2, 1, 8, 0), obs(i < 2 ? 0.5 : 0.1, 3, 1, 8, 1),
                                          obs(0.99, 2, 2, 2, 2)};
    for (const auto& d : p->decide(t, tiers)) got.emplace_back(t, d.tier, d.delta);
  }
  CHECK(got == std::vector<Decision>{{30, 0, 1}, {90, 1, -1}, {150, 0, 1}});
}

TEST_CASE("none never scales") {
  PolicySpec none;
  auto p = make_policy(none);
  for (int i = 0; i < 10; ++i) CHECK(p->decide(30.0 * i, {obs(1.0), obs(0.0, 5, 1, 8, 1)}).empty());
}
