// Farm managers (patent "Control Plane Architecture": each runs one or more VSFs, is co-located with its
// slave segment manager and talks only through it). src/sim/managers/ holds the control plane's actors
// (SimGrid); the scaling policies they ask are in src/policy/, the control plane's plain rules in
// src/control/.
//
// A farm manager creates its VSFs at their start_s (direct_allocation.hpp: the LB and each tier's
// initial CPUs, as the VSF's definition asks; warm = serving at once, cold = the full join lifecycle,
// all at once, which is a boot storm). Then, every policy interval of each VSF, it evicts the CPUs its
// VSF lost to faults (through its slave), observes each tier (utilization over the interval, CPUs
// serving/pending/draining, the VSF's p95 and offered rate; lost CPUs do not count), asks its policy,
// and sends the decisions through its slave: scale-outs (with replacements of lost CPUs) go to the
// master, which arbitrates the idle pool and grants CPUs back through the slave; scale-ins release the
// most recently allocated serving CPU once the slave has checked in the registry that the VSF is still
// its own. Every decision is an event with its inputs. A VSF with a cpu_demand also asks for one CPU at
// each arrival of its Poisson process (reason "demand"); the CPUs granted to it are held, then released,
// by their join's actor (cpu_lifecycle.hpp start_demand_join), not by the farm manager. It beats a heartbeat every
// ping_interval that its slave watches (a stalled farm manager stops beating), and advances its VSFs' boot-image
// rollouts. Crash semantics: a farm manager keeps nothing across a crash; its VSFs keep serving, unmanaged (no scaling,
// no replacement) until its slave restarts it (or, if the slave failed too, until the master reassigns it). A new
// incarnation starts with fresh policy state (cooldowns and windows restart; its shadow policies' too, shadow.hpp) and
// re-issues joins for CPUs the master granted but whose grant never reached it (a demand CPU keeps its hold:
// ControlPlane::demand_pending); no demand arrives while no incarnation runs (customer API calls wait for the next
// incarnation: customer_api.hpp); rollouts resume from
// ControlPlane::rollouts, which outlives it as the registry does.
#pragma once

#include "sim/managers/control_plane_runtime.hpp"

namespace vsf::sim {

// The actor of farm manager `id` (one incarnation; SimGrid copies this small launcher, the incarnation's
// state lives in farm_manager.cpp).
class FarmManager {
 public:
  FarmManager(ControlPlane& cp, int id) : cp_(&cp), id_(id) {}
  void operator()() const;

 private:
  ControlPlane* cp_;
  int id_;
};

}  // namespace vsf::sim
