// The step policy against AWS's documented step scaling ("Step and simple scaling policies"): band bounds
// (lower inclusive above the threshold, upper inclusive below it), percent rounding and
// min_adjustment_magnitude, evaluation periods, cooldown, and the separate scale-in alarm.
#include "policy/step.hpp"

#include <catch2/catch.hpp>
#include <map>

#include "policy/policy.hpp"

using namespace vsf;

namespace {

// Threshold 0.5; [0, 0.25) adds 1, [0.25, +inf) adds 3; scale-in below 0.25: (-0.125, 0] removes 1,
// (-inf, -0.125] removes 2. Bounds are binary fractions so the band edges are exact.
PolicySpec stepped(int evaluation_periods = 1, double cooldown = 0, bool scale_in = true) {
  PolicySpec s;
  s.type = PolicyType::Step;
  s.interval_s = 30;
  StepAlarm& out = s.step_scaling.scale_out;
  out.threshold = 0.5;
  out.evaluation_periods = evaluation_periods;
  out.cooldown_s = cooldown;
  out.steps = {{0.0, 0.25, 1}, {0.25, std::nullopt, 3}};
  if (scale_in) {
    StepAlarm in;
    in.threshold = 0.25;
    in.evaluation_periods = evaluation_periods;
    in.cooldown_s = cooldown;
    in.steps = {{std::nullopt, -0.125, -2}, {-0.125, 0.0, -1}};
    s.step_scaling.scale_in = in;
  }
  return s;
}

TierObservation obs(double u, int serving = 4, int min = 1, int max = 20) {
  TierObservation o;
  o.serving = serving;
  o.min = min;
  o.max = max;
  o.utilization = u;
  return o;
}

int delta(ScalingPolicy& p, double now, const TierObservation& o) {
  const auto ds = p.decide(now, {o});
  return ds.empty() ? 0 : ds.front().delta;
}

using Decision = std::pair<double, int>;  // (time, delta)

std::vector<Decision> run(ScalingPolicy& p, const std::vector<double>& utilizations) {
  std::vector<Decision> out;
  for (size_t i = 0; i < utilizations.size(); ++i)
    for (const auto& d : p.decide(30.0 * i, {obs(utilizations[i])})) out.emplace_back(30.0 * i, d.delta);
  return out;
}

StepAlarm percent(int min_magnitude = 1) {
  StepAlarm a;
  a.adjustment_type = AdjustmentType::PercentChangeInCapacity;
  a.min_adjustment_magnitude = min_magnitude;
  return a;
}

}  // namespace

TEST_CASE("step: the band of metric - threshold chooses the adjustment, lower bound inclusive above") {
  auto p = make_policy(stepped());
  CHECK(delta(*p, 0, obs(0.5)) == 1);    // breach 0: [0, 0.25)
  CHECK(delta(*p, 30, obs(0.7)) == 1);   // 0.2
  CHECK(delta(*p, 60, obs(0.75)) == 3);  // exactly 0.25: the upper band
  CHECK(delta(*p, 90, obs(1.0)) == 3);
  CHECK(delta(*p, 120, obs(0.49)) == 0);  // no alarm between the thresholds
}

TEST_CASE("step: the scale-in alarm is separate, its bands upper-inclusive below the threshold") {
  auto p = make_policy(stepped());
  CHECK(delta(*p, 0, obs(0.25)) == 0);     // not < 0.25
  CHECK(delta(*p, 30, obs(0.2)) == -1);    // -0.05: (-0.125, 0]
  CHECK(delta(*p, 60, obs(0.125)) == -2);  // exactly -0.125: (-inf, -0.125]
  CHECK(delta(*p, 90, obs(0.0)) == -2);
  auto q = make_policy(stepped(1, 0, /*scale_in=*/false));
  CHECK(q->decide(0, {obs(0.0)}).empty());  // no scale-in alarm: never scales in
}

TEST_CASE("step: percent adjustments truncate toward zero, a fraction of one CPU is one") {
  CHECK(StepPolicy::adjustment_cpus(percent(), 20, 12) == 2);   // 2.4
  CHECK(StepPolicy::adjustment_cpus(percent(), 20, 3) == 1);    // 0.6 rounds to 1
  CHECK(StepPolicy::adjustment_cpus(percent(), 150, 3) == 4);   // 4.5
  CHECK(StepPolicy::adjustment_cpus(percent(), -50, 5) == -2);  // -2.5
  CHECK(StepPolicy::adjustment_cpus(percent(), -10, 4) == -1);  // -0.4 rounds to -1
  CHECK(StepPolicy::adjustment_cpus(percent(), 100, 0) == 1);   // an empty tier: at least one CPU
  CHECK(StepPolicy::adjustment_cpus(percent(2), 100, 0) == 2);  // ... or min_adjustment_magnitude
}

TEST_CASE("step: min_adjustment_magnitude raises small percent adjustments, not CPU counts") {
  CHECK(StepPolicy::adjustment_cpus(percent(3), 10, 12) == 3);    // 1.2 -> 1 -> 3
  CHECK(StepPolicy::adjustment_cpus(percent(3), -10, 12) == -3);  // -1.2 -> -1 -> -3
  CHECK(StepPolicy::adjustment_cpus(percent(3), 50, 12) == 6);    // already above
  StepAlarm cpus = percent(3);
  cpus.adjustment_type = AdjustmentType::ChangeInCapacity;
  CHECK(StepPolicy::adjustment_cpus(cpus, 1, 12) == 1);
  // Through the policy: +10 % of 12 serving CPUs with magnitude 2 adds 2.
  PolicySpec s = stepped();
  s.step_scaling.scale_out.adjustment_type = AdjustmentType::PercentChangeInCapacity;
  s.step_scaling.scale_out.min_adjustment_magnitude = 2;
  s.step_scaling.scale_out.steps = {{0.0, std::nullopt, 10}};
  auto p = make_policy(s);
  CHECK(delta(*p, 0, obs(0.9, 12)) == 2);
}

TEST_CASE("step: the alarm needs evaluation_periods consecutive breaching intervals") {
  auto p = make_policy(stepped(3));
  CHECK(run(*p, {0.9, 0.9, 0.4, 0.9, 0.9, 0.9}) == std::vector<Decision>{{150, 3}});
  auto q = make_policy(stepped(3));
  CHECK(run(*q, {0.1, 0.1, 0.1}) == std::vector<Decision>{{60, -2}});
}

TEST_CASE("step: an alarm that stays in ALARM acts again after each cooldown") {
  auto p = make_policy(stepped(2, 120));
  CHECK(run(*p, {0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9}) == std::vector<Decision>{{30, 3}, {150, 3}});
  CHECK(p->wants_more(0));
  // The cooldown is the tier's: a scale-in alarm waits for it too.
  auto q = make_policy(stepped(1, 120));
  CHECK(run(*q, {0.9, 0.1, 0.1, 0.1, 0.1}) == std::vector<Decision>{{0, 3}, {120, -2}});
}

TEST_CASE("step: min and max cut the adjustment, wanted keeps it, a cut to nothing is reported once per run") {
  auto p = make_policy(stepped());
  auto d = p->decide(0, {obs(0.9, 4, 1, 5)});
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == 1);
  CHECK(d[0].wanted == 3);
  auto cut = p->decide(30, {obs(0.9, 5, 1, 5)});
  REQUIRE(cut.size() == 1);
  CHECK(cut[0].delta == 0);
  CHECK(cut[0].reason.find("cut to 0 by max 5") != std::string::npos);
  CHECK(p->decide(60, {obs(0.9, 5, 1, 5)}).empty());
  p->decide(90, {obs(0.4, 5, 1, 5)});  // the run ends
  CHECK(p->decide(120, {obs(0.9, 5, 1, 5)}).size() == 1);
}

TEST_CASE("step: reasons and inputs carry the alarm, the band and the adjustment") {
  auto p = make_policy(stepped());
  auto d = p->decide(0, {obs(0.875)});
  REQUIRE(d.size() == 1);
  CHECK(d[0].reason.find("utilization 0.875 >= threshold 0.5 for 1 intervals") != std::string::npos);
  CHECK(d[0].reason.find("step [0.25, +inf)") != std::string::npos);
  std::map<std::string, double> in(d[0].inputs.begin(), d[0].inputs.end());
  CHECK(in.at("breach") == 0.375);
  CHECK(in.at("band_lower") == 0.25);
  CHECK(in.count("band_upper") == 0);  // open
  CHECK(in.at("adjustment") == 3);
}

TEST_CASE("step: requests_per_cpu divides the offered rate by the serving CPUs") {
  PolicySpec s = stepped();
  s.step_scaling.metric = PolicyMetric::RequestsPerCpu;
  s.step_scaling.scale_out.threshold = 100;
  s.step_scaling.scale_out.steps = {{0.0, 50.0, 1}, {50.0, std::nullopt, 2}};
  s.step_scaling.scale_in->threshold = 20;
  auto p = make_policy(s);
  TierObservation o = obs(0, 4);
  o.offered_rps = 4 * 160;  // 160 per CPU: breach 60
  CHECK(delta(*p, 0, o) == 2);
  o.offered_rps = 4 * 120;
  CHECK(delta(*p, 30, o) == 1);
  o.serving = 0;  // no data point: neither alarm
  CHECK(p->decide(60, {o}).empty());
}

TEST_CASE("step: a percent adjustment of a huge tier stays within int") {
  CHECK(StepPolicy::adjustment_cpus(percent(), 1000000, 1000000) == 10000000);  // capped beyond any max
  CHECK(StepPolicy::adjustment_cpus(percent(), -1000000, 1000000) == -10000000);
}
