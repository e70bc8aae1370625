// Allocation without the master's arbitration, shared by the farm managers and the operator's admin
// actions: a VSF's creation with its initial CPUs (its definition asks for them), a tier's CPU counts,
// and direct scale-outs and scale-ins (admin actions are the operator's direct commands). Scale-outs a
// policy decides do not come here: they go through the master (segment_arbitration.cpp).
// src/sim/managers/ holds the control plane's actors (SimGrid); their plain rules are in src/control/.
#pragma once

#include <string>
#include <vector>

#include "sim/engine/world.hpp"

namespace vsf::sim {

// A tier's CPUs by where they are in their lifecycle (CPUs lost to faults are not counted).
// The tier's counts (TierRuntime::counts; a walk over its members once a CPU was listed in two tiers).
TierCounts count_tier(const TierRuntime& t);
// The same by a walk over the members, always: the reference count_tier is checked against.
TierCounts walk_tier(const TierRuntime& t);
// The tier's most recently allocated member (lost or not, any state), nullptr when it has none: the last
// of `members`, which allocation appends in join_seq order and a leave erases from without reordering (a
// walk once the tier's walk_counts is set: a CPU listed twice or taken again while listed, after which the
// list no longer follows join_seq). A farm manager asks its hardware per tier at every tick (newest_hw), and
// the walk cost a cache miss per CPU at 100,000 CPUs.
const CpuRuntime* newest_member(const TierRuntime& t);
// The same by a walk over the members (the highest join_seq, the first of equals), always: its reference.
const CpuRuntime* walk_newest(const TierRuntime& t);
// The hardware of newest_member (nullptr without one), read from the tier (TierRuntime::newest_hw) unless
// the tier walks.
const HardwareProfile* newest_hw(const TierRuntime& t);
// The ids of the `n` most recently allocated serving CPUs of the tier that are not lost (fewer if it has fewer):
// what a scale-in (a policy's or a customer's call) releases.
std::vector<int> newest_serving(const TierRuntime& t, int n);

// Records one refused scale-out attempt for tier `tier` (kLbTier: the LB) of VSF `v`: `refused` of the
// `requested` CPUs were not given. Its `denial` event carries the attempt's number within the tier's
// unmet need (Recorder::denial); a retried need counts once.
void deny(World& w, int v, int tier, int requested, int refused, const std::string& why);

// Takes up to `n` idle CPUs (lowest id first) for tier k and starts their joins; denies the rest (one
// refused attempt), or ends the tier's unmet need when it got all `n`. Returns how many it got.
int scale_out(World& w, int v, int k, int n, const std::string& reason);

// Releases up to `n` serving CPUs of tier k, the most recently allocated first. Returns how many.
int scale_in(World& w, int v, int k, int n, const std::string& reason);

// Allocates VSF `v`'s initial CPUs by the initial-allocation rule (grid/initial_plan.hpp) against the
// pool as it is now, recording each allocation in the rule's order, then one denial per tier (LB first)
// that did not get all its initial CPUs, and ends v's reservations.
// Returns the CPUs taken; their joins are the caller's.
std::vector<CpuRuntime*> take_initial(World& w, VsfRuntime& v);

// Creates VSF `v` at its start: the LB and each tier's initial CPUs (pinned ones by name, the rest
// lowest idle id first); warm ones serve at once, cold ones all start their joins (a boot storm).
void create_vsf(World& w, VsfRuntime& v);

}  // namespace vsf::sim
