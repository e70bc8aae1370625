// The order arrival process: a Poisson process's count over a long window lies within its 99.9 % bound
// (normal approximation: mean ± 3.29 sd, sd = sqrt(mean)), its mean gap is 1/rate within the same bound,
// the same seed gives the same times, and templates are picked in proportion to their weights.
#include "orders/arrivals.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace vsf::orders;

TEST_CASE("poisson order arrivals: count and mean gap within 99.9 % bounds", "[orders]") {
  const double rate = 2.0 / 3600, from = 3600, to = from + 5000 * 3600.0;  // mean 10,000 orders
  auto rng = arrivals_stream(42, 0);
  const std::vector<double> t = poisson_times(rate, from, to, rng);
  const double mean = rate * (to - from);
  CHECK(std::abs(static_cast<double>(t.size()) - mean) < 3.29 * std::sqrt(mean));
  REQUIRE(t.size() > 2);
  CHECK(t.front() >= from);
  CHECK(t.back() < to);
  for (size_t i = 1; i < t.size(); ++i) REQUIRE(t[i] > t[i - 1]);
  // The gaps' mean: sd of one gap is 1/rate, of the mean of n gaps 1/(rate sqrt(n)).
  const double n = static_cast<double>(t.size() - 1);
  const double gap = (t.back() - t.front()) / n;
  CHECK(std::abs(gap - 1 / rate) < 3.29 / (rate * std::sqrt(n)));
}

TEST_CASE("poisson order arrivals: the same seed gives the same times and another seed others", "[orders]") {
  auto a = arrivals_stream(7, 1), b = arrivals_stream(7, 1), c = arrivals_stream(8, 1);
  const auto ta = poisson_times(1.0 / 60, 0, 36000, a);
  CHECK(ta == poisson_times(1.0 / 60, 0, 36000, b));
  CHECK(ta != poisson_times(1.0 / 60, 0, 36000, c));
  auto d = arrivals_stream(7, 1);
  CHECK(poisson_times(1.0 / 60, 100, 100, d).empty());
}

TEST_CASE("weighted template choice follows the weights", "[orders]") {
  const std::vector<double> w{1, 3};
  CHECK(pick_weighted(w, 0.0) == 0);
  CHECK(pick_weighted(w, 0.2499) == 0);
  CHECK(pick_weighted(w, 0.25) == 1);
  CHECK(pick_weighted(w, 0.999999) == 1);
  auto rng = arrivals_stream(3, 0);
  int second = 0;
  const int n = 40000;
  for (int i = 0; i < n; ++i) second += pick_weighted(w, unit_draw(rng)) == 1;
  // Binomial(40000, 0.75): sd 86.6; 99.9 %: ± 285.
  CHECK(std::abs(second - 0.75 * n) < 3.29 * std::sqrt(n * 0.75 * 0.25));
}
