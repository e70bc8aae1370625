// M/M/c against closed forms: M/M/1 (everything exponential), c = 1 equals M/M/1, the response-time
// mixture against a numerical convolution of the waiting-time law with the service law (Simpson's rule,
// an independent computation), quantiles against a bisection of that numerical law, and the expected values
// of the request-fidelity M/M/c tests (which computed them as a sum of a^k / k! before taking them from here).
#include "flow/mmc.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace vsf::flow;

namespace {

constexpr double kRel = 1e-9;

// P(R > t) = (1 - C) e^{-mu t} + C [e^{-theta t} + int_0^t theta e^{-theta s} e^{-mu (t - s)} ds]: the wait
// is 0 or Exp(theta); a request that waits s still needs S > t - s. The integral by Simpson's rule.
double numeric_response_survival(const Mmc& q, double t) {
  const double theta = q.c * q.mu - q.lambda, C = q.wait_probability;
  const int n = 4000;
  const double h = t / n;
  double sum = 0;
  for (int i = 0; i <= n; ++i) {
    const double s = i * h;
    const double f = theta * std::exp(-theta * s) * std::exp(-q.mu * (t - s));
    sum += f * (i == 0 || i == n ? 1 : (i % 2 ? 4 : 2));
  }
  return (1 - C) * std::exp(-q.mu * t) + C * (std::exp(-theta * t) + sum * h / 3);
}

double numeric_quantile(const Mmc& q, double p) {
  double lo = 0, hi = 1;
  while (numeric_response_survival(q, hi) > 1 - p) hi *= 2;
  for (int i = 0; i < 100; ++i) {
    const double mid = (lo + hi) / 2;
    (numeric_response_survival(q, mid) > 1 - p ? lo : hi) = mid;
  }
  return hi;
}

// The expected value tests/sim/mmc_test.cpp used before src/flow/ (sim_support.hpp, erlang_c_response): an independent
// form, the sum of a^k / k!, fine at these small c.
double factorial_sum_response(int c, double lambda, double s) {
  const double a = lambda * s;
  double term = 1, sum = 1;
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double last = term * a / c * (c / (c - a));
  return last / (sum + last) / (c / s - lambda) + s;
}

}  // namespace

TEST_CASE("M/M/1: wait, response, queue, tail and quantiles are the textbook closed forms") {
  const double lambda = 8, mu = 10, rho = 0.8;
  const Mmc q = mmc(1, lambda, mu);
  CHECK(q.stable);
  CHECK(q.utilization == Approx(rho).epsilon(kRel));
  CHECK(q.wait_probability == Approx(rho).epsilon(kRel));
  CHECK(q.mean_response == Approx(1 / (mu - lambda)).epsilon(kRel));
  CHECK(q.mean_wait == Approx(rho / (mu - lambda)).epsilon(kRel));
  CHECK(q.mean_in_system == Approx(rho / (1 - rho)).epsilon(kRel));
  CHECK(q.mean_queue == Approx(rho * rho / (1 - rho)).epsilon(kRel));
  for (double t : {0.01, 0.1, 0.5, 2.0, 10.0}) {
    INFO("t = " << t);
    CHECK(response_survival(q, t) == Approx(std::exp(-(mu - lambda) * t)).epsilon(kRel));
    CHECK(wait_survival(q, t) == Approx(rho * std::exp(-(mu - lambda) * t)).epsilon(kRel));
    CHECK(timeout_fraction(q, t) == response_survival(q, t));
  }
  for (double p : {0.5, 0.95, 0.99}) {
    INFO("p = " << p);
    CHECK(response_quantile(q, p) == Approx(-std::log(1 - p) / (mu - lambda)).epsilon(kRel));
    CHECK(wait_quantile(q, p) == Approx(std::log(rho / (1 - p)) / (mu - lambda)).epsilon(kRel));
  }
  CHECK(wait_quantile(q, 0.1) == 0);  // 20% of arrivals never wait
}

TEST_CASE("M/M/c with c = 1 is M/M/1, and Little's law holds") {
  for (double rho : {0.1, 0.5, 0.9, 0.999}) {
    const Mmc q = mmc(1, rho * 3, 3);
    CHECK(q.mean_response == Approx(1 / (3 - rho * 3)).epsilon(kRel));
    const Mmc m = mmc(7, rho * 7 * 3, 3);
    CHECK(m.mean_in_system == Approx(m.lambda * m.mean_response).epsilon(kRel));
    CHECK(m.mean_in_system == Approx(m.mean_queue + m.lambda / m.mu).epsilon(kRel));  // queue + busy servers
  }
}

TEST_CASE("the M/M/c response-time mixture matches a numerical convolution, quantiles its inversion") {
  struct Case {
    int c;
    double rho;
  };
  for (Case k : {Case{2, 0.5}, Case{4, 0.8}, Case{16, 0.95}, Case{3, 0.3}, Case{2, 0.0}}) {
    const double mu = 10;
    const Mmc q = mmc(k.c, k.rho * k.c * mu, mu);
    for (double t : {0.001, 0.05, 0.1, 0.3, 1.0}) {
      INFO("c=" << k.c << " rho=" << k.rho << " t=" << t);
      CHECK(response_survival(q, t) == Approx(numeric_response_survival(q, t)).epsilon(kRel));
    }
    for (double p : {0.5, 0.95, 0.99}) {
      INFO("c=" << k.c << " rho=" << k.rho << " p=" << p);
      const double x = response_quantile(q, p);
      CHECK(response_survival(q, x) == Approx(1 - p).epsilon(1e-12));
      CHECK(x == Approx(numeric_quantile(q, p)).epsilon(kRel));
    }
  }
  // theta = mu exactly (c = 2, lambda = mu): the (1 + C mu t) e^{-mu t} limit, no 0/0.
  const Mmc q = mmc(2, 10, 10);
  CHECK(response_survival(q, 0.2) == Approx((1 + q.wait_probability * 2) * std::exp(-2.0)).epsilon(kRel));
}

TEST_CASE("M/M/c stays finite and exact for 10,000 servers next to saturation, infinite when unstable") {
  const Mmc q = mmc(10000, 9999, 1);
  CHECK(q.wait_probability == Approx(0.98755625243448580783).epsilon(kRel));
  CHECK(q.mean_wait == Approx(0.98755625243448580783 / 1).epsilon(kRel));  // C / (c mu - lambda)
  CHECK(std::isfinite(response_quantile(q, 0.99)));
  CHECK(response_survival(q, response_quantile(q, 0.99)) == Approx(0.01).epsilon(1e-9));
  const Mmc u = mmc(4, 40, 10);
  CHECK_FALSE(u.stable);
  CHECK(std::isinf(u.mean_response));
  CHECK(response_survival(u, 100) == 1);
  CHECK(std::isinf(response_quantile(u, 0.5)));
}

TEST_CASE("M/M/c agrees with the expected values of the request-fidelity M/M/c tests") {
  // tests/sim/mmc_test.cpp: service 0.1 s, c in {1, 4, 16}, utilization 0.5 and 0.8.
  for (int c : {1, 4, 16}) {
    for (double rho : {0.5, 0.8}) {
      const double lambda = rho * c / 0.1;
      INFO("c=" << c << " rho=" << rho);
      CHECK(mmc(c, lambda, 10).mean_response == Approx(factorial_sum_response(c, lambda, 0.1)).epsilon(kRel));
    }
  }
}
