// Schedules: the bounds in force at times across day and week boundaries, ties and before any occurrence
// (model/schedule_spec.hpp), and the scheduled policy's decisions: scale-out to a raised min, scale-in to a
// lowered max, a load policy's decisions cut by the bounds in force.
#include "policy/scheduled.hpp"

#include <catch2/catch.hpp>

#include "policy/policy.hpp"

using namespace vsf;

namespace {

constexpr double kH = 3600, kDay = 86400;

ScheduleEntry entry(Recurrence every, double at_s, std::optional<int> min, std::optional<int> max, int tier = 0) {
  ScheduleEntry e;
  e.every = every;
  e.at_s = at_s;
  e.min = min;
  e.max = max;
  e.tier_index = tier;
  return e;
}

std::pair<int, int> in_force(const ScheduleSpec& s, double t, int own_min = 1, int own_max = 10, int tier = 0) {
  const ScheduledBounds b = bounds_in_force(s, tier, t, own_min, own_max);
  return {b.min, b.max};
}

TierObservation obs(int serving, double u = 0.5, int pending = 0, int min = 1, int max = 10) {
  TierObservation o;
  o.serving = serving;
  o.pending = pending;
  o.utilization = u;
  o.min = min;
  o.max = max;
  return o;
}

}  // namespace

TEST_CASE("schedule: a daily entry is in force from t = 0 and changes at its time each day") {
  ScheduleSpec s;
  s.entries = {entry(Recurrence::Daily, 8 * kH, 6, std::nullopt), entry(Recurrence::Daily, 20 * kH, 2, std::nullopt)};
  // Before 08:00 of day 0 the 20:00 entry of the day before (day -1) holds.
  CHECK(in_force(s, 0) == std::pair{2, 10});
  CHECK(in_force(s, 8 * kH - 1) == std::pair{2, 10});
  CHECK(in_force(s, 8 * kH) == std::pair{6, 10});
  CHECK(in_force(s, 20 * kH - 1) == std::pair{6, 10});
  CHECK(in_force(s, 20 * kH) == std::pair{2, 10});
  CHECK(in_force(s, kDay + 8 * kH) == std::pair{6, 10});  // the next day alike
  CHECK(in_force(s, 30 * kDay + 7 * kH) == std::pair{2, 10});
  // Another tier is untouched: its own bounds.
  CHECK(in_force(s, 9 * kH, 3, 5, 1) == std::pair{3, 5});
}

TEST_CASE("schedule: a one-off entry holds only from its time and the tier's own bounds before it") {
  ScheduleSpec s;
  s.entries = {entry(Recurrence::Once, 2 * kH, 3, 7)};
  CHECK(in_force(s, 0, 1, 10) == std::pair{1, 10});
  CHECK(in_force(s, 2 * kH - 0.5, 1, 10) == std::pair{1, 10});
  CHECK(in_force(s, 2 * kH, 1, 10) == std::pair{3, 7});
  CHECK(in_force(s, 100 * kDay, 1, 10) == std::pair{3, 7});
  // A later daily occurrence takes over from the one-off entry.
  s.entries.push_back(entry(Recurrence::Daily, 6 * kH, 4, std::nullopt));
  CHECK(in_force(s, 2 * kH) == std::pair{3, 7});
  CHECK(in_force(s, 6 * kH) == std::pair{4, 7});
}

TEST_CASE("schedule: weekly entries follow week_start_day across the week's boundary") {
  ScheduleSpec s;
  // Saturday 00:00 max 4, Monday 06:00 max 10: t = 0 is Monday 00:00 (week_start_day 1).
  s.entries = {entry(Recurrence::Weekly, 5 * kDay, std::nullopt, 4),
               entry(Recurrence::Weekly, 6 * kH, std::nullopt, 10)};
  CHECK(in_force(s, 0, 1, 20) == std::pair{1, 4});  // last Saturday's entry is in force on Monday 00:00
  CHECK(in_force(s, 6 * kH, 1, 20) == std::pair{1, 10});
  CHECK(in_force(s, 5 * kDay - 1, 1, 20) == std::pair{1, 10});
  CHECK(in_force(s, 5 * kDay, 1, 20) == std::pair{1, 4});
  CHECK(in_force(s, 7 * kDay + 6 * kH - 1, 1, 20) == std::pair{1, 4});  // over the week's boundary
  CHECK(in_force(s, 7 * kDay + 6 * kH, 1, 20) == std::pair{1, 10});
  // t = 0 on a Saturday (week_start_day 6): Saturday's entry occurred at t = 0 itself, Monday's 06:00 two days on.
  s.week_start_day = 6;
  CHECK(in_force(s, 0, 1, 20) == std::pair{1, 4});
  CHECK(in_force(s, 2 * kDay + 6 * kH - 1, 1, 20) == std::pair{1, 4});
  CHECK(in_force(s, 2 * kDay + 6 * kH, 1, 20) == std::pair{1, 10});
  REQUIRE(latest_occurrence(s.entries[1], 6, 0).has_value());
  CHECK(*latest_occurrence(s.entries[1], 6, 0) == -5 * kDay + 6 * kH);
}

TEST_CASE("schedule: of entries occurring at the same time the later in the list wins") {
  ScheduleSpec s;
  s.entries = {entry(Recurrence::Daily, 8 * kH, 5, std::nullopt), entry(Recurrence::Once, 8 * kH, 3, std::nullopt)};
  CHECK(in_force(s, 8 * kH) == std::pair{3, 10});
  CHECK(in_force(s, kDay + 8 * kH) == std::pair{5, 10});  // the next day only the daily entry occurs
  std::swap(s.entries[0], s.entries[1]);
  CHECK(in_force(s, 8 * kH) == std::pair{5, 10});
}

TEST_CASE("schedule: the change times hold every time the bounds change up to two weeks after a one-off time") {
  ScheduleSpec s;
  s.entries = {entry(Recurrence::Once, 3 * kDay, std::nullopt, 2), entry(Recurrence::Weekly, kDay, std::nullopt, 9)};
  const std::vector<double> t = schedule_change_times(s, 0);
  CHECK(t == std::vector<double>{0, kDay, 3 * kDay, 8 * kDay, 15 * kDay});
  CHECK(schedule_change_times(s, 1) == std::vector<double>{0});
}

TEST_CASE("scheduled policy: a tier below the min in force scales out to it and one above the max scales in to it") {
  PolicySpec spec;
  spec.type = PolicyType::Scheduled;
  spec.schedule.entries = {entry(Recurrence::Daily, 8 * kH, 6, 10), entry(Recurrence::Daily, 20 * kH, 1, 3)};
  auto p = make_policy(spec);
  std::vector<TierObservation> o{obs(2, 0.1, 1)};  // 2 serving, 1 pending
  p->bound(8 * kH, o);
  CHECK(o[0].min == 6);
  CHECK(o[0].max == 10);
  auto d = p->decide(8 * kH, o);
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == 3);  // 2 serving + 1 pending -> 6
  CHECK(d[0].reason.find("schedule: min 6") != std::string::npos);
  CHECK(p->wants_more(0));
  // Reached: nothing more.
  o = {obs(6)};
  p->bound(9 * kH, o);
  CHECK(p->decide(9 * kH, o).empty());
  CHECK(!p->wants_more(0));
  // 20:00: max 3 with 6 serving: scale in by 3.
  o = {obs(6)};
  p->bound(20 * kH, o);
  CHECK(o[0].max == 3);
  d = p->decide(20 * kH, o);
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == -3);
  CHECK(d[0].reason.find("schedule: max 3") != std::string::npos);
  const auto& in = d[0].inputs;
  CHECK(std::find(in.begin(), in.end(), std::pair<std::string, double>{"schedule_max", 3}) != in.end());
}

TEST_CASE("scheduled policy: a threshold policy's scale-out stops at the max in force and scale-in at the min") {
  PolicySpec spec;
  spec.type = PolicyType::Threshold;
  spec.window_s = 0;
  spec.cooldown_s = 0;
  spec.step = 3;
  spec.schedule.entries = {entry(Recurrence::Once, 0, std::nullopt, 4), entry(Recurrence::Once, kH, 3, 10)};
  auto p = make_policy(spec);
  // Hot at 3 CPUs with max 4 in force: +3 cut to +1.
  std::vector<TierObservation> o{obs(3, 0.9)};
  p->bound(0, o);
  auto d = p->decide(0, o);
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == 1);
  CHECK(d[0].wanted == 3);
  // At the max: the threshold policy reports its cut step, no schedule action.
  o = {obs(4, 0.9)};
  p->bound(30, o);
  d = p->decide(30, o);
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == 0);
  // Cold at 5 CPUs with min 3: -3 cut to -2 by the min in force.
  o = {obs(5, 0.1)};
  p->bound(kH, o);
  d = p->decide(kH, o);
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == -2);
  // Without the bound() call decide() bounds its observations itself (same result).
  auto q = make_policy(spec);
  d = q->decide(kH, {obs(5, 0.1)});
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == -2);
}

TEST_CASE("scheduled policy: a load policy's scale-in that would leave the tier under a raised min is replaced") {
  PolicySpec spec;
  spec.type = PolicyType::Threshold;
  spec.window_s = 0;
  spec.cooldown_s = 0;
  spec.schedule.entries = {entry(Recurrence::Once, 60, 8, std::nullopt)};
  auto p = make_policy(spec);
  // Cold at 4 CPUs when min rises to 8: the threshold policy cannot scale in (4 <= min); the schedule adds 4.
  const auto d = p->decide(60, {obs(4, 0.1)});
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == 4);
  CHECK(d[0].reason.find("schedule: min 8") != std::string::npos);
}

namespace {

// An inner policy that wants a fixed change of tier 0 at every decision.
class Wants : public ScalingPolicy {
 public:
  explicit Wants(int delta) : delta_(delta) {}
  std::vector<ScalingDecision> decide(double, const std::vector<TierObservation>&) override {
    return {{0, delta_, delta_, "inner", {}}};
  }
  bool wants_more(int) const override { return delta_ > 0; }

 private:
  int delta_;
};

std::vector<ScalingDecision> decide_with(int inner_delta, int serving, double t) {
  ScheduleSpec s;
  s.entries = {entry(Recurrence::Once, 0, 5, 8)};
  ScheduledPolicy p(s, std::make_unique<Wants>(inner_delta));
  return p.decide(t, {obs(serving)});
}

}  // namespace

TEST_CASE("scheduled policy: the load policy's decisions pass when they reach the bounds or the tier is within them") {
  // Within 5..8: passed unchanged, even beyond the max (the farm manager cuts it and counts the cut).
  auto d = decide_with(+5, 6, 10);
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == 5);
  CHECK(d[0].reason == "inner");
  // Below the min: a load policy's scale-out reaching the min (or more) is kept ...
  d = decide_with(+4, 2, 10);
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == 4);
  CHECK(d[0].reason == "inner");
  // ... a smaller one is replaced by the schedule's, which says what the load policy wanted.
  d = decide_with(+1, 2, 10);
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == 3);
  CHECK(d[0].reason == "schedule: min 5 in force: +3 (serving 2, pending 0, load policy +1)");
  const auto& in = d[0].inputs;
  CHECK(std::find(in.begin(), in.end(), std::pair<std::string, double>{"policy_delta", 1}) != in.end());
  // Above the max: a scale-in to 9 is replaced by one to 8.
  d = decide_with(-1, 10, 10);
  REQUIRE(d.size() == 1);
  CHECK(d[0].delta == -2);
}
