// A stage's queueing model between two events (see stage.hpp for which model each dispatch uses).
#include "flow/stage.hpp"

#include <algorithm>
#include <cmath>

#include "flow/mmck.hpp"
#include "flow/split.hpp"

namespace vsf::flow {

namespace {

constexpr double kSnapS = 1e-6;     // a fluid backlog this close (in time) to empty or full is there
constexpr double kFluidQueueS = 1;  // a queue holding more work than this (at full speed) may be a fluid

// A queue's places: its cores plus its waiting places, cut to a timeout's worth of work.
struct Places {
  int64_t k = 0;
  bool cut_by_timeout = false;
};

Places places(int64_t cores, int64_t waiting, double mu, double timeout_s) {
  const double worth = std::floor(static_cast<double>(cores) * mu * timeout_s);
  Places p{cores + waiting, false};
  if (worth < static_cast<double>(waiting)) p = {cores + static_cast<int64_t>(worth), true};
  return p;
}

// Whether the stage's waiting places hold more than kFluidQueueS of its cores' work. A smaller queue
// fills or drains within a second of a change, so M/M/c/K's stationary law (at any load: a finite queue
// is stable) describes it better than a fluid, which ignores the randomness that keeps it from filling.
bool big_queue(const StageInput& in, double mu) {
  const int64_t cores = in.servers * in.cores;
  const Places p = places(cores, in.servers * in.queue_limit, mu, in.timeout_s);
  return static_cast<double>(p.k - cores) > kFluidQueueS * static_cast<double>(cores) * mu;
}

}  // namespace

double VisitLaw::mean_s() const {
  const double wait = fluid ? (fluid_wait_from_s + fluid_wait_to_s) / 2 : wait_probability * wait_given_wait_s;
  return constant_s + wait + hold_exp_s + remote_share * (remote_in_s + remote_out_s);
}

double StageFlow::backlog_after(double dt) const {
  if (!law.fluid) return 0;
  return std::clamp(backlog + queued_rate * dt, 0.0, places);
}

void span_fluid(StageFlow& s, double dt) {
  if (!s.law.fluid || s.service_rate <= 0) return;
  s.law.fluid_wait_from_s = s.backlog / s.service_rate;
  s.law.fluid_wait_to_s = s.backlog_after(dt) / s.service_rate;
  s.mean_wait_s = (s.law.fluid_wait_from_s + s.law.fluid_wait_to_s) / 2;
}

namespace {

// Every core busy, the backlog moving linearly (see stage.hpp, Overload).
void solve_fluid(const StageInput& in, double mu, StageFlow& f) {
  const int64_t cores = in.servers * in.cores;
  const Places p = places(cores, in.servers * in.queue_limit, mu, in.timeout_s);
  const double nu = static_cast<double>(cores) * mu, lambda = f.arrival_rate;
  f.places = static_cast<double>(p.k - cores);
  f.service_rate = nu;
  f.backlog = std::min(in.backlog, f.places);
  f.excess = in.backlog - f.backlog;
  if (lambda > nu && (f.places - f.backlog) / (lambda - nu) < kSnapS) f.backlog = f.places;  // full now
  const bool full = f.backlog >= f.places && lambda >= nu;
  f.admitted_rate = full ? nu : lambda;
  (p.cut_by_timeout ? f.abandoned_rate : f.dropped_rate) = lambda - f.admitted_rate;
  (in.faulty ? f.fault_rate : f.done_rate) = nu;
  f.queued_rate = f.admitted_rate - nu;
  if (f.queued_rate > 0) f.time_to_change_s = (f.places - f.backlog) / f.queued_rate;
  if (f.queued_rate < 0) f.time_to_change_s = f.backlog / -f.queued_rate;
  f.busy_cores = f.capacity_cores;
  f.law.fluid = true;
  f.law.wait_probability = 1;
  f.law.fluid_wait_from_s = f.law.fluid_wait_to_s = f.mean_wait_s = f.backlog / nu;
}

// Below capacity with no backlog: the stationary queue of the stage's dispatch.
void solve_stationary(const StageInput& in, double mu, StageFlow& f) {
  const double arrival_rate = f.arrival_rate;
  const double hold = in.mean_hold_s();
  const bool per_server = in.dispatch == Dispatch::RoundRobin;
  const int64_t queues = per_server ? in.servers : 1;
  const int64_t cores = per_server ? in.cores : in.servers * in.cores;
  const int64_t waiting = per_server ? in.queue_limit : in.servers * in.queue_limit;
  const Places p = places(cores, waiting, mu, in.timeout_s);
  const Mmck q = mmck(cores, p.k, arrival_rate / static_cast<double>(queues), mu);
  f.admitted_rate = arrival_rate * (1 - q.blocking);
  (p.cut_by_timeout ? f.abandoned_rate : f.dropped_rate) = arrival_rate * q.blocking;
  double wait_probability = q.wait_probability, mean_wait = q.mean_wait;
  if (per_server && in.cores == 1 && q.blocking < 1e-12) {  // round robin's E_n/M/1 (split.hpp)
    const RoundRobin rr = round_robin_gm1(arrival_rate, in.servers, mu);
    if (rr.stable) wait_probability = rr.sigma, mean_wait = rr.mean_wait;
  }
  if (in.hold_const_s > 0) {  // Allen-Cunneen: scale M/M/c's wait by (1 + cs^2) / 2
    const double cs = in.hold_exp_s / hold;
    mean_wait *= (1 + cs * cs) / 2;
  }
  f.mean_wait_s = std::isfinite(mean_wait) ? mean_wait : 0;
  f.law.wait_probability = std::clamp(wait_probability, 0.0, 1.0);
  f.law.wait_given_wait_s = f.law.wait_probability > 0 ? f.mean_wait_s / f.law.wait_probability : 0;
  f.busy_cores = std::min(f.capacity_cores, f.admitted_rate * hold);
  (in.faulty ? f.fault_rate : f.done_rate) = f.admitted_rate;
}

}  // namespace

StageFlow solve_stage(const StageInput& in, double arrival_rate) {
  StageFlow f;
  f.arrival_rate = arrival_rate;
  f.capacity_cores = static_cast<double>(in.servers * in.cores);
  f.law.constant_s = in.net_in_s + in.hold_const_s + in.net_out_s;
  f.law.hold_exp_s = in.hold_exp_s;
  f.law.net_out_s = in.net_out_s;
  f.law.remote_share = std::clamp(in.remote_share, 0.0, 1.0);
  f.law.remote_in_s = in.remote_in_s;
  f.law.remote_out_s = in.remote_out_s;
  if (in.servers <= 0) {  // no server: arrivals dropped, a backlog with them
    f.dropped_rate = arrival_rate;
    f.excess = in.backlog;
    return f;
  }
  const double hold = in.mean_hold_s();
  if (hold <= 0) {  // work that takes no time: nothing ever waits
    f.admitted_rate = arrival_rate;
    (in.faulty ? f.fault_rate : f.done_rate) = arrival_rate;
    return f;
  }
  const double mu = 1 / hold, nu = f.capacity_cores * mu;
  // A backlog a microsecond from empty is empty: the regime would change again at once (and rounding
  // would keep a crumb of it alive for ever).
  const bool draining_now = arrival_rate < nu && in.backlog / (nu - arrival_rate) < kSnapS;
  if (big_queue(in, mu) && ((in.backlog > 0 && !draining_now) || arrival_rate > nu)) {
    solve_fluid(in, mu, f);
    return f;
  }
  f.excess = in.backlog;  // a backlog left (a small queue now): M/M/c/K's law holds within a second
  if (arrival_rate > 0) solve_stationary(in, mu, f);
  return f;
}

}  // namespace vsf::flow
