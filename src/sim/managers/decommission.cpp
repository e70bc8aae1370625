// Decommissioned VSFs: their CPUs back to the idle pool, their farm managers let go (see decommission.hpp).
#include "sim/managers/decommission.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "sim/lifecycle/cpu_lifecycle.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_decommission, vsf_control, "decommissioned VSFs: CPUs back, farm managers go");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

struct Due {
  double t;
  int vsf;    // -1: an order with nothing to end
  int order;  // -1: the VSF's own `end`
};

// Every VSF end and every decommission order that has nothing to end, before the end of the run, by time.
std::vector<Due> ends_of(const World& w) {
  std::vector<Due> due;
  for (const auto& v : w.vsfs)
    if (v->spec->end_s < w.end_s) due.push_back({v->spec->end_s, v->index, v->spec->decommission_order});
  const auto& orders = w.scenario.orders;
  for (size_t i = 0; i < orders.size(); ++i) {
    const Order& o = orders[i];
    if (o.kind != OrderKind::Decommission || o.steps.ready_s < 0 || o.steps.ready_s >= w.end_s) continue;
    const bool ends_it =
        o.vsf_index >= 0 && w.scenario.vsfs[static_cast<size_t>(o.vsf_index)].decommission_order == static_cast<int>(i);
    if (!ends_it) due.push_back({o.steps.ready_s, -1, static_cast<int>(i)});
  }
  std::stable_sort(due.begin(), due.end(), [](const Due& a, const Due& b) { return a.t < b.t; });
  return due;
}

void nothing_to_end(World& w, int order, const std::string& reason) {
  const Order& o = w.scenario.orders[static_cast<size_t>(order)];
  w.recorder.order_decommission(static_cast<size_t>(order), false);
  w.recorder.event(now(), "order_nothing_to_end",
                   {{"order", o.pointer}, {"vsf", o.vsf}, {"customer", o.customer}, {"reason", reason}});
}

// Every CPU the VSF holds leaves it: a serving one through the release (drained), any other (joining,
// rebooting, granted and not yet joining, lost) through the eviction. Returns how many.
int release_all(ControlPlane& cp, VsfRuntime& v) {
  World& w = cp.w;
  std::vector<CpuRuntime*> cpus;
  if (v.lb_cpu != nullptr) cpus.push_back(v.lb_cpu);
  for (const TierRuntime& t : v.tiers) cpus.insert(cpus.end(), t.members.begin(), t.members.end());
  int n = 0;
  for (CpuRuntime* c : cpus) {
    cp.join_pending.erase(c->id);
    cp.demand_pending.erase(c->id);
    if (c->leaving) continue;
    ++n;
    if (c->state == CpuState::Serving && !c->lost)
      start_release(w, *c, "decommission");
    else
      start_evict(w, *c, "decommission");
  }
  return n;
}

// The registry drops the VSF; its farm manager, if it has no VSF left, stops and leaves the registry.
void let_go(ControlPlane& cp, int vsf) {
  const int fm = cp.registry.drop_vsf(vsf);
  if (fm < 0 || !cp.registry.vsfs_of_fm(fm).empty()) return;
  cp.registry.remove_farm_manager(fm);
  for (auto& [h, ids] : cp.strays) ids.erase(fm);
  cp.kill(cp.fm(fm), "no VSF left");
  XBT_VERB("%s: no VSF left, removed", cp.fm(fm).name.c_str());
}

void decommission(World& w, const Due& d) {
  if (d.vsf < 0) {
    const Order& o = w.scenario.orders[static_cast<size_t>(d.order)];
    nothing_to_end(w, d.order, o.vsf_index < 0 ? "never built" : "already ended");
    return;
  }
  VsfRuntime& v = *w.vsfs[static_cast<size_t>(d.vsf)];
  ControlPlane& cp = *w.control_planes[static_cast<size_t>(v.spec->site)];
  v.ended = true;   // before anything else: its farm manager must neither create nor scale it again
  if (!v.exists) {  // an ordered VSF refused for want of pool, or still waiting for it
    if (d.order >= 0)
      nothing_to_end(w, d.order,
                     w.recorder.order_refused(static_cast<size_t>(v.spec->order)) ? "refused" : "never built");
    let_go(cp, v.index);
    return;
  }
  v.exists = false;
  const int released = release_all(cp, v);
  w.recorder.vsf_ended(v.index, now());
  w.recorder.cp_unmanaged(v.index, false, now());  // an ended VSF is no longer anyone's to manage
  nlohmann::json f{{"vsf", v.spec->name}, {"customer", v.spec->customer}};
  if (d.order >= 0) {
    f["order"] = w.scenario.orders[static_cast<size_t>(d.order)].pointer;
    w.recorder.order_decommission(static_cast<size_t>(d.order), true);
  }
  f["cpus_released"] = released;
  w.recorder.event(now(), "vsf_decommissioned", f);
  let_go(cp, v.index);
  cp.check_registry("decommission");
}

}  // namespace

void start_decommissions(World& w) {
  std::vector<Due> due = ends_of(w);
  if (due.empty()) return;
  World* wp = &w;
  sg4::Actor::create("decommissions", w.platform.fabric, [wp, due] {
    for (const Due& d : due) {
      sg4::this_actor::sleep_until(d.t);
      decommission(*wp, d);
    }
  });
}

}  // namespace vsf::sim
