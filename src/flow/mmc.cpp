#include "flow/mmc.hpp"

#include <cmath>
#include <limits>

#include "flow/erlang.hpp"
#include "flow/quantile.hpp"

namespace vsf::flow {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

Mmc mmc(int64_t c, double lambda, double mu) {
  Mmc q;
  q.c = c;
  q.lambda = lambda;
  q.mu = mu;
  const double capacity = static_cast<double>(c) * mu;
  q.stable = lambda < capacity;
  q.utilization = q.stable ? lambda / capacity : 1;
  q.wait_probability = erlang_c(c, lambda / mu);
  q.mean_wait = q.stable ? q.wait_probability / (capacity - lambda) : kInf;
  q.mean_response = q.mean_wait + 1 / mu;
  q.mean_in_system = q.stable ? lambda * q.mean_response : kInf;
  q.mean_queue = q.stable ? lambda * q.mean_wait : kInf;
  return q;
}

double wait_survival(const Mmc& q, double t) {
  if (!q.stable) return 1;
  if (t < 0) return 1;
  return q.wait_probability * std::exp(-(static_cast<double>(q.c) * q.mu - q.lambda) * t);
}

double response_survival(const Mmc& q, double t) {
  if (!q.stable) return 1;
  if (t <= 0) return 1;
  const double theta = static_cast<double>(q.c) * q.mu - q.lambda;
  const double z = (theta - q.mu) * t;
  if (z < -1) {  // theta well below mu: the difference form cannot cancel, and e^{-mu t} e^{|z|} cannot overflow
    return std::exp(-q.mu * t) +
           q.wait_probability * q.mu * (std::exp(-theta * t) - std::exp(-q.mu * t)) / (q.mu - theta);
  }
  return std::exp(-q.mu * t) * (1 + q.wait_probability * q.mu * t * detail::one_minus_exp_over(z));
}

double wait_quantile(const Mmc& q, double p) {
  if (!q.stable || !(p < 1)) return kInf;
  const double tail = 1 - p;
  if (tail >= q.wait_probability) return 0;
  return std::log(q.wait_probability / tail) / (static_cast<double>(q.c) * q.mu - q.lambda);
}

double response_quantile(const Mmc& q, double p) {
  if (!q.stable) return kInf;
  return quantile_from_survival([&q](double t) { return response_survival(q, t); }, p, 1 / q.mu);
}

double timeout_fraction(const Mmc& q, double timeout) { return response_survival(q, timeout); }

}  // namespace vsf::flow
