// The data-plane side of fault injection: what a failed CPU, VLAN or SAN switch or port, or storage array
// does to the grid's CPUs and VSFs, and the services the farm managers need to recover (lost CPUs,
// availability; the eviction itself is a lifecycle: start_evict in sim/lifecycle/cpu_lifecycle.hpp).
// The fault injector (the control plane's) calls apply_dataplane_fault at each transition of kinds cpu,
// vlan_switch, vlan_port, san_switch, san_port and storage; it returns at once (no simulated time
// passes).
//
// What a fault does:
//  - cpu fail: the CPU is crashed, its host off (its requests fail: dropped_by_fault), its NIC and HBA
//    links off (a boot read to it fails). A CPU of a VSF is lost: its server fails (sim/dataplane/
//    dispatch.hpp), the tier loses it, its farm manager evicts it (start_evict) and replaces it. heal: no
//    longer crashed; a CPU still in a VSF stays lost until evicted; one in the idle pool stays off and is
//    allocatable again.
//  - cuts (a CPU's `cut`: how many failed components lie between it and what it needs). LAN: its two
//    VLAN ports, and every VLAN switch on the chain from its own switch to the uplink's switch, both
//    included (so the uplink's switch cuts every CPU). SAN: its HBA port, and every SAN switch on the
//    path from its own switch to the switch of its VSF's current array (idle CPUs: their own switch;
//    SAN switches are a full mesh, so the path is those two at most).
//    The LAN rule is about the path to the clients: CPUs beyond a failed switch that could still talk
//    to each other are cut too, since none of their requests can reach them. (The chain and the mesh
//    are the grid model's; GridModel::switch_path follows its trunks.) A CPU of a VSF that becomes cut is lost. The
//    SimGrid links of a failed component are off (switch: every port link and trunk at it; port: its link), so requests
//    and boots in flight through it fail by themselves. Events "cpu_cut" {by: [names]} when a CPU's cut goes from 0 up,
//    "cpu_restored" when back to 0; "cpu_lost" {reason} when a VSF loses it.
//  - "uplink" (port) or the uplink's switch: every arrival is dropped_by_fault, every VSF unavailable.
//    The CPUs are not cut by the port itself (they can still reach their storage and each other). With
//    sites, "uplink:<site>" or its switch: the same for the VSFs homed at that site only (World::uplink_down
//    by site); a CPU lent to one of them is reached through that uplink too.
//  - array ports "<array>/port<k>": each down port takes its share of the array's SAN bandwidth (the
//    array's link is `ports up x port bandwidth`); with every port down the array is unreachable, as if
//    failed. Control-plane HBA ports ("<host>/hba") are ignored here (the control plane models them).
//  - storage fail, or an array unreachable (every port down, or its SAN switch down): every VSF whose
//    volume is there fails over to the next healthy array in index order (boot images and data are
//    replicated by the control plane, patent "The control plane also replicates data"): event
//    "storage_failover" {vsf, from, to, reason}; boots in progress from the failed array are cancelled
//    and read again from the replica; SAN I/O in flight fails. No healthy array: "storage_unavailable",
//    the VSF's boots and SAN I/O fail until one heals ("storage_restored"). Heal: VSFs stay on the
//    replica (no failback): the replica is in sync and serving; moving back would be a second
//    switch-over with its own window of risk and no gain, which is also what HA storage usually does.
//
// Idle pool: World::idle_count counts allocatable idle CPUs only (usable(): neither crashed nor cut);
// recorder.idle_pool reports that number. A crashed or cut idle CPU leaves the count and comes back
// when it heals.
//
// Availability (recorder.vsf_available): a VSF can serve when its site's uplink is up, its LB (if any) and
// every tier have an accepting server on a usable, not lost CPU, and, if a tier does SAN I/O per
// request, its storage is up. Reported at each change. A VSF that cannot serve because of a fault is in
// a "fault outage" until it can serve again (through its eviction and replacement too): its requests
// dropped for want of a server meanwhile count as dropped_by_fault. Availability changes are logged as
// events ("vsf_availability") only in and out of a fault outage, so fault-free event logs are unchanged.
#pragma once

#include <string>
#include <vector>

#include "faults/schedule.hpp"
#include "sim/engine/world.hpp"

namespace vsf::sim {

// Applies one transition of kind cpu, vlan_switch, vlan_port, san_switch, san_port or storage (others
// are ignored). A transition that changes nothing (a fail of what is already down) is a no-op.
void apply_dataplane_fault(World& w, const faults::FaultEvent& e);

// The CPUs of VSF v it has lost (crash or cut) and that no release or eviction has taken yet.
std::vector<CpuRuntime*> lost_cpus(World& w, VsfRuntime& v);

// Reports VSF v's availability to the recorder if it changed (see above); also makes sure v's volume is
// on a healthy array (failover). Call at VSF creation; the lifecycle and faults call it themselves.
void update_availability(World& w, VsfRuntime& v);

// The VSF's current array is unhealthy: fail over to a healthy one, or mark its storage down.
void check_storage(World& w, VsfRuntime& v);

// The array is neither failed nor unreachable (a port up, its SAN switch up).
bool array_healthy(const World& w, int array);

// Recomputes cpu.cut (after it changed hands: its SAN path depends on its VSF's array); logs and loses
// it as a fault would. Does not touch idle_count (callers account for the idle pool).
void refresh_cut(World& w, CpuRuntime& cpu);

// A VSF lost `cpu` (crash, cut, failed boot): lost, its server failed, its boot read cancelled.
void mark_lost(World& w, CpuRuntime& cpu, const std::string& reason);

}  // namespace vsf::sim
