// A tier with servers lent from another site (issue 14) in flow fidelity: the visits its lent servers
// take (their share of its cores) pay the WAN round trip on top of the queue, so an answered request's
// time is a mixture. Deterministic service at a negligible load makes both branches single values, and
// the stratified samples split exactly at the share: quantiles by hand.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "flow/stage.hpp"
#include "flow/vsf_flow.hpp"

using namespace vsf;
using namespace vsf::flow;

namespace {

constexpr double kWork = 0.01, kIn = 0.031, kOut = 0.029;

VsfFlowInput one_tier(double remote_share) {
  StageInput s;
  s.servers = 4;
  s.cores = 1;
  s.dispatch = Dispatch::SharedQueue;
  s.queue_limit = 100;
  s.hold_const_s = kWork;  // constant work, no exponential part
  s.timeout_s = 30;
  s.remote_share = remote_share;
  s.remote_in_s = kIn;
  s.remote_out_s = kOut;
  VsfFlowInput in;
  in.rate = 1e-4;  // 4e-7 busy cores: no visit ever waits (P(wait) ~ 1e-27)
  in.stages = {s};
  in.calls = {1};
  return in;
}

// Nearest rank, as the recorder's histograms.
double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::max<size_t>(rank, 1) - 1];
}

}  // namespace

TEST_CASE("flow: half the capacity lent from afar gives a two-point mixture of response times") {
  const VsfFlow f = solve_vsf(one_tier(0.5));
  CHECK(f.mean_response_s == Approx(kWork + 0.5 * (kIn + kOut)).epsilon(1e-12));
  SampleRng rng(42);
  std::vector<double> response;
  std::vector<std::vector<double>> local;
  response_samples(f, 64, 64, rng, response, local);
  const auto near = [](double a, double b) { return std::abs(a - b) < 1e-12; };
  CHECK(std::count_if(response.begin(), response.end(), [&](double t) { return near(t, kWork); }) == 32);
  CHECK(std::count_if(response.begin(), response.end(), [&](double t) { return near(t, kWork + kIn + kOut); }) == 32);
  CHECK(quantile(response, 0.50) == Approx(kWork));  // rank 32 of 64: the last local one
  CHECK(quantile(response, 0.95) == Approx(kWork + kIn + kOut));
  // The tier's local time (caller to work done) holds the WAN's inbound crossing only.
  CHECK(quantile(local[0], 0.95) == Approx(kWork + kIn));
}

TEST_CASE("flow: a quarter of the capacity lent moves only the quantiles above 75 %") {
  const VsfFlow f = solve_vsf(one_tier(0.25));
  SampleRng rng(7);
  std::vector<double> response;
  std::vector<std::vector<double>> local;
  response_samples(f, 64, 16, rng, response, local);
  CHECK(quantile(response, 0.75) == Approx(kWork));
  CHECK(quantile(response, 0.80) == Approx(kWork + kIn + kOut));
  CHECK(f.mean_response_s == Approx(kWork + 0.25 * (kIn + kOut)).epsilon(1e-12));
}

TEST_CASE("flow: without lent servers the samples are the single-site ones") {
  // The same draws as before sites existed: a stage with no remote share draws no site uniforms.
  VsfFlowInput in = one_tier(0);
  in.stages[0].hold_exp_s = 0.02;  // something random to compare
  StageInput plain = in.stages[0];
  plain.remote_in_s = plain.remote_out_s = 0;
  const VsfFlow a = solve_vsf(in);
  in.stages[0] = plain;
  const VsfFlow b = solve_vsf(in);
  SampleRng ra(3), rb(3);
  std::vector<double> sa, sb;
  std::vector<std::vector<double>> la, lb;
  response_samples(a, 32, 8, ra, sa, la);
  response_samples(b, 32, 8, rb, sb, lb);
  CHECK(sa == sb);
  CHECK(ra() == rb());
}
