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
// Eviction: the release without the drain (the CPU is lost) and without the shutdown if it crashed.
// Reboot (rolling boot-image update): drain -> LB reconfigured out -> shutdown, power off -> pointed at
// the new image version -> power on -> POST -> image read -> OS init -> LB reconfigured in -> serving;
// no VLAN or zone change. Join, release, eviction and reboot share these steps (one function each).
// The control plane decides the owner first (allocate) and only then reconfigures; on release it
// reconfigures first and only then gives the CPU back: this is the order the isolation check expects,
// and it runs after every reconfiguration.
// Where they run: on the fabric host (Platform::fabric), standing for the switches', the storage's and
// the CPUs' own agents, which carry out a reconfiguration once the control plane has commanded it; so a
// control-plane host crash never cuts a lifecycle in half. A CPU is turned off only once drained, so a
// release loses no request.
// Faults: a CPU that crashes or is cut during a join or reboot is lost (sim/faults/); the
// lifecycle notices after its current step (a boot read is cancelled at once) and stops, logging
// "join_aborted"/"reboot_aborted" with the step; the CPU stays in its VSF, lost, until the farm manager
// evicts it. A boot read whose array fails is read again from the replica the VSF failed over to; with
// no healthy array the join (or reboot) fails: "boot_failed", the CPU is lost (reason "boot_failed").
// A lifecycle that finds its CPU has changed hands (CpuRuntime::epoch) stops without touching it.
#pragma once

#include <string>

#include "sim/engine/world.hpp"

namespace vsf::sim {

// Every CPU starts in the idle pool, powered down as the patent's idle CPUs are (at t = 0, before the
// actors start).
void start_in_idle_pool(World& w);

// The control plane's decision: `cpu` (idle) now belongs to VSF v, tier `tier` (kLbTier for the LB).
// The idle pool count drops by one if the CPU was counted there (usable).
void allocate(World& w, CpuRuntime& cpu, int v, int tier, const std::string& reason);

// Starts the join lifecycle of an allocated CPU in an actor on the fabric host. `decided_at` is when
// the scale-out was decided (for time_to_serve).
void start_join(World& w, CpuRuntime& cpu, double decided_at);

// A warm start: the allocated CPU is configured and serving now, with no simulated delay. The caller
// runs the isolation check once its warm CPUs are all in place.
void warm_join(World& w, CpuRuntime& cpu);

// A cpu_demand CPU: start_join's steps, then, once serving, `hold_s` of service, then the release
// lifecycle (reason "demand_end"), all in one actor. The CPU is not released if it has changed hands or
// is leaving meanwhile (evicted, released by a policy); one rebooting at the hold's end (a rolling image
// update) is released once it serves again (checked every second); a join that fails ends the demand.
void start_demand_join(World& w, CpuRuntime& cpu, double decided_at, double hold_s);

// Starts the release lifecycle of a serving CPU in an actor.
void start_release(World& w, CpuRuntime& cpu, const std::string& reason);

// Starts a reboot of a serving CPU onto boot-image `version` of its role (cpu.image), in an actor.
// Events "reboot_start" {version, from} and "reboot_done" {version, duration_s}.
void start_reboot(World& w, CpuRuntime& cpu, const std::string& version);

// Takes `cpu` out of its VSF at once (out of its tier's members or the LB slot; its server, if still
// serving, fails: use start_release for a healthy CPU) and starts an actor that powers it off (unless
// crashed), moves its VLAN ports and SAN port back to the idle VLAN and zone and gives it to the idle
// pool. Event "evict" {cpu, vsf, tier, reason, crashed, cut}. A no-op for an idle or leaving CPU.
void start_evict(World& w, CpuRuntime& cpu, const std::string& reason);

// The same steps, run in the calling actor (tests use them to time a lifecycle directly).
void join_steps(World& w, CpuRuntime& cpu, double decided_at);
void release_steps(World& w, CpuRuntime& cpu);
void reboot_steps(World& w, CpuRuntime& cpu, const std::string& version);

}  // namespace vsf::sim
