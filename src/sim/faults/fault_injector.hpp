// The fault injector: one actor (on the never-failing fabric host) that sleeps until each transition of
// the run's fault schedule (src/faults/schedule.hpp) and applies it, logging it as a "fault" event and
// counting fail transitions by kind. Control-plane kinds (control_host, manager, cp_partition,
// registry) act on the managers: their semantics are in src/sim/managers/cp_faults.hpp. Data-plane
// kinds (CPUs, switches, ports, storage) go to fault_dataplane.hpp.
#pragma once

#include <vector>

#include "faults/schedule.hpp"
#include "sim/managers/control_plane_runtime.hpp"

namespace vsf::sim {

// Control-plane transitions go to the segment that owns their target (cp_fault_routing.hpp), through
// World::control_planes, which must be filled first.
void start_fault_injector(World& w, std::vector<faults::FaultEvent> schedule);

}  // namespace vsf::sim
