// A farm manager's incarnation: its VSFs' creation, the policy loop through its slave, grants,
// heartbeats and rollouts (see farm_manager.hpp).
#include "sim/managers/farm_manager.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <simgrid/s4u.hpp>

#include "policy/policy.hpp"
#include "policy/predictive_inputs.hpp"
#include "sim/dataplane/flow_dataplane.hpp"
#include "sim/faults/fault_dataplane.hpp"
#include "sim/lifecycle/cpu_lifecycle.hpp"
#include "sim/lifecycle/rollout.hpp"
#include "sim/managers/decision.hpp"
#include "sim/managers/direct_allocation.hpp"
#include "sim/managers/orders.hpp"
#include "sim/managers/plan_enforcement.hpp"
#include "sim/managers/shadow.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_farm, vsf_control, "farm managers: policy loop, scale requests, grants");

namespace vsf::sim {

namespace {

// One VSF of a farm manager: its policy and the observation window of the current interval.
struct VsfState {
  VsfRuntime* v = nullptr;
  std::unique_ptr<ScalingPolicy> policy;
  std::unique_ptr<ShadowPolicies> shadows;  // none without vsfs[].shadow_policies
  std::vector<double> busy0, cap0;          // per tier: cumulative busy / capacity at the window's start
  double next_tick = 0;
  double create_at = 0;  // its start, or an ordered VSF's next look at the idle pool (orders.hpp)
  double interval = 30;
  double next_demand = std::numeric_limits<double>::infinity();  // its cpu_demand's next request
  std::vector<std::pair<int, int>> bounds;  // per tier: min and max in force at the last tick (schedule events)
  std::unique_ptr<PlanEnforcement> plan;    // its plan's limits, guarantees and the customer's control values
};

void open_window(World& w, VsfState& st) {
  VsfRuntime& v = *st.v;
  sync_dataplane(w, v);
  const size_t n = v.tiers.size();
  st.busy0.assign(n, 0);
  st.cap0.assign(n, 0);
  for (size_t k = 0; k < n; ++k) {
    st.busy0[k] = v.tiers[k].busy.cumulative(now());
    st.cap0[k] = v.tiers[k].capacity.cumulative(now());
  }
  v.window.reset();
}

// The first policy tick after `t` on the VSF's grid start_s + k * interval.
double next_on_grid(double start, double interval, double t) {
  const double k = std::floor((t - start) / interval) + 1;
  return start + std::max(1.0, k) * interval;
}

// CPUs of a VSF lost to faults (crashed or cut off), per tier.
struct Lost {
  std::vector<int> cpus;
  std::vector<int> in_tier;  // by tier index
  int lb = 0;
};

// What the models say of tier k's next CPU, for policies that provision ahead: on the hardware of the tier's
// newest CPU (the next one likely comes from the same group), or of the grid's first CPU group when it has none.
void model_figures(const World& w, const VsfRuntime& v, size_t k, TierObservation& o) {
  const HardwareProfile* hw = newest_hw(v.tiers[k]);
  if (hw == nullptr && !w.scenario.grid.cpus.empty()) {
    const auto it = w.scenario.models.hardware.find(w.scenario.grid.cpus.front().profile);
    if (it != w.scenario.models.hardware.end()) hw = &it->second;
  }
  const auto& arrays = w.grid.storage();
  if (hw == nullptr || arrays.empty()) return;
  const StorageArray& array = *arrays[static_cast<size_t>(std::clamp(v.storage, 0, int(arrays.size()) - 1))].spec;
  o.time_to_serve_s = expected_time_to_serve(w.scenario, *v.spec, static_cast<int>(k), *hw, array);
  o.cpu_s_per_request = cpu_s_per_request(w.scenario.models, *v.spec, static_cast<int>(k), *hw);
}

// Tier k's observation over the window, which it then restarts for the tier's integrals. `p95_s` is the
// VSF's, the same for each of its tiers: taken once per tick (a walk over the window's histogram).
TierObservation observe_tier(const World& w, VsfState& st, size_t k, double t, std::optional<double> p95_s) {
  VsfRuntime& v = *st.v;
  TierRuntime& tier = v.tiers[k];
  const TierCounts c = count_tier(tier);
  const double busy = tier.busy.cumulative(t), cap = tier.capacity.cumulative(t);
  TierObservation o;
  o.tier = static_cast<int>(k);
  o.serving = c.serving;
  o.pending = c.pending;
  o.draining = c.draining;
  o.min = tier.spec->min;
  o.max = tier.spec->max;
  o.utilization = cap - st.cap0[k] > 0 ? std::clamp((busy - st.busy0[k]) / (cap - st.cap0[k]), 0.0, 1.0) : 0.0;
  o.p95_s = p95_s;
  o.offered_rps = static_cast<double>(v.window.offered_count()) / st.interval;
  model_figures(w, v, k, o);
  st.busy0[k] = busy;
  st.cap0[k] = cap;
  return o;
}

class FarmManagerRun {
 public:
  FarmManagerRun(ControlPlane& cp, int id) : cp_(cp), w_(cp.w), id_(id), me_(cp.fm(id)) {}

  void run() {
    for (int vi : cp_.registry.vsfs_of_fm(id_)) vsfs_.push_back(adopt(*w_.vsfs[static_cast<size_t>(vi)]));
    for (;;) {  // its heartbeats are ControlPlane::last_beat's: no wake of their own
      double wake = std::numeric_limits<double>::infinity();
      for (VsfState& st : vsfs_) {
        if (st.v->ended) continue;  // decommissioned (decommission.hpp): nothing more to do for it
        if (!st.v->exists && due(st.create_at)) create(st);
        if (st.v->exists && due(st.next_tick)) tick(st);
        if (st.v->exists && due(st.next_demand)) demand(st);
        if (due(api_due(cp_.api[static_cast<size_t>(st.v->index)]))) take_api(st);
        wake = std::min({wake, st.v->exists ? st.next_tick : st.create_at, st.next_demand,
                         api_due(cp_.api[static_cast<size_t>(st.v->index)])});
      }
      // Nothing left before the end: wait for messages only (the clock ends the run).
      if (wake >= w_.end_s) wake = std::numeric_limits<double>::infinity();
      if (auto m = cp_.receive(me_, wake)) handle(*m);
    }
  }

 private:
  // A VSF this incarnation manages: fresh policy state; an existing VSF resumes on its tick grid.
  VsfState adopt(VsfRuntime& v) {
    VsfState st;
    st.v = &v;
    const PolicySpec& ps = v.spec->policy;
    st.interval = ps.interval_s > 0 ? ps.interval_s : 30;
    st.create_at = v.spec->start_s;
    if (ps.type != PolicyType::None) st.policy = make_policy(ps);
    for (const Tier& t : v.spec->tiers) st.bounds.emplace_back(t.min, t.max);
    st.plan = std::make_unique<PlanEnforcement>(w_, *v.spec);
    if (!v.spec->shadow_policies.empty()) st.shadows = std::make_unique<ShadowPolicies>(*v.spec);
    if (v.exists) {
      open_window(w_, st);
      st.next_tick = next_on_grid(v.spec->start_s, st.interval, now());
      reconcile(st);
      schedule_demand(st);
    }
    return st;
  }

  // The VSF's next cpu_demand request, a Poisson process from its creation (or from a new incarnation's
  // start: demand that arrives while no farm manager runs is not seen).
  void schedule_demand(VsfState& st) {
    if (!st.v->spec->cpu_demand) return;
    st.next_demand = now() + st.v->demand_arrivals.exponential(1 / st.v->spec->cpu_demand->rate_per_s);
  }

  // One cpu_demand request: one CPU of the first tier, asked of the master like a scale-out; lost (not
  // retried) if the tier is at its max or if the master denies it.
  void demand(VsfState& st) {
    VsfRuntime& v = *st.v;
    schedule_demand(st);
    const TierCounts c = count_tier(v.tiers[0]);
    std::vector<TierObservation> first(1);
    first[0].min = st.plan->own(0).first;
    first[0].max = st.plan->own(0).second;
    if (st.policy) st.policy->bound(now(), first);  // a schedule's max in force
    const bool tier_full = c.serving + c.pending >= first[0].max;
    if (tier_full || st.plan->cut_out(w_, v, 0, tier_cpus_held(v), 1, now()) == 0) {
      w_.recorder.event(now(), "demand_lost",
                        {{"vsf", v.spec->name},
                         {"tier", w_.tier_name(v.index, 0)},
                         {"reason", tier_full ? "the tier is at its max" : "the VSF is at its plan's max_cpus"}});
      return;
    }
    ask(v, 0, 1, ScaleReason::Demand, now());
  }

  // The customer's API calls and rule checks due now (customer_api.hpp), judged there; asks go to the master.
  void take_api(VsfState& st) {
    VsfRuntime& v = *st.v;
    for (ApiAction& a : take_api_calls(w_, v, cp_.api[static_cast<size_t>(v.index)], st.bounds)) {
      if (a.ask > 0) ask(v, a.tier, a.ask, ScaleReason::Api, now());
      if (!a.release.empty()) to_slave(Release{id_, v.index, std::move(a.release), ScaleReason::Api});
    }
  }

  void create(VsfState& st) {
    st.create_at = order_pool_check(w_, *st.v, st.interval);
    if (st.create_at > now()) return;
    create_vsf(w_, *st.v);
    update_availability(w_, *st.v);  // from its creation on (a cold VSF is unavailable until it serves)
    open_window(w_, st);
    st.next_tick = st.v->spec->start_s + st.interval;
    schedule_demand(st);
    cp_.refresh_managed(st.v->index);
  }

  void to_slave(ControlMessage m) { cp_.send(me_.host, cp_.slave(cp_.registry.slave_of_fm(id_)), std::move(m)); }

  // CPUs the master granted but whose grant this incarnation never received: join them now.
  void reconcile(VsfState& st) {
    VsfRuntime& v = *st.v;
    auto join_if_pending = [&](CpuRuntime* c) {
      if (c != nullptr && cp_.join_pending.erase(c->id)) join_granted(*c, now());
    };
    join_if_pending(v.lb_cpu);
    if (cp_.join_pending.empty()) return;
    for (auto& t : v.tiers) {
      std::vector<CpuRuntime*> pending;  // a join may change t.members; usually none is pending (no allocation)
      for (CpuRuntime* c : t.members)
        if (cp_.join_pending.count(c->id) != 0) pending.push_back(c);
      for (CpuRuntime* c : pending) join_if_pending(c);
    }
  }

  void handle(const ControlMessage& m) {
    std::visit(Overloaded{[this](const ScaleGrant& g) { on_grant(g); }, [](const auto&) {}}, m);
  }

  void on_grant(const ScaleGrant& g) {
    XBT_VERB("%s: %zu CPUs granted for VSF %d", me_.name.c_str(), g.cpus.size(), g.vsf);
    for (int id : g.cpus) {
      CpuRuntime& cpu = w_.cpus[static_cast<size_t>(id)];
      if (cpu.vsf == g.vsf && cp_.join_pending.erase(id)) join_granted(cpu, g.asked_at);
    }
  }

  // Starts the join of a CPU the master granted; one granted to a cpu_demand request is held for its
  // drawn time once serving, then released (whichever of the grant and a reconcile starts it).
  void join_granted(CpuRuntime& cpu, double decided_at) {
    VsfRuntime& v = *w_.vsfs[static_cast<size_t>(cpu.vsf)];
    if (cp_.demand_pending.erase(cpu.id) && v.spec->cpu_demand)
      start_demand_join(w_, cpu, decided_at, v.demand_holds.exponential(v.spec->cpu_demand->hold_s));
    else
      start_join(w_, cpu, decided_at);
  }

  // One policy interval of a VSF: evictions and replacements, observation, decisions, scale-out asks.
  void tick(VsfState& st) {
    VsfRuntime& v = *st.v;
    const double t = now();
    st.next_tick = t + st.interval;
    reconcile(st);
    // This tick's vectors are the run's, kept between ticks: a tick allocated five of them, a quarter of a
    // flow day's allocations (each one slower as the heap grows with the grid: _int_malloc 21x for 10x).
    const Lost& lost = evict_lost(v, t);
    const size_t n = v.tiers.size();
    std::vector<TierObservation>& obs = scratch_.obs;
    obs.resize(n);
    sync_dataplane(w_, v);  // a flow VSF's counts and integrals up to now
    const std::optional<double> p95 = v.window.quantile(0.95);
    for (size_t k = 0; k < n; ++k) obs[k] = observe_tier(w_, st, k, t, p95);
    std::vector<int>& guaranteed = scratch_.guaranteed;
    st.plan->begin_tick(w_, t, obs, guaranteed);                        // the tiers' own bounds, as controlled
    if (st.shadows) st.shadows->evaluate(w_, v, t, obs, lost.in_tier);  // before the active policy's bound()
    if (st.policy) st.policy->bound(t, obs);                            // a schedule's min and max for this interval
    log_bounds(st, obs, t);
    st.plan->raise_to_guarantee(obs, guaranteed);
    v.window.reset();
    std::vector<int>& out = scratch_.out;  // CPUs to ask for, per tier
    out.assign(lost.in_tier.begin(), lost.in_tier.end());
    int held = tier_cpus_held(v);  // less this tick's releases: what the plan's floor counts
    if (st.policy)
      for (const ScalingDecision& d : st.policy->decide(t, obs))
        if (d.tier >= 0 && d.tier < static_cast<int>(n) && (d.delta != 0 || d.wanted != 0))
          apply(st, obs, d, out, held);
    if (st.policy) log_forecasts(v, st.policy->forecasts(), t);
    held = tier_cpus_held(v);  // plus this tick's asks: what the plan's cap counts
    for (size_t k = 0; k < n; ++k) {
      const TierCounts c = count_tier(v.tiers[k]);
      const int room = obs[k].max - (c.serving + c.pending);
      int want = std::min(out[k], room);  // apply() kept out[k] within room already
      ScaleReason reason = lost.in_tier[k] > 0 ? ScaleReason::Replace : ScaleReason::Policy;
      if (want <= 0 && c.serving + c.pending < obs[k].min && guaranteed[k] > 0) {
        want = obs[k].min - (c.serving + c.pending);  // below its guarantee, whatever the load policy says
        reason = ScaleReason::Guarantee;
      }
      if (want > 0) want = st.plan->cut_out(w_, v, static_cast<int>(k), held, want, t);
      if (want > 0) {
        held += want;
        ask(v, static_cast<int>(k), want, reason, t);
      } else if (!st.policy || !st.policy->wants_more(static_cast<int>(k))) {
        w_.recorder.need_closed(v.index, static_cast<int>(k), t);  // nothing asked, nothing pressing
      }
    }
    rollout_tick(w_, v, cp_.rollouts[static_cast<size_t>(v.index)], t);
  }

  // A `schedule` event for each tier whose min or max in force changed since the last tick.
  void log_bounds(VsfState& st, const std::vector<TierObservation>& obs, double t) {
    for (size_t k = 0; k < obs.size() && k < st.bounds.size(); ++k) {
      const std::pair<int, int> b{obs[k].min, obs[k].max};
      if (b == st.bounds[k]) continue;
      st.bounds[k] = b;
      w_.recorder.event(t, "schedule",
                        {{"vsf", st.v->spec->name},
                         {"tier", w_.tier_name(st.v->index, static_cast<int>(k))},
                         {"min", b.first},
                         {"max", b.second}});
    }
  }

  // A forecasting policy's forecasts of this tick: one `forecast` event per tier, and the run's summary.
  void log_forecasts(const VsfRuntime& v, const std::vector<ForecastNote>& notes, double t) {
    const auto or_null = [](const std::optional<double>& x) {
      return x && std::isfinite(*x) ? nlohmann::json(*x) : nlohmann::json(nullptr);
    };
    for (const ForecastNote& f : notes) {
      w_.recorder.forecast(v.index, f.observed_rps, f.forecast_now_rps, f.reactive);
      nlohmann::json fields = {{"vsf", v.spec->name},
                               {"tier", w_.tier_name(v.index, f.tier)},
                               {"method", f.method},
                               {"forecast_rps", or_null(f.forecast_rps)},
                               {"observed_rps", f.observed_rps},
                               {"forecast_now_rps", or_null(f.forecast_now_rps)},
                               {"error", or_null(f.error)},
                               {"running_error", or_null(f.running_error)},
                               {"mode", f.reactive ? "reactive" : "predictive"}};
      if (f.for_s) fields["for_s"] = *f.for_s;  // a time is always a number: absent before the first forecast
      w_.recorder.event(t, "forecast", std::move(fields));
    }
  }

  // Lost CPUs (crashed or cut off): evicted through the slave; a lost LB is replaced at once, tier CPUs
  // with the tick's asks.
  const Lost& evict_lost(VsfRuntime& v, double t) {
    Lost& lost = scratch_.lost;
    lost.cpus.clear();
    lost.in_tier.assign(v.tiers.size(), 0);
    lost.lb = 0;
    for (CpuRuntime* c : lost_cpus(w_, v)) {
      lost.cpus.push_back(c->id);
      if (c->tier == kLbTier)
        ++lost.lb;
      else
        ++lost.in_tier[static_cast<size_t>(c->tier)];
    }
    if (!lost.cpus.empty()) to_slave(EvictLost{id_, v.index, lost.cpus});
    if (lost.lb > 0)
      ask(v, kLbTier, lost.lb, ScaleReason::Replace, t);
    else
      w_.recorder.need_closed(v.index, kLbTier, t);  // a lost LB is asked for once, at the tick after its loss
    return lost;
  }

  void ask(VsfRuntime& v, int tier, int n, ScaleReason reason, double t) {
    if (w_.recorder.keeps_events())
      w_.recorder.event(t, "scale_request",
                        {{"vsf", v.spec->name},
                         {"tier", w_.tier_name(v.index, tier)},
                         {"requested", n},
                         {"reason", to_string(reason)},
                         {"via", cp_.slave(cp_.registry.slave_of_fm(id_)).name}});
    to_slave(ScaleRequest{id_, v.index, tier, n, t, reason});
  }

  // A policy decision within the tier's min and max: a scale-out adds to `out` (which already holds this
  // tick's replacements of lost CPUs, so they count first against max), a scale-in releases the most
  // recently allocated serving CPUs through the slave. What the bounds cut is counted and logged.
  void apply(VsfState& st, const std::vector<TierObservation>& obs, const ScalingDecision& d, std::vector<int>& out,
             int& held) {
    VsfRuntime& v = *st.v;
    const TierObservation& o = obs[static_cast<size_t>(d.tier)];
    const TierRuntime& tier = v.tiers[static_cast<size_t>(d.tier)];
    const TierCounts c = count_tier(tier);
    const BoundedStep b = bound_step(o, d, c.serving, c.pending, out[static_cast<size_t>(d.tier)]);
    w_.recorder.decision_cut(v.index, d.tier, b.cut_by_max, b.cut_by_min);
    if (w_.recorder.keeps_events()) w_.recorder.event(now(), "scale_decision", decision_fields(w_, v, o, d, b));
    w_.recorder.shadow_decision(v.index, -1, d.tier, now(), c.serving + c.pending, b.applied, o.min, o.max);
    const int wanted = b.wanted;
    int n = std::abs(b.applied);
    if (wanted > 0) {
      out[static_cast<size_t>(d.tier)] += n;  // the plan's cap cuts it with the tick's other asks
      return;
    }
    n = st.plan->cut_in(w_, v, d.tier, held, n, now());
    held -= n;
    std::vector<int> cpus = newest_serving(tier, n);
    if (!cpus.empty()) to_slave(Release{id_, v.index, std::move(cpus)});
  }

  ControlPlane& cp_;
  World& w_;
  int id_;
  Process& me_;
  std::vector<VsfState> vsfs_;
  struct {
    Lost lost;
    std::vector<TierObservation> obs;
    std::vector<int> guaranteed, out;
  } scratch_;  // tick()'s
};

}  // namespace

void FarmManager::operator()() const { FarmManagerRun(*cp_, id_).run(); }

}  // namespace vsf::sim
