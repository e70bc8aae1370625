#include "flow/mmck.hpp"

#include <algorithm>
#include <cmath>

#include "flow/erlang.hpp"
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
  const double nu = static_cast<double>(q.c) * q.mu, x = nu * t;
  const double r = 1 - 1 / static_cast<double>(q.c);
  const double log_admitted = std::log1p(-q.blocking);
  const int64_t queue = q.k - q.c;
  const double spread = 40 * std::sqrt(x) + 10;
  const auto lo = static_cast<int64_t>(std::max(0.0, std::floor(x - spread)));
  const auto hi = static_cast<int64_t>(std::ceil(x + spread));
  // A(i) = sum_{k <= i} P(J = k) r^{i-k}, stepped up to min(hi, Q); past Q no new mass, only the factor r.
  double acc = 1 - q.wait_probability;  // A(0) = P(J = 0)
  int64_t at = 0;
  auto advance_to = [&](int64_t i) {
    for (; at < i && at < queue; ++at) {
      const double p_j = std::exp(q.log_pi_c + static_cast<double>(at) * q.log_rho - log_admitted);  // P(J = at+1)
      acc = r * acc + p_j;
    }
    if (at < i) {
      acc *= std::pow(r, static_cast<double>(i - at));
      at = i;
    }
  };
  double sum = 0;
  for (int64_t i = lo; i <= hi; ++i) {
    advance_to(i);
    const double di = static_cast<double>(i);
    const double weight = std::exp(-x + di * std::log(x) - std::lgamma(di + 1));
    sum += weight * (acc + wait_phases_above(q, i, log_admitted));
  }
  return std::min(1.0, sum);
}

double response_quantile(const Mmck& q, double p) {
  return quantile_from_survival([&q](double t) { return response_survival(q, t); }, p, 1 / q.mu);
}

double timeout_fraction(const Mmck& q, double timeout) { return response_survival(q, timeout); }

}  // namespace vsf::flow
