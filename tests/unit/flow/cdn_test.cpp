// A CDN's coupling by hand (flow/cdn.hpp): the saturating hit-ratio curve, the origin's offered rate from
// two edges with fixed serving CPUs, and a miss's added response time.
#include "flow/cdn.hpp"

#include <catch2/catch.hpp>

using namespace vsf;
using namespace vsf::flow;

TEST_CASE("hit ratio h(n) = max n / (n + c) is half of max at c CPUs and saturates", "[cdn]") {
  const HitRatio curve{0.9, 2};
  CHECK(curve.at(0) == 0);
  CHECK(curve.at(2) == Approx(0.45));
  CHECK(curve.at(4) == Approx(0.6));
  CHECK(curve.at(10) == Approx(0.75));
  CHECK(curve.at(1e6) == Approx(0.9).epsilon(1e-5));
  const HitRatio constant{0.7, 0};
  CHECK(constant.at(1) == Approx(0.7));
  CHECK(constant.at(40) == Approx(0.7));
  CHECK(constant.at(0) == 0);  // no serving cache: nothing is a hit
}

TEST_CASE("origin rate of two edges with fixed CPUs is the sum of their misses", "[cdn]") {
  const HitRatio curve{0.8, 4};
  // Edge A: 400/s on 4 CPUs, h = 0.4, misses 240/s. Edge B: 100/s on 12 CPUs, h = 0.6, misses 40/s.
  CHECK(origin_rate({{400, 4, curve}, {100, 12, curve}}) == Approx(280));
  // Growing A's cache to 12 CPUs lowers the origin's load: 400 x 0.4 + 40 = 200.
  CHECK(origin_rate({{400, 12, curve}, {100, 12, curve}}) == Approx(200));
  CHECK(origin_rate({}) == 0);
}

TEST_CASE("misses add the WAN round trip and an origin response to their share of samples", "[cdn]") {
  std::vector<double> samples(8, 0.010);
  // miss 0.25: samples 0 and 1 ((i + 1/2) / 8 < 0.25), each + 0.080 + the origin's sample.
  const double mean = add_misses(samples, 0.25, 0.080, {0.020, 0.040}, 0.030);
  CHECK(mean == Approx(0.25 * (0.080 + 0.030)));
  CHECK(samples[0] == Approx(0.110));
  CHECK(samples[1] == Approx(0.130));
  for (size_t i = 2; i < samples.size(); ++i) CHECK(samples[i] == Approx(0.010));
  std::vector<double> all(4, 0.0);
  add_misses(all, 1.0, 0.1, {}, 0.05);  // no origin sample: its mean
  for (double s : all) CHECK(s == Approx(0.15));
}
