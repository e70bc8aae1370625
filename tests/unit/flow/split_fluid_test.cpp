// Per-server splits and the fluid overload model: round robin's E_n/M/1 against M/M/1 (n = 1) and against
// the plain fixed-point iteration of tests/sim/dataplane_test.cpp, the per-server M/M/k/K against a direct
// call; the fluid's closed forms against hand-computed cases and against a fine time-stepped integration.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "flow/fluid.hpp"
#include "flow/mmc.hpp"
#include "flow/split.hpp"

using namespace vsf::flow;

namespace {

constexpr double kRel = 1e-9;

// GI/M/1's sigma by the fixed-point iteration sigma = (lambda / (lambda + mu (1 - sigma)))^n from 0.
double iterated_sigma(int n, double lambda, double mu) {
  double sigma = 0;
  for (int i = 0; i < 200000; ++i) sigma = std::pow(lambda / (lambda + mu * (1 - sigma)), n);
  return sigma;
}

// The fluid stepped in time (dt small): the reference for the closed forms.
FluidResult stepped(double T, double lambda, double nu, double b0, double limit) {
  FluidResult r;
  const int steps = 2'000'000;
  const double dt = T / steps;
  double b = b0;
  for (int i = 0; i < steps; ++i) {
    double in = lambda * dt, out = nu * dt;
    const double room = limit - b + out;
    double admitted = in, dropped = 0;
    if (in > room) {
      admitted = room;
      dropped = in - room;
    }
    const double b_mid = std::min(limit, std::max(0.0, b + (admitted - out) / 2));  // midpoint for the wait
    r.total_wait += admitted * b_mid / nu;
    r.admitted += admitted;
    r.dropped += dropped;
    b = std::max(0.0, b + admitted - out);
  }
  r.backlog = b;
  return r;
}

}  // namespace

TEST_CASE("round robin over one server is M/M/1, over n servers the E_n/M/1 fixed point") {
  const RoundRobin one = round_robin_gm1(8, 1, 10);
  CHECK(one.sigma == Approx(0.8).epsilon(kRel));
  CHECK(one.mean_response == Approx(mmc(1, 8, 10).mean_response).epsilon(kRel));
  for (int n : {2, 4, 16}) {
    for (double rho : {0.3, 0.8, 0.95}) {
      const double mu = 10, lambda = rho * n * mu;
      const RoundRobin q = round_robin_gm1(lambda, n, mu);
      INFO("n=" << n << " rho=" << rho);
      CHECK(q.sigma == Approx(iterated_sigma(n, lambda, mu)).epsilon(kRel));
      // More regular than Poisson: better than n separate M/M/1, worse than one M/M/n.
      CHECK(q.mean_response < mmc(1, lambda / n, mu).mean_response);
      CHECK(q.mean_response > mmc(n, lambda, mu).mean_response);
      CHECK(response_survival(q, response_quantile(q, 0.95)) == Approx(0.05).epsilon(1e-12));
    }
  }
  CHECK_FALSE(round_robin_gm1(20, 2, 10).stable);
  CHECK(round_robin_gm1(0, 3, 10).mean_response == Approx(0.1).epsilon(kRel));
}

TEST_CASE("per-server split: each server is an M/M/k/(k + queue_limit) at its share of the rate") {
  const Mmck s = per_server(120, 4, 2, 10, 5);  // 4 servers of 2 cores: 30/s each, K = 2 + 5
  const Mmck direct = mmck(2, 7, 30, 10);
  CHECK(s.blocking == direct.blocking);
  CHECK(s.mean_response == direct.mean_response);
  CHECK(s.c == 2);
  CHECK(s.k == 7);
}

TEST_CASE("fluid overload: the hand-computed filling and draining cases") {
  // Filling: lambda 15, nu 10, b0 5, limit 30: full at tau = 5 s; admitted 75 + 50, dropped 25,
  // waits 15/10 * (5 + 30) * 5 / 2 = 131.25 while filling, then 5 s * 30 = 150 at the limit.
  const FluidResult f = fluid_interval({10, 15}, 10, 5, 30);
  CHECK(f.backlog == Approx(30).epsilon(kRel));
  CHECK(f.arrived == Approx(150).epsilon(kRel));
  CHECK(f.admitted == Approx(125).epsilon(kRel));
  CHECK(f.dropped == Approx(25).epsilon(kRel));
  CHECK(f.served == Approx(100).epsilon(kRel));  // nu T: the servers never idle
  CHECK(f.total_wait == Approx(281.25).epsilon(kRel));
  CHECK(f.mean_wait() == Approx(281.25 / 125).epsilon(kRel));
  // Draining: lambda 5, nu 10, b0 20: empty at tau = 4 s; waits 5/10 * 20 * 4 / 2 = 20; served 40 + 30.
  const FluidResult d = fluid_interval({10, 5}, 10, 20, 1e9);
  CHECK(d.backlog == 0);
  CHECK(d.admitted == Approx(50).epsilon(kRel));
  CHECK(d.dropped == 0);
  CHECK(d.served == Approx(70).epsilon(kRel));
  CHECK(d.total_wait == Approx(20).epsilon(kRel));
  // A backlog above a shrunken limit is dropped at once; no server: nothing served, waits without end.
  const FluidResult shrunk = fluid_interval({1, 0}, 10, 50, 20);
  CHECK(shrunk.dropped == Approx(30).epsilon(kRel));
  CHECK(shrunk.backlog == Approx(10).epsilon(kRel));
  const FluidResult none = fluid_interval({2, 3}, 0, 0, std::numeric_limits<double>::infinity());
  CHECK(none.served == 0);
  CHECK(none.backlog == Approx(6).epsilon(kRel));
  CHECK(std::isinf(none.mean_wait()));
}

TEST_CASE("fluid closed forms agree with a time-stepped fluid, and chaining pieces conserves requests") {
  struct Case {
    double T, lambda, nu, b0, limit;
  };
  for (Case x : {Case{10, 15, 10, 5, 30}, Case{10, 5, 10, 20, 100}, Case{3, 12, 10, 0, 1e9}, Case{8, 30, 10, 0, 50}}) {
    const FluidResult c = fluid_interval({x.T, x.lambda}, x.nu, x.b0, x.limit);
    const FluidResult s = stepped(x.T, x.lambda, x.nu, x.b0, x.limit);
    INFO("T=" << x.T << " lambda=" << x.lambda << " nu=" << x.nu << " b0=" << x.b0 << " limit=" << x.limit);
    CHECK(c.backlog == Approx(s.backlog).margin(1e-6));
    CHECK(c.admitted == Approx(s.admitted).epsilon(1e-6));
    CHECK(c.dropped == Approx(s.dropped).margin(1e-6));
    CHECK(c.total_wait == Approx(s.total_wait).epsilon(1e-6));
  }
  // A day-like profile: overload, steady, drain. Splitting a piece changes nothing; requests are conserved.
  const std::vector<FluidPiece> pieces = {{100, 8}, {50, 14}, {30, 10}, {200, 4}};
  const FluidResult run = fluid_run(pieces, 10, 3, 150);
  const FluidResult split = fluid_run({{100, 8}, {20, 14}, {30, 14}, {30, 10}, {150, 4}, {50, 4}}, 10, 3, 150);
  CHECK(run.backlog == Approx(split.backlog).margin(1e-12));
  CHECK(run.dropped == Approx(split.dropped).epsilon(kRel));
  CHECK(run.total_wait == Approx(split.total_wait).epsilon(kRel));
  CHECK(run.arrived == Approx(run.admitted + run.dropped).epsilon(kRel));
  CHECK(run.served == Approx(run.admitted + 3 - run.backlog).epsilon(kRel));
  // The first piece drains the 3 waiting; the second fills 0 -> 150 in 37.5 s and drops 4/s for 12.5 s.
  CHECK(run.dropped == Approx(4 * 12.5).epsilon(kRel));
}
