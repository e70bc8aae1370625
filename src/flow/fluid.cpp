#include "flow/fluid.hpp"

#include <algorithm>
#include <limits>

namespace vsf::flow {

double FluidResult::mean_wait() const { return admitted > 0 ? total_wait / admitted : 0; }

FluidResult fluid_interval(const FluidPiece& piece, double capacity, double backlog0, double limit) {
  FluidResult r;
  const double T = piece.duration, lambda = piece.arrival_rate, nu = capacity;
  double b0 = backlog0;
  if (b0 > limit) {
    r.dropped = b0 - limit;
    b0 = limit;
  }
  r.arrived = lambda * T;
  const double slope = lambda - nu;
  // Phase 1: the backlog moves linearly until it meets a bound (or the interval ends).
  double tau = T;
  if (slope > 0 && limit < std::numeric_limits<double>::infinity()) tau = std::min(T, (limit - b0) / slope);
  if (slope < 0) tau = std::min(T, b0 / -slope);
  const double b_tau = b0 + slope * tau;
  // The integral of b over [0, tau] is b0 tau + slope tau^2 / 2 (a trapezoid, (b0 + b_tau) tau / 2).
  const double area = (b0 + b_tau) * tau / 2;
  r.admitted = lambda * tau;
  const double inf = std::numeric_limits<double>::infinity();
  if (nu > 0) {
    r.total_wait = lambda / nu * area;
  } else if (r.admitted > 0) {
    r.total_wait = inf;
  }
  // Phase 2: at a bound for the rest of the interval.
  const double rest = T - tau;
  if (rest > 0 && slope > 0) {  // full: admits nu, drops the excess, each admitted waits limit / nu
    r.admitted += nu * rest;
    r.dropped += slope * rest;
    if (nu > 0) r.total_wait += rest * limit;
  } else if (rest > 0) {  // empty (or balanced at 0): everything admitted, no fluid wait
    r.admitted += lambda * rest;
  }
  r.backlog = b_tau;
  r.served = r.admitted + b0 - r.backlog;
  return r;
}

FluidResult fluid_run(const std::vector<FluidPiece>& pieces, double capacity, double backlog0, double limit) {
  FluidResult total;
  total.backlog = backlog0;
  for (const FluidPiece& piece : pieces) {
    const FluidResult r = fluid_interval(piece, capacity, total.backlog, limit);
    total.backlog = r.backlog;
    total.arrived += r.arrived;
    total.admitted += r.admitted;
    total.dropped += r.dropped;
    total.served += r.served;
    total.total_wait += r.total_wait;
  }
  return total;
}

}  // namespace vsf::flow
