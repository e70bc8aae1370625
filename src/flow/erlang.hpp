// Erlang's loss (B) and delay (C) formulas, and the numerical helpers the queue models share.
// Everything here is plain arithmetic on doubles, without SimGrid: the flow fidelity (issue 9 §2) evaluates
// it between events, so it must be cheap (O(c) at most) and stable for c up to 10,000 servers and offered
// loads next to c, where a^c / c! over- or underflows long before the ratio of interest does. Hence no
// factorial and no power of a is ever formed: Erlang B comes from its recursion, Erlang C from Erlang B.
#pragma once

#include <cstdint>

namespace vsf::flow {

// Erlang B: the probability that an arrival finds all c servers busy in an M/M/c/c loss system with offered
// load a = lambda / mu (in servers). Recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)) (Jagerman 1974):
// every step is a ratio of positive terms, so it neither cancels nor overflows; it underflows towards 0
// only where the exact value is below the smallest double. c >= 0, a >= 0.
double erlang_b(int64_t c, double a);

// Erlang C: the probability that an arrival waits in an M/M/c queue with offered load a < c, from Erlang B
// as C = B / (1 - (a/c)(1 - B)) (no cancellation: the denominator is 1 - rho + rho B). 1 when a >= c
// (an unstable queue: everybody waits).
double erlang_c(int64_t c, double a);

namespace detail {

// sum_{j=0}^{n-1} e^{j x} for x <= 0, as expm1(n x) / expm1(x): both factors carry full relative precision,
// so the ratio stays exact to a few ulps even when x is 1e-12 from 0 (a load next to 1), where the textbook
// (1 - r^n) / (1 - r) loses every digit. n >= 0; exactly n at x = 0.
double geometric_sum_nonpositive(int64_t n, double x);

// log sum_{j=first}^{first+n-1} e^{j x} for any sign of x (n >= 1), factoring out the largest term, so a
// queue of 10^7 places at rho > 1 neither overflows nor loses the small terms.
double log_geometric_range(int64_t first, int64_t n, double x);

// The mean of the truncated geometric law P(j) ~ e^{-h j}, j = 0..q: 1/expm1(h) - (q+1)/expm1((q+1) h),
// which is q/2 at h = 0. The two terms are each about 1/h and cancel when (q+1) h is small; there the
// series q/2 - h q(q+2)/12 + h^3 ((q+1)^4 - 1)/720 is used (next term below 1e-13 relative).
double truncated_geometric_mean(int64_t q, double h);

// -expm1(-z) / z, continued by 1 at z = 0: the factor (1 - e^{-z}) / z without cancellation.
double one_minus_exp_over(double z);

}  // namespace detail
}  // namespace vsf::flow
