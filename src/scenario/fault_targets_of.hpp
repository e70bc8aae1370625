// The names a scenario's grid gives the components that can fail, as the fault model's target lists:
// the one place where the loader (checking a `faults` section) and the simulation (applying its
// schedule) agree on what "cpu-12", "cp0", "vsw0", "array0/port1" or "slave0" mean.
#pragma once

#include "faults/fault_targets.hpp"
#include "model/scenario.hpp"

namespace vsf {

// CPUs in grid order (a group's explicit names, else "cpu-<global id>", as GridModel names them);
// control-plane hosts "cp<i>", switches "vsw<i>"/"ssw<i>", storage arrays by name with their SAN port
// counts, VSFs by name. Slave segment manager slots "slave0" ... : control_plane.slaves of them (the
// slaves at the start of the run; 0 means one per control-plane host). Slaves the master creates during
// the run have no slot, so a fault can only name one that exists from the start.
faults::FaultTargets fault_targets_of(const Scenario& scenario);

}  // namespace vsf
