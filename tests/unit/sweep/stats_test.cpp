// The statistics behind points.csv and the search: Student t quantiles against published table values,
// and mean, sample standard deviation and intervals on data small enough to check by hand.
#include "sweep/stats.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>

using namespace vsf::sweep;

TEST_CASE("t quantiles match the tables", "[stats]") {
  // Values of any Student t table (and scipy.stats.t.ppf), to the digits printed there.
  CHECK(t_quantile(0.975, 1) == Approx(12.7062).epsilon(1e-5));
  CHECK(t_quantile(0.975, 2) == Approx(4.302653).epsilon(1e-6));
  CHECK(t_quantile(0.975, 4) == Approx(2.776445).epsilon(1e-6));
  CHECK(t_quantile(0.95, 10) == Approx(1.812461).epsilon(1e-6));
  CHECK(t_quantile(0.975, 30) == Approx(2.042272).epsilon(1e-6));
  CHECK(t_quantile(0.995, 3) == Approx(5.840909).epsilon(1e-6));
  // symmetric, and the normal quantile in the limit
  CHECK(t_quantile(0.025, 4) == Approx(-2.776445).epsilon(1e-6));
  CHECK(t_quantile(0.975, 100000) == Approx(1.959964).epsilon(2e-5));
}

TEST_CASE("t quantile refuses what has no answer", "[stats]") {
  CHECK_THROWS_AS(t_quantile(0.975, 0), std::invalid_argument);
  CHECK_THROWS_AS(t_quantile(1.0, 4), std::invalid_argument);
  CHECK_THROWS_AS(t_quantile(0.0, 4), std::invalid_argument);
}

TEST_CASE("estimate of 1 2 3: mean 2 and sd 1 and the t interval", "[stats]") {
  const Estimate e = estimate({1, 2, 3});
  CHECK(e.n == 3);
  CHECK(e.mean == Approx(2));
  REQUIRE(e.sd);
  CHECK(*e.sd == Approx(1));
  // 2 -+ t(0.975, 2) / sqrt(3)
  REQUIRE(e.ci_low);
  REQUIRE(e.ci_high);
  CHECK(*e.ci_low == Approx(2 - 4.302652729911275 / std::sqrt(3.0)));
  CHECK(*e.ci_high == Approx(2 + 4.302652729911275 / std::sqrt(3.0)));
}

TEST_CASE("estimate of eight values with a 90 percent interval", "[stats]") {
  // mean 5, sum of squared deviations 32, sd sqrt(32 / 7); t(0.95, 7) = 1.894579
  const Estimate e = estimate({2, 4, 4, 4, 5, 5, 7, 9}, 0.90);
  CHECK(e.mean == Approx(5));
  CHECK(*e.sd == Approx(std::sqrt(32.0 / 7)));
  const double half = 1.894579 * std::sqrt(32.0 / 7) / std::sqrt(8.0);
  CHECK(*e.ci_low == Approx(5 - half).epsilon(1e-6));
  CHECK(*e.ci_high == Approx(5 + half).epsilon(1e-6));
}

TEST_CASE("estimate with fewer than two values has no sd and no interval", "[stats]") {
  const Estimate none = estimate({});
  CHECK(none.n == 0);
  CHECK_FALSE(none.sd);
  const Estimate one = estimate({42});
  CHECK(one.n == 1);
  CHECK(one.mean == 42);
  CHECK_FALSE(one.sd);
  CHECK_FALSE(one.ci_low);
  CHECK_FALSE(one.ci_high);
  CHECK_FALSE(upper_bound({42}, 0.95));
  CHECK_FALSE(lower_bound({42}, 0.95));
}

TEST_CASE("constant values give a zero-width interval", "[stats]") {
  const Estimate e = estimate({7, 7, 7, 7});
  CHECK(*e.sd == 0);
  CHECK(*e.ci_low == 7);
  CHECK(*e.ci_high == 7);
}

TEST_CASE("large values keep their spread", "[stats]") {
  // A naive sum of squares loses the 1s next to 1e12 (energy in joules runs that large).
  const Estimate e = estimate({1e12 + 1, 1e12 + 2, 1e12 + 3});
  CHECK(*e.sd == Approx(1).epsilon(1e-9));
}

TEST_CASE("one-sided bounds use the one-sided quantile", "[stats]") {
  // 2 -+ t(0.95, 2) / sqrt(3), t(0.95, 2) = 2.919986
  CHECK(*upper_bound({1, 2, 3}, 0.95) == Approx(2 + 2.919985580355516 / std::sqrt(3.0)));
  CHECK(*lower_bound({1, 2, 3}, 0.95) == Approx(2 - 2.919985580355516 / std::sqrt(3.0)));
  // tighter than the two-sided interval's end at the same confidence
  CHECK(*upper_bound({1, 2, 3}, 0.95) < *estimate({1, 2, 3}, 0.95).ci_high);
}
