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
#pragma once

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
};

// The law of one visit's time at the stage: net_in + W + H + net_out, where W = 0 with probability
// 1 - wait_probability, else Exp(mean wait_given_wait_s); H = hold_const + Exp(hold_exp).
struct VisitLaw {
  double constant_s = 0;  // net_in + hold_const + net_out
  double wait_probability = 0;
  double wait_given_wait_s = 0;
  double hold_exp_s = 0;
  double net_out_s = 0;  // the part of constant_s after the work (a tier's local time ends before it)
  double mean_s() const { return constant_s + wait_probability * wait_given_wait_s + hold_exp_s; }
  // The visit time at uniforms u_wait, u_hold in [0, 1) (inverse CDFs: u_wait < 1 - wait_probability waits 0).
  double at(double u_wait, double u_hold) const;
};

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
};

// The stage offered `arrival_rate` visits/s (Poisson).
StageFlow solve_stage(const StageInput& in, double arrival_rate);

}  // namespace vsf::flow
