// Validation against queueing theory: a one-tier VSF of c one-core CPUs behind a shared
// queue, Poisson arrivals and exponential work, no LB and no network (zero-byte messages), is an M/M/c
// queue; its mean response time must be within 5% of the Erlang-C value over a long run.
#include <catch2/catch.hpp>
#include <climits>
#include <cmath>
#include <cstdlib>

#include "sim_support.hpp"

namespace {

struct MmcResult {
  double mean_s, expected_s;
  double served;
};

MmcResult run_mmc(int c, double rho, double requests) {
  const double service_s = 0.1;
  vsf::Scenario s = vsf::test::base_scenario(c);
  vsf::test::add_queueing_role(s, service_s, INT_MAX / 64);  // never drops
  vsf::VsfSpec v = vsf::test::make_vsf("mmc", {vsf::test::make_tier("srv", c, c, c, "shared_queue")}, false);
  v.timeout_s = 1e9;
  const double lambda = rho * c / service_s;
  v.traffic = {vsf::test::constant_rate(lambda)};
  s.vsfs.push_back(v);
  s.duration_s = requests / lambda;
  s.outputs.interval_s = s.duration_s / 10;
  s.seed = 1000 * static_cast<uint64_t>(c) + static_cast<uint64_t>(rho * 10);  // independent runs per case
  auto r = vsf::test::run(s);
  const auto& out = r.summary["vsfs"][0];
  return {out["response_ms"]["mean"].get<double>() / 1000, vsf::test::erlang_c_response(c, lambda, service_s),
          out["requests"]["served"].get<double>()};
}

void check_mmc(int c, double rho, double requests) {
  MmcResult m = run_mmc(c, rho, requests);
  INFO("c=" << c << " rho=" << rho << " served=" << m.served << " mean=" << m.mean_s << " s, Erlang C " << m.expected_s
            << " s, error " << 100 * (m.mean_s / m.expected_s - 1) << "%");
  WARN("M/M/" << c << " rho=" << rho << ": mean response " << m.mean_s << " s vs Erlang C " << m.expected_s << " s ("
              << 100 * (m.mean_s / m.expected_s - 1) << "%, " << m.served << " requests)");
  CHECK(m.served > 0.98 * requests);
  CHECK(m.mean_s == Approx(m.expected_s).epsilon(0.05));
}

}  // namespace

TEST_CASE("Erlang C of M/M/1 and M/M/4 matches the closed forms") {
  // M/M/1: W = 1 / (mu - lambda)
  CHECK(vsf::test::erlang_c_response(1, 8, 0.1) == Approx(0.5));
  // M/M/2 at a = 1: C = 1/3, W = C / (2 mu - lambda) + s
  CHECK(vsf::test::erlang_c_response(2, 10, 0.1) == Approx(1.0 / 3 / 10 + 0.1));
}

// Run lengths: the relative standard error of the mean response time shrinks slowest for one server at
// high load: about sqrt(2 (1 + rho) / (rho (1 - rho)^2) / T) for a run of T mean service times (Whitt,
// "Planning queueing simulations", 1989). The lengths keep it below 1%, so 5% is over 5 standard errors.
TEST_CASE("M/M/1 at utilization 0.5 matches Erlang C") { check_mmc(1, 0.5, 300000); }
TEST_CASE("M/M/1 at utilization 0.8 matches Erlang C") { check_mmc(1, 0.8, 1200000); }
TEST_CASE("M/M/4 at utilization 0.5 matches Erlang C") { check_mmc(4, 0.5, 300000); }
TEST_CASE("M/M/4 at utilization 0.8 matches Erlang C") { check_mmc(4, 0.8, 600000); }
TEST_CASE("M/M/16 at utilization 0.5 matches Erlang C") { check_mmc(16, 0.5, 300000); }
TEST_CASE("M/M/16 at utilization 0.8 matches Erlang C") { check_mmc(16, 0.8, 400000); }
