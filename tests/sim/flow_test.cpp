// Flow fidelity against the closed forms it is built on: at steady state (constant load, servers warm
// from t = 0, no network, exponential work, no timeout) a one-tier VSF in flow fidelity must give Erlang
// C's and M/M/c/K's figures to 1e-9, through the whole simulation (farm manager windows, output intervals,
// summary), not just in src/flow/. Flow against request fidelity is checked end to end in
// tests/e2e/flow_vs_request.py (one simulation per process).
#include <catch2/catch.hpp>
#include <climits>
#include <cmath>

#include "flow/mmck.hpp"
#include "sim_support.hpp"

namespace {

constexpr double kServiceS = 0.1;

// c one-core servers behind a shared queue of queue_limit places per server, offered rho x c / s.
vsf::Scenario one_tier(int c, double rho, int queue_limit, vsf::Fidelity fidelity) {
  vsf::Scenario s = vsf::test::base_scenario(c);
  vsf::test::add_queueing_role(s, kServiceS, queue_limit);
  vsf::VsfSpec v = vsf::test::make_vsf("q", {vsf::test::make_tier("srv", c, c, c, "shared_queue")}, false);
  v.timeout_s = 1e9;
  v.fidelity = fidelity;
  v.traffic = {vsf::test::constant_rate(rho * c / kServiceS)};
  s.vsfs.push_back(v);
  s.fidelity = fidelity;
  s.duration_s = 3600;
  s.outputs.interval_s = 600;
  return s;
}

double requests(const nlohmann::json& vsf, const char* what) { return vsf["requests"][what].get<double>(); }

}  // namespace

TEST_CASE("flow fidelity: M/M/4 at utilization 0.8 gives Erlang C's figures exactly") {
  const int c = 4;
  const double rho = 0.8, lambda = rho * c / kServiceS;
  vsf::Scenario s = one_tier(c, rho, INT_MAX / 64, vsf::Fidelity::Flow);
  auto r = vsf::test::run(s);
  const auto& v = r.vsf(0);
  const vsf::flow::Mmc q = vsf::flow::mmc(c, lambda, 1 / kServiceS);
  CHECK(requests(v, "offered") == std::round(lambda * s.duration_s));
  CHECK(requests(v, "served") == std::round(lambda * s.duration_s));
  CHECK(requests(v, "dropped") == 0);
  CHECK(requests(v, "timed_out") == 0);
  CHECK(v["response_ms"]["mean"].get<double>() == Approx(1000 * q.mean_response).epsilon(1e-9));
  // The p95 comes from the samples of the response-time law: within 5 % of the closed form's.
  CHECK(v["response_ms"]["p95"].get<double>() == Approx(1000 * vsf::flow::response_quantile(q, 0.95)).epsilon(0.05));
}

TEST_CASE("flow fidelity: M/M/2/8 overloaded drops M/M/c/K's blocking fraction exactly") {
  const int c = 2, queue_limit = 3;
  const double rho = 1.2, lambda = rho * c / kServiceS;
  vsf::Scenario s = one_tier(c, rho, queue_limit, vsf::Fidelity::Flow);
  auto r = vsf::test::run(s);
  const auto& v = r.vsf(0);
  const int64_t k = vsf::flow::shared_queue_capacity(c, c, queue_limit);
  const vsf::flow::Mmck q = vsf::flow::mmck(c, k, lambda, 1 / kServiceS);
  const double offered = lambda * s.duration_s;
  CHECK(requests(v, "dropped") == std::round(offered * q.blocking));
  CHECK(requests(v, "served") == std::round(offered * (1 - q.blocking)));
  CHECK(v["response_ms"]["mean"].get<double>() == Approx(1000 * q.mean_response).epsilon(1e-9));
}
