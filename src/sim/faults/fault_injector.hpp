// The fault injector: one actor (on the never-failing fabric host) that sleeps until each transition of
// the run's fault schedule (src/faults/schedule.hpp) and applies it, logging it as a "fault" event.
// Data-plane kinds go to fault_dataplane.hpp; the control-plane kinds act here:
//  - control_host fail: the host goes off and every manager process on it dies (their VSFs keep
//    serving, unmanaged); heal: the host is up again (if the master had not powered it off) and its
//    init starts the slaves the registry still lists there (manager_restart_s later); their farm
//    managers are restarted by them. Slaves the master reassigned meanwhile are gone for good.
//  - manager crash (master: the process that is master at that moment; slave<k>; a VSF's farm
//    manager): the process dies and cannot be restarted until the fault heals (a crash that a restart
//    would repeat); at the heal, a slave's init starts it again (if still registered); a farm manager
//    is restarted by its slave. stall: the process stops (suspended: no replies, no heartbeats, no
//    decisions) until the fault heals or its supervisor kills and restarts it.
//  - cp_partition: control messages (and registry access) between the two sides are lost until heal.
//  - registry: every registry read and write fails until heal.
#pragma once

#include <vector>

#include "faults/schedule.hpp"
#include "sim/managers/control_plane_runtime.hpp"

namespace vsf::sim {

void start_fault_injector(ControlPlane& cp, std::vector<faults::FaultEvent> schedule);

}  // namespace vsf::sim
