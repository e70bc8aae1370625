// What the control-plane faults of the scenario's `faults` section do to the managers (the fault
// injector, src/sim/faults/fault_injector.hpp, hands each control-plane transition here):
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
// src/sim/managers/ holds the control plane's actors (SimGrid); their plain rules are in src/control/.
#pragma once

#include <map>
#include <tuple>

#include "faults/schedule.hpp"
#include "sim/managers/control_plane_runtime.hpp"

namespace vsf::sim {

class ControlPlaneFaults {
 public:
  explicit ControlPlaneFaults(ControlPlane& cp) : cp_(cp) {}
  // True when `kind` is a control-plane fault (applied here).
  static bool handles(faults::FaultKind kind);
  void apply(const faults::FaultEvent& e);

 private:
  void host(int h, bool fail);
  Process* target(const faults::FaultEvent& e);
  void manager_fail(const faults::FaultEvent& e);
  void manager_heal(const faults::FaultEvent& e);
  void supervisor_restart(Process& p);

  ControlPlane& cp_;
  // The process each manager fault in force holds, by (role, mode, target): its heal finds it there
  // even if the role has moved on (a master fault heals the slave that was master).
  std::map<std::tuple<int, int, int>, Process*> held_;
};

}  // namespace vsf::sim
