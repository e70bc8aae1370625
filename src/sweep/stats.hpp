// Statistics over replications: mean, sample standard deviation and the Student t confidence interval,
// and the same for paired differences against a baseline (paired by replication).
#pragma once

#include <optional>
#include <vector>

namespace vsf::sweep {

struct Estimate {
  int n = 0;
  double mean = 0;
  std::optional<double> sd;               // n >= 2
  std::optional<double> ci_low, ci_high;  // two-sided, n >= 2; sd 0 gives a zero-width interval
};

// Two-sided interval at `confidence` (0.95: t quantile 0.975 with n-1 degrees of freedom).
Estimate estimate(const std::vector<double>& xs, double confidence = 0.95);

// One-sided upper bound mean + t_{confidence, n-1} sd / sqrt(n) (the search's test); none when n < 2.
std::optional<double> upper_bound(const std::vector<double>& xs, double confidence);
std::optional<double> lower_bound(const std::vector<double>& xs, double confidence);

// Student t quantile: P(T <= t) = p with `dof` degrees of freedom.
double t_quantile(double p, int dof);

}  // namespace vsf::sweep
