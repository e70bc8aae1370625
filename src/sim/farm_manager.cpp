// Farm managers (VSF creation, the policy loop) and scheduled admin actions; see farm_manager.hpp.
#include "sim/farm_manager.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "policy/policy.hpp"
#include "sim/lifecycle.hpp"

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

struct Counts {
  int serving = 0, pending = 0, draining = 0;
};

Counts count(const TierRuntime& t) {
  Counts c;
  for (const CpuRuntime* m : t.members) {
    if (m->state == CpuState::Serving)
      ++c.serving;
    else if (m->state == CpuState::Draining || m->state == CpuState::Stopping)
      ++c.draining;
    else
      ++c.pending;
  }
  return c;
}

// Lowest-id idle CPU that no VSF still to be created has pinned.
CpuRuntime* pick_idle(World& w) {
  for (CpuRuntime& c : w.cpus)
    if (c.vsf < 0 && c.reserved_for < 0) return &c;
  return nullptr;
}

// The most recently allocated serving CPU of the tier.
CpuRuntime* pick_release(TierRuntime& t) {
  CpuRuntime* best = nullptr;
  for (CpuRuntime* m : t.members)
    if (m->state == CpuState::Serving && (best == nullptr || m->join_seq > best->join_seq)) best = m;
  return best;
}

void deny(World& w, int v, int tier, const std::string& why) {
  w.recorder.denial(v, tier == kLbTier ? 0 : tier, now());
  w.recorder.event(
      now(), "denial",
      {{"vsf", w.vsf_name(v)}, {"tier", w.tier_name(v, tier)}, {"reason", why}, {"idle_pool", w.idle_count}});
}

// Takes `n` idle CPUs for tier k and starts their joins. Returns how many it got.
int scale_out(World& w, int v, int k, int n, const std::string& reason) {
  int got = 0;
  for (int i = 0; i < n; ++i) {
    CpuRuntime* cpu = pick_idle(w);
    if (cpu == nullptr) {
      deny(w, v, k, "idle pool empty");
      continue;
    }
    allocate(w, *cpu, v, k, reason);
    start_join(w, *cpu, now());
    ++got;
  }
  if (got > 0) w.recorder.scale(v, k, got, now());
  return got;
}

int scale_in(World& w, int v, int k, int n, const std::string& reason) {
  int done = 0;
  for (int i = 0; i < n; ++i) {
    CpuRuntime* cpu = pick_release(w.vsfs[v]->tiers[k]);
    if (cpu == nullptr) break;
    start_release(w, *cpu, reason);
    ++done;
  }
  if (done > 0) w.recorder.scale(v, k, -done, now());
  return done;
}

void create_vsf(World& w, VsfRuntime& v) {
  const VsfSpec& spec = *v.spec;
  w.grid.create_vsf(v.index);
  v.exists = true;
  v.storage = std::max(0, w.grid.vsf_storage(v.index));
  nlohmann::json tiers = nlohmann::json::array();
  for (const auto& t : spec.tiers)
    tiers.push_back({{"role", t.role}, {"initial", t.initial}, {"min", t.min}, {"max", t.max}});
  w.recorder.event(now(), "vsf_created",
                   {{"vsf", spec.name},
                    {"warm", spec.warm},
                    {"lb", spec.lb.enabled},
                    {"tiers", tiers},
                    {"storage", w.grid.storage()[v.storage].name}});

  struct Want {
    int tier;
    std::string name;
  };
  std::vector<Want> wants;
  if (spec.lb.enabled) wants.push_back({kLbTier, spec.lb.cpu});
  for (int k = 0; k < static_cast<int>(spec.tiers.size()); ++k)
    for (int i = 0; i < spec.tiers[k].initial; ++i)
      wants.push_back({k, i < static_cast<int>(spec.tiers[k].cpus.size()) ? spec.tiers[k].cpus[i] : ""});

  std::vector<CpuRuntime*> taken;
  for (const Want& want : wants) {  // pinned CPUs first, so no anonymous pick takes them
    if (want.name.empty()) continue;
    auto id = w.grid.find_cpu(want.name);
    if (!id || w.cpus[*id].vsf >= 0) {
      deny(w, v.index, want.tier, "pinned CPU " + want.name + " is not idle");
      continue;
    }
    allocate(w, w.cpus[*id], v.index, want.tier, "vsf_created");
    taken.push_back(&w.cpus[*id]);
  }
  for (CpuRuntime& c : w.cpus)
    if (c.reserved_for == v.index) c.reserved_for = -1;
  for (const Want& want : wants) {
    if (!want.name.empty()) continue;
    CpuRuntime* cpu = pick_idle(w);
    if (cpu == nullptr) {
      deny(w, v.index, want.tier, "idle pool empty");
      continue;
    }
    allocate(w, *cpu, v.index, want.tier, "vsf_created");
    taken.push_back(cpu);
  }
  for (CpuRuntime* cpu : taken) {
    if (spec.warm)
      warm_join(w, *cpu);
    else
      start_join(w, *cpu, now());
  }
  if (spec.warm) w.check_isolation("warm_start", v.index);
}

class FarmManager {
 public:
  FarmManager(World& w, VsfRuntime& v) : w_(&w), v_(&v) {}

  void operator()() const {
    World& w = *w_;
    VsfRuntime& v = *v_;
    const VsfSpec& spec = *v.spec;
    sg4::this_actor::sleep_until(spec.start_s);
    create_vsf(w, v);
    if (spec.policy.type == "none" || spec.policy.interval_s <= 0) return;
    std::unique_ptr<ScalingPolicy> policy = make_policy(spec.policy);
    const size_t n = v.tiers.size();
    std::vector<double> busy0(n, 0), cap0(n, 0);
    for (size_t k = 0; k < n; ++k) {
      busy0[k] = v.tiers[k].busy.cumulative(now());
      cap0[k] = v.tiers[k].capacity.cumulative(now());
    }
    v.window.reset();
    for (long i = 1;; ++i) {
      const double t = spec.start_s + static_cast<double>(i) * spec.policy.interval_s;
      if (t >= w.end_s) return;
      sg4::this_actor::sleep_until(t);
      std::vector<TierObservation> obs(n);
      for (size_t k = 0; k < n; ++k) {
        TierRuntime& tier = v.tiers[k];
        const Counts c = count(tier);
        const double busy = tier.busy.cumulative(t), cap = tier.capacity.cumulative(t);
        TierObservation& o = obs[k];
        o.tier = static_cast<int>(k);
        o.serving = c.serving;
        o.pending = c.pending;
        o.draining = c.draining;
        o.min = tier.spec->min;
        o.max = tier.spec->max;
        o.utilization = cap - cap0[k] > 0 ? std::clamp((busy - busy0[k]) / (cap - cap0[k]), 0.0, 1.0) : 0.0;
        o.p95_s = v.window.quantile(0.95);
        o.offered_rps = static_cast<double>(v.window.offered_count()) / spec.policy.interval_s;
        busy0[k] = busy;
        cap0[k] = cap;
      }
      v.window.reset();
      for (const ScalingDecision& d : policy->decide(t, obs)) apply(w, v, obs, d);
    }
  }

 private:
  static void apply(World& w, VsfRuntime& v, const std::vector<TierObservation>& obs, const ScalingDecision& d) {
    if (d.tier < 0 || d.tier >= static_cast<int>(obs.size()) || d.delta == 0) return;
    const TierObservation& o = obs[d.tier];
    const Counts c = count(v.tiers[d.tier]);  // now, after earlier decisions of this round
    int n = 0;
    if (d.delta > 0)
      n = std::max(0, std::min(d.delta, o.max - (c.serving + c.pending)));
    else
      n = std::max(0, std::min({-d.delta, c.serving + c.pending - o.min, c.serving}));
    w.recorder.event(now(), "scale_decision",
                     {{"vsf", v.spec->name},
                      {"tier", w.tier_name(v.index, d.tier)},
                      {"delta", d.delta},
                      {"applied", d.delta > 0 ? n : -n},  // within min/max; denials may grant fewer
                      {"reason", d.reason},
                      {"utilization", o.utilization},
                      {"serving", o.serving},
                      {"pending", o.pending},
                      {"draining", o.draining},
                      {"p95_s", o.p95_s},
                      {"offered_rps", o.offered_rps}});
    if (d.delta > 0)
      scale_out(w, v.index, d.tier, n, "policy");
    else
      scale_in(w, v.index, d.tier, n, "policy");
  }

  World* w_;
  VsfRuntime* v_;
};

void reject(World& w, const AdminAction& a, const std::string& why) {
  w.recorder.event(now(), "action_rejected",
                   {{"op", a.op}, {"vsf", a.vsf}, {"tier", a.tier}, {"cpu", a.cpu}, {"reason", why}});
}

void apply_action(World& w, const AdminAction& a) {
  w.recorder.event(now(), "admin_action",
                   {{"op", a.op}, {"vsf", a.vsf}, {"tier", a.tier}, {"cpu", a.cpu}, {"count", a.count}});
  VsfRuntime* v = nullptr;
  for (auto& rt : w.vsfs)
    if (rt->spec->name == a.vsf) v = rt.get();
  if (v == nullptr || !v->exists) return reject(w, a, "the VSF does not exist at this time");
  int k = -1;
  for (const TierRuntime& t : v->tiers)
    if (t.spec->role == a.tier && k < 0) k = t.index;
  if (k < 0) return reject(w, a, "the VSF has no tier of this role");
  TierRuntime& t = v->tiers[k];
  const Counts c = count(t);

  if (a.op == "add") {
    if (!a.cpu.empty()) {
      auto id = w.grid.find_cpu(a.cpu);
      if (!id || w.cpus[*id].vsf >= 0) return reject(w, a, "the CPU is not in the idle pool");
      if (c.serving + c.pending >= t.spec->max) return reject(w, a, "the tier is at its max");
      allocate(w, w.cpus[*id], v->index, k, "admin");
      start_join(w, w.cpus[*id], now());
      w.recorder.scale(v->index, k, 1, now());
      return;
    }
    const int n = std::min(a.count, t.spec->max - (c.serving + c.pending));
    if (n < a.count) reject(w, a, "the tier reaches its max");
    scale_out(w, v->index, k, std::max(0, n), "admin");
    return;
  }
  // remove
  if (!a.cpu.empty()) {
    auto id = w.grid.find_cpu(a.cpu);
    if (!id || w.cpus[*id].vsf != v->index || w.cpus[*id].tier != k || w.cpus[*id].state != CpuState::Serving)
      return reject(w, a, "the CPU is not serving in this tier");
    start_release(w, w.cpus[*id], "admin");
    w.recorder.scale(v->index, k, -1, now());
    return;
  }
  const int n = std::min({a.count, c.serving + c.pending - t.spec->min, c.serving});
  if (n < a.count) reject(w, a, "the tier reaches its min");
  scale_in(w, v->index, k, std::max(0, n), "admin");
}

}  // namespace

void start_farm_managers(World& w) {
  for (auto& v : w.vsfs)
    sg4::Actor::create("farm-manager:" + v->spec->name, w.control_host(v->index), FarmManager(w, *v));
}

void start_admin_actions(World& w) {
  if (w.scenario.actions.empty()) return;
  World* wp = &w;
  sg4::Actor::create("admin", w.control_host(0), [wp] {
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
