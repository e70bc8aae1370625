// The master's placement and arbitration rules (patent Fig. 12 states 1208-1210 and "Control Plane
// Architecture"): where a failed slave's farm managers go, whether to reuse an existing slave or start
// a new one, and how to share an idle pool that holds fewer CPUs than the scale-outs ask for.
// src/control/ is plain logic (no SimGrid); the master that applies these rules is in src/sim/managers/.
#pragma once

#include <string>
#include <vector>

#include "control/registry.hpp"
#include "model/control_plane_spec.hpp"

namespace vsf::control {

// The least loaded slave (VSFs per the registry; ties: lowest id) among `candidates` that can take
// `extra` more VSFs without exceeding `max_vsfs`; -1 when none can.
int least_loaded(const Registry& r, const std::vector<int>& candidates, int extra, int max_vsfs);

// Reassignment policy: Existing, New, or Auto, which compares the expected latency of each (patent:
// "depends, at least in part, on latencies associated with allocating new slave segment managers and
// latencies associated with reassigning VSFs to an existing slave"); ties go to the existing slave.
// An existing slave is chosen only if one has room (`existing_available`).
enum class Placement { Existing, NewSlave };
Placement choose_placement(Reassign policy, bool existing_available, double expected_existing_s, double expected_new_s);

// Shares `available` idle CPUs between requests of `asks` CPUs each (in arrival order): everyone gets
// everything when it fits; otherwise each gets floor(available * ask / total) and the leftover CPUs go
// one by one to the largest fractional remainders (ties: earlier request), never above its ask.
std::vector<int> share_pool(const std::vector<int>& asks, int available);

}  // namespace vsf::control
