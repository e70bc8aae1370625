// Farm managers (VSF creation, the policy loop through the slave) and scheduled admin actions; see
// farm_manager.hpp.
#include "sim/farm_manager.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <simgrid/s4u.hpp>

#include "policy/policy.hpp"
#include "sim/faults/fault_dataplane.hpp"
#include "sim/lifecycle/cpu_lifecycle.hpp"
#include "sim/lifecycle/rollout.hpp"

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

struct Counts {
  int serving = 0, pending = 0, draining = 0;
};

Counts count(const TierRuntime& t) {
  Counts c;
  for (const CpuRuntime* m : t.members) {
    if (m->lost) continue;
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
    if (c.vsf < 0 && c.reserved_for < 0 && c.usable()) return &c;
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

struct VsfState {
  VsfRuntime* v = nullptr;
  std::unique_ptr<ScalingPolicy> policy;
  std::vector<double> busy0, cap0;
  double next_tick = 0;
  double interval = 30;
  bool started = false;  // the observation window is open
};

void open_window(VsfState& st) {
  VsfRuntime& v = *st.v;
  const size_t n = v.tiers.size();
  st.busy0.assign(n, 0);
  st.cap0.assign(n, 0);
  for (size_t k = 0; k < n; ++k) {
    st.busy0[k] = v.tiers[k].busy.cumulative(now());
    st.cap0[k] = v.tiers[k].capacity.cumulative(now());
  }
  v.window.reset();
  st.started = true;
}

// The first policy tick after `t` on the VSF's grid start_s + k * interval.
double next_on_grid(double start, double interval, double t) {
  const double k = std::floor((t - start) / interval) + 1;
  return start + std::max(1.0, k) * interval;
}

class FarmManagerRun {
 public:
  FarmManagerRun(ControlPlane& cp, int id) : cp_(cp), w_(cp.w), id_(id), me_(cp.fms[static_cast<size_t>(id)]) {}

  void run() {
    for (int vi : cp_.registry.vsfs_of_fm(id_)) {
      VsfState st;
      st.v = w_.vsfs[static_cast<size_t>(vi)].get();
      const PolicySpec& ps = st.v->spec->policy;
      st.interval = ps.interval_s > 0 ? ps.interval_s : 30;
      if (ps.type != "none") st.policy = make_policy(ps);
      if (st.v->exists) {
        open_window(st);
        st.next_tick = next_on_grid(st.v->spec->start_s, st.interval, now());
        reconcile(st);
      }
      vsfs_.push_back(std::move(st));
    }
    double next_beat = now();
    for (;;) {
      if (due(next_beat)) {
        me_.last_beat = now();
        next_beat = now() + cp_.spec.ping_interval_s;
      }
      double wake = next_beat;
      for (VsfState& st : vsfs_) {
        if (!st.v->exists && due(st.v->spec->start_s)) create(st);
        if (st.v->exists && due(st.next_tick)) tick(st);
        wake = std::min(wake, st.v->exists ? st.next_tick : st.v->spec->start_s);
      }
      // Nothing left before the end: wait for messages only (the clock ends the run).
      if (wake >= w_.end_s) wake = std::numeric_limits<double>::infinity();
      if (auto m = cp_.receive(me_, wake)) handle(*m);
    }
  }

 private:
  void create(VsfState& st) {
    create_vsf(w_, *st.v);
    update_availability(w_, *st.v);  // from its creation on (a cold VSF is unavailable until it serves)
    open_window(st);
    st.next_tick = st.v->spec->start_s + st.interval;
    cp_.refresh_managed();
  }

  void to_slave(CpMsg m) {
    m.from = id_;
    m.fm = id_;
    const int s = cp_.registry.slave_of_fm(id_);
    cp_.send(me_.host, cp_.slaves[static_cast<size_t>(s)], std::move(m));
  }

  // CPUs the master granted but whose grant this incarnation never received: join them now.
  void reconcile(VsfState& st) {
    VsfRuntime& v = *st.v;
    auto join_if_pending = [&](CpuRuntime* c) {
      if (c != nullptr && cp_.join_pending.erase(c->id)) start_join(w_, *c, now());
    };
    join_if_pending(v.lb_cpu);
    for (auto& t : v.tiers) {
      const std::vector<CpuRuntime*> members = t.members;
      for (CpuRuntime* c : members) join_if_pending(c);
    }
  }

  void handle(const CpMsg& m) {
    if (m.type != CpMsg::kScaleGrant) return;
    for (int id : m.cpus) {
      CpuRuntime& cpu = w_.cpus[static_cast<size_t>(id)];
      if (cpu.vsf == m.a && cp_.join_pending.erase(id)) start_join(w_, cpu, m.t);
    }
  }

  void tick(VsfState& st) {
    VsfRuntime& v = *st.v;
    const double t = now();
    st.next_tick = t + st.interval;
    reconcile(st);
    const size_t n = v.tiers.size();
    // Lost CPUs (crashed or cut off): evict them through the slave and ask for replacements.
    std::vector<int> lost_in(n, 0);
    int lost_lb = 0;
    std::vector<int> lost_ids;
    for (CpuRuntime* c : lost_cpus(w_, v)) {
      lost_ids.push_back(c->id);
      if (c->tier == kLbTier)
        ++lost_lb;
      else
        ++lost_in[static_cast<size_t>(c->tier)];
    }
    if (!lost_ids.empty()) {
      CpMsg m;
      m.type = CpMsg::kRelease;
      m.a = v.index;
      m.cpus = lost_ids;
      m.reason = "evict";
      to_slave(m);
    }
    if (lost_lb > 0) ask(v, kLbTier, lost_lb, "replace", t);

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
      o.utilization =
          cap - st.cap0[k] > 0 ? std::clamp((busy - st.busy0[k]) / (cap - st.cap0[k]), 0.0, 1.0) : 0.0;
      o.p95_s = v.window.quantile(0.95);
      o.offered_rps = static_cast<double>(v.window.offered_count()) / st.interval;
      st.busy0[k] = busy;
      st.cap0[k] = cap;
    }
    v.window.reset();
    std::vector<int> out(n, 0);
    for (size_t k = 0; k < n; ++k) out[k] = lost_in[k];
    if (st.policy) {
      for (const ScalingDecision& d : st.policy->decide(t, obs)) {
        if (d.tier < 0 || d.tier >= static_cast<int>(n) || d.delta == 0) continue;
        apply(v, obs, d, out);
      }
    }
    for (size_t k = 0; k < n; ++k) {
      const Counts c = count(v.tiers[k]);
      const int room = v.tiers[k].spec->max - (c.serving + c.pending);
      const int want = std::min(out[k], room);
      if (want > 0) ask(v, static_cast<int>(k), want, lost_in[k] > 0 ? "replace" : "policy", t);
    }
    rollout_tick(w_, v, cp_.rollouts[static_cast<size_t>(v.index)], t);
  }

  void ask(VsfRuntime& v, int tier, int n, const std::string& reason, double t) {
    w_.recorder.event(t, "scale_request",
                      {{"vsf", v.spec->name},
                       {"tier", w_.tier_name(v.index, tier)},
                       {"delta", n},
                       {"reason", reason},
                       {"via", cp_.slaves[static_cast<size_t>(cp_.registry.slave_of_fm(id_))].name}});
    CpMsg m;
    m.type = CpMsg::kScaleRequest;
    m.a = v.index;
    m.b = tier;
    m.c = n;
    m.t = t;
    m.reason = reason;
    to_slave(m);
  }

  void apply(VsfRuntime& v, const std::vector<TierObservation>& obs, const ScalingDecision& d, std::vector<int>& out) {
    const TierObservation& o = obs[static_cast<size_t>(d.tier)];
    const Counts c = count(v.tiers[static_cast<size_t>(d.tier)]);
    int n = 0;
    if (d.delta > 0)
      n = std::max(0, std::min(d.delta, o.max - (c.serving + c.pending)));
    else
      n = std::max(0, std::min({-d.delta, c.serving + c.pending - o.min, c.serving}));
    w_.recorder.event(now(), "scale_decision",
                      {{"vsf", v.spec->name},
                       {"tier", w_.tier_name(v.index, d.tier)},
                       {"delta", d.delta},
                       {"applied", d.delta > 0 ? n : -n},  // within min/max; the master may grant fewer
                       {"reason", d.reason},
                       {"utilization", o.utilization},
                       {"serving", o.serving},
                       {"pending", o.pending},
                       {"draining", o.draining},
                       {"p95_s", o.p95_s},
                       {"offered_rps", o.offered_rps}});
    if (d.delta > 0) {
      out[static_cast<size_t>(d.tier)] += n;
      return;
    }
    // Scale-in: the most recently allocated serving CPUs, released by the slave.
    CpMsg m;
    m.type = CpMsg::kRelease;
    m.a = v.index;
    m.reason = "policy";
    std::vector<CpuRuntime*> chosen;
    for (int i = 0; i < n; ++i) {
      CpuRuntime* best = nullptr;
      for (CpuRuntime* x : v.tiers[static_cast<size_t>(d.tier)].members)
        if (x->state == CpuState::Serving && !x->lost &&
            std::find(chosen.begin(), chosen.end(), x) == chosen.end() &&
            (best == nullptr || x->join_seq > best->join_seq))
          best = x;
      if (best == nullptr) break;
      chosen.push_back(best);
      m.cpus.push_back(best->id);
    }
    if (!m.cpus.empty()) to_slave(m);
  }

  ControlPlane& cp_;
  World& w_;
  int id_;
  Process& me_;
  std::vector<VsfState> vsfs_;
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

void FarmManager::operator()() const { FarmManagerRun(*cp_, id_).run(); }

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
