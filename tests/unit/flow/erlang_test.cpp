// Erlang B and C against exact values (the textbook sums a^k / k! evaluated with 60-digit arithmetic in
// Python's mpmath; the small ones are also in every Erlang table: B(10, 5) = 0.01838), including c = 10,000
// at loads next to c, where a factorial form overflows; and the shared numerical helpers against their
// naive forms where those are still accurate.
#include "flow/erlang.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace vsf::flow;

namespace {
constexpr double kRel = 1e-9;
}

TEST_CASE("Erlang B matches exact values up to 10,000 servers") {
  CHECK(erlang_b(1, 1) == Approx(0.5).epsilon(kRel));
  CHECK(erlang_b(2, 1) == Approx(0.2).epsilon(kRel));
  CHECK(erlang_b(10, 5) == Approx(0.018384570336648133137).epsilon(kRel));
  CHECK(erlang_b(100, 80) == Approx(0.0039920286045531974726).epsilon(kRel));
  CHECK(erlang_b(1000, 950) == Approx(0.0036492936889424098551).epsilon(kRel));
  CHECK(erlang_b(10000, 9900) == Approx(0.0028581267388565864216).epsilon(kRel));
  CHECK(erlang_b(10000, 9999) == Approx(0.0078736775061153611599).epsilon(kRel));
  CHECK(erlang_b(10000, 5000) < 1e-300);  // exactly 5.9e-842: below any double, never NaN
  CHECK(erlang_b(0, 3) == 1);
  CHECK(erlang_b(5, 0) == 0);
}

TEST_CASE("Erlang C matches exact values up to 10,000 servers and loads next to 1") {
  CHECK(erlang_c(2, 1) == Approx(1.0 / 3).epsilon(kRel));
  CHECK(erlang_c(10, 5) == Approx(0.036105359158320185976).epsilon(kRel));
  CHECK(erlang_c(100, 80) == Approx(0.019646426634359511473).epsilon(kRel));
  CHECK(erlang_c(1000, 950) == Approx(0.068253415377141423573).epsilon(kRel));
  CHECK(erlang_c(10000, 9900) == Approx(0.22277692886414824097).epsilon(kRel));
  CHECK(erlang_c(10000, 9999) == Approx(0.98755625243448580783).epsilon(kRel));
  CHECK(erlang_c(1, 0.7) == Approx(0.7).epsilon(kRel));  // M/M/1: P(wait) = rho
  CHECK(erlang_c(4, 4) == 1);                            // unstable: everybody waits
  CHECK(erlang_c(4, 0) == 0);
}

TEST_CASE("geometric helpers agree with their naive forms and stay finite where those fail") {
  using namespace vsf::flow::detail;
  for (double x : {-2.0, -0.3, -1e-3}) {
    double naive = 0;
    for (int j = 0; j < 50; ++j) naive += std::exp(j * x);
    CHECK(geometric_sum_nonpositive(50, x) == Approx(naive).epsilon(1e-12));
    CHECK(log_geometric_range(0, 50, x) == Approx(std::log(naive)).epsilon(1e-12));
    CHECK(log_geometric_range(7, 50, -x) == Approx(std::log(naive) + 56 * -x).epsilon(1e-12));
    double num = 0, den = 0;  // truncated geometric mean, weights e^{x j} = e^{-h j} with h = -x
    for (int j = 0; j <= 49; ++j) {
      num += j * std::exp(j * x);
      den += std::exp(j * x);
    }
    CHECK(truncated_geometric_mean(49, -x) == Approx(num / den).epsilon(1e-12));
    CHECK(truncated_geometric_mean(49, x) == Approx(49 - num / den).epsilon(1e-12));  // mirror image
  }
  CHECK(geometric_sum_nonpositive(50, 0) == 50);
  CHECK(truncated_geometric_mean(10, 0) == 5);
  CHECK(truncated_geometric_mean(10, 1e-9) == Approx(5 - 1e-9 * 10 * 12 / 12.0).epsilon(1e-15));
  // 10^7 places at rho = 1.01: e^{10^7 * 0.00995} overflows a double, its logarithm does not.
  const double lr = std::log(1.01);
  CHECK(std::isfinite(log_geometric_range(0, 10'000'000, lr)));
  CHECK(log_geometric_range(0, 10'000'000, lr) == Approx(9'999'999 * lr - std::log1p(-1 / 1.01)).epsilon(1e-12));
  CHECK(one_minus_exp_over(0) == 1);
  CHECK(one_minus_exp_over(1e-10) == Approx(1 - 0.5e-10).epsilon(1e-15));
  CHECK(one_minus_exp_over(2) == Approx((1 - std::exp(-2.0)) / 2).epsilon(1e-15));
}
