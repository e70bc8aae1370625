// Applies the fault schedule, transition by transition (see fault_injector.hpp).
#include "sim/faults/fault_injector.hpp"

#include <memory>
#include <simgrid/s4u.hpp>

#include "sim/faults/fault_dataplane.hpp"
#include "sim/managers/cp_faults.hpp"
#include "sim/managers/global_manager.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_fault_injector, vsf_faults, "vsfsim fault injector: the schedule's transitions");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

class Injector {
 public:
  Injector(ControlPlane& cp, std::vector<faults::FaultEvent> schedule)
      : cp_(cp), control_(cp), schedule_(std::move(schedule)) {}

  void operator()() {
    for (const faults::FaultEvent& e : schedule_) {
      if (e.t_s >= cp_.w.end_s) return;
      sg4::this_actor::sleep_until(e.t_s);
      apply(e);
    }
  }

 private:
  void apply(const faults::FaultEvent& e) {
    nlohmann::json fields = faults::to_json(e);
    fields.erase("t");
    XBT_VERB("fault: %s", fields.dump().c_str());
    cp_.w.recorder.event(now(), "fault", std::move(fields));
    if (e.transition == faults::Transition::Fail) cp_.w.recorder.fault(e.kind);
    if (apply_site_fault(cp_.w, e)) {
      // wan, global_manager: sim/managers/global_manager.hpp
    } else if (ControlPlaneFaults::handles(e.kind))
      control_.apply(e);
    else
      apply_dataplane_fault(cp_.w, e);
    cp_.refresh_managed();
  }

  ControlPlane& cp_;
  ControlPlaneFaults control_;
  std::vector<faults::FaultEvent> schedule_;
};

}  // namespace

void start_fault_injector(ControlPlane& cp, std::vector<faults::FaultEvent> schedule) {
  if (schedule.empty()) return;
  auto injector = std::make_shared<Injector>(cp, std::move(schedule));
  sg4::Actor::create("fault-injector", cp.w.platform.fabric, [injector] { (*injector)(); });
}

}  // namespace vsf::sim
