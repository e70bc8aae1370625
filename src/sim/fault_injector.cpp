// Applies the fault schedule (see fault_injector.hpp).
#include "sim/fault_injector.hpp"

#include <map>
#include <memory>
#include <simgrid/s4u.hpp>

#include "sim/faults/fault_dataplane.hpp"

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

using faults::FaultEvent;
using faults::FaultKind;
using faults::ManagerMode;
using faults::ManagerRole;
using faults::Transition;

class Injector {
 public:
  Injector(ControlPlane& cp, std::vector<FaultEvent> schedule) : cp_(cp), schedule_(std::move(schedule)) {}

  void operator()() {
    for (const FaultEvent& e : schedule_) {
      if (e.t_s >= cp_.w.end_s) return;
      sg4::this_actor::sleep_until(e.t_s);
      apply(e);
    }
  }

 private:
  void apply(const FaultEvent& e) {
    nlohmann::json fields = faults::to_json(e);
    fields.erase("t");
    cp_.w.recorder.event(now(), "fault", std::move(fields));
    const bool fail = e.transition == Transition::fail;
    if (fail) cp_.w.recorder.fault(faults::kind_name(e.kind));
    switch (e.kind) {
      case FaultKind::control_host:
        host(e.target, fail);
        break;
      case FaultKind::manager:
        manager(e, fail);
        break;
      case FaultKind::cp_partition:
        if (fail)
          cp_.partitions[e.target] = e.sides;
        else
          cp_.partitions.erase(e.target);
        break;
      case FaultKind::registry:
        cp_.registry_fault = fail;
        break;
      default:
        apply_dataplane_fault(cp_.w, e);
        break;
    }
    cp_.refresh_managed();
  }

  void host(int h, bool fail) {
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

  Process* target(const FaultEvent& e) {
    switch (e.manager) {
      case ManagerRole::master: {
        const auto m = cp_.registry.master();
        if (!m || !cp_.masters.count(*m)) return nullptr;
        return &cp_.slaves[static_cast<size_t>(*m)];
      }
      case ManagerRole::slave:
        return e.target < static_cast<int>(cp_.slaves.size()) ? &cp_.slaves[static_cast<size_t>(e.target)] : nullptr;
      case ManagerRole::farm_manager:
        if (e.target < 0 || e.target >= static_cast<int>(cp_.fm_of_vsf.size())) return nullptr;
        return &cp_.fms[static_cast<size_t>(cp_.fm_of_vsf[static_cast<size_t>(e.target)])];
    }
    return nullptr;
  }

  void manager(const FaultEvent& e, bool fail) {
    const auto key = std::make_tuple(static_cast<int>(e.manager), static_cast<int>(e.mode), e.target);
    if (fail) {
      Process* p = target(e);
      if (p == nullptr) {
        cp_.w.recorder.event(now(), "fault_no_target", {{"target", e.target_name}, {"reason", "no such process now"}});
        return;
      }
      held_[key] = p;
      if (p->failed_at < 0 && p->alive) p->failed_at = now();
      if (e.mode == ManagerMode::crash) {
        p->crash_held = true;
        cp_.kill(*p, "crash fault");
      } else if (p->alive && !p->stalled && p->actor) {
        p->stalled = true;
        p->actor->suspend();
      }
      return;
    }
    auto it = held_.find(key);
    if (it == held_.end()) return;
    Process* p = it->second;
    held_.erase(it);
    if (e.mode == ManagerMode::crash) {
      p->crash_held = false;
      if (p->kind == ProcKind::slave) supervisor_restart(*p);
    } else if (p->stalled && p->actor) {  // not restarted meanwhile (a restart clears `stalled`)
      p->stalled = false;
      p->actor->resume();
    }
  }

  // The host's process supervisor (init) starts a registered slave that is not running once its host
  // is up again or its crash is repaired, manager_restart_s later. Without it, a majority of slaves
  // down at once would leave no master to restart them (no quorum): the control plane could not
  // recover by itself.
  void supervisor_restart(Process& p) {
    if (p.alive || !cp_.registry.registered(p.id)) return;
    ControlPlane* cp = &cp_;
    const int id = p.id;
    sg4::Actor::create("init:" + p.name, cp_.host(p.host), [cp, id] {
      sg4::this_actor::sleep_for(cp->spec.manager_restart_s);
      Process& q = cp->slaves[static_cast<size_t>(id)];
      if (q.alive || q.crash_held || !cp->registry.registered(id)) return;
      cp->w.recorder.event(now(), "restart", {{"manager", q.name}, {"by", "init"}, {"reason", "host up or crash repaired"}});
      cp->spawn_slave(id, true);
    });
  }

  ControlPlane& cp_;
  std::vector<FaultEvent> schedule_;
  std::map<std::tuple<int, int, int>, Process*> held_;
};

}  // namespace

void start_fault_injector(ControlPlane& cp, std::vector<faults::FaultEvent> schedule) {
  if (schedule.empty()) return;
  auto injector = std::make_shared<Injector>(cp, std::move(schedule));
  sg4::Actor::create("fault-injector", cp.w.platform.fabric, [injector] { (*injector)(); });
}

}  // namespace vsf::sim
