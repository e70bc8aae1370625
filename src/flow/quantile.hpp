// Quantiles of a continuous response-time law given by its survival function P(X > t): the smallest t with
// P(X > t) <= 1 - p, found by doubling an upper bracket and then bisecting to a relative width of 1e-14. Bisection,
// not Newton: the laws here have an atom at 0 (no wait) and kinks where Newton would overshoot, and 60-odd
// evaluations of a closed form cost microseconds.
#pragma once

#include <functional>

namespace vsf::flow {

// p in [0, 1); `scale` is a typical value of X (the mean service time) to start bracketing from. Returns
// 0 when P(X > 0) <= 1 - p already (the atom at 0 covers p), +inf when p >= 1 or no bracket is found.
double quantile_from_survival(const std::function<double(double)>& survival, double p, double scale);

}  // namespace vsf::flow
