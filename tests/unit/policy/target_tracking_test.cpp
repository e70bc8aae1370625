// The target_tracking policy against the Kubernetes HPA documentation (kubernetes.io, "Horizontal Pod
// Autoscaling"): the algorithm's examples, the tolerance, not-yet-ready pods, the stabilization window, and
// the behavior's rate limits with each selectPolicy. Every number below is worked out from the documented rules.
#include <catch2/catch.hpp>
#include <map>
#include <tuple>

#include "policy/policy.hpp"

using namespace vsf;

namespace {

// No stabilization and no rate limit unless a test sets them, so each rule is tested alone.
PolicySpec tracking(double target, PolicyMetric metric = PolicyMetric::Utilization) {
  PolicySpec s;
  s.type = PolicyType::TargetTracking;
  s.interval_s = 30;
  s.target_tracking.metric = metric;
  s.target_tracking.target = target;
  s.target_tracking.scale_up = {0, SelectPolicy::Max, {{RateLimitType::Percent, 100000, 15}}};
  s.target_tracking.scale_down = {0, SelectPolicy::Max, {{RateLimitType::Percent, 100, 15}}};
  return s;
}

TierObservation obs(double u, int serving, int pending = 0, int min = 1, int max = 100) {
  TierObservation o;
  o.serving = serving;
  o.pending = pending;
  o.min = min;
  o.max = max;
  o.utilization = u;
  return o;
}

// The delta of tier 0's decision at `now`, 0 when none.
int delta(ScalingPolicy& p, double now, const TierObservation& o) {
  const auto ds = p.decide(now, {o});
  return ds.empty() ? 0 : ds.front().delta;
}

using Decision = std::pair<double, int>;  // (time, delta)

// Feeds utilizations at t = 0, 30, 60, ... with the tier's size following the decisions (CPUs serve at once).
std::vector<Decision> run(ScalingPolicy& p, const std::vector<double>& utilizations, int serving) {
  std::vector<Decision> out;
  for (size_t i = 0; i < utilizations.size(); ++i) {
    const double t = 30.0 * i;
    for (const auto& d : p.decide(t, {obs(utilizations[i], serving)})) {
      out.emplace_back(t, d.delta);
      serving += d.delta;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("target_tracking: the documented example: 200m per pod for a 100m target doubles the replicas") {
  // "if the current metric value is 200m, and the desired value is 100m, the number of replicas will be doubled"
  auto p = make_policy(tracking(100, PolicyMetric::RequestsPerCpu));
  TierObservation o = obs(0, 1);
  o.offered_rps = 200;
  CHECK(delta(*p, 0, o) == 1);  // 1 -> 2
  // "if the current value is instead 50m, you'll halve the number of replicas"
  auto q = make_policy(tracking(100, PolicyMetric::RequestsPerCpu));
  TierObservation h = obs(0, 4);
  h.offered_rps = 4 * 50;
  CHECK(delta(*q, 0, h) == -2);  // 4 -> 2
  // desired = ceil(current * ratio): utilization 0.9 of 3 CPUs for 0.6 is 4.5 -> 5
  auto r = make_policy(tracking(0.6));
  CHECK(delta(*r, 0, obs(0.9, 3)) == 2);
}

TEST_CASE("target_tracking: no change while the ratio is within the tolerance") {
  auto p = make_policy(tracking(0.5));
  CHECK(p->decide(0, {obs(0.54, 10)}).empty());   // ratio 1.08
  CHECK(p->decide(30, {obs(0.46, 10)}).empty());  // ratio 0.92
  CHECK(delta(*p, 60, obs(0.56, 10)) == 2);       // ratio 1.12: ceil(11.2) = 12
  PolicySpec wide = tracking(0.5);
  wide.target_tracking.tolerance = 0.3;
  auto q = make_policy(wide);
  CHECK(q->decide(0, {obs(0.64, 10)}).empty());  // ratio 1.28 within 0.3
  CHECK(delta(*q, 30, obs(0.66, 10)) == 4);      // ratio 1.32: 14
}

TEST_CASE("target_tracking: booting CPUs count at 0 % on a scale-out and are set aside on a scale-in") {
  // 2 serving at 0.9 for 0.5: ratio 1.8. With 1 booting counted at 0 %: 1.8 * 2 / 3 = 1.2, desired ceil(3.6) = 4.
  auto p = make_policy(tracking(0.5));
  CHECK(delta(*p, 0, obs(0.9, 2, 1)) == 1);  // current 3 -> 4; without the booting CPU it would be 2 -> 4
  // 2 serving at 1.0 for 0.5 with 2 booting: 2 * 2 / 4 = 1.0, within the tolerance: wait for them.
  auto q = make_policy(tracking(0.5));
  CHECK(q->decide(0, {obs(1.0, 2, 2)}).empty());
  // ... and if counting them at 0 % turns the ratio below 1, no scale-out either (the direction flipped).
  auto r = make_policy(tracking(0.5));
  CHECK(r->decide(0, {obs(0.7, 2, 2)}).empty());  // 1.4 * 2 / 4 = 0.7
  CHECK(!r->wants_more(0));
  // Scale-in: the booting CPUs are set aside: 4 serving at 0.2 for 0.4 want ceil(0.5 * 4) = 2 of 6.
  auto s = make_policy(tracking(0.4));
  CHECK(delta(*s, 0, obs(0.2, 4, 2)) == -4);
}

TEST_CASE("target_tracking: the scale-down stabilization window uses the highest recommendation in it") {
  PolicySpec spec = tracking(0.6);
  spec.target_tracking.scale_down.stabilization_s = 300;  // the HPA's default
  auto p = make_policy(spec);
  // t = 0: 4 CPUs at 0.6 recommend 4; from t = 30 on 0.3 recommends 2. The 4 of t = 0 holds the size until it
  // leaves the window: at t = 300 it is exactly 300 s old, outside.
  std::vector<double> u(12, 0.3);
  u[0] = 0.6;
  CHECK(run(*p, u, 4) == std::vector<Decision>{{300, -2}});
  // A recommendation in the window above the new one: 8 CPUs at 0.6 (8), 0.3 (4), 0.45 (6), then 0.3 (4):
  // shrink to the highest of the window, 6 when the 8 has left, 4 when the 6 has.
  auto q = make_policy(spec);
  std::vector<double> v(14, 0.3);
  v[0] = 0.6;
  v[2] = 0.45;
  const auto got = run(*q, v, 8);
  CHECK(got == std::vector<Decision>{{300, -2}, {360, -2}});
}

TEST_CASE("target_tracking: a scale-up stabilization window waits for a sustained recommendation") {
  PolicySpec spec = tracking(0.5);
  spec.target_tracking.scale_up.stabilization_s = 60;
  auto p = make_policy(spec);
  // 2 CPUs at 1.0 recommend 4, but the lowest recommendation of the last 60 s rules: the earlier 2s hold it.
  CHECK(run(*p, {0.5, 0.5, 1.0, 1.0, 1.0}, 2) == std::vector<Decision>{{90, 2}});
}

TEST_CASE("target_tracking: behavior rate limits, Pods and Percent per period") {
  PolicySpec pods = tracking(0.25);
  pods.target_tracking.scale_up.policies = {{RateLimitType::Pods, 1, 60}};
  auto p = make_policy(pods);
  // 2 CPUs at 1.0 for 0.25 recommend 8: one CPU per 60 s. The change at t = 0 still counts at t = 30.
  CHECK(delta(*p, 0, obs(1.0, 2)) == 1);
  CHECK(p->decide(30, {obs(1.0, 3)}).empty());
  CHECK(p->wants_more(0));
  CHECK(delta(*p, 60, obs(1.0, 3)) == 1);

  PolicySpec percent = tracking(0.1);
  percent.target_tracking.scale_up.policies = {{RateLimitType::Percent, 50, 60}};
  auto q = make_policy(percent);
  CHECK(delta(*q, 0, obs(1.0, 4)) == 2);        // ceil(4 * 1.5) = 6
  CHECK(q->decide(30, {obs(1.0, 6)}).empty());  // the period started at 4: 6 is the limit
  CHECK(delta(*q, 60, obs(1.0, 6)) == 3);       // a new period from 6: ceil(9) = 9

  PolicySpec down = tracking(0.8);
  down.target_tracking.scale_down.policies = {{RateLimitType::Percent, 50, 60}};
  auto r = make_policy(down);
  CHECK(delta(*r, 0, obs(0.1, 8)) == -4);       // recommends 1; int(8 * 0.5) = 4
  CHECK(r->decide(30, {obs(0.1, 4)}).empty());  // the period started at 8: 4 is the floor
  CHECK(delta(*r, 60, obs(0.1, 4)) == -2);
  CHECK(r->decide(90, {obs(0.1, 2)}).empty());  // the period started at 4: floor int(4 * 0.5) = 2
}

TEST_CASE("target_tracking: selectPolicy Max, Min and Disabled") {
  // 4 CPUs at 1.0 for 0.25 recommend 16; limits +1 CPU or +100 % per 60 s: Max allows 8, Min 5.
  auto spec = [](SelectPolicy up, SelectPolicy down) {
    PolicySpec s = tracking(0.25);
    s.target_tracking.scale_up = {0, up, {{RateLimitType::Pods, 1, 60}, {RateLimitType::Percent, 100, 60}}};
    s.target_tracking.scale_down = {0, down, {{RateLimitType::Pods, 1, 60}, {RateLimitType::Percent, 50, 60}}};
    return s;
  };
  auto max = make_policy(spec(SelectPolicy::Max, SelectPolicy::Max));
  CHECK(delta(*max, 0, obs(1.0, 4)) == 4);
  auto min = make_policy(spec(SelectPolicy::Min, SelectPolicy::Min));
  CHECK(delta(*min, 0, obs(1.0, 4)) == 1);
  auto off = make_policy(spec(SelectPolicy::Disabled, SelectPolicy::Max));
  CHECK(off->decide(0, {obs(1.0, 4)}).empty());
  // Scale-in of 8 CPUs at 0.03 (recommends 1): limits -1 CPU or -50 %: Max allows 4, Min 7.
  auto max_down = make_policy(spec(SelectPolicy::Max, SelectPolicy::Max));
  CHECK(delta(*max_down, 0, obs(0.03, 8)) == -4);
  auto min_down = make_policy(spec(SelectPolicy::Max, SelectPolicy::Min));
  CHECK(delta(*min_down, 0, obs(0.03, 8)) == -1);
  auto off_down = make_policy(spec(SelectPolicy::Max, SelectPolicy::Disabled));
  CHECK(off_down->decide(0, {obs(0.03, 8)}).empty());
}

TEST_CASE("target_tracking: the HPA's default behavior: the larger of +100 % and +4 per 15 s, 300 s down") {
  PolicySpec spec;
  spec.type = PolicyType::TargetTracking;
  spec.target_tracking.target = 0.1;
  auto p = make_policy(spec);
  CHECK(delta(*p, 0, obs(1.0, 1)) == 4);   // recommends 10: 1 + 4 beats 2
  CHECK(delta(*p, 15, obs(1.0, 5)) == 5);  // recommends 50: 10 (100 %) beats 9
  auto q = make_policy(spec);
  CHECK(q->decide(0, {obs(0.1, 4)}).empty());    // on target: recommends 4
  CHECK(q->decide(15, {obs(0.05, 4)}).empty());  // recommends 2, held by the 4 in the 300 s window
  CHECK(delta(*q, 300, obs(0.05, 4)) == -2);     // the 4 has left the window
}

TEST_CASE("target_tracking: min and max bound the step, wanted keeps it, a cut to nothing is reported once per run") {
  auto p = make_policy(tracking(0.5));
  auto d = p->decide(0, {obs(1.0, 4, 0, 1, 6)});
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == 2);
  CHECK(d[0].wanted == 4);
  auto at_max = p->decide(30, {obs(1.0, 6, 0, 1, 6)});
  REQUIRE(at_max.size() == 1);
  CHECK(at_max[0].delta == 0);
  CHECK(at_max[0].wanted == 6);
  CHECK(at_max[0].reason.find("cut to 0 by max 6") != std::string::npos);
  CHECK(p->decide(60, {obs(1.0, 6, 0, 1, 6)}).empty());
  CHECK(p->decide(90, {obs(0.9, 6, 0, 1, 6)}).empty());  // another want, the same run at the bound
  CHECK(p->wants_more(0));
  CHECK(p->decide(120, {obs(0.5, 6, 0, 1, 6)}).empty());  // on target: the run ends
  CHECK(p->decide(150, {obs(1.0, 6, 0, 1, 6)}).size() == 1);
  auto q = make_policy(tracking(0.5));
  auto in = q->decide(0, {obs(0.05, 4, 0, 3, 6)});
  REQUIRE(in.size() == 1);
  CHECK(in[0].delta == -1);
  CHECK(in[0].wanted == -3);
}

TEST_CASE("target_tracking: reasons and inputs carry the numbers") {
  auto p = make_policy(tracking(0.6));
  auto d = p->decide(0, {obs(0.9, 3)});
  REQUIRE(d.size() == 1);
  CHECK(d[0].reason.find("utilization 0.900 / target 0.6 = ratio 1.500") != std::string::npos);
  CHECK(d[0].reason.find("desired ceil(1.500 x 3 serving) = 5") != std::string::npos);
  std::map<std::string, double> in(d[0].inputs.begin(), d[0].inputs.end());
  CHECK(in.at("metric") == Approx(0.9));
  CHECK(in.at("ratio") == Approx(1.5));
  CHECK(in.at("current") == 3);
  CHECK(in.at("desired") == 5);
  CHECK(in.at("limited") == 5);
}

TEST_CASE("target_tracking: a tier with no serving CPU has no metric and is not scaled") {
  auto p = make_policy(tracking(0.5));
  CHECK(p->decide(0, {obs(0, 0, 2, 0, 4)}).empty());
  auto q = make_policy(tracking(10, PolicyMetric::RequestsPerCpu));
  TierObservation o = obs(0, 0, 0, 0, 4);
  o.offered_rps = 100;
  CHECK(q->decide(0, {o}).empty());
}

TEST_CASE("target_tracking: extreme ratios stay within int and are cut by max") {
  PolicySpec spec = tracking(1e-300, PolicyMetric::RequestsPerCpu);
  spec.target_tracking.scale_up.policies = {{RateLimitType::Percent, 1000000, 15}};
  auto p = make_policy(spec);
  TierObservation o = obs(0, 1000000, 0, 1, 1000000);
  o.offered_rps = 1e9;
  CHECK(p->decide(0, {o}).size() == 1);  // the ratio is 1e303: wanted is capped, cut to nothing by max
  o.serving = 3;
  o.max = 10;
  auto q = make_policy(spec);
  CHECK(delta(*q, 0, o) == 7);
}
