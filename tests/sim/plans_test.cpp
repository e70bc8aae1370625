// Service plans' sizing rules in simulation (issue 13 §2): a plan's max_cpus caps a threshold policy under
// load (plan_limit logged); a fixed plan keeps its size and refuses control values; a weekday guarantee scales
// an idle policy-"none" VSF to 8 at 09:00 on a Monday and not on a Saturday; a control value within the plan
// is accepted (the policy then grows to it) and one beyond it refused; the storage bill of 2 CPUs of 10 GB
// images and 100 GB of data for 15 days, by hand.
#include <catch2/catch.hpp>

#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;
using vsf::test::serving_at;
using vsf::test::threshold;

namespace {

constexpr double kH = 3600, kDay = 24 * kH;

vsf::ServicePlan plan_named(const std::string& name) {
  vsf::ServicePlan p;
  p.name = name;
  return p;
}

int max_serving(const vsf::test::RunResult& r) {
  int n = 0, peak = 0;
  for (const auto& e : r.events) {
    if (e.value("tier", "") != "srv") continue;
    if (e["type"] == "cpu_serving") peak = std::max(peak, ++n);
    if (e["type"] == "cpu_release") --n;
  }
  return peak;
}

// A 12-CPU grid and an idle policy-none VSF "a" of 1 to 10 CPUs, on a plan guaranteeing 8 CPUs on weekdays
// 09:00-17:00, created at `start_s`.
vsf::Scenario guaranteed_scenario(double start_s, double duration_s) {
  vsf::Scenario s = base_scenario(12);
  vsf::test::add_queueing_role(s, 0.1, 1000);
  vsf::ServicePlan p = plan_named("business-hours-8");
  vsf::PlanGuarantee g;
  g.from_s = 9 * kH;
  g.to_s = 17 * kH;
  g.weekdays_only = true;
  g.cpus = 8;
  p.guaranteed = {g};
  s.models.plans["business-hours-8"] = p;
  vsf::VsfSpec v = make_vsf("a", {make_tier("srv", 1, 1, 10, "shared_queue")}, false);
  v.plan = "business-hours-8";
  v.start_s = start_s;
  v.traffic = {vsf::test::constant_rate(0)};
  s.vsfs.push_back(v);
  s.duration_s = duration_s;
  return s;
}

}  // namespace

TEST_CASE("plans: max_cpus caps a threshold policy's scale-out and logs plan_limit") {
  vsf::Scenario s = base_scenario(12);
  vsf::test::add_queueing_role(s, 0.1, 1000);
  vsf::ServicePlan p = plan_named("capped");
  p.max_cpus = 3;
  s.models.plans["capped"] = p;
  vsf::VsfSpec v = make_vsf("a", {make_tier("srv", 1, 1, 8, "shared_queue")}, false);
  v.plan = "capped";
  v.policy = threshold(30);
  v.traffic = {vsf::test::constant_rate(40)};  // 4 CPUs of work: the policy presses for more than 3
  s.vsfs.push_back(v);
  s.duration_s = 1800;
  const auto r = vsf::test::run(s);

  CHECK(max_serving(r) == 3);
  const auto limits = r.of("plan_limit");
  REQUIRE(!limits.empty());
  for (const auto& e : limits) {
    CHECK(e["plan"] == "capped");
    CHECK(e["limit"] == "max");
    CHECK(e["allowed"].get<int>() < e["wanted"].get<int>());
  }
  int requested = 0;
  for (const auto& e : r.of("scale_request")) requested += e["requested"].get<int>();
  CHECK(requested == 2);  // 1 -> 3, never beyond
}

TEST_CASE("plans: a fixed plan keeps its size under load and refuses a control value") {
  vsf::Scenario s = base_scenario(12);
  vsf::test::add_queueing_role(s, 0.1, 1000);
  vsf::ServicePlan p = plan_named("fixed-3");
  p.sizing = vsf::PlanSizing::Fixed;
  s.models.plans["fixed-3"] = p;
  vsf::VsfSpec v = make_vsf("a", {make_tier("srv", 3, 1, 8, "shared_queue")}, false);
  v.plan = "fixed-3";
  vsf::ScheduleEntry cv;
  cv.at_s = 300;
  cv.min = 5;
  cv.max = 8;
  v.control_values = {cv};
  v.traffic = {vsf::test::constant_rate(40)};  // overloaded at 3 CPUs
  s.vsfs.push_back(v);
  s.duration_s = 1200;
  const auto r = vsf::test::run(s);

  CHECK(r.of("scale_request").empty());
  CHECK(max_serving(r) == 3);
  CHECK(serving_at(r, 1200) == 3);
  const auto values = r.of("control_value");
  REQUIRE(values.size() == 1);
  CHECK(values[0]["t"].get<double>() >= 300);
  CHECK(values[0]["accepted"] == false);
  CHECK(values[0]["reason"] == "plan \"fixed-3\" is fixed");
}

TEST_CASE("plans: a weekday guarantee scales an idle policy-none VSF to 8 at 09:00 on a Monday") {
  const vsf::Scenario s = guaranteed_scenario(0, 10 * kH);  // Monday 00:00 to 10:00
  const auto r = vsf::test::run(s);

  CHECK(serving_at(r, 9 * kH - 1) == 1);
  const auto asks = r.of("scale_request");
  REQUIRE(asks.size() == 1);
  CHECK(asks[0]["t"] == 9 * kH);  // policy "none" ticks every 30 s: 09:00 is a tick
  CHECK(asks[0]["reason"] == "guarantee");
  CHECK(asks[0]["requested"] == 7);
  CHECK(serving_at(r, 10 * kH) == 8);
}

TEST_CASE("plans: the weekday guarantee does not scale the VSF on a Saturday") {
  const vsf::Scenario s = guaranteed_scenario(5 * kDay + 8 * kH, 5 * kDay + 10 * kH);  // Saturday 08:00 to 10:00
  const auto r = vsf::test::run(s);

  CHECK(r.of("scale_request").empty());
  CHECK(serving_at(r, s.duration_s) == 1);
}

TEST_CASE("plans: a control value within the plan is accepted and one beyond its max_cpus refused") {
  vsf::Scenario s = base_scenario(12);
  vsf::test::add_queueing_role(s, 0.1, 1000);
  vsf::ServicePlan p = plan_named("up-to-5");
  p.max_cpus = 5;
  s.models.plans["up-to-5"] = p;
  vsf::VsfSpec v = make_vsf("a", {make_tier("srv", 1, 1, 2, "shared_queue")}, false);
  v.plan = "up-to-5";
  v.policy = threshold(30);
  vsf::ScheduleEntry accepted, refused;
  accepted.at_s = 600;
  accepted.max = 4;
  refused.at_s = 1200;
  refused.max = 6;
  v.control_values = {accepted, refused};
  v.traffic = {vsf::test::constant_rate(30)};  // 3 CPUs of work: the policy wants 4 or more
  s.vsfs.push_back(v);
  s.duration_s = 1800;
  const auto r = vsf::test::run(s);

  CHECK(serving_at(r, 600) <= 2);  // the tier's own max until the control value
  const auto values = r.of("control_value");
  REQUIRE(values.size() == 2);
  CHECK(values[0]["t"] == 600);
  CHECK(values[0]["accepted"] == true);
  CHECK(values[0]["max"] == 4);
  CHECK(values[1]["t"] == 1200);
  CHECK(values[1]["accepted"] == false);
  CHECK(values[1]["max"] == 6);
  CHECK(values[1]["reason"].get<std::string>().find("max_cpus (5)") != std::string::npos);
  CHECK(max_serving(r) == 4);  // grown to the accepted max, not to the refused one
}

TEST_CASE("plans: the storage bill of 2 CPUs of 10 GB images and 100 GB of data for 15 days") {
  vsf::Scenario s = base_scenario(4);
  s.models.roles["web"].boot_image_bytes = 10e9;
  vsf::ServicePlan p = plan_named("stored");
  p.storage_price_per_gb_month = 0.1;
  s.models.plans["stored"] = p;
  vsf::VsfSpec v = make_vsf("a", {make_tier("web", 2, 2, 2, "round_robin")}, false);
  v.plan = "stored";
  v.storage_bytes = 100e9;
  v.traffic = {vsf::test::constant_rate(0)};
  s.vsfs.push_back(v);
  s.duration_s = 15 * kDay;
  s.outputs.interval_s = kDay;
  const auto r = vsf::test::run(s);

  // (2 x 10 GB + 100 GB) x 0.5 month = 60 GB-months, x 0.1 per GB-month = 6 (warm: held from t = 0).
  const auto& bill = r.summary["billing"]["vsfs"][0];
  CHECK(bill["storage_gb_months"].get<double>() == Approx(60).epsilon(1e-9));
  CHECK(bill["storage_amount"].get<double>() == Approx(6).epsilon(1e-9));
  CHECK(bill["amount"].get<double>() == Approx(6).epsilon(1e-9));
  CHECK(r.summary["billing"]["customers"][0]["storage_amount"].get<double>() == Approx(6).epsilon(1e-9));
}

TEST_CASE("plans: min_cpus cuts an idle VSF's scale-ins at the plan's floor") {
  vsf::Scenario s = base_scenario(12);
  vsf::test::add_queueing_role(s, 0.1, 1000);
  vsf::ServicePlan p = plan_named("floor-3");
  p.min_cpus = 3;
  s.models.plans["floor-3"] = p;
  vsf::VsfSpec v = make_vsf("a", {make_tier("srv", 6, 1, 8, "shared_queue")}, false);
  v.plan = "floor-3";
  v.policy = threshold(30);
  v.traffic = {vsf::test::constant_rate(0)};  // idle: the policy scales in toward the tier's min 1
  s.vsfs.push_back(v);
  s.duration_s = 1800;
  const auto r = vsf::test::run(s);

  CHECK(serving_at(r, 1800) == 3);
  const auto limits = r.of("plan_limit");
  REQUIRE(!limits.empty());
  for (const auto& e : limits) {
    CHECK(e["limit"] == "min");
    CHECK(e["wanted"].get<int>() < 0);
    CHECK(e["allowed"].get<int>() > e["wanted"].get<int>());
  }
}

TEST_CASE("plans: cpu_demand requests beyond max_cpus are lost and logged") {
  vsf::Scenario s = base_scenario(12);
  vsf::test::add_queueing_role(s, 0.1, 1000);
  vsf::ServicePlan p = plan_named("cap-2");
  p.max_cpus = 2;
  s.models.plans["cap-2"] = p;
  vsf::VsfSpec v = make_vsf("a", {make_tier("srv", 0, 0, 8, "shared_queue")}, false);
  v.plan = "cap-2";
  v.traffic = {vsf::test::constant_rate(0)};
  v.cpu_demand = vsf::CpuDemand{0.05, 600};  // 30 CPUs' worth of demand: always at the plan's cap
  s.vsfs.push_back(v);
  s.duration_s = kH;
  const auto r = vsf::test::run(s);

  CHECK(max_serving(r) == 2);
  int lost_to_plan = 0;
  for (const auto& e : r.of("demand_lost")) lost_to_plan += e["reason"] == "the VSF is at its plan's max_cpus";
  CHECK(lost_to_plan > 10);  // about 0.05/s x 3600 s = 180 requests, nearly all beyond the cap
  CHECK(r.of("plan_limit").size() == static_cast<size_t>(lost_to_plan));
}

TEST_CASE("plans: with a schedule the min in force is the larger of the schedule's and the guarantee") {
  vsf::Scenario s = base_scenario(12);
  vsf::test::add_queueing_role(s, 0.1, 1000);
  vsf::ServicePlan p = plan_named("night-5");
  vsf::PlanGuarantee g;
  g.from_s = 2 * kH;
  g.to_s = 3 * kH;
  g.cpus = 5;
  p.guaranteed = {g};
  s.models.plans["night-5"] = p;
  vsf::VsfSpec v = make_vsf("a", {make_tier("srv", 3, 1, 8, "shared_queue")}, false);
  v.plan = "night-5";
  v.policy = threshold(60);  // idle: scales in to the min in force
  vsf::ScheduleEntry daily;
  daily.every = vsf::Recurrence::Daily;
  daily.at_s = 0;
  daily.min = 3;
  v.policy.schedule.entries = {daily};
  v.traffic = {vsf::test::constant_rate(0)};
  s.vsfs.push_back(v);
  s.duration_s = 4 * kH;
  const auto r = vsf::test::run(s);

  CHECK(serving_at(r, 2 * kH - 1) == 3);  // the schedule's min 3, not the tier's own 1
  CHECK(serving_at(r, 3 * kH - 1) == 5);  // the guarantee's 5 over the schedule's 3
  CHECK(serving_at(r, 4 * kH) == 3);      // after the period the threshold policy scales in to the schedule's 3
  int guarantee_asks = 0;
  for (const auto& e : r.of("scale_request")) guarantee_asks += e["reason"] == "guarantee";
  CHECK(guarantee_asks == 1);
}
