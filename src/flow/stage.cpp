// A stage's queueing model between two events (see stage.hpp for which model each dispatch uses).
#include "flow/stage.hpp"

#include <algorithm>
#include <cmath>

#include "flow/mmck.hpp"
#include "flow/split.hpp"

namespace vsf::flow {

namespace {

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

}  // namespace

double VisitLaw::at(double u_wait, double u_hold) const {
  double t = constant_s;
  const double no_wait = 1 - wait_probability;
  if (u_wait >= no_wait && wait_probability > 0) t += wait_given_wait_s * std::log(wait_probability / (1 - u_wait));
  if (hold_exp_s > 0) t -= hold_exp_s * std::log1p(-u_hold);
  return t;
}

StageFlow solve_stage(const StageInput& in, double arrival_rate) {
  StageFlow f;
  f.arrival_rate = arrival_rate;
  f.capacity_cores = static_cast<double>(in.servers * in.cores);
  f.law.constant_s = in.net_in_s + in.hold_const_s + in.net_out_s;
  f.law.hold_exp_s = in.hold_exp_s;
  f.law.net_out_s = in.net_out_s;
  if (in.servers <= 0) {
    f.dropped_rate = arrival_rate;
    return f;
  }
  const double hold = in.hold_const_s + in.hold_exp_s;
  if (arrival_rate <= 0 || hold <= 0) {  // no load, or work that takes no time: nothing ever waits
    f.admitted_rate = arrival_rate;
  } else {
    const double mu = 1 / hold;
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
  }
  (in.faulty ? f.fault_rate : f.done_rate) = f.admitted_rate;
  return f;
}

}  // namespace vsf::flow
