// Control-plane faults applied to the managers (see cp_faults.hpp).
#include "sim/managers/cp_faults.hpp"

#include <simgrid/s4u.hpp>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_faults, vsf_control, "control-plane faults: hosts, managers, partitions");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

using faults::FaultEvent;
using faults::FaultKind;
using faults::ManagerMode;
using faults::ManagerRole;
using faults::Transition;

bool ControlPlaneFaults::handles(FaultKind kind) {
  return kind == FaultKind::ControlHost || kind == FaultKind::Manager || kind == FaultKind::CpPartition ||
         kind == FaultKind::Registry;
}

void ControlPlaneFaults::apply(const FaultEvent& e) {
  const bool fail = e.transition == Transition::Fail;
  XBT_VERB("%s %s", faults::kind_name(e.kind), fail ? "fails" : "heals");
  switch (e.kind) {
    case FaultKind::ControlHost:
      host(e.target, fail);
      break;
    case FaultKind::Manager:
      if (fail)
        manager_fail(e);
      else
        manager_heal(e);
      break;
    case FaultKind::CpPartition:
      if (fail)
        cp_.partitions[e.target] = e.sides;
      else
        cp_.partitions.erase(e.target);
      break;
    case FaultKind::Registry:
      cp_.registry_fault = fail;
      break;
    default:
      break;
  }
}

void ControlPlaneFaults::host(int h, bool fail) {
  if (h < 0 || h >= static_cast<int>(cp_.host_crashed.size())) return;
  const size_t i = static_cast<size_t>(h);
  if (fail) {
    if (cp_.host_crashed[i]) return;
    auto down = [&](Process& p) {
      if (p.host != h || !p.alive) return;
      if (p.failed_at < 0) p.failed_at = now();
      cp_.process_died(p, "host crashed");
    };
    for (Process& p : cp_.slaves) down(p);
    for (Process& p : cp_.fms) down(p);
    cp_.host_crashed[i] = true;
    if (cp_.host_powered[i]) cp_.host(h)->turn_off();
  } else {
    if (!cp_.host_crashed[i]) return;
    cp_.host_crashed[i] = false;
    if (cp_.host_powered[i]) {
      cp_.host(h)->turn_on();
      for (Process& p : cp_.slaves)
        if (p.host == h) supervisor_restart(p);
    }
  }
  cp_.hosts_changed();
}

Process* ControlPlaneFaults::target(const FaultEvent& e) {
  switch (e.manager) {
    case ManagerRole::Master: {
      const auto m = cp_.registry.master();
      if (!m || !cp_.masters.acting(*m)) return nullptr;
      return &cp_.slave(*m);
    }
    case ManagerRole::Slave:
      return e.target < static_cast<int>(cp_.slaves.size()) ? &cp_.slave(e.target) : nullptr;
    case ManagerRole::FarmManager:
      if (e.target < 0 || e.target >= static_cast<int>(cp_.fm_of_vsf.size())) return nullptr;
      return &cp_.fm(cp_.fm_of_vsf[static_cast<size_t>(e.target)]);
  }
  return nullptr;
}

void ControlPlaneFaults::manager_fail(const FaultEvent& e) {
  Process* p = target(e);
  if (p == nullptr) {
    cp_.event("fault_no_target", {{"target", e.target_name}, {"reason", "no such process now"}});
    return;
  }
  held_[std::make_tuple(static_cast<int>(e.manager), static_cast<int>(e.mode), e.target)] = p;
  if (p->failed_at < 0 && p->alive) p->failed_at = now();
  if (e.mode == ManagerMode::Crash) {
    p->crash_held = true;
    cp_.kill(*p, "crash fault");
  } else if (p->alive && !p->stalled && p->actor) {
    cp_.stall(*p);
  }
}

void ControlPlaneFaults::manager_heal(const FaultEvent& e) {
  auto it = held_.find(std::make_tuple(static_cast<int>(e.manager), static_cast<int>(e.mode), e.target));
  if (it == held_.end()) return;
  Process* p = it->second;
  held_.erase(it);
  if (e.mode == ManagerMode::Crash) {
    p->crash_held = false;
    if (p->kind == ProcKind::Slave) supervisor_restart(*p);
  } else if (p->stalled && p->actor) {  // not restarted meanwhile (a restart clears `stalled`)
    cp_.resume(*p);
  }
}

// The host's process supervisor (init) starts a registered slave that is not running once its host is
// up again or its crash is repaired, manager_restart_s later. Without it, a majority of slaves down at
// once would leave no master to restart them (no quorum): the control plane could not recover by itself.
void ControlPlaneFaults::supervisor_restart(Process& p) {
  if (p.alive || !cp_.registry.registered(p.id)) return;
  ControlPlane* cp = &cp_;
  const int id = p.id;
  sg4::Actor::create("init:" + p.name, cp_.host(p.host), [cp, id] {
    sg4::this_actor::sleep_for(cp->spec.manager_restart_s);
    Process& q = cp->slave(id);
    if (q.alive || q.crash_held || !cp->registry.registered(id)) return;
    cp->event("restart", {{"manager", q.name}, {"by", "init"}, {"reason", "host up or crash repaired"}});
    cp->spawn_slave(id, true);
  });
}

}  // namespace vsf::sim
