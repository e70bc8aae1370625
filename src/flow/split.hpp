// Dispatches that give each server its own queue (`round_robin`, `least_outstanding`: scenarios/README.md
// `dispatch`): the tier is modelled server by server, with the documented approximations below. A server
// of k cores and queue_limit L is an M/M/k/(k + L) queue (its FIFO holds L waiting requests beyond its busy
// cores); a one-core server is M/M/1/(1 + L).
//
// - Random split (not a vsfsim dispatch, but the reference): each of n servers sees a Poisson stream of
//   lambda / n (thinning), so per-server M/M/k/K is exact. per_server() computes it.
// - round_robin: server i gets every n-th arrival, an Erlang-n renewal stream, more regular than Poisson.
//   With one-core servers and no queue limit this is exactly n E_n/M/1 queues, solved by round_robin_gm1()
//   (GI/M/1: sigma = A*(mu (1 - sigma)), A*(s) = (lambda / (lambda + s))^n; the response is Exp(mu (1 - sigma))).
//   Otherwise per_server() is used: it overstates waits (Poisson input is burstier), the safe side for sizing.
// - least_outstanding: join-the-shortest-queue. No closed form; it lies between the M/M/c of the whole tier
//   (mmc() over all cores: a shared queue is the best any dispatch does) and round robin (tests/sim/
//   dataplane_test.cpp checks the request fidelity lies there). Use mmc()/mmck() of the tier as the estimate
//   (optimistic, within a few % at moderate load) and per_server() as the pessimistic bound.
#pragma once

#include <cstdint>

#include "flow/mmck.hpp"

namespace vsf::flow {

// One server of a tier of `servers` identical servers of `cores` cores each, sharing arrival rate
// `lambda_total` evenly (Poisson per server), service rate mu per core, queue_limit waiting places.
Mmck per_server(double lambda_total, int64_t servers, int64_t cores, double mu, int64_t queue_limit);

// E_n/M/1 for round robin over n one-core servers with unlimited queues.
struct RoundRobin {
  int64_t servers = 1;
  double lambda = 0, mu = 1;  // lambda: the whole tier's arrival rate
  bool stable = true;         // lambda < n mu
  double sigma = 0;           // the probability that an arrival waits (GI/M/1's sigma)
  double mean_wait = 0;       // sigma / (mu (1 - sigma))
  double mean_response = 0;   // 1 / (mu (1 - sigma))
};
RoundRobin round_robin_gm1(double lambda_total, int64_t servers, double mu);
double response_survival(const RoundRobin& q, double t);  // e^{-mu (1 - sigma) t}
double response_quantile(const RoundRobin& q, double p);  // -ln(1 - p) / (mu (1 - sigma))

}  // namespace vsf::flow
