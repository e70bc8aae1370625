// The predictive policy's rules, each alone: reactive before a season is seen, provisioning for the forecast a
// lead time ahead (ceil(forecast x CPU-s per request / target)), the larger of predictive and reactive, the
// fallback to reactive when the WAPE exceeds max_error, the scale-in stabilization; and the models' time to
// serve and CPU-seconds per request against the lifecycle's steps.
#include "policy/predictive.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "policy/predictive_inputs.hpp"

using namespace vsf;

namespace {

constexpr double kInterval = 60;

PolicySpec predictive(ForecastMethod method, int season, double max_error = 0.25) {
  PolicySpec s;
  s.type = PolicyType::Predictive;
  s.interval_s = kInterval;
  s.predictive.method = method;
  s.predictive.period_s = season * kInterval;
  s.predictive.target = 0.5;
  s.predictive.max_error = max_error;
  s.predictive.error_window = 3;
  s.predictive.stabilization_s = 0;
  return s;
}

// A tier of `serving` CPUs at utilization u under `rps`; each request costs 0.1 CPU-s, a CPU serves 150 s
// after it is asked (the lead is 150 s + one interval: samples 3 and 4 ahead overlap it).
TierObservation obs(double rps, int serving, double u) {
  TierObservation o;
  o.serving = serving;
  o.min = 1;
  o.max = 1000;
  o.utilization = u;
  o.offered_rps = rps;
  o.time_to_serve_s = 150;
  o.cpu_s_per_request = 0.1;
  return o;
}

// Daily-shape traffic of 4 samples per season: 10, 10, 40, 10 requests/s.
double shape(long n) { return n % 4 == 2 ? 40 : 10; }

int delta(const std::vector<ScalingDecision>& d) { return d.empty() ? 0 : d.front().delta; }

}  // namespace

TEST_CASE("predictive: reactive until a season is observed and then provisions for the forecast ahead") {
  PredictivePolicy p(predictive(ForecastMethod::SeasonalNaive, 4));
  // Serving exactly what the load needs at the target: the reactive rule alone makes no change.
  const auto at = [&](long n) { return obs(shape(n), static_cast<int>(std::ceil(shape(n) * 0.1 / 0.5)), 0.5); };
  for (long n = 0; n < 3; ++n) {
    CHECK(delta(p.decide(n * kInterval, {at(n)})) == 0);
    REQUIRE(p.forecasts().size() == 1);
    CHECK(p.forecasts()[0].reactive);
    CHECK(!p.forecasts()[0].forecast_rps);
  }
  // Sample 3 completes the season. From n = 3 the window [now + 150 s, now + 210 s] overlaps samples 3 + 3 and
  // 3 + 4: 40 and 10 requests/s; the larger, 40, needs ceil(40 x 0.1 / 0.5) = 8 CPUs, against 2 serving.
  const auto d = p.decide(3 * kInterval, {at(3)});
  const ForecastNote f = p.forecasts()[0];
  CHECK(!f.reactive);
  CHECK(f.forecast_rps == Approx(40));
  CHECK(f.for_s == Approx(6 * kInterval));
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == 6);
  CHECK(d[0].reason.find("predictive") == 0);
}

TEST_CASE("predictive: the larger of the predictive and the reactive size while the forecast is trusted") {
  PredictivePolicy p(predictive(ForecastMethod::SeasonalNaive, 4));
  for (long n = 0; n < 3; ++n) p.decide(n * kInterval, {obs(10, 2, 0.5)});
  // The forecast is 10/s (2 CPUs) but the tier runs at utilization 1.0 on 2 CPUs: reactive wants 4.
  const auto d = p.decide(3 * kInterval, {obs(10, 2, 1.0)});
  CHECK(!p.forecasts()[0].reactive);
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == 2);
}

TEST_CASE("predictive: reactive while the forecast's WAPE exceeds max_error and predictive again once it falls") {
  PredictivePolicy p(predictive(ForecastMethod::SeasonalNaive, 4, 0.25));
  long n = 0;
  for (; n < 4; ++n) p.decide(n * kInterval, {obs(shape(n), 2, 0.5)});
  // The pattern breaks: a flat 20/s. Forecasts made from sample 3 on are scored from sample 6 on.
  bool saw_reactive = false;
  for (; n < 12; ++n) {
    p.decide(n * kInterval, {obs(20, 4, 0.5)});
    const ForecastNote f = p.forecasts()[0];
    if (f.running_error) CHECK(f.reactive == (*f.running_error > 0.25));
    saw_reactive = saw_reactive || f.reactive;
  }
  CHECK(saw_reactive);
  // A flat series: seasonal naive is exact again one season later, and the window of 3 forgets the misses.
  for (; n < 20; ++n) p.decide(n * kInterval, {obs(20, 4, 0.5)});
  CHECK(*p.forecasts()[0].running_error == Approx(0));
  CHECK(!p.forecasts()[0].reactive);
}

TEST_CASE("predictive: a scale-in goes only to the highest size of the stabilization window") {
  PolicySpec s = predictive(ForecastMethod::SeasonalNaive, 4);
  s.predictive.stabilization_s = 180;
  PredictivePolicy p(s);
  CHECK(delta(p.decide(0, {obs(10, 10, 0.5)})) == 0);   // desired 10
  CHECK(delta(p.decide(60, {obs(10, 10, 0.1)})) == 0);  // desired 2, but 10 is in the window
  CHECK(delta(p.decide(120, {obs(10, 10, 0.1)})) == 0);
  CHECK(delta(p.decide(180, {obs(10, 10, 0.1)})) == -8);  // the 10 of t = 0 is 180 s old: out
}

TEST_CASE("predictive: WAPE over scored forecasts") {
  CHECK(!wape({}));
  CHECK(*wape({{1, 10}, {3, 10}}) == Approx(0.2));
  CHECK(*wape({{0, 0}}) == 0);
  CHECK(std::isinf(*wape({{2, 0}})));
}

TEST_CASE(
    "predictive inputs: the time to serve adds the join lifecycle's steps and CPU-s per request counts the visits") {
  Scenario s;
  HardwareProfile hw;
  hw.speed_flops = 2e9;
  hw.cores = 4;
  hw.post_s = 60;
  RoleBlueprint web, db;
  web.boot_image_bytes = 1e9;
  web.os_init_s = 20;
  web.work_flops = 4e7;  // 20 ms on one core
  db.work_flops = 8e7;
  s.models.roles = {{"web", web}, {"db", db}};
  s.grid.vlan_switches.spec.reconfig_s = 5;
  s.grid.san_switches.spec.reconfig_s = 3;
  s.grid.san_switches.spec.port_bandwidth_Bps = 200e6;
  VsfSpec v;
  Tier t0, t1;
  t0.role = "web";
  t1.role = "db";
  t1.calls = 3;
  v.tiers = {t0, t1};
  v.lb.enabled = true;
  v.lb.reconfig_s = 1;
  StorageArray fast{"a", 400e6, 300e6, 1}, slow{"b", 100e6, 100e6, 1};
  // VLAN 5 + zone 3 + POST 60 + 1 GB at the 200 MB/s port 5 + OS 20 + LB 1.
  CHECK(expected_time_to_serve(s, v, 0, hw, fast) == Approx(94));
  CHECK(expected_time_to_serve(s, v, 0, hw, slow) == Approx(99));  // the array's 100 MB/s is slower
  v.lb.enabled = false;
  CHECK(expected_time_to_serve(s, v, 0, hw, fast) == Approx(93));
  // One visit of 0.02 core-s on a 4-core CPU: 0.005 CPU-s; the db tier: 3 visits of 0.04 core-s.
  CHECK(cpu_s_per_request(s.models, v, 0, hw) == Approx(0.005));
  CHECK(cpu_s_per_request(s.models, v, 1, hw) == Approx(0.03));
}

TEST_CASE("predictive: holt_winters forecasts as seasonal naive in its second season and then on its own") {
  PredictivePolicy p(predictive(ForecastMethod::HoltWinters, 4));
  const auto at = [&](long n) { return obs(shape(n) + n, 4, 0.5); };  // a season on a trend of 1/s per sample
  for (long n = 0; n < 3; ++n) p.decide(n * kInterval, {at(n)});
  CHECK(!p.forecasts()[0].forecast_rps);
  p.decide(3 * kInterval, {at(3)});
  // Seasonal naive: sample 3 + 3 = 6 is forecast as sample 2 (42), sample 7 as sample 3 (13).
  CHECK(*p.forecasts()[0].forecast_rps == Approx(42));
  for (long n = 4; n < 8; ++n) p.decide(n * kInterval, {at(n)});
  // Two seasons seen: Holt-Winters has the trend, and forecasts sample 7 + 3 = 10 exactly (40 + 10).
  CHECK(*p.forecasts()[0].forecast_rps == Approx(50));
}

TEST_CASE("predictive: a missed tick is a missing sample that is not scored and the series stays aligned") {
  PredictivePolicy p(predictive(ForecastMethod::SeasonalNaive, 4));
  for (long n = 0; n < 5; ++n) p.decide(n * kInterval, {obs(shape(n), 2, 0.5)});
  // No tick at sample 5 (its farm manager was down); sample 6 arrives, and its forecast (made at 3) is scored.
  p.decide(6 * kInterval, {obs(shape(6), 2, 0.5)});
  REQUIRE(p.forecasts()[0].forecast_now_rps);
  CHECK(*p.forecasts()[0].forecast_now_rps == Approx(shape(6)));
  CHECK(*p.forecasts()[0].running_error == Approx(0));
  // Sample 6 is the step (40/s): the forecast from 6 for samples 9 and 10 are 10 and 40 (samples 5 and 6 one
  // season earlier: the gap was filled with sample 1's 10).
  CHECK(*p.forecasts()[0].forecast_rps == Approx(40));
  CHECK(*p.forecasts()[0].for_s == Approx(6 * kInterval + 4 * kInterval));
}
