// The predictive policy in simulation, beside target_tracking on the same traffic: an hourly pattern (1 h is
// the "day", to keep the run short) of 10 requests/s with a step to 60/s from minute 30 to minute 40. After
// the first hour the predictive VSF has its CPUs serving before the step (the forecast a lead time ahead),
// where target tracking reacts only once the load is there; a second hour that breaks the pattern makes the
// forecast error large and the policy falls back to reactive scaling.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

// 0.1 s of work per request on one-core CPUs: 60/s is 6 busy CPUs, 12 at the 0.5 target; 10/s needs 2.
constexpr double kService = 0.1, kTarget = 0.5, kHour = 3600, kStep = 1800, kStepEnd = 2400;
constexpr int kPeakCpus = 12;

// Hours of the pattern, then `flat_rps` (if > 0) for the rest of the run.
vsf::TrafficComponent hourly(int hours, double flat_rps) {
  vsf::TrafficComponent c;
  c.kind = vsf::TrafficKind::Steps;
  for (int h = 0; h < hours; ++h) {
    c.steps.push_back({h * kHour, 10});
    c.steps.push_back({h * kHour + kStep, 60});
    c.steps.push_back({h * kHour + kStepEnd, 10});
  }
  if (flat_rps > 0) c.steps.push_back({hours * kHour, flat_rps});
  return c;
}

vsf::VsfSpec shop(const std::string& name, vsf::PolicyType type, const vsf::TrafficComponent& traffic) {
  vsf::VsfSpec v = make_vsf(name, {make_tier("srv", 2, 1, 20, "shared_queue")}, false);
  v.policy.type = type;
  v.policy.interval_s = 60;
  v.policy.target_tracking.target = kTarget;
  v.policy.predictive.method = vsf::ForecastMethod::SeasonalNaive;
  v.policy.predictive.period_s = kHour;
  v.policy.predictive.target = kTarget;
  v.traffic = {traffic};
  return v;
}

vsf::Scenario scenario(const vsf::TrafficComponent& traffic, double duration_s) {
  vsf::Scenario s = base_scenario(48);
  vsf::test::add_queueing_role(s, kService, 1000);
  s.vsfs.push_back(shop("pred", vsf::PolicyType::Predictive, traffic));
  s.vsfs.push_back(shop("tt", vsf::PolicyType::TargetTracking, traffic));
  s.duration_s = duration_s;
  s.outputs.interval_s = 60;
  return s;
}

// The tier's cpus_serving of VSF `vsf` at time t (timeseries.csv's tier row at the end of that interval).
int serving_at(const std::string& dir, const std::string& vsf, double t) {
  for (auto& row : vsf::test::timeseries_rows(dir))
    if (row["vsf"] == vsf && row["tier"] == "srv" && std::abs(std::stod(row["t_s"]) - t) < 1e-6)
      return std::stoi(row["cpus_serving"]);
  FAIL("no timeseries row of " << vsf << " at " << t);
  return -1;
}

}  // namespace

TEST_CASE("predictive policy: after one season the CPUs serve before the step where target tracking only reacts") {
  const std::string dir = vsf::test::make_temp_dir();
  const auto r = vsf::test::run(scenario(hourly(3, 0), 2 * kHour + kStepEnd), dir + "/out");
  // Hour 1: both only react (target tracking's first CPUs for the step serve a lead time after it).
  CHECK(serving_at(dir + "/out", "pred", kStep) < kPeakCpus);
  // Hours 2 and 3: the predictive VSF has the step's CPUs serving at the step; target tracking does not.
  for (double hour : {kHour, 2 * kHour}) {
    INFO("hour starting at " << hour);
    CHECK(serving_at(dir + "/out", "pred", hour + kStep) >= kPeakCpus);
    CHECK(serving_at(dir + "/out", "tt", hour + kStep) < kPeakCpus);
  }
  std::filesystem::remove_all(dir);

  const auto forecasts = r.of("forecast");
  REQUIRE(!forecasts.empty());
  int reactive_first_hour = 0, predictive_later = 0, later = 0;
  for (const auto& e : forecasts) {
    INFO(e.dump());
    CHECK(e["vsf"] == "pred");  // target tracking forecasts nothing
    CHECK(e["method"] == "seasonal_naive");
    const double t = e["t"];
    if (t < kHour) reactive_first_hour += e["mode"] == "reactive";
    if (t > kHour + 300) {
      ++later;
      predictive_later += e["mode"] == "predictive";
      CHECK(e["running_error"].get<double>() < 0.25);
      CHECK(e["for_s"].get<double>() > t);
    }
  }
  CHECK(reactive_first_hour == 59);  // ticks at 60 s .. 3540 s: no season observed yet
  CHECK(predictive_later == later);
  const auto& f = r.vsf(0)["forecast"];
  CHECK(f["wape"].get<double>() < 0.1);
  CHECK(f["reactive_fraction"].get<double>() == Approx(59.0 / f["ticks"].get<double>()));
  CHECK(!r.vsf(1).contains("forecast"));
  // The step's scale-out was decided ahead on the forecast: its inputs say so.
  bool ahead = false;
  for (const auto& e : r.of("scale_decision"))
    if (e["vsf"] == "pred" && e["t"].get<double>() > kHour && e["t"].get<double>() < kHour + kStep)
      ahead = ahead || (e["inputs"]["predictive"] == 1 && e["inputs"]["desired_predictive"] >= kPeakCpus);
  CHECK(ahead);
}

TEST_CASE("predictive policy: traffic that breaks the pattern makes it fall back to reactive scaling") {
  // One hour of the pattern, then a flat 40/s: the seasonal forecast (10/s, then 60/s) is far off.
  const auto r = vsf::test::run(scenario(hourly(1, 40), 2 * kHour));
  int reactive = 0, scored = 0;
  for (const auto& e : r.of("forecast")) {
    if (e["t"].get<double>() < kHour + 600 || e["running_error"].is_null()) continue;
    INFO(e.dump());
    ++scored;
    CHECK(e["running_error"].get<double>() > 0.25);
    CHECK(e["mode"] == "reactive");
    reactive += e["mode"] == "reactive";
  }
  CHECK(scored >= 40);
  CHECK(reactive == scored);
  // Reactive decisions say so, and the tier tracks the load: 40/s x 0.1 s / 0.5 = 8 CPUs.
  int reactive_decisions = 0;
  for (const auto& e : r.of("scale_decision"))
    if (e["vsf"] == "pred" && e["t"].get<double>() > kHour + 600) reactive_decisions += e["inputs"]["predictive"] == 0;
  CHECK(reactive_decisions >= 1);
  CHECK(r.vsf(0)["forecast"]["reactive_fraction"].get<double>() > 0.75);
}
