// A CPU's moves between the idle pool and a VSF, step by step as the patent describes them (¶ "At each
// one of these stages…" and the Figs. 5-8 example); each step's duration comes from the models and
// each step is an event in events.jsonl.
//
// Join (cold): [power off if on: shutdown, off] -> VLAN ports moved into the VSF's VLAN (VLAN switch
// reconfiguration) -> SAN port zoned into the VSF's zone (zoning commit) -> pointed at its role's boot
// image -> power on -> POST -> boot image read over the SAN from the array holding the VSF's volume
// (CPUs booting at once share the array's port and disk: a boot storm is slower) -> OS init -> the LB
// reconfigured to include it (servers only) -> serving.
// Release: stop dispatching and drain (its requests finish) -> LB reconfigured -> OS shutdown, power
// off -> VLAN ports back to the idle VLAN -> SAN port back to the idle zone -> owner idle: in the idle
// pool again (powered down, as the patent's idle CPUs are).
// The control plane decides the owner first (allocate) and only then reconfigures; on release it
// reconfigures first and only then gives the CPU back: this is the order the isolation check expects,
// and it runs after every reconfiguration.
// Crash semantics: lifecycle actors run on the VSF's control-plane host, not on the CPU they move, so
// powering the CPU off never kills them; a CPU is turned off only once drained, so no request is lost.
#pragma once

#include <string>

#include "sim/world.hpp"

namespace vsf::sim {

// The control plane's decision: `cpu` (idle) now belongs to VSF v, tier `tier` (kLbTier for the LB).
void allocate(World& w, CpuRuntime& cpu, int v, int tier, const std::string& reason);

// Starts the join lifecycle of an allocated CPU in an actor on the VSF's control host. `decided_at` is
// when the scale-out was decided (for time_to_serve).
void start_join(World& w, CpuRuntime& cpu, double decided_at);

// A warm start: the allocated CPU is configured and serving now, with no simulated delay. The caller
// runs the isolation check once its warm CPUs are all in place.
void warm_join(World& w, CpuRuntime& cpu);

// Starts the release lifecycle of a serving CPU in an actor.
void start_release(World& w, CpuRuntime& cpu, const std::string& reason);

// The same steps, run in the calling actor (tests use them to time a lifecycle directly).
void join_steps(World& w, CpuRuntime& cpu, double decided_at);
void release_steps(World& w, CpuRuntime& cpu);

}  // namespace vsf::sim
