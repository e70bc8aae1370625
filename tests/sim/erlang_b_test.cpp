// Validation against Erlang's loss formula: a one-tier VSF of c one-core CPUs behind a shared queue with
// queue_limit 0 (no waiting room), Poisson arrivals, exponential work, no LB and no network, is an
// M/M/c/c loss system; the fraction of requests it drops must be Erlang B, B(c, A) with A = lambda x s.
// In request fidelity the drop fraction of the run must contain B(c, A) in its 95 % confidence interval
// (batch means over the run's output intervals); in flow fidelity the drops are B(c, A) x offered exactly.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "flow/erlang.hpp"
#include "sim_support.hpp"

namespace {

constexpr double kServiceS = 0.1;
constexpr int kBatches = 20;

vsf::Scenario loss_system(int c, double a, double requests, vsf::Fidelity fidelity) {
  vsf::Scenario s = vsf::test::base_scenario(c);
  vsf::test::add_queueing_role(s, kServiceS, 0);  // queue_limit 0: no waiting room
  vsf::VsfSpec v = vsf::test::make_vsf("loss", {vsf::test::make_tier("srv", c, c, c, "shared_queue")}, false);
  v.timeout_s = 1e9;
  v.fidelity = fidelity;
  const double lambda = a / kServiceS;
  v.traffic = {vsf::test::constant_rate(lambda)};
  s.vsfs.push_back(v);
  s.fidelity = fidelity;
  s.duration_s = requests / lambda;
  s.outputs.interval_s = s.duration_s / kBatches;
  s.seed = 500 + static_cast<uint64_t>(c * 100 + a * 10);  // independent runs per case
  return s;
}

// Per output interval of the VSF row: 1 - served / offered (the interval's drop fraction).
std::vector<double> batch_drop_fractions(const std::string& dir, double interval_s) {
  std::ifstream in(dir + "/timeseries.csv");
  std::string line;
  std::getline(in, line);  // header: t_s,vsf,tier,offered_rps,served_rps,...
  std::vector<double> out;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
    if (cells.size() < 5 || cells[1] != "loss" || !cells[2].empty()) continue;
    const double offered = std::stod(cells[3]) * interval_s, served = std::stod(cells[4]) * interval_s;
    if (offered > 0) out.push_back(1 - served / offered);
  }
  return out;
}

// Request fidelity: the run's drop fraction against B(c, A). The run is cut into kBatches output intervals
// whose drop fractions are nearly independent (each interval lasts thousands of mean service times, and an
// M/M/c/c system forgets its state within a few), so their mean +- t(19, 0.975) x sd / sqrt(20) is a 95 %
// confidence interval. Run lengths: the estimate's standard error is about sqrt(B (1 - B) x k / N) for N
// arrivals, k (a few) the inflation of correlated losses; the lengths below keep the half-width under 15 %
// of B, so an error of that size (e.g. a queue of even one place per server) falls outside it.
void check_request_fidelity(int c, double a, double requests) {
  vsf::Scenario s = loss_system(c, a, requests, vsf::Fidelity::Request);
  const std::string dir = vsf::test::make_temp_dir();
  auto r = vsf::test::run(s, dir + "/out");
  const std::vector<double> f = batch_drop_fractions(dir + "/out", s.outputs.interval_s);
  std::filesystem::remove_all(dir);
  REQUIRE(f.size() == kBatches);
  double mean = 0, var = 0;
  for (double x : f) mean += x / kBatches;
  for (double x : f) var += (x - mean) * (x - mean) / (kBatches - 1);
  const double half = 2.093 * std::sqrt(var / kBatches);  // Student t, 19 degrees of freedom
  const double b = vsf::flow::erlang_b(c, a);
  const auto& v = r.vsf(0);
  const double offered = v["requests"]["offered"].get<double>(), dropped = v["requests"]["dropped"].get<double>();
  WARN("M/M/" << c << "/" << c << " A=" << a << ": drop fraction " << dropped / offered << " (batches " << mean
              << " +- " << half << ") vs Erlang B " << b << ", " << offered << " requests");
  CHECK(v["requests"]["timed_out"].get<double>() == 0);
  CHECK(dropped / offered == Approx(mean).epsilon(0.01));  // the batches cover the run
  CHECK(half < 0.15 * b);
  CHECK(std::abs(mean - b) <= half);
}

double requests(const nlohmann::json& vsf, const char* what) { return vsf["requests"][what].get<double>(); }

}  // namespace

TEST_CASE("M/M/10/10 lightly loaded (A = 4.46) drops Erlang B's fraction") { check_request_fidelity(10, 4.46, 400000); }
TEST_CASE("M/M/10/10 heavily loaded (A = 12) drops Erlang B's fraction") { check_request_fidelity(10, 12, 200000); }

TEST_CASE("flow fidelity: M/M/10/10 (queue_limit 0) drops Erlang B's fraction exactly") {
  const int c = 10;
  const double a = 12;
  vsf::Scenario s = loss_system(c, a, 1e6, vsf::Fidelity::Flow);
  auto r = vsf::test::run(s);
  const auto& v = r.vsf(0);
  const double offered = requests(v, "offered"), b = vsf::flow::erlang_b(c, a);
  CHECK(offered == std::round(a / kServiceS * s.duration_s));
  // Counts are whole requests: dropped = round(offered x B), i.e. the fraction is B to 0.5 / offered.
  CHECK(requests(v, "dropped") == std::round(offered * b));
  CHECK(requests(v, "served") == offered - std::round(offered * b));
  // No waiting room: a request served is served at once, in one service time.
  CHECK(v["response_ms"]["mean"].get<double>() == Approx(1000 * kServiceS).epsilon(1e-9));
}
