#include "flow/split.hpp"

#include <cmath>
#include <limits>

namespace vsf::flow {

Mmck per_server(double lambda_total, int64_t servers, int64_t cores, double mu, int64_t queue_limit) {
  return mmck(cores, cores + queue_limit, lambda_total / static_cast<double>(servers), mu);
}

RoundRobin round_robin_gm1(double lambda_total, int64_t servers, double mu) {
  RoundRobin q;
  q.servers = servers;
  q.lambda = lambda_total;
  q.mu = mu;
  const double n = static_cast<double>(servers);
  q.stable = lambda_total < n * mu;
  if (!q.stable) {
    q.sigma = 1;
    q.mean_wait = q.mean_response = std::numeric_limits<double>::infinity();
    return q;
  }
  double delta = 1;  // 1 - sigma
  if (lambda_total > 0) {
    // Solve for delta = 1 - sigma, not sigma, so a load next to 1 keeps delta's relative precision:
    // h(delta) = delta + expm1(-n log1p(mu delta / lambda)) is convex, 0 at delta = 0 and at the root,
    // negative between them and positive above, so bisection on (0, 1] with h(1) > 0 finds the root.
    double lo = 0, hi = 1;
    for (int i = 0; i < 2000; ++i) {
      const double mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) break;
      const double h = mid + std::expm1(-n * std::log1p(mu * mid / lambda_total));
      (h < 0 ? lo : hi) = mid;
    }
    delta = hi;
  }
  q.sigma = 1 - delta;
  q.mean_response = 1 / (mu * delta);
  q.mean_wait = q.mean_response - 1 / mu;
  return q;
}

double response_survival(const RoundRobin& q, double t) {
  if (!q.stable) return 1;
  return t <= 0 ? 1 : std::exp(-t / q.mean_response);
}

double response_quantile(const RoundRobin& q, double p) {
  if (!q.stable || !(p < 1)) return std::numeric_limits<double>::infinity();
  return -std::log1p(-p) * q.mean_response;
}

}  // namespace vsf::flow
