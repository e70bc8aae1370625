// A plan's sizing arithmetic (policy/plan_bounds.hpp) against cases worked out by hand: the cap and floor on
// a VSF's tier CPUs, guarantees by time of day and weekday (time 0 = Monday 00:00), and control-value verdicts.
#include "policy/plan_bounds.hpp"

#include <catch2/catch.hpp>
#include <limits>

using namespace vsf;

namespace {

constexpr double kH = 3600, kDay = 24 * kH;

VsfSpec two_tiers() {
  VsfSpec v;
  v.name = "v";
  Tier web;
  web.role = "web";
  web.initial = 2;
  web.min = 1;
  web.max = 6;
  Tier db;
  db.role = "db";
  db.initial = 1;
  db.min = 1;
  db.max = 3;
  v.tiers = {web, db};
  return v;
}

ServicePlan sized(std::optional<int> min, std::optional<int> max) {
  ServicePlan p;
  p.name = "p";
  p.min_cpus = min;
  p.max_cpus = max;
  return p;
}

ScheduleEntry value(int tier, std::optional<int> min, std::optional<int> max) {
  ScheduleEntry e;
  e.tier_index = tier;
  e.min = min;
  e.max = max;
  return e;
}

}  // namespace

TEST_CASE("plan bounds: the cap is max_cpus and a fixed plan's initial size") {
  const VsfSpec v = two_tiers();
  CHECK(plan_max_cpus(nullptr, v) == std::numeric_limits<int>::max());
  ServicePlan p = sized(std::nullopt, 5);
  CHECK(plan_max_cpus(&p, v) == 5);
  p.sizing = PlanSizing::Fixed;
  CHECK(plan_max_cpus(&p, v) == 3);  // 2 web + 1 db
  p.max_cpus.reset();
  CHECK(plan_max_cpus(&p, v) == 3);
  CHECK(plan_min_cpus(nullptr) == 0);
  const ServicePlan q = sized(2, std::nullopt);
  CHECK(plan_min_cpus(&q) == 2);
}

TEST_CASE("plan bounds: scale-outs and scale-ins cut to the cap and the floor") {
  CHECK(allowed_out(5, 3, 4) == 2);
  CHECK(allowed_out(5, 5, 1) == 0);
  CHECK(allowed_out(5, 6, 1) == 0);  // already beyond (a lowered limit): nothing more
  CHECK(allowed_out(5, 1, 2) == 2);
  CHECK(allowed_out(5, 1, 0) == 0);
  CHECK(allowed_in(2, 5, 4) == 3);
  CHECK(allowed_in(2, 2, 1) == 0);
  CHECK(allowed_in(0, 3, 3) == 3);
}

TEST_CASE("plan bounds: a weekday guarantee holds Monday to Friday within its hours only") {
  PlanGuarantee g;
  g.from_s = 9 * kH;
  g.to_s = 17 * kH;
  g.weekdays_only = true;
  g.cpus = 8;
  CHECK_FALSE(guarantee_in_force(g, 9 * kH - 1));
  CHECK(guarantee_in_force(g, 9 * kH));  // Monday 09:00
  CHECK(guarantee_in_force(g, 17 * kH - 1));
  CHECK_FALSE(guarantee_in_force(g, 17 * kH));             // the end is excluded
  CHECK(guarantee_in_force(g, 4 * kDay + 12 * kH));        // Friday noon
  CHECK_FALSE(guarantee_in_force(g, 5 * kDay + 12 * kH));  // Saturday noon
  CHECK_FALSE(guarantee_in_force(g, 6 * kDay + 12 * kH));  // Sunday noon
  CHECK(guarantee_in_force(g, 7 * kDay + 12 * kH));        // the next Monday
  g.weekdays_only = false;
  CHECK(guarantee_in_force(g, 5 * kDay + 12 * kH));
}

TEST_CASE("plan bounds: guarantees per tier are clipped to the tier's max and the larger one holds") {
  const VsfSpec v = two_tiers();
  ServicePlan p;
  PlanGuarantee web;  // the first tier when no tier is named
  web.from_s = 0;
  web.to_s = 12 * kH;
  web.cpus = 8;
  PlanGuarantee db;
  db.tier = "db";
  db.from_s = 6 * kH;
  db.to_s = 24 * kH;
  db.cpus = 2;
  PlanGuarantee web_small = web;
  web_small.cpus = 4;
  p.guaranteed = {web, db, web_small};
  CHECK(guaranteed_at(&p, v, 1 * kH) == std::vector<int>{6, 0});  // 8 clipped to the web tier's max 6
  CHECK(guaranteed_at(&p, v, 7 * kH) == std::vector<int>{6, 2});
  CHECK(guaranteed_at(&p, v, 13 * kH) == std::vector<int>{0, 2});
  CHECK(guaranteed_at(nullptr, v, 1 * kH) == std::vector<int>{0, 0});
}

TEST_CASE("plan bounds: control values accepted within the plan and refused beyond it") {
  const std::vector<std::pair<int, int>> own = {{1, 6}, {1, 3}};
  const ServicePlan p = sized(3, 8);
  SECTION("within: max 7 + the db's min 1 = 8") {
    const ControlVerdict v = judge_control_value(&p, value(0, 2, 7), own);
    CHECK(v.accepted);
    CHECK(v.min == 2);
    CHECK(v.max == 7);
    CHECK(v.reason.empty());
  }
  SECTION("an absent bound keeps the tier's current one") {
    const ControlVerdict v = judge_control_value(&p, value(1, std::nullopt, 2), own);
    CHECK(v.accepted);
    CHECK(v.min == 1);
    CHECK(v.max == 2);
  }
  SECTION("beyond max_cpus with the other tiers' mins") {
    const ControlVerdict v = judge_control_value(&p, value(0, std::nullopt, 8), own);
    CHECK_FALSE(v.accepted);
    CHECK(v.reason.find("max_cpus") != std::string::npos);
  }
  SECTION("below min_cpus with the other tiers' maxes") {
    const ControlVerdict v = judge_control_value(&p, value(1, std::nullopt, 1), {{1, 1}, {1, 3}});
    CHECK_FALSE(v.accepted);
    CHECK(v.reason.find("min_cpus") != std::string::npos);
  }
  SECTION("min above the max") {
    const ControlVerdict v = judge_control_value(&p, value(1, 4, std::nullopt), own);
    CHECK_FALSE(v.accepted);
    CHECK(v.reason == "min 4 > max 3");
  }
  SECTION("a fixed plan refuses every value") {
    ServicePlan fixed = p;
    fixed.sizing = PlanSizing::Fixed;
    CHECK_FALSE(judge_control_value(&fixed, value(0, 1, 2), own).accepted);
  }
  SECTION("no plan: only min <= max") { CHECK(judge_control_value(nullptr, value(0, 0, 100), own).accepted); }
}
