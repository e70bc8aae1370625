// Farm manager with the threshold policy: a step increase of load makes the tier grow after the
// policy's window, new CPUs go through the whole join lifecycle, and an empty idle pool denies.
#include <catch2/catch.hpp>

#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

vsf::PolicySpec threshold() {
  vsf::PolicySpec p;
  p.type = vsf::PolicyType::Threshold;
  p.interval_s = 10;
  p.high = 0.7;
  p.low = 0.3;
  p.window_s = 30;
  p.step = 1;
  p.cooldown_s = 60;
  return p;
}

vsf::TrafficComponent steps(double before, double at, double after) {
  vsf::TrafficComponent c;
  c.kind = vsf::TrafficKind::Steps;
  c.steps = {vsf::TrafficStep{0, before}, vsf::TrafficStep{at, after}};
  return c;
}

}  // namespace

TEST_CASE("a step increase of load scales the tier out after the policy window") {
  vsf::Scenario s = base_scenario(6);
  // web: 10 ms per request. 20/s keeps one server at 0.2; 150/s needs two servers at 0.75, three at 0.5.
  vsf::VsfSpec v = make_vsf("a", {make_tier("web", 1, 1, 4, "least_outstanding")}, false);
  v.policy = threshold();
  v.traffic = {steps(20, 300, 150)};
  s.vsfs.push_back(v);
  s.duration_s = 900;
  auto r = vsf::test::run(s);

  std::vector<double> outs;
  for (const auto& e : r.of("scale_decision")) {
    if (e["wanted"].get<int>() > 0) outs.push_back(e["t"].get<double>());
    CHECK(e.contains("utilization"));
    if (e["t"].get<double>() > 300) continue;
    // Before the step nothing to do: the quiet tier's scale-in is cut to nothing by min 1, logged once.
    CHECK(e["applied"] == 0);
    CHECK(e["cut_by_min"] == 1);
  }
  REQUIRE(outs.size() >= 2);
  CHECK(r.of("scale_decision").front()["t"].get<double>() < 300);
  // Utilization must stay above `high` for the window (30 s) before the first scale-out.
  CHECK(outs[0] >= 300 + 30);
  CHECK(outs[0] <= 300 + 30 + 2 * 10);
  CHECK(outs[1] - outs[0] >= 60);  // cooldown
  const auto& out = r.summary["vsfs"][0];
  CHECK(out["scale_outs"].get<int>() >= 2);
  CHECK(out["denials"]["needs"] == 0);
  CHECK(out["denials"]["attempts"] == 0);
  CHECK(out["denials"]["open_s"]["max"].is_null());
  // A new CPU serves after the whole join: VLAN 5 + zoning 5 + POST 60 + 1 GiB at 200 MB/s + OS 20 s.
  const double join = 5 + 5 + 60 + 1024.0 * 1024 * 1024 / 200e6 + 20;
  CHECK(out["time_to_serve_s"]["max"].get<double>() == Approx(join).epsilon(0.01));
  // With three servers the load is absorbed: the last minute serves what is offered.
  auto serving = r.of("cpu_serving");
  CHECK(serving.size() >= 3);
  CHECK(r.summary["grid"]["isolation_violations"] == 0);
}

TEST_CASE("a scale-out with an empty idle pool is denied and counted") {
  vsf::Scenario s = base_scenario(2);  // one CPU serves, one is left in the pool
  vsf::VsfSpec v = make_vsf("a", {make_tier("web", 1, 1, 4, "round_robin")}, false);
  v.policy = threshold();
  v.traffic = {vsf::test::constant_rate(500)};  // five servers' worth
  s.vsfs.push_back(v);
  s.duration_s = 600;
  auto r = vsf::test::run(s);

  const auto& out = r.summary["vsfs"][0];
  CHECK(out["scale_outs"] == 1);  // the one idle CPU
  CHECK(out["denials"]["attempts"].get<int>() >= 1);
  CHECK(out["denials"]["needs"].get<int>() >= 1);
  CHECK(r.summary["grid"]["denials"] == out["denials"]);
  auto denials = r.of("denial");
  REQUIRE(!denials.empty());
  CHECK(denials[0]["reason"] == "idle pool empty");
  CHECK(r.summary["grid"]["idle_pool"]["min"] == 0);
  CHECK(r.summary["grid"]["idle_pool"]["seconds_at_zero"].get<double>() > 0);
}

TEST_CASE("an admin action at the instant its VSF is created applies to the new VSF") {
  vsf::Scenario s = base_scenario(4);
  vsf::VsfSpec v = make_vsf("late", {make_tier("web", 1, 1, 3, "round_robin")}, false);
  v.start_s = 100;
  s.vsfs.push_back(v);
  vsf::AdminAction a;
  a.at_s = 100;
  a.op = vsf::AdminOp::Add;
  a.vsf = "late";
  a.tier = "web";
  a.count = 2;
  s.actions.push_back(a);
  s.duration_s = 300;
  auto r = vsf::test::run(s);
  CHECK(r.of("action_rejected").empty());
  CHECK(r.of("cpu_serving").size() == 3);
  CHECK(r.summary["vsfs"][0]["scale_outs"] == 1);
}
