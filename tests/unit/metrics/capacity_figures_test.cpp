// summary.json's capacity figures (metrics/capacity_figures.hpp) on recorded runs with known answers:
// denial probability, time-to-serve quantiles, CPU-hours allocated against busy, the idle pool by time.
#include <catch2/catch.hpp>

#include "metrics/recorder.hpp"

using namespace vsf;

namespace {

Scenario two_vsfs() {
  Scenario s;
  s.name = "capacity";
  s.duration_s = 3600;
  s.grid.cpus = {CpuGroup{"standard", 10, {}}};
  VsfSpec a, b;
  a.name = "a";
  b.name = "b";
  s.vsfs = {a, b};
  s.outputs.interval_s = 1800;
  return s;
}

}  // namespace

TEST_CASE("denial probability is CPUs refused over CPUs asked for, every attempt counted") {
  Recorder r(two_vsfs());
  r.scale(0, 0, 3, 10);   // 3 granted
  r.denial(0, 0, 20, 2);  // 2 refused
  r.denial(0, 0, 30, 2);  // the same need retried: 2 more refused
  r.scale(1, 0, 1, 40);   // 1 granted
  r.scale(1, 0, -1, 50);  // a scale-in asks for nothing
  r.finish(3600);
  auto s = r.summary();
  CHECK(s["grid"]["denial_probability"].get<double>() == Approx(4.0 / 8.0));
  CHECK(s["vsfs"][0]["denial_probability"].get<double>() == Approx(4.0 / 7.0));
  CHECK(s["vsfs"][1]["denial_probability"] == 0.0);
}

TEST_CASE("time to serve quantiles per VSF and over the grid") {
  Recorder r(two_vsfs());
  for (int i = 1; i <= 100; ++i) r.time_to_serve(0, i);  // 1 .. 100 s
  r.time_to_serve(1, 500);
  r.finish(3600);
  auto s = r.summary();
  auto a = s["vsfs"][0]["time_to_serve_s"];
  CHECK(a["mean"].get<double>() == Approx(50.5));
  CHECK(a["p50"].get<double>() == Approx(50).epsilon(0.004));
  CHECK(a["p95"].get<double>() == Approx(95).epsilon(0.004));
  CHECK(a["p99"].get<double>() == Approx(99).epsilon(0.004));
  CHECK(a["max"] == 100.0);
  auto g = s["grid"]["time_to_serve_s"];
  CHECK(g["mean"].get<double>() == Approx((5050.0 + 500) / 101));
  CHECK(g["p99"].get<double>() == Approx(100).epsilon(0.004));  // 100th of 101 values
  CHECK(g["max"] == 500.0);
  CHECK(s["vsfs"][1]["time_to_serve_s"]["p50"] == 500.0);
}

TEST_CASE("capacity figures are null with nothing to count") {
  Recorder r(two_vsfs());
  r.finish(3600);
  auto g = r.summary()["grid"];
  CHECK(g["denial_probability"].is_null());
  CHECK(r.summary()["vsfs"][0]["denial_probability"].is_null());
  CHECK(g["time_to_serve_s"]["p50"].is_null());
  CHECK(g["time_to_serve_s"]["max"].is_null());
  CHECK(g["cpu_hours"]["allocated"] == 0.0);
  CHECK(g["cpu_hours"]["utilization_of_allocated"].is_null());
  CHECK(g["idle_pool"]["percentiles"]["p50"].is_null());
}

TEST_CASE("CPU-hours: allocated in any state, serving, busy from the intervals' utilization") {
  Recorder r(two_vsfs());
  // CPU 0 of VSF a: configuring 0-600 s, serving 600-3600 s; CPU 1 stays idle (no VSF).
  r.cpu_state(0, 0, CpuState::Configuring, 0);
  r.cpu_state(1, -1, CpuState::Off, 0);
  r.cpu_state(0, 0, CpuState::Serving, 600);
  // First half hour: 1200 serving CPU-seconds at utilization 0.5; second: 1800 at 0.25.
  r.grid_interval(1800, GridSample{1, 0, 1, 0.5});
  r.grid_interval(3600, GridSample{1, 0, 1, 0.25});
  r.finish(3600);
  auto h = r.summary()["grid"]["cpu_hours"];
  CHECK(h["allocated"].get<double>() == Approx(1.0));
  CHECK(h["serving"].get<double>() == Approx(3000.0 / 3600));
  CHECK(h["busy"].get<double>() == Approx((1200 * 0.5 + 1800 * 0.25) / 3600.0));
  CHECK(h["utilization_of_allocated"].get<double>() == Approx((1200 * 0.5 + 1800 * 0.25) / 3600.0));
}

TEST_CASE("idle pool percentiles are sizes by time") {
  Recorder r(two_vsfs());
  // 10 CPUs for 360 s (10 % of the hour), 4 for 1080 s (30 %), 0 for the last 2160 s (60 %).
  r.idle_pool(0, 10);
  r.idle_pool(360, 4);
  r.idle_pool(1440, 0);
  r.finish(3600);
  auto p = r.summary()["grid"]["idle_pool"]["percentiles"];
  CHECK(p["p5"] == 0);  // empty 60 % of the time
  CHECK(p["p50"] == 0);
  CHECK(p["p95"] == 10);  // at most 4 for 90 % of the time only
}

TEST_CASE("idle pool percentiles: the median is the size held longest when it covers half the time") {
  Recorder r(two_vsfs());
  // 3 CPUs for 2400 s, then 7 for 1200 s: p5 and p50 are 3, p95 is 7.
  r.idle_pool(0, 3);
  r.idle_pool(2400, 7);
  r.finish(3600);
  auto p = r.summary()["grid"]["idle_pool"]["percentiles"];
  CHECK(p["p5"] == 3);
  CHECK(p["p50"] == 3);
  CHECK(p["p95"] == 7);
}
