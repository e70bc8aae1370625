// LogHistogram quantiles against exact sorted samples.
#include "metrics/histogram.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using namespace vsf;

namespace {

double uniform(std::mt19937_64& rng) { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; }

double exact_quantile(std::vector<double> v, double q) {  // nearest rank
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::max<size_t>(rank, 1) - 1];
}

}  // namespace

TEST_CASE("histogram quantiles are within 1% of the exact sample quantiles") {
  std::mt19937_64 rng(5);
  // Log-uniform from 10 us to 100 s: every bucket scale is exercised.
  std::vector<double> samples;
  LogHistogram h;
  for (int i = 0; i < 100000; ++i) {
    double v = 1e-5 * std::pow(10.0, 7 * uniform(rng));
    samples.push_back(v);
    h.add(v);
  }
  REQUIRE(h.count() == samples.size());
  for (double q : {0.001, 0.1, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
    double exact = exact_quantile(samples, q);
    INFO("q = " << q);
    CHECK(std::abs(*h.quantile(q) - exact) <= 0.01 * exact);
  }
  CHECK(*h.quantile(0) == *std::min_element(samples.begin(), samples.end()));
  CHECK(*h.quantile(1) == *std::max_element(samples.begin(), samples.end()));
}

TEST_CASE("histogram: exponential response times, small counts, empty, clamping") {
  std::mt19937_64 rng(9);
  std::vector<double> samples;
  LogHistogram h;
  for (int i = 0; i < 20000; ++i) {
    double v = -std::log(uniform(rng)) * 0.05;
    samples.push_back(v);
    h.add(v);
  }
  for (double q : {0.5, 0.95, 0.99})
    CHECK(std::abs(*h.quantile(q) - exact_quantile(samples, q)) <= 0.01 * exact_quantile(samples, q));

  LogHistogram few;
  few.add(0.010);
  few.add(0.020);
  few.add(0.030);
  CHECK(*few.quantile(0.5) == Approx(0.020).epsilon(0.01));
  CHECK(*few.quantile(0.95) == 0.030);  // clamped to the exact maximum
  CHECK(*few.quantile(0.01) == 0.010);

  LogHistogram empty;
  CHECK_FALSE(empty.quantile(0.5).has_value());  // nothing recorded: no quantile, not 0
  LogHistogram tiny;
  tiny.add(1e-6);
  tiny.add(1.5e-6);
  CHECK(*tiny.quantile(1.0) == Approx(1.5e-6).epsilon(0.001));
  LogHistogram huge;
  huge.add(1e6);  // beyond a day: counted in the last bucket, exact maximum kept
  CHECK(huge.count() == 1);
  CHECK(*huge.quantile(0.5) == 1e6);
  few.clear();
  CHECK(few.count() == 0);
  CHECK_FALSE(few.quantile(0.5).has_value());
}

TEST_CASE("histogram: clear empties exactly the buckets used, so a reused window starts afresh") {
  LogHistogram h;
  for (int i = 0; i < 1000; ++i) h.add(0.001 * (1 + i % 7));  // 1..7 ms
  h.add(30.0);
  h.clear();
  CHECK_FALSE(h.quantile(0.95).has_value());
  for (int i = 0; i < 100; ++i) h.add(0.5);
  h.add(0.0001);
  CHECK(h.count() == 101);
  CHECK(*h.quantile(0.5) == Approx(0.5).epsilon(0.004));
  CHECK(*h.quantile(0.95) == Approx(0.5).epsilon(0.004));
  CHECK(*h.quantile(0) == 0.0001);
  CHECK(*h.quantile(1) == 0.5);
  h.clear();
  h.add(2.0);
  CHECK(*h.quantile(0.95) == 2.0);  // nothing left of the earlier values
}
