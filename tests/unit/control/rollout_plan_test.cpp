// Rolling-update planning: the Kubernetes-style budget (its documented examples), exact picks wave by
// wave, what counts against the budget, and when a tier's rollout is complete.
#include "control/rollout_plan.hpp"

#include <catch2/catch.hpp>

using namespace vsf::control;

namespace {

using S = RolloutCpuState;

RolloutCpu cpu(int id, uint64_t order, S state = S::Serving, bool on_target = false) {
  RolloutCpu c;
  c.id = id;
  c.order = order;
  c.state = state;
  c.on_target = on_target;
  return c;
}

// A tier of n serving CPUs on the old version, ids 10.., allocated in id order.
std::vector<RolloutCpu> tier(int n) {
  std::vector<RolloutCpu> v;
  for (int i = 0; i < n; ++i) v.push_back(cpu(10 + i, static_cast<uint64_t>(i + 1)));
  return v;
}

RolloutCpu& by_id(std::vector<RolloutCpu>& v, int id) {
  for (auto& c : v)
    if (c.id == id) return c;
  FAIL("no CPU " << id);
  return v.front();
}

}  // namespace

TEST_CASE("the budget rounds max_unavailable * N down, at least one CPU (Kubernetes maxUnavailable)") {
  // Kubernetes API reference, RollingUpdateDeployment.maxUnavailable: "when this is set to 30%, the old
  // ReplicaSet can be scaled down to 70% of desired pods immediately": 3 of 10.
  CHECK(rollout_budget(0.30, 10) == 3);
  // The default 25%: 1 of 4 (the Deployment docs' 75% available), 2 of 8.
  CHECK(rollout_budget(0.25, 4) == 1);
  CHECK(rollout_budget(0.25, 8) == 2);
  // Rounding down: 25% of 7 is 1.75 -> 1; 25% of 12 is 3.
  CHECK(rollout_budget(0.25, 7) == 1);
  CHECK(rollout_budget(0.25, 12) == 3);
  CHECK(rollout_budget(0.5, 9) == 4);
  // ResolveFenceposts: both fenceposts 0 (no surge here) -> 1, so small tiers and a 0 still progress.
  CHECK(rollout_budget(0.25, 3) == 1);
  CHECK(rollout_budget(0.25, 1) == 1);
  CHECK(rollout_budget(0.0, 10) == 1);
  CHECK(rollout_budget(0.25, 0) == 1);
  // All at once.
  CHECK(rollout_budget(1.0, 8) == 8);
  // Binary floating point: 0.29 * 100 is 28.999999999999996 and 0.57 * 100 is 56.99999999999999; the
  // percentages 29% and 57% of 100 are 29 and 57.
  CHECK(rollout_budget(0.29, 100) == 29);
  CHECK(rollout_budget(0.57, 100) == 57);
}

TEST_CASE("8 serving CPUs at 25%: four waves of two, oldest allocation first") {
  std::vector<RolloutCpu> t = tier(8);
  const int budget = rollout_budget(0.25, 8);
  REQUIRE(budget == 2);

  std::vector<std::vector<int>> waves;
  for (int wave = 0; wave < 4; ++wave) {
    std::vector<int> picks = plan_reboots(t, budget);
    waves.push_back(picks);
    for (int id : picks) by_id(t, id).state = S::Rebooting;
    // A tick in the middle of the wave: the budget is used up, nothing more starts.
    CHECK(plan_reboots(t, budget).empty());
    CHECK(rollout_unavailable(t) == 2);
    CHECK_FALSE(rollout_complete(t));
    for (int id : picks) {  // the wave's reboots finish
      by_id(t, id).state = S::Serving;
      by_id(t, id).on_target = true;
    }
  }
  CHECK(waves == std::vector<std::vector<int>>{{10, 11}, {12, 13}, {14, 15}, {16, 17}});
  CHECK(plan_reboots(t, budget).empty());
  CHECK(rollout_complete(t));
}

TEST_CASE("a reboot finishing frees one slot: the next CPU starts at once") {
  std::vector<RolloutCpu> t = tier(8);
  for (int id : {10, 11}) by_id(t, id).state = S::Rebooting;
  by_id(t, 10).state = S::Serving;
  by_id(t, 10).on_target = true;
  CHECK(plan_reboots(t, 2) == std::vector<int>{12});
}

TEST_CASE("picks follow allocation order, then CPU id, not the order the CPUs are listed in") {
  std::vector<RolloutCpu> t = {cpu(3, 9), cpu(7, 2), cpu(5, 2), cpu(1, 30), cpu(9, 4)};
  CHECK(plan_reboots(t, 3) == std::vector<int>{5, 7, 9});
  CHECK(plan_reboots(t, 10) == std::vector<int>{5, 7, 9, 3, 1});
}

TEST_CASE("CPUs already on the target are done and never picked") {
  std::vector<RolloutCpu> t = tier(4);
  by_id(t, 10).on_target = true;
  by_id(t, 12).on_target = true;
  CHECK(plan_reboots(t, 4) == std::vector<int>{11, 13});
  by_id(t, 11).on_target = true;
  by_id(t, 13).on_target = true;
  CHECK(plan_reboots(t, 4).empty());
  CHECK(rollout_complete(t));
}

TEST_CASE("joining or failed CPUs use the budget, leaving CPUs do not") {
  std::vector<RolloutCpu> t = tier(8);
  by_id(t, 17).state = S::Unavailable;  // e.g. crashed, not yet replaced
  CHECK(rollout_unavailable(t) == 1);
  CHECK(plan_reboots(t, 2) == std::vector<int>{10});
  by_id(t, 16).state = S::Unavailable;
  CHECK(plan_reboots(t, 2).empty());  // two down already: the rollout waits, as a Deployment does

  std::vector<RolloutCpu> u = tier(8);
  by_id(u, 10).state = S::Leaving;  // a scale-in in progress: not wanted any more, not counted
  CHECK(rollout_unavailable(u) == 0);
  CHECK(plan_reboots(u, 2) == std::vector<int>{11, 12});
}

TEST_CASE("a CPU joining on the target version does not keep the rollout open, nor does a leaving old one") {
  std::vector<RolloutCpu> t = tier(2);
  for (auto& c : t) c.on_target = true;
  t.push_back(cpu(20, 50, S::Unavailable, true));  // a scale-out booting the new image
  t.push_back(cpu(21, 51, S::Leaving, false));     // released before it was rolled
  CHECK(rollout_complete(t));
  t.push_back(cpu(22, 52, S::Unavailable, false));  // joining on the old image: still to roll
  CHECK_FALSE(rollout_complete(t));
  t.back().on_target = true;
  t.back().state = S::Rebooting;  // pointed at the target but not serving again yet
  CHECK_FALSE(rollout_complete(t));
}

TEST_CASE("an empty tier is complete and plans nothing") {
  CHECK(plan_reboots({}, 3).empty());
  CHECK(rollout_complete({}));
  CHECK(rollout_unavailable({}) == 0);
}
