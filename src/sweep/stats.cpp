#include "sweep/stats.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <stdexcept>

namespace vsf::sweep {

namespace {

struct Moments {
  int n = 0;
  double mean = 0, sd = 0;
};

// Welford's update: a sum of squares around a large mean (energy in joules) would lose the digits.
Moments moments(const std::vector<double>& xs) {
  Moments m;
  double m2 = 0;
  for (double x : xs) {
    ++m.n;
    const double delta = x - m.mean;
    m.mean += delta / m.n;
    m2 += delta * (x - m.mean);
  }
  if (m.n >= 2) m.sd = std::sqrt(std::max(0.0, m2 / (m.n - 1)));
  return m;
}

}  // namespace

double t_quantile(double p, int dof) {
  if (dof < 1 || !(p > 0 && p < 1)) throw std::invalid_argument("t_quantile: needs 0 < p < 1 and dof >= 1");
  return boost::math::quantile(boost::math::students_t_distribution<double>(dof), p);
}

Estimate estimate(const std::vector<double>& xs, double confidence) {
  const Moments m = moments(xs);
  Estimate e;
  e.n = m.n;
  e.mean = m.mean;
  if (m.n < 2) return e;
  e.sd = m.sd;
  const double half = t_quantile(0.5 + confidence / 2, m.n - 1) * m.sd / std::sqrt(m.n);
  e.ci_low = m.mean - half;
  e.ci_high = m.mean + half;
  return e;
}

std::optional<double> upper_bound(const std::vector<double>& xs, double confidence) {
  const Moments m = moments(xs);
  if (m.n < 2) return std::nullopt;
  return m.mean + t_quantile(confidence, m.n - 1) * m.sd / std::sqrt(m.n);
}

std::optional<double> lower_bound(const std::vector<double>& xs, double confidence) {
  const Moments m = moments(xs);
  if (m.n < 2) return std::nullopt;
  return m.mean - t_quantile(confidence, m.n - 1) * m.sd / std::sqrt(m.n);
}

}  // namespace vsf::sweep
