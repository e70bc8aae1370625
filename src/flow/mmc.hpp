// M/M/c: Poisson arrivals at rate lambda, c servers of exponential service at rate mu, one FIFO queue
// without limit. The model of a `shared_queue` tier of one-core servers (scenarios/README.md `dispatch`).
//
// Waiting time W (Erlang C): P(W > t) = C e^{-theta t}, theta = c mu - lambda, C = erlang_c(c, lambda/mu).
// Response time R = W + S, S ~ Exp(mu) independent of W (FIFO: a request's own service does not depend on
// the queue it found). So R is a mixture: with probability 1 - C it is S alone, with probability C it is
// Exp(theta) + Exp(mu) (hypoexponential), giving exactly
//   P(R > t) = (1 - C) e^{-mu t} + C (theta e^{-mu t} - mu e^{-theta t}) / (theta - mu)
//            = e^{-mu t} [1 + C mu t phi((theta - mu) t)],     phi(z) = (1 - e^{-z}) / z, phi(0) = 1,
// the second form being the one computed: it has no 0/0 at theta = mu (where the law is Erlang-2-like,
// (1 + C mu t) e^{-mu t}) and no cancellation near it. Quantiles invert it numerically (quantile.hpp).
#pragma once

#include <cstdint>

namespace vsf::flow {

struct Mmc {
  int64_t c = 1;
  double lambda = 0, mu = 1;
  bool stable = true;           // lambda < c mu; otherwise the queue grows without bound (see fluid.hpp)
  double utilization = 0;       // rho = lambda / (c mu), per server; capped at 1 when unstable
  double wait_probability = 0;  // Erlang C: an arrival finds every server busy (1 when unstable)
  double mean_wait = 0;         // C / (c mu - lambda); +inf when unstable
  double mean_response = 0;     // mean_wait + 1 / mu
  double mean_in_system = 0;    // lambda * mean_response (Little)
  double mean_queue = 0;        // lambda * mean_wait (Little)
};

// c >= 1, lambda >= 0, mu > 0.
Mmc mmc(int64_t c, double lambda, double mu);

double wait_survival(const Mmc& q, double t);      // P(W > t)
double response_survival(const Mmc& q, double t);  // P(R > t), the mixture above
double wait_quantile(const Mmc& q, double p);      // closed form: ln(C / (1 - p)) / theta, 0 if 1 - p >= C
double response_quantile(const Mmc& q, double p);  // p50 / p95 / p99 of the response time
// The fraction of requests whose response time exceeds `timeout` (they would time out). It is read off the
// law of a queue where nobody abandons: requests that give up also leave the queue, so it slightly
// overstates later waits; at the small timeout fractions a sized tier runs at, the difference is small.
double timeout_fraction(const Mmc& q, double timeout);

}  // namespace vsf::flow
