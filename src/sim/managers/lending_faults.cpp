// The `wan` and `global_manager` faults (see global_manager.hpp for what they do to loans and lending).
#include <xbt/log.h>

#include <simgrid/s4u.hpp>

#include "metrics/lending_stats.hpp"
#include "sim/dataplane/flow_dataplane.hpp"
#include "sim/faults/fault_dataplane.hpp"
#include "sim/managers/control_plane_runtime.hpp"
#include "sim/managers/global_manager.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_lending_faults, vsf_control, "WAN link and global manager faults: loans lost");

namespace vsf::sim {

namespace {

// The SimGrid side of a WAN link: its link carries the traffic of the VLANs (and SAN) extended across it, so
// transfers in flight fail with it. Platform::wan holds one split-duplex link per Grid::wan entry once the
// fabric builds it; without it there is nothing to turn off (loans are still lost by the rule below).
void set_wan_link(World& w, int k, bool up) {
  if (k < 0 || k >= static_cast<int>(w.platform.wan.size()) || w.platform.wan[static_cast<size_t>(k)] == nullptr)
    return;
  auto* link = w.platform.wan[static_cast<size_t>(k)];
  for (auto* l : {link->get_link_up(), link->get_link_down()}) {
    if (up)
      l->turn_on();
    else
      l->turn_off();
  }
}

// Loans whose route between the CPU's site and its VSF's site crosses a failed link are lost to their VSFs.
void lose_cut_off_loans(World& w, GlobalManager& m) {
  std::vector<int> touched;
  for (const auto& [id, loan] : m.loans) {
    CpuRuntime& cpu = w.cpus[static_cast<size_t>(id)];
    if (cpu.vsf != loan.vsf || cpu.lost || cpu.leaving) continue;
    if (m.path(cpu.site, loan.to).reachable) continue;
    if (LendingStats* s = w.recorder.lending()) s->lost_to_wan();
    // Granted and not yet joined (its grant on its way): lost alike, and no longer awaited, so neither the
    // grant nor the farm manager's reconcile starts its join; the farm manager evicts it and asks again.
    bool in_flight = false;
    if (ControlPlane* cp = w.control_planes[static_cast<size_t>(loan.to)]) {
      in_flight = cp->join_pending.erase(id) > 0;
      cp->demand_pending.erase(id);
    }
    w.cpu_event(now(), "loan_lost", cpu, {{"reason", "wan"}, {"in_flight", in_flight}});
    mark_lost(w, cpu, "wan");
    touched.push_back(cpu.vsf);
  }
  for (int v : touched) update_availability(w, *w.vsfs[static_cast<size_t>(v)]);
}

}  // namespace

bool apply_site_fault(World& w, const faults::FaultEvent& e) {
  if (e.kind != faults::FaultKind::Wan && e.kind != faults::FaultKind::GlobalManager) return false;
  const bool fail = e.transition == faults::Transition::Fail;
  GlobalManager* m = w.global_manager.get();
  if (e.kind == faults::FaultKind::Wan) {
    if (e.target < 0 || e.target >= static_cast<int>(w.scenario.grid.wan.size())) return true;
    sync_all_flows(w);  // flow VSFs: accounted under the WAN as it was
    set_wan_link(w, e.target, !fail);
    w.wan_down[static_cast<size_t>(e.target)] = fail;  // a CDN's misses crossing it are lost (cdn_flow.hpp)
    if (m != nullptr) {
      m->wan_down[static_cast<size_t>(e.target)] = fail;
      if (fail) lose_cut_off_loans(w, *m);
    }
    solve_all_flows(w);
    return true;
  }
  if (m == nullptr || m->down == fail) return true;
  m->down = fail;
  simgrid::s4u::Host* host = w.platform.global_manager;
  XBT_VERB("global manager %s", fail ? "down" : "up");
  if (fail) {
    host->turn_off();  // its actor dies with it
  } else {
    host->turn_on();
    m->spawn();
  }
  return true;
}

}  // namespace vsf::sim
