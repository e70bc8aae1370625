#include "flow/mmck.hpp"

#include <algorithm>
#include <cmath>

#include "flow/erlang.hpp"
#include "flow/mmc.hpp"
#include "flow/quantile.hpp"

namespace vsf::flow {

namespace {

double log_add(double x, double y) {  // log(e^x + e^y)
  if (x < y) std::swap(x, y);
  if (std::isinf(y) && y < 0) return x;
  if (std::isinf(x)) return x;
  return x + std::log1p(std::exp(y - x));
}

// P(J > i) = sum_{j=i}^{Q-1} q_j: the admitted request waits more than i phases.
double wait_phases_above(const Mmck& q, int64_t i, double log_admitted) {
  const int64_t queue = q.k - q.c;
  if (i >= queue) return 0;
  return std::exp(q.log_pi_c + detail::log_geometric_range(i, queue - i, q.log_rho) - log_admitted);
}

// A(i) = sum_{k <= i} P(J = k) r^{i-k}, r = 1 - 1/c: the phases left after i when the service (geometric
// phases) started behind k wait phases. Closed form (mmck.hpp); c = 1 has r = 0 and keeps only k = i.
double served_phases_part(const Mmck& q, int64_t i, double log_admitted) {
  const int64_t queue = q.k - q.c;
  const double no_wait = 1 - q.wait_probability;
  const double log_q0 = q.log_pi_c - log_admitted;  // log P(J = 1)
  if (q.c == 1) {
    if (i == 0) return no_wait;
    return i <= queue ? std::exp(log_q0 + static_cast<double>(i - 1) * q.log_rho) : 0;
  }
  const double log_r = std::log1p(-1 / static_cast<double>(q.c));
  const double di = static_cast<double>(i);
  double a = no_wait * std::exp(di * log_r);
  const int64_t m = std::min(i, queue);
  if (m > 0) a += std::exp(log_q0 + (di - 1) * log_r + detail::log_geometric_range(0, m, q.log_rho - log_r));
  return a;
}

}  // namespace

Mmck mmck(int64_t c, int64_t k, double lambda, double mu) {
  Mmck q;
  q.c = c;
  q.k = k;
  q.lambda = lambda;
  q.mu = mu;
  q.mean_response = 1 / mu;
  if (lambda <= 0) {
    q.log_pi_c = -INFINITY;
    q.log_rho = -INFINITY;
    return q;
  }
  const double a = lambda / mu, cd = static_cast<double>(c);
  const int64_t queue = k - c;
  q.log_rho = std::log1p((a - cd) / cd);  // log(a / c), exact next to rho = 1
  const double b = erlang_b(c, a);
  const double log_below = b > 0 ? std::log1p(-b) - std::log(b) : INFINITY;  // log(1/B - 1)
  const double log_top = detail::log_geometric_range(0, queue + 1, q.log_rho);
  q.log_pi_c = -log_add(log_below, log_top);
  q.blocking = std::exp(q.log_pi_c + static_cast<double>(queue) * q.log_rho);
  q.throughput = lambda * (1 - q.blocking);
  q.utilization = q.throughput / (cd * mu);
  const double admitted = 1 - q.blocking;
  q.wait_probability =
      queue > 0 ? std::exp(q.log_pi_c + detail::log_geometric_range(0, queue, q.log_rho)) / admitted : 0;
  q.mean_queue = std::exp(q.log_pi_c + log_top) * detail::truncated_geometric_mean(queue, -q.log_rho);
  q.mean_in_system = a * admitted + q.mean_queue;
  q.mean_wait = q.mean_queue / q.throughput;
  q.mean_response = q.mean_wait + 1 / mu;
  return q;
}

int64_t shared_queue_capacity(int64_t cores, int64_t accepting_servers, int64_t queue_limit) {
  return cores + queue_limit * accepting_servers;
}

double response_survival(const Mmck& q, double t) {
  if (t <= 0) return 1;
  const auto queue = static_cast<double>(q.k - q.c);
  if (q.log_rho < 0 && queue * q.log_rho < std::log(1e-18 * -std::expm1(q.log_rho))) {
    // The places past Q hold less than 1e-18 of an infinite queue's mass: M/M/c's closed form is the same law
    // to double precision, at O(1) instead of O(sqrt(c mu t)) (the default queue_limit of 1000 lands here).
    Mmc inf;
    inf.c = q.c;
    inf.lambda = q.lambda;
    inf.mu = q.mu;
    inf.wait_probability = q.wait_probability;
    return response_survival(inf, t);
  }
  const double nu = static_cast<double>(q.c) * q.mu, x = nu * t;
  const double log_admitted = std::log1p(-q.blocking);
  const double spread = 12 * std::sqrt(x) + 10;
  const auto lo = static_cast<int64_t>(std::max(0.0, std::floor(x - spread)));
  const auto hi = static_cast<int64_t>(std::ceil(x + spread));
  const double lo_d = static_cast<double>(lo);
  double weight = std::exp(-x + lo_d * std::log(x) - std::lgamma(lo_d + 1));  // Poisson(x; lo), then x / i steps
  double sum = 0;
  for (int64_t i = lo; i <= hi; ++i) {
    sum += weight * (served_phases_part(q, i, log_admitted) + wait_phases_above(q, i, log_admitted));
    weight *= x / static_cast<double>(i + 1);
  }
  return std::min(1.0, sum);
}

double response_quantile(const Mmck& q, double p) {
  return quantile_from_survival([&q](double t) { return response_survival(q, t); }, p, 1 / q.mu);
}

double timeout_fraction(const Mmck& q, double timeout) { return response_survival(q, timeout); }

}  // namespace vsf::flow
