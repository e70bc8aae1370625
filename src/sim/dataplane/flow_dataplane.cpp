// Flow fidelity's runtime (see flow_dataplane.hpp): solving a VSF's flow, accounting it between events,
// and the flow actor that steps the offered rates.
#include "sim/dataplane/flow_dataplane.hpp"

#include <xbt/log.h>

#include <algorithm>
#include <cmath>
#include <simgrid/s4u.hpp>

#include "metrics/lending_stats.hpp"
#include "sim/dataplane/flow_inputs.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_flow, vsf_dataplane, "vsfsim flow fidelity: fluid tiers between events");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

TierRuntime& stage_tier(VsfRuntime& v, size_t k) {
  if (v.lb_role != nullptr) return k == 0 ? v.lb_tier : v.tiers[k - 1];
  return v.tiers[k];
}

// Busy cores are the flow's mean, constant until the next solve: the integrals change value here.
void set_busy(FlowRuntime& f, double t) {
  VsfRuntime& v = *f.v;
  double vsf_busy = 0;
  for (size_t k = 0; k < f.flow.stages.size(); ++k) {
    TierRuntime& tier = stage_tier(v, k);
    const double busy = f.flow.stages[k].busy_cores;
    tier.busy.add(t, busy - tier.busy.value());
    if (tier.in_vsf_utilization) vsf_busy += busy;
  }
  v.busy.add(t, vsf_busy - v.busy.value());
}

// Response-time samples of the interval being accounted: drawn afresh for every interval, so that a flow
// that holds for long is described by many samples, not the same few again.
void draw(FlowRuntime& f, double dt) {
  const double requests = std::ceil(std::max(f.flow.answered, f.flow.offered) * dt);
  const int n = static_cast<int>(std::clamp(requests, double{kMinFlowSamples}, double{kMaxFlowSamples}));
  flow::response_samples(f.flow, n, kTierFlowSamples, f.rng, f.response, f.local,
                         f.w->global_manager != nullptr ? &f.on_lent : nullptr);    // lending.response_s
  const double miss_s = f.v->spec->cdn_origin >= 0 ? cdn_edge_misses(*f.w, f) : 0;  // a CDN edge's misses
  const double timeout = f.v->spec->timeout_s;
  int late = 0;
  double in_time_sum = 0;
  for (double r : f.response) (r > timeout ? ++late : (in_time_sum += r, 0));
  f.late_fraction = static_cast<double>(late) / n;
  // No sample late: the exact mean (the closed forms'); otherwise the mean of the samples in time.
  f.served_mean_s = late == 0 ? f.flow.mean_response_s + miss_s : in_time_sum / std::max(1, n - late);
}

void record(FlowRuntime& f, double t, double dt);

double due(const FlowRuntime& f) { return std::min(f.rate_until, f.change_at); }

// Queues the VSF at its due time, waking the flow actor if that is before its planned wake.
void schedule(FlowRuntime& f) {
  FlowClock& c = *f.clock;
  c.due.emplace(due(f), f.v->index);
  if (due(f) < c.wake_at) c.early->release();
}

void resolve_other_edges(const FlowRuntime& f, double t) {
  for (auto& vp : f.w->vsfs) {
    FlowRuntime* e = vp->flow.get();
    if (e == nullptr || e == &f || vp->spec->cdn_origin < 0 || e->change_at <= t) continue;
    e->change_at = t;
    schedule(*e);
  }
}

// Solves again the VSFs listed in FlowClock::reprice whose lent visits' prices changed (and CDN edges).
void drain_reprice(World& w, FlowClock& c) {
  c.repricing = true;
  while (!c.reprice.empty()) {
    const std::vector<int> vsfs = std::move(c.reprice);
    c.reprice.clear();
    for (int index : vsfs) {
      FlowRuntime& o = *w.vsfs[static_cast<size_t>(index)]->flow;
      o.reprice_pending = false;
      if (lent_prices_changed(w, o)) {
        FlowChange change(&o);
      }
    }
  }
  c.repricing = false;
}

// The other flow VSFs whose prices read the WAN load that f's solve just changed: the lenders (lent_wan.hpp)
// and, when f's lent traffic changed, the CDN edges, solved again at this instant. Within the flow actor's
// wake they wait until every VSF due now is solved (the changes of an instant come together into one solve
// each); from any other actor, at once.
void reprice_wan_sharers(const FlowRuntime& f, bool edges_too) {
  FlowClock& c = *f.clock;
  for (auto& vp : f.w->vsfs) {
    FlowRuntime* o = vp->flow.get();
    if (o == nullptr || o == &f || o->reprice_pending) continue;
    if (o->lent_wan.empty() && !(edges_too && vp->spec->cdn_origin >= 0)) continue;
    o->reprice_pending = true;
    c.reprice.push_back(vp->index);
  }
  if (!c.repricing) drain_reprice(*f.w, c);
}

void solve(FlowRuntime& f) {
  const double t = now();
  flow::VsfFlowInput& in = f.input;
  flow_input(*f.w, *f.v, f.rate, f.routes, in);
  const bool lent_changed = price_lent(*f.w, f, in);
  const bool wan_changed = f.v->spec->cdn_origin >= 0 && cdn_edge_input(*f.w, f, in);
  f.backlog.resize(in.stages.size(), 0.0);
  for (size_t k = 0; k < in.stages.size(); ++k) in.stages[k].backlog = f.backlog[k];
  flow::solve_vsf(in, f.flow);
  f.local.resize(f.flow.stages.size());  // until samples are drawn: none (tier_flow takes an empty list)
  for (size_t k = 0; k < f.flow.stages.size(); ++k) f.backlog[k] = f.flow.stages[k].backlog;
  if (f.flow.excess > 0) {  // a backlog above its stage's places (servers left): dropped now
    FlowOutcomes o;
    o.offered = 0;
    o.dropped = f.flow.excess;
    f.w->recorder.flow_outcomes(f.v->index, t, o);
  }
  set_busy(f, t);
  f.change_at = t + f.flow.time_to_change_s;
  schedule(f);
  // A CDN edge's serving caches set its hit ratio, so its origin's rate: read again now.
  if (f.v->spec->cdn_origin >= 0) {
    FlowRuntime* o = f.w->vsfs[static_cast<size_t>(f.v->spec->cdn_origin)]->flow.get();
    if (o != nullptr && o->rate_until > t) {
      o->rate_until = t;
      schedule(*o);
    }
  }
  // Its misses load the WAN links the other CDN edges' misses cross: they are solved again now (they were
  // accounted up to now by the FlowChange that led here); their own solve changes no load, so this stops.
  if (wan_changed) resolve_other_edges(f, t);
  if (lent_changed || (wan_changed && !f.w->wan_lenders.empty())) reprice_wan_sharers(f, lent_changed);
}

// Accounts [f.last_t, t) under the current flow; its fluid backlogs move on.
void advance(FlowRuntime& f, double t) {
  const double dt = t - f.last_t;
  if (dt <= 0) return;
  f.last_t = t;
  flow::span(f.flow, dt);
  if (f.flow.answered > 0 || f.flow.offered > 0) draw(f, dt);  // no traffic: nothing to sample
  record(f, t, dt);
  for (size_t k = 0; k < f.flow.stages.size(); ++k) {
    flow::StageFlow& s = f.flow.stages[k];
    f.busy_joules += s.busy_cores * dt * f.routes[k].watts_per_core;
    s.backlog = f.backlog[k] = s.backlog_after(dt);
    s.time_to_change_s -= dt;
  }
}

void record(FlowRuntime& f, double t, double dt) {
  VsfRuntime& v = *f.v;
  Recorder& rec = f.w->recorder;
  const flow::VsfFlow& fl = f.flow;
  const double answered = fl.answered * dt;
  FlowOutcomes o;
  o.offered = fl.offered * dt;
  o.served = answered * (1 - f.late_fraction);
  o.timed_out = answered * f.late_fraction + fl.abandoned * dt;
  o.dropped = (fl.dropped + fl.fault) * dt;
  o.dropped_by_faults = fl.fault * dt;
  o.response_sum_s = o.served * f.served_mean_s;
  o.samples = &f.response;
  o.timeout_s = v.spec->timeout_s;
  rec.flow_outcomes(v.index, t, o);
  cdn_count(f, o.offered);
  v.window.offered(o.offered);
  const double per_sample = f.response.empty() ? 0 : answered / static_cast<double>(f.response.size());
  if (per_sample > 0) v.window.responses(f.response, per_sample);
  if (LendingStats* ls = rec.lending(); ls != nullptr && per_sample > 0 && f.on_lent.size() == f.response.size())
    for (size_t i = 0; i < f.response.size(); ++i)  // in time: served (late ones time out)
      if (f.response[i] <= v.spec->timeout_s) ls->served(f.on_lent[i] != 0, f.response[i], per_sample);
  const size_t first_tier = v.lb_role != nullptr ? 1 : 0;
  for (size_t k = first_tier; k < fl.stages.size(); ++k) {
    const flow::StageFlow& s = fl.stages[k];
    rec.tier_flow(v.index, static_cast<int>(k - first_tier), t, s.arrival_rate * dt, s.done_rate * dt, f.local[k]);
  }
}

constexpr double kEps = 1e-9;  // the engine's clock after a timed wait may be off by rounding

// The VSF's offered rate from t on, held until f.rate_until (set here): the mean rate up to the next
// step boundary (multiples of flow.resolution), the rate's next jump or the VSF's start or end, whichever comes
// first, so steps, trace points, weekend edges, starts and ends are taken exactly; 0 before the start and from the end.
double next_rate(FlowRuntime& f, double t, double step, double end) {
  const VsfRuntime& v = *f.v;
  double until = std::min(end, (std::floor(t / step + kEps) + 1) * step);
  if (t < v.spec->start_s - kEps || t >= v.spec->end_s - kEps) {  // before its start, or decommissioned
    f.rate_until = t < v.spec->start_s - kEps ? std::min(until, v.spec->start_s) : until;
    return 0;
  }
  if (!v.spec->cdn_edges.empty()) {  // a CDN's origin: its edges' misses
    f.rate_until = std::min(until, v.spec->end_s);
    return cdn_origin_rate(*f.w, v, t, f.rate_until);
  }
  f.rate_until = std::min({until, v.rate.next_break(t + kEps), v.spec->end_s});
  return v.rate.mean_rate(t, f.rate_until);
}

// The flow actor: wakes when some flow VSF's rate is due to change (next_rate) or a fluid backlog of one
// empties or fills, and solves those VSFs again; the others are not touched.
class Stepper {
 public:
  Stepper(World& w, std::shared_ptr<FlowClock> clock) : w_(&w), clock_(std::move(clock)) {}
  void operator()() const {
    World& w = *w_;
    FlowClock& c = *clock_;
    for (;;) {
      const double t = now();
      if (t >= w.end_s - kEps) return;
      c.repricing = true;  // drained after the VSFs due now
      while (!c.due.empty() && c.due.top().first <= t + kEps) {
        const auto [when, index] = c.due.top();
        c.due.pop();
        FlowRuntime& f = *w.vsfs[static_cast<size_t>(index)]->flow;
        if (when != due(f)) continue;  // superseded by a later schedule()
        step(f, t);
        schedule(f);
      }
      drain_reprice(w, c);  // their WAN load changed (reprice_wan_sharers)
      const double wake = c.due.empty() ? w.end_s : std::min(w.end_s, c.due.top().first);
      c.wake_at = wake;
      c.early->acquire_timeout(std::max(0.0, wake - t));  // a solve may wake us before
    }
  }

 private:
  // The VSF at time t: its next rate if its rate is due, solved again if that changes or its backlog is due.
  void step(FlowRuntime& f, double t) const {
    const bool rate_due = f.rate_until <= t + kEps;
    const double r = rate_due ? next_rate(f, t, w_->scenario.flow.resolution_s, w_->end_s) : f.rate;
    if (r != f.rate || f.change_at <= t + kEps) {
      FlowChange change(&f);
      f.rate = r;
    }
  }

  World* w_;
  std::shared_ptr<FlowClock> clock_;
};

}  // namespace

void start_flow(World& w) {
  auto clock = std::make_shared<FlowClock>();
  clock->early = sg4::Semaphore::create(0);
  clock->wake_at = -INFINITY;  // the actor reads the queue before it first waits: no need to wake it
  bool any = false;
  for (auto& vp : w.vsfs) {
    VsfRuntime& v = *vp;
    if (v.spec->fidelity != Fidelity::Flow) continue;
    auto f = std::make_unique<FlowRuntime>();
    f->w = &w;
    f->v = &v;
    f->clock = clock;
    f->rng = flow::SampleRng(stream_seed(w.scenario.seed, Stream::Flow, v.index));
    v.lb_tier.flow = f.get();
    for (TierRuntime& t : v.tiers) t.flow = f.get();
    v.flow = std::move(f);
    solve(*v.flow);
    any = true;
  }
  if (any) sg4::Actor::create("flow", w.platform.fabric, Stepper(w, clock));
}

void sync_dataplane(World&, VsfRuntime& v) {
  if (v.flow) advance(*v.flow, now());
}

FlowChange::FlowChange(FlowRuntime* f) : f_(f) {
  if (f_ == nullptr || f_->changing++ > 0) return;
  if (!is_cdn(*f_->v)) {
    advance(*f_, now());
    return;
  }
  // A CDN's edges and origin read each other (misses, WAN load, origin response): all accounted under the
  // state that held until now before any of them changes.
  for (auto& v : f_->w->vsfs)
    if (v->flow && is_cdn(*v)) advance(*v->flow, now());
}

FlowChange::~FlowChange() {
  if (f_ != nullptr && --f_->changing == 0) solve(*f_);
}

void sync_all_flows(World& w) {
  for (auto& v : w.vsfs)
    if (v->flow) advance(*v->flow, now());
}

double busy_joules_at(const FlowRuntime& f, double t) {
  double j = f.busy_joules;
  for (size_t k = 0; k < f.flow.stages.size() && k < f.routes.size(); ++k)
    j += f.flow.stages[k].busy_cores * (t - f.last_t) * f.routes[k].watts_per_core;
  return j;
}

double flow_busy_joules(const World& w) {
  double j = 0;
  for (const auto& v : w.vsfs)
    if (v->flow) j += v->flow->busy_joules;
  return j;
}

void solve_all_flows(World& w) {
  for (auto& v : w.vsfs) {
    if (!v->flow) continue;
    v->flow->routes.clear();  // a fault may have slowed a link or moved a VSF's storage
    solve(*v->flow);
  }
}

}  // namespace vsf::sim
