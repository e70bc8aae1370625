// Applies the fault schedule, transition by transition (see fault_injector.hpp).
#include "sim/faults/fault_injector.hpp"

#include <deque>
#include <memory>
#include <simgrid/s4u.hpp>

#include "sim/faults/fault_dataplane.hpp"
#include "sim/managers/cp_fault_routing.hpp"
#include "sim/managers/cp_faults.hpp"
#include "sim/managers/ggm_reach.hpp"
#include "sim/managers/global_manager.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_fault_injector, vsf_faults, "vsfsim fault injector: the schedule's transitions");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

class Injector {
 public:
  Injector(World& w, std::vector<faults::FaultEvent> schedule) : w_(w), schedule_(std::move(schedule)) {
    for (ControlPlane* cp : w.control_planes) control_.emplace_back(*cp);
  }

  void operator()() {
    for (const faults::FaultEvent& e : schedule_) {
      if (e.t_s >= w_.end_s) return;
      sg4::this_actor::sleep_until(e.t_s);
      apply(e);
    }
  }

 private:
  void apply(const faults::FaultEvent& e) {
    nlohmann::json fields = faults::to_json(e);
    fields.erase("t");
    XBT_VERB("fault: %s", fields.dump().c_str());
    w_.recorder.event(now(), "fault", std::move(fields));
    if (e.transition == faults::Transition::Fail) w_.recorder.fault(e.kind);
    if (apply_site_fault(w_, e)) {
      // wan, global_manager: sim/managers/global_manager.hpp
    } else if (ControlPlaneFaults::handles(e.kind)) {
      for (const RoutedFault& r : route_cp_fault(w_, e)) control_[static_cast<size_t>(r.site)].apply(r.event);
      apply_ggm_partition(w_, e);  // a partition naming the GGM's host also cuts sites off from it
    } else {
      apply_dataplane_fault(w_, e);
    }
    for (ControlPlane* cp : w_.control_planes) cp->refresh_managed();
  }

  World& w_;
  std::deque<ControlPlaneFaults> control_;  // by site
  std::vector<faults::FaultEvent> schedule_;
};

}  // namespace

void start_fault_injector(World& w, std::vector<faults::FaultEvent> schedule) {
  if (schedule.empty()) return;
  auto injector = std::make_shared<Injector>(w, std::move(schedule));
  sg4::Actor::create("fault-injector", w.platform.fabric, [injector] { (*injector)(); });
}

}  // namespace vsf::sim
