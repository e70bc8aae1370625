// Overload as a fluid: when a tier is offered more than it can serve (or drains a backlog), the number of
// waiting requests is not in a steady state and the stationary formulas of mmc.hpp do not apply. Over an
// interval where the arrival rate lambda and the service capacity nu (requests/s: busy cores x mu) are
// constant, the backlog b moves at slope lambda - nu, stays in [0, limit] (limit: the waiting places, e.g.
// queue_limit x servers), and everything here has a closed form:
//   - b rises (lambda > nu) until it reaches the limit at tau = (limit - b0) / (lambda - nu); from then on
//     the queue admits nu per second and drops lambda - nu;
//   - b falls (lambda < nu) until it empties at tau = b0 / (nu - lambda); from then on arrivals are served
//     at once (the fluid has no stationary queue: add mmc()'s wait for that);
//   - a request admitted at s waits b(s) / nu (FIFO: the backlog ahead of it, served at nu), so the total
//     wait is lambda / nu * integral of b over [0, tau] plus, at the limit, nu (T - tau) * limit / nu.
// A backlog above the limit at the start (the limit shrank: a server left) is dropped at once and counted.
// nu = 0 (no server): nothing is served and admitted requests wait without end (mean wait +inf).
// Intervals chain: the backlog at the end of one is the start of the next (fluid_run).
#pragma once

#include <vector>

namespace vsf::flow {

struct FluidPiece {
  double duration = 0;      // T, seconds
  double arrival_rate = 0;  // lambda, requests/s
};

struct FluidResult {
  double backlog = 0;        // waiting requests at the end
  double arrived = 0;        // lambda T
  double admitted = 0;       // arrived and not dropped
  double dropped = 0;        // arrivals that found the queue full, plus an initial excess
  double served = 0;         // completed: admitted + b0 - backlog (minus an initial excess)
  double total_wait = 0;     // sum of the waits of the admitted requests (request-seconds)
  double mean_wait() const;  // total_wait / admitted (0 when nothing was admitted)
};

// One interval of constant rate. capacity = nu >= 0, backlog0 >= 0, limit >= 0 (may be +inf).
FluidResult fluid_interval(const FluidPiece& piece, double capacity, double backlog0, double limit);
// A piecewise-constant rate: the pieces in order, totals summed, backlog carried.
FluidResult fluid_run(const std::vector<FluidPiece>& pieces, double capacity, double backlog0, double limit);

}  // namespace vsf::flow
