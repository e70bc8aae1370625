// One stage of a VSF in flow fidelity: its load balancer, or one of its tiers, at one moment (between two
// events). The stage's servers, dispatch and service time give a queueing model (mmc.hpp, mmck.hpp,
// split.hpp); solve_stage() reads off what the request fidelity would measure on average: visits served,
// dropped and abandoned, busy cores, and the law of one visit's time at the stage.
//
// The models, by dispatch (scenarios/README.md `dispatch`), for n servers of k cores, queue_limit L:
//  - shared_queue: M/M/(nk)/(nk + nL) over the whole tier (exact for exponential work and no SAN read);
//  - round_robin: each server M/M/k/(k + L) on a Poisson share lambda / n (blocking), with the waits of
//    E_n/M/1 when k = 1 and nothing is blocked (split.hpp);
//  - least_outstanding: M/M/(nk)/(nk + nL) of the tier (join-shortest-queue is close to a shared queue).
// Service: a core is held for the role's work (exponential or constant) plus the SAN read (constant):
// H = d + Exp(e). The queue is solved with mu = 1 / (d + e); for d > 0 the mean wait is scaled by
// (1 + cs^2) / 2, cs^2 = e^2 / (d + e)^2 (Allen-Cunneen: exact for M/M/c, within ~10 % for M/D/c).
// Timeouts: a request abandons a queue at its deadline, so the queue never holds more than a timeout's
// worth of work; the place limit is cut to the cores plus c mu timeout, and arrivals beyond the cut count
// as timed out rather than dropped.
// Overload (fluid.hpp): while the stage is offered more than its cores serve (lambda > nu = cores x mu),
// or still holds a backlog b of waiting visits from such a time, it is a fluid instead: every core busy,
// nu visits done per second, b moving at slope lambda - nu between 0 and the waiting places Q (full: the
// excess is dropped, or abandoned if Q was cut by the timeout), a visit admitted when the backlog is b
// waiting b / nu. The regime holds until the backlog empties or fills (time_to_change_s); the caller solves
// the stage again then. A backlog above Q (servers left) is dropped at once (excess).
#pragma once

#include <cmath>
#include <cstdint>

#include "model/vsf_spec.hpp"

namespace vsf::flow {

struct StageInput {
  int64_t servers = 0;  // accepting servers (0: every arrival is dropped)
  int64_t cores = 1;    // per server
  Dispatch dispatch = Dispatch::SharedQueue;
  int64_t queue_limit = 0;  // waiting places per server
  double hold_const_s = 0;  // constant part of a visit's core time (constant work, SAN read)
  double hold_exp_s = 0;    // mean of its exponential part (exponential work)
  double net_in_s = 0;      // the request's transfer from the caller to the server
  double net_out_s = 0;     // the response's transfer back
  double timeout_s = 30;    // the VSF's timeout (abandonment)
  bool faulty = false;      // its SAN reads fail (storage down): every admitted visit is lost to the fault
  double backlog = 0;       // visits waiting (fluid) when the stage is solved
  // Servers lent from another site (issue 14): the share of the stage's visits they take (their share of
  // its cores: every dispatch spreads load over cores alike), and what such a visit pays on top of
  // net_in_s / net_out_s for crossing the WAN, before its work (request, SAN read) and after it (response).
  double remote_share = 0;
  double remote_in_s = 0, remote_out_s = 0;
  // Of remote_in_s, what the lent server's longer SAN read takes (bridged SAN): it holds a core meanwhile, so
  // it counts in the stage's core time (mean_hold_s) as well as in the visit's time.
  double remote_hold_s = 0;
  double mean_hold_s() const { return hold_const_s + hold_exp_s + remote_share * remote_hold_s; }
};

// The law of one visit's time at the stage: net_in + W + H + net_out, where W = 0 with probability
// 1 - wait_probability, else Exp(mean wait_given_wait_s); H = hold_const + Exp(hold_exp). In a fluid
// regime W is uniform between fluid_wait_from_s and fluid_wait_to_s instead (the backlog moves linearly
// over the accounted interval, and admitted arrivals are spread evenly over it: see span_fluid()).
struct VisitLaw {
  double constant_s = 0;  // net_in + hold_const + net_out
  double wait_probability = 0;
  double wait_given_wait_s = 0;
  double hold_exp_s = 0;
  double net_out_s = 0;  // the part of constant_s after the work (a tier's local time ends before it)
  // A mixture (lent servers, StageInput::remote_share): with probability remote_share the visit also pays
  // remote_in_s + remote_out_s (remote_out_s after the work). remote_at() is that extra at uniform u_site.
  double remote_share = 0, remote_in_s = 0, remote_out_s = 0;
  bool fluid = false;
  double fluid_wait_from_s = 0, fluid_wait_to_s = 0;
  double mean_s() const;
  // The visit time at uniforms u_wait, u_hold in [0, 1) (inverse CDFs: u_wait < 1 - wait_probability waits 0).
  double at(double u_wait, double u_hold) const;
  double remote_at(double u_site) const { return u_site < remote_share ? remote_in_s + remote_out_s : 0; }
};

// Inline: called per sample and visit (billions in a data-centre day).
inline double VisitLaw::at(double u_wait, double u_hold) const {
  double t = constant_s;
  if (fluid) {
    t += fluid_wait_from_s + (fluid_wait_to_s - fluid_wait_from_s) * u_wait;
  } else if (u_wait >= 1 - wait_probability && wait_probability > 0) {
    t += wait_given_wait_s * std::log(wait_probability / (1 - u_wait));
  }
  if (hold_exp_s > 0) t -= hold_exp_s * std::log1p(-u_hold);
  return t;
}

struct StageFlow {
  double arrival_rate = 0;    // visits/s arriving
  double admitted_rate = 0;   // visits/s that got a place
  double done_rate = 0;       // visits/s whose work at the stage is done
  double dropped_rate = 0;    // full queue or no server
  double abandoned_rate = 0;  // would wait past the deadline (counted as timed out)
  double fault_rate = 0;      // admitted but lost to a fault (faulty)
  double busy_cores = 0;      // mean cores busy
  double capacity_cores = 0;  // servers x cores
  double mean_wait_s = 0;     // of admitted visits
  VisitLaw law;
  // fluid regime (law.fluid)
  double queued_rate = 0;                 // admitted - done: the backlog's slope (< 0: it drains)
  double backlog = 0;                     // at the solve, after any excess was dropped
  double excess = 0;                      // backlog above the places, dropped at the solve
  double places = 0;                      // waiting places Q
  double service_rate = 0;                // nu, visits/s
  double time_to_change_s = INFINITY;     // until the backlog empties or fills (then solve again)
  double backlog_after(double dt) const;  // the backlog dt after the solve (regime unchanged)
};

// The stage offered `arrival_rate` visits/s (Poisson).
StageFlow solve_stage(const StageInput& in, double arrival_rate);
// Sets a fluid stage's wait range for an interval of dt from the solve (no-op for a stationary one).
void span_fluid(StageFlow& s, double dt);

}  // namespace vsf::flow
