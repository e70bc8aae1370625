// M/M/c/K: M/M/c with room for K requests in all (c in service, K - c waiting); an arrival that finds K
// is lost. The model of a `shared_queue` tier with a finite `queue_limit` (scenarios/README.md: the shared
// queue holds at most queue_limit x accepting servers, whatever their cores, so K = cores + queue_limit x
// servers: see shared_queue_capacity; K = c + queue_limit only for a tier of one server). K = c
// (queue_limit 0) is Erlang's loss system. The queue's limit is checked on arrival, as here.
//
// Stationary law (birth-death): pi_n ~ a^n / n! for n <= c, pi_{c+j} = pi_c rho^j for j = 0..Q, with
// a = lambda / mu, rho = a / c, Q = K - c. Below c the mass relative to pi_c is 1/B - 1 (B = erlang_b(c, a),
// since pi_c / P(N <= c) = B), so pi_c = 1 / (1/B - 1 + sum_{j=0}^{Q} rho^j). It is kept as a logarithm
// and the geometric sums are taken through log_geometric_range, so rho > 1 with Q = 10^7 stays finite.
// Blocking P_K = pi_c rho^Q (PASTA: arrivals see the stationary law); throughput lambda (1 - P_K); mean
// response by Little over admitted requests, L / (lambda (1 - P_K)).
//
// Response time of an admitted request: it finds c + j in the system with probability
// q_j = pi_{c+j} / (1 - P_K), j < Q, and then waits j + 1 completions at rate nu = c mu (Erlang(j+1, nu)),
// else no wait; then Exp(mu) service. Written in phases of rate nu (uniformization), the service is a
// geometric number G >= 1 of phases (P(G > g) = r^g, r = 1 - 1/c), so R ~ Erlang(J + G, nu) with J the wait
// phases, and P(R > t) = sum_i Poisson(nu t; i) P(J + G > i), P(J + G > i) = A(i) + P(J > i),
// A(i) = sum_{k <= i} P(J = k) r^{i-k}. As P(J = k) = q_0 rho^{k-1} for 1 <= k <= Q, A(i) is two geometric
// sums, (1 - P_wait) r^i + q_0 r^{i-1} sum_{k<min(i,Q)} (rho / r)^k, taken in closed form. Poisson weights
// outside nu t +- (12 sqrt(nu t) + 10) add up to less than e^{-70} and are skipped, so an evaluation costs
// O(sqrt(nu t)) terms (about 25 sqrt(c mu t)): tens of microseconds for c = 20, milliseconds for c = 10,000.
// When rho < 1 and rho^Q is below 1e-18 (1 - rho), the law is M/M/c's to double precision and its closed form
// (mmc.hpp) is used instead.
#pragma once

#include <cstdint>

namespace vsf::flow {

struct Mmck {
  int64_t c = 1, k = 1;
  double lambda = 0, mu = 1;
  double blocking = 0;          // P_K: the fraction of arrivals dropped
  double throughput = 0;        // lambda (1 - P_K), the rate served
  double utilization = 0;       // throughput / (c mu), per server
  double wait_probability = 0;  // of an admitted request: it finds every server busy
  double mean_wait = 0;         // of admitted requests
  double mean_response = 0;     // of admitted requests: mean_wait + 1 / mu
  double mean_in_system = 0;    // L
  double mean_queue = 0;        // Lq
  double log_pi_c = 0;          // log pi_c, and log rho: what the response-time law needs
  double log_rho = 0;
};

// c >= 1, k >= c, lambda >= 0, mu > 0. Any load: a finite queue is stable even when lambda > c mu.
Mmck mmck(int64_t c, int64_t k, double lambda, double mu);

// K of a shared_queue tier: its cores plus queue_limit waiting places per accepting server.
int64_t shared_queue_capacity(int64_t cores, int64_t accepting_servers, int64_t queue_limit);

double response_survival(const Mmck& q, double t);  // P(R > t) of admitted requests
double response_quantile(const Mmck& q, double p);
// Admitted requests whose response exceeds `timeout` (no abandonment, as for Mmc).
double timeout_fraction(const Mmck& q, double timeout);

}  // namespace vsf::flow
