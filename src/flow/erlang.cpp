#include "flow/erlang.hpp"

#include <algorithm>
#include <cmath>

namespace vsf::flow {

double erlang_b(int64_t c, double a) {
  if (a <= 0) return c == 0 ? 1.0 : 0.0;
  double b = 1;
  for (int64_t k = 1; k <= c; ++k) b = a * b / (static_cast<double>(k) + a * b);
  return b;
}

double erlang_c(int64_t c, double a) {
  if (c <= 0 || a >= static_cast<double>(c)) return 1;
  if (a <= 0) return 0;
  const double b = erlang_b(c, a);
  const double rho = a / static_cast<double>(c);
  return b / (1 - rho + rho * b);
}

namespace detail {

double geometric_sum_nonpositive(int64_t n, double x) {
  if (n <= 0) return 0;
  if (x == 0) return static_cast<double>(n);
  if (std::isinf(x)) return 1;  // only the j = 0 term
  return std::expm1(static_cast<double>(n) * x) / std::expm1(x);
}

double log_geometric_range(int64_t first, int64_t n, double x) {
  if (x > 0) {  // largest term last: e^{(first+n-1) x} * sum_{m<n} e^{-m x}
    return static_cast<double>(first + n - 1) * x + std::log(geometric_sum_nonpositive(n, -x));
  }
  const double lead = first == 0 ? 0.0 : static_cast<double>(first) * x;  // 0 * -inf would be NaN
  return lead + std::log(geometric_sum_nonpositive(n, x));
}

double truncated_geometric_mean(int64_t q, double h) {
  const double q1 = static_cast<double>(q) + 1;
  if (std::fabs(q1 * h) < 1e-2) {
    const double qd = static_cast<double>(q);
    return qd / 2 - h * qd * (qd + 2) / 12 + h * h * h * (std::pow(q1, 4) - 1) / 720;
  }
  // Each term tends to 0 or to a finite limit when its exponent is large (expm1 -> inf or -> -1).
  return 1 / std::expm1(h) - q1 / std::expm1(q1 * h);
}

double one_minus_exp_over(double z) {
  if (std::fabs(z) < 1e-300) return 1;
  return -std::expm1(-z) / z;
}

}  // namespace detail
}  // namespace vsf::flow
