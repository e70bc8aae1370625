// Rolling boot-image updates, the farm manager's half: a scenario's image_updates publish a new version
// of a role's boot image; each farm manager rolls its VSF's CPUs of that role (a tier of that role, or
// the VSF's LB) through reboots onto it, a few at a time (src/control/rollout_plan.hpp: at most
// max(1, floor(max_unavailable * N)) unavailable, N = serving at the start), and reports the capacity
// dip and the duration.
//
// Timing: the farm manager calls rollout_tick every control tick while it and its slave are up, so a
// rollout notices its publication, starts reboots and sees them finish only at ticks, and pauses while
// its VSF is unmanaged. A wave therefore lasts one reboot rounded up to whole ticks. The rollout
// completes at the first tick where every CPU that stays in the tier runs the new version; its duration
// is measured from the publication (what an operator waits for), not from the first tick.
// Capacity: min_capacity_fraction = lowest (serving CPUs of the tier) / (serving when the rollout began),
// sampled at each tick right after the tick's reboots start (a CPU counts as down from the moment its
// reboot is decided). Reboots are the only rollout action and they only lower capacity when they start,
// so sampling then catches every dip the rollout itself makes; a fault or a scale-in between ticks is
// seen at the next tick only.
// A VSF created after a publication boots its CPUs on the published version (the farm manager sets
// cpu.image = current_image(...) at allocation): a tier with nothing to roll reports no rollout.
// A newer version of the same role published during a rollout supersedes it: the older one is reported
// unfinished (completed_s -1) and the newer one continues from where the CPUs are.
// Crash semantics: the caller keeps each VSF's RolloutState outside the farm-manager actor (beside the
// VSF's runtime state; a real farm manager would keep it in the registry), so a restarted or reassigned
// farm manager resumes the rollout where it was; reboots already started run to their end in their own
// lifecycle actors. Ticks must come even with scaling policy "none" while an update is being rolled.
#pragma once

#include <string>
#include <vector>

#include "sim/engine/world.hpp"

namespace vsf::sim {

// One (image update, tier) rollout of a VSF.
struct TierRollout {
  size_t update = 0;         // index in Scenario::image_updates
  int tier = kLbTier;        // tier index, or kLbTier for the VSF's load balancer
  double started_s = 0;      // the tick that noticed the publication
  int serving_at_start = 0;  // N of the budget, and the denominator of the capacity fraction
  int budget = 1;            // CPUs that may be unavailable at once
  double min_capacity_fraction = 1;
  int rebooted = 0;  // reboots finished onto the version
  struct InFlight {
    grid::CpuId cpu = 0;
    bool left_serving = false;  // seen not serving since its reboot was started
  };
  std::vector<InFlight> rebooting;
  bool done = false;  // completed, superseded or reported unfinished: nothing more to do
};

// A VSF's rollouts: every update published so far that concerns one of its tiers' roles.
struct RolloutState {
  size_t next_update = 0;             // first update of Scenario::image_updates not looked at yet
  std::vector<TierRollout> rollouts;  // in the order they began
};

// One control tick at time t (the farm manager's): notices updates published by t, starts reboots
// within each rollout's budget, tracks the capacity fraction, and reports rollouts that complete
// (Recorder::rollout once each, events rollout_start / rollout_step / rollout_done).
void rollout_tick(World& w, VsfRuntime& v, RolloutState& st, double t);

// At the end of the run: reports the VSF's rollouts that did not complete (completed_s = -1, event
// rollout_unfinished), including updates published after its last tick.
void rollout_finish(World& w, VsfRuntime& v, RolloutState& st, double t_end);

// The boot-image version of `role` published last at or before t ("" before any): what a CPU allocated
// at t boots.
std::string current_image(const World& w, const std::string& role, double t);

}  // namespace vsf::sim
