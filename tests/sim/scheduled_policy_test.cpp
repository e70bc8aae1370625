// The schedule in simulation: a daily schedule raises a tier's min at 08:00 and lowers it at 20:00; the tier
// reaches the raised min one control tick plus the time to serve after 08:00 and, under a threshold policy
// at low load, falls back after 20:00; under load a scheduled max caps the threshold policy, and a later
// entry raising it lets the tier grow.
#include <catch2/catch.hpp>

#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;
using vsf::test::serving_at;
using vsf::test::threshold;

namespace {

constexpr double kH = 3600;

vsf::ScheduleEntry daily(double at_s, std::optional<int> min, std::optional<int> max) {
  vsf::ScheduleEntry e;
  e.every = vsf::Recurrence::Daily;
  e.at_s = at_s;
  e.min = min;
  e.max = max;
  return e;
}

// The first time from `from` on at which the tier serves exactly n CPUs; -1 if never.
double first_time_serving(const vsf::test::RunResult& r, double from, int n) {
  for (const auto& e : r.events) {
    const double t = e["t"].get<double>();
    if (t >= from && e.value("tier", "") == "srv" && serving_at(r, t) == n) return t;
  }
  return -1;
}

}  // namespace

TEST_CASE("scheduled policy: a daily min raised at 08:00 is reached within a tick plus the time to serve") {
  vsf::Scenario s = base_scenario(10);
  vsf::test::add_queueing_role(s, 0.1, 1000);
  vsf::VsfSpec v = make_vsf("a", {make_tier("srv", 1, 1, 8, "shared_queue")}, false);
  v.policy = threshold(60);  // low load: the threshold policy would scale in to 1 all day
  v.policy.schedule.entries = {daily(8 * kH, 5, std::nullopt), daily(20 * kH, 1, std::nullopt)};
  v.traffic = {vsf::test::constant_rate(0.5)};  // 0.05 CPUs of work: always below low
  s.vsfs.push_back(v);
  s.duration_s = 22 * kH;
  s.outputs.interval_s = 3600;
  const auto r = vsf::test::run(s);

  // Until 08:00 the 20:00 entry of the day before holds (min 1): one CPU, no schedule event.
  CHECK(serving_at(r, 8 * kH) == 1);
  const auto sched = r.of("schedule");
  REQUIRE(sched.size() == 2);
  CHECK(sched[0]["t"] == 8 * kH);
  CHECK(sched[0]["min"] == 5);
  CHECK(sched[0]["max"] == 8);
  CHECK(sched[1]["t"] == 20 * kH);
  CHECK(sched[1]["min"] == 1);
  // The 08:00 tick asks for 4 CPUs at once; they serve after their join (time to serve, no contention).
  const auto decisions = r.of("scale_decision");
  const auto first_out = std::find_if(decisions.begin(), decisions.end(),
                                      [](const nlohmann::json& e) { return e["applied"].get<int>() > 0; });
  REQUIRE(first_out != decisions.end());
  CHECK((*first_out)["t"] == 8 * kH);
  CHECK((*first_out)["applied"] == 4);
  CHECK((*first_out)["inputs"]["schedule_min"] == 5);
  const double tts = r.vsf(0)["time_to_serve_s"]["max"].get<double>();
  CHECK(tts > 60);  // a real join: POST alone is 60 s
  const double reached = first_time_serving(r, 8 * kH, 5);
  CHECK(reached > 8 * kH);
  CHECK(reached <= 8 * kH + tts + 1e-6);
  // Held at 5 all day: the threshold policy's scale-ins are cut by the min in force.
  for (double t = 9 * kH; t < 20 * kH; t += 600) CHECK(serving_at(r, t) == 5);
  CHECK(r.vsf(0)["cpus_cut_by_min"].get<int>() > 0);
  // At 20:00 the threshold policy, below low all day, scales in at once, then one CPU per cooldown (2 min):
  // 5 -> 1 in 4 steps, the last 3 cooldowns after 20:00.
  const double back = first_time_serving(r, 20 * kH, 1);
  CHECK(back >= 20 * kH + 3 * 120);
  CHECK(back < 20 * kH + 3 * 120 + 60);
  CHECK(serving_at(r, 22 * kH) == 1);
}

TEST_CASE("scheduled policy: under load a scheduled max caps the threshold policy until a later entry lifts it") {
  vsf::Scenario s = base_scenario(10);
  vsf::test::add_queueing_role(s, 0.1, 1000);
  vsf::VsfSpec v = make_vsf("a", {make_tier("srv", 1, 1, 8, "shared_queue")}, false);
  v.policy = threshold(30);
  // 00:00 max 3, 01:00 max 8: from t = 0 the tier may hold 3 CPUs, from 01:00 8.
  v.policy.schedule.entries = {daily(0, std::nullopt, 3), daily(kH, std::nullopt, 8)};
  v.traffic = {vsf::test::constant_rate(24)};  // 2.4 CPUs of work: 3 CPUs at 0.8 > high, 4 at 0.6
  s.vsfs.push_back(v);
  s.duration_s = 1.5 * kH;
  const auto r = vsf::test::run(s);

  int peak_before = 0;
  for (double t = 0; t < kH; t += 30) peak_before = std::max(peak_before, serving_at(r, t));
  CHECK(peak_before == 3);
  // The threshold policy still presses at 3 CPUs: its steps are cut by the scheduled max and counted.
  bool cut = false;
  for (const auto& e : r.of("scale_decision"))
    if (e["t"].get<double>() < kH) cut = cut || e["cut_by_max"].get<int>() > 0;
  CHECK(cut);
  const auto sched = r.of("schedule");
  REQUIRE(sched.size() >= 1);
  CHECK(sched.front()["max"] == 3);
  CHECK(sched.back()["t"] == kH);
  CHECK(sched.back()["max"] == 8);
  // From 01:00 the tier grows past 3 (4 CPUs carry the load at 0.6) and no further than it needs.
  CHECK(serving_at(r, 1.5 * kH) >= 4);
  CHECK(serving_at(r, 1.5 * kH) <= 5);
}

TEST_CASE("scheduled policy: cpu_demand requests stop at the max in force and are lost beyond it") {
  vsf::Scenario s = base_scenario(10);
  vsf::test::add_queueing_role(s, 0.1, 1000);
  vsf::VsfSpec v = make_vsf("a", {make_tier("srv", 0, 0, 8, "shared_queue")}, false);
  v.traffic = {vsf::test::constant_rate(0)};
  v.cpu_demand = vsf::CpuDemand{0.05, 600};  // 30 CPUs' worth of demand: always at the cap
  v.policy.type = vsf::PolicyType::Scheduled;
  v.policy.interval_s = 60;
  vsf::ScheduleEntry first, later;
  first.at_s = 0;
  first.max = 2;
  later.at_s = kH;
  later.max = 5;
  v.policy.schedule.entries = {first, later};
  s.vsfs.push_back(v);
  s.duration_s = 2 * kH;
  const auto r = vsf::test::run(s);

  int peak_before = 0, peak_after = 0;
  for (const auto& e : r.events) {
    const double t = e["t"].get<double>();
    (t < kH ? peak_before : peak_after) = std::max(t < kH ? peak_before : peak_after, serving_at(r, t));
  }
  CHECK(peak_before == 2);
  CHECK(peak_after == 5);
  int lost_before = 0;
  for (const auto& e : r.of("demand_lost")) lost_before += e["t"].get<double>() < kH;
  CHECK(lost_before > 10);  // about 0.05/s x 3600 s = 180 requests, nearly all beyond the cap
}
