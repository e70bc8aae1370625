// Scheduled admin actions (see admin_actions.hpp).
#include "sim/managers/admin_actions.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "sim/lifecycle/cpu_lifecycle.hpp"
#include "sim/managers/direct_allocation.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_admin, vsf_control, "scheduled admin actions (the operator's commands)");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

void reject(World& w, const AdminAction& a, const std::string& why) {
  XBT_VERB("%s on %s rejected: %s", to_string(a.op), a.vsf.c_str(), why.c_str());
  w.recorder.event(now(), "action_rejected",
                   {{"op", to_string(a.op)}, {"vsf", a.vsf}, {"tier", a.tier}, {"cpu", a.cpu}, {"reason", why}});
}

void add(World& w, const AdminAction& a, VsfRuntime& v, TierRuntime& t) {
  const TierCounts c = count_tier(t);
  if (!a.cpu.empty()) {
    auto id = w.grid.find_cpu(a.cpu);
    if (!id || w.cpus[*id].vsf >= 0) return reject(w, a, "the CPU is not in the idle pool");
    if (c.serving + c.pending >= t.spec->max) return reject(w, a, "the tier is at its max");
    allocate(w, w.cpus[*id], v.index, t.index, "admin");
    start_join(w, w.cpus[*id], now());
    w.recorder.scale(v.index, t.index, 1, now());
    return;
  }
  const int n = std::min(a.count, t.spec->max - (c.serving + c.pending));
  if (n < a.count) reject(w, a, "the tier reaches its max");
  scale_out(w, v.index, t.index, std::max(0, n), "admin");
}

void remove(World& w, const AdminAction& a, VsfRuntime& v, TierRuntime& t) {
  const TierCounts c = count_tier(t);
  if (!a.cpu.empty()) {
    auto id = w.grid.find_cpu(a.cpu);
    if (!id || w.cpus[*id].vsf != v.index || w.cpus[*id].tier != t.index || w.cpus[*id].state != CpuState::Serving)
      return reject(w, a, "the CPU is not serving in this tier");
    start_release(w, w.cpus[*id], "admin");
    w.recorder.scale(v.index, t.index, -1, now());
    return;
  }
  const int n = std::min({a.count, c.serving + c.pending - t.spec->min, c.serving});
  if (n < a.count) reject(w, a, "the tier reaches its min");
  scale_in(w, v.index, t.index, std::max(0, n), "admin");
}

void apply_action(World& w, const AdminAction& a) {
  w.recorder.event(now(), "admin_action",
                   {{"op", to_string(a.op)}, {"vsf", a.vsf}, {"tier", a.tier}, {"cpu", a.cpu}, {"count", a.count}});
  VsfRuntime* v = nullptr;
  for (auto& rt : w.vsfs)
    if (rt->spec->name == a.vsf) v = rt.get();
  if (v == nullptr || !v->exists) return reject(w, a, "the VSF does not exist at this time");
  TierRuntime* t = nullptr;
  for (TierRuntime& tier : v->tiers)
    if (tier.spec->role == a.tier && t == nullptr) t = &tier;
  if (t == nullptr) return reject(w, a, "the VSF has no tier of this role");
  if (a.op == AdminOp::Add)
    add(w, a, *v, *t);
  else
    remove(w, a, *v, *t);
}

}  // namespace

void start_admin_actions(World& w) {
  if (w.scenario.actions.empty()) return;
  World* wp = &w;
  sg4::Actor::create("admin", w.platform.fabric, [wp] {
    std::vector<const AdminAction*> actions;
    for (const auto& a : wp->scenario.actions) actions.push_back(&a);
    std::stable_sort(actions.begin(), actions.end(),
                     [](const AdminAction* a, const AdminAction* b) { return a->at_s < b->at_s; });
    for (const AdminAction* a : actions) {
      if (a->at_s >= wp->end_s) return;
      sg4::this_actor::sleep_until(a->at_s);
      // An action at a VSF's creation instant comes after it: let the farm managers woken now run first.
      sg4::this_actor::yield();
      apply_action(*wp, *a);
    }
  });
}

}  // namespace vsf::sim
