// vsfs[].policy.schedule: entries read into ScheduleSpec (times in seconds: one-off from the run's start,
// daily into the day, weekly from Monday 00:00), tiers resolved by role (or the only tier), week_start_day;
// bad times and contradictory bounds refused with their pointers, and a min above the max in force found at
// the time it happens, including through a one-off entry and the tier's own bounds.
#include <catch2/catch.hpp>

#include "load_errors.hpp"
#include "scenario/loader.hpp"

using namespace vsf;
using namespace vsf::test;
using nlohmann::json;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/tests/unit/inline-test.json";

json with_policy(const json& policy, bool two_tiers = true) {
  json doc = json::parse(R"({
    "name": "s", "duration": "1h", "seed": 3,
    "grid": {"cpus": 20, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "a", "tiers": [{"role": "web", "initial": 1, "max": 8}, {"role": "app", "initial": 1, "max": 4}],
              "traffic": {"type": "constant", "rate": 1}}]
  })");
  doc["models"] = {"../../models/hardware.json", "../../models/roles.json", "../../models/switches.json"};
  if (!two_tiers) doc["vsfs"][0]["tiers"].erase(1);
  doc["vsfs"][0]["policy"] = policy;
  return doc;
}

}  // namespace

TEST_CASE("schedule: entries read in seconds with tiers resolved by role", "[scenario]") {
  const json policy = json::parse(R"({"type": "threshold", "week_start_day": 3, "schedule": [
      {"tier": "app", "at": "2h", "min": 2},
      {"tier": "web", "daily": "08:30:15", "max": 6},
      {"tier": "web", "weekly": "sat 23:59", "min": 0, "max": 3}]})");
  const Scenario s = load_scenario_json(kFile, with_policy(policy).dump()).scenario;
  const ScheduleSpec& sc = s.vsfs.at(0).policy.schedule;
  CHECK(sc.week_start_day == 3);
  REQUIRE(sc.entries.size() == 3);
  CHECK(sc.entries[0].tier_index == 1);
  CHECK(sc.entries[0].every == Recurrence::Once);
  CHECK(sc.entries[0].at_s == 7200);
  CHECK(sc.entries[0].min == 2);
  CHECK_FALSE(sc.entries[0].max);
  CHECK(sc.entries[1].tier_index == 0);
  CHECK(sc.entries[1].every == Recurrence::Daily);
  CHECK(sc.entries[1].at_s == 8 * 3600 + 30 * 60 + 15);
  CHECK(sc.entries[2].every == Recurrence::Weekly);
  CHECK(sc.entries[2].at_s == 5 * 86400 + 23 * 3600 + 59 * 60);
  CHECK(sc.entries[2].min == 0);
}

TEST_CASE("schedule: a one-tier VSF's entries may omit the tier and type scheduled needs a schedule", "[scenario]") {
  const json policy = json::parse(R"({"type": "scheduled", "schedule": [{"daily": "8:00", "min": 3}]})");
  const Scenario s = load_scenario_json(kFile, with_policy(policy, false).dump()).scenario;
  REQUIRE(s.vsfs.at(0).policy.schedule.entries.size() == 1);
  CHECK(s.vsfs.at(0).policy.schedule.entries[0].tier_index == 0);
  CHECK(s.vsfs.at(0).policy.schedule.entries[0].at_s == 8 * 3600);
  const auto errors = load_errors(kFile, with_policy(json::parse(R"({"type": "scheduled"})")));
  INFO(join(errors));
  CHECK(has(errors, "/vsfs/0/policy: missing required key \"schedule\""));
}

TEST_CASE("schedule: bad times of day are refused", "[scenario]") {
  for (const char* bad : {"24:00", "08:60", "08:00:60", "8", "08:0", "08:00 ", "-1:00", "08h00", "08:00:00:00"}) {
    INFO(bad);
    json policy = {{"type", "threshold"}, {"schedule", {{{"tier", "web"}, {"daily", bad}, {"min", 2}}}}};
    CHECK(has(load_errors(kFile, with_policy(policy)), "/vsfs/0/policy/schedule/0/daily: expected a time of day"));
  }
  for (const char* bad : {"sat", "saturday 08:00", "sat08:00", "Sat 08:00", "sat  08:00"}) {
    INFO(bad);
    json policy = {{"type", "threshold"}, {"schedule", {{{"tier", "web"}, {"weekly", bad}, {"min", 2}}}}};
    CHECK(has(load_errors(kFile, with_policy(policy)), "/vsfs/0/policy/schedule/0/weekly: expected a day"));
  }
}

TEST_CASE("schedule: a min above the max in force is refused at the time it happens", "[scenario]") {
  // Tuesday 00:00 (t = 0 is Monday) the one-off max 2 of 1d meets the daily min 3 of 00:00 at t = 1d.
  json policy = json::parse(R"({"type": "threshold", "schedule": [
      {"tier": "web", "daily": "00:00", "min": 3}, {"tier": "web", "at": "1d", "max": 2}]})");
  auto errors = load_errors(kFile, with_policy(policy));
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "/vsfs/0/policy/schedule/1: at t = 86400s (tue 00:00:00) tier \"web\" would have min 3 (from "
        "/vsfs/0/policy/schedule/0) > max 2 (from /vsfs/0/policy/schedule/1)");
  // A min equal to the max in force is allowed (a fixed size).
  policy["schedule"] = json::parse(R"([{"tier": "web", "at": "1d", "max": 2}, {"tier": "web", "daily": "00:00",
                                      "min": 2}])");
  CHECK(load_errors(kFile, with_policy(policy)).empty());
  // The tier's own max (4 for app) against a scheduled min.
  policy["schedule"] = json::parse(R"([{"tier": "app", "weekly": "fri 18:00", "min": 5}])");
  errors = load_errors(kFile, with_policy(policy));
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors,
            "at t = 0s (mon 00:00:00) tier \"app\" would have min 5 (from /vsfs/0/policy/schedule/0) > max 4 "
            "(from the tier's own max)"));
}
