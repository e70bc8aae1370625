// M/M/c/K against independent computations: the stationary law summed term by term in long double (small
// K), the M/M/1/K textbook forms, K = c is Erlang B, K -> infinity is M/M/c (distribution included), the
// response-time law of admitted requests against a numerical mixture of Erlang(j+1, c mu) + Exp(mu) laws,
// and a queue of 10^7 places at load > 1 that stays finite.
#include "flow/mmck.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "flow/erlang.hpp"
#include "flow/mmc.hpp"

using namespace vsf::flow;

namespace {

constexpr double kRel = 1e-9;

struct Direct {
  std::vector<long double> pi;  // the stationary law, pi[n], n = 0..K
  long double blocking, L, Lq, wait;
};

// The birth-death chain summed directly: fine for small K, c (no overflow), and an independent method.
Direct direct(int c, int k, double lambda, double mu) {
  Direct d;
  d.pi.assign(k + 1, 0);
  d.pi[0] = 1;
  for (int n = 1; n <= k; ++n) d.pi[n] = d.pi[n - 1] * lambda / (mu * std::min(n, c));
  long double total = 0;
  for (auto p : d.pi) total += p;
  d.L = d.Lq = d.wait = 0;
  for (int n = 0; n <= k; ++n) {
    d.pi[n] /= total;
    d.L += n * d.pi[n];
    d.Lq += std::max(0, n - c) * d.pi[n];
    if (n >= c && n < k) d.wait += d.pi[n];
  }
  d.blocking = d.pi[k];
  d.wait /= 1 - d.blocking;
  return d;
}

// P(Erlang(n, nu) + Exp(mu) > t) = P(Erlang > t) + int_0^t f_Erlang(s) e^{-mu (t - s)} ds, by Simpson.
double erlang_plus_exp_survival(int n, double nu, double mu, double t) {
  double erlang_tail = 0, term = 1;
  for (int i = 0; i < n; ++i) {
    erlang_tail += term;
    term *= nu * t / (i + 1);
  }
  erlang_tail *= std::exp(-nu * t);
  const int steps = 4000;
  const double h = t / steps;
  double sum = 0;
  for (int i = 0; i <= steps; ++i) {
    const double s = i * h;
    const double f = std::exp(n * std::log(nu) + (n - 1) * std::log(s > 0 ? s : 1e-300) - nu * s - std::lgamma(n)) *
                     std::exp(-mu * (t - s));
    sum += f * (i == 0 || i == steps ? 1 : (i % 2 ? 4 : 2));
  }
  return erlang_tail + sum * h / 3;
}

}  // namespace

TEST_CASE("M/M/c/K matches the stationary law summed term by term, at loads below, at and above 1") {
  struct Case {
    int c, k;
    double rho;
  };
  for (Case x : {Case{1, 5, 0.5}, Case{3, 10, 0.8}, Case{4, 20, 1.0}, Case{4, 20, 1.0 + 1e-10}, Case{2, 30, 1.7},
                 Case{8, 8, 0.9}, Case{5, 60, 0.999999}}) {
    const double mu = 4, lambda = x.rho * x.c * mu;
    const Mmck q = mmck(x.c, x.k, lambda, mu);
    const Direct d = direct(x.c, x.k, lambda, mu);
    INFO("c=" << x.c << " K=" << x.k << " rho=" << x.rho);
    CHECK(q.blocking == Approx(static_cast<double>(d.blocking)).epsilon(kRel));
    CHECK(q.mean_in_system == Approx(static_cast<double>(d.L)).epsilon(kRel));
    CHECK(q.mean_queue == Approx(static_cast<double>(d.Lq)).margin(1e-15).epsilon(kRel));
    CHECK(q.wait_probability == Approx(static_cast<double>(d.wait)).margin(1e-15).epsilon(kRel));
    CHECK(q.throughput == Approx(lambda * (1 - static_cast<double>(d.blocking))).epsilon(kRel));
    // Little over admitted requests, and busy servers = throughput / mu.
    CHECK(q.mean_response == Approx(static_cast<double>(d.L) / q.throughput).epsilon(kRel));
    CHECK(q.utilization * x.c == Approx(q.throughput / mu).epsilon(kRel));
  }
}

TEST_CASE("M/M/1/K is the textbook truncated geometric law") {
  const double rho = 0.7, mu = 2;
  const int k = 12;
  const Mmck q = mmck(1, k, rho * mu, mu);
  CHECK(q.blocking == Approx((1 - rho) * std::pow(rho, k) / (1 - std::pow(rho, k + 1))).epsilon(kRel));
  const double L = rho / (1 - rho) - (k + 1) * std::pow(rho, k + 1) / (1 - std::pow(rho, k + 1));
  CHECK(q.mean_in_system == Approx(L).epsilon(kRel));
  const Mmck one = mmck(1, 12, mu, mu);  // rho = 1: uniform over 0..K
  CHECK(one.blocking == Approx(1.0 / 13).epsilon(kRel));
  CHECK(one.mean_in_system == Approx(6).epsilon(kRel));
}

TEST_CASE("M/M/c/K with K = c is Erlang B") {
  for (int c : {1, 5, 100, 10000}) {
    const double a = 0.9 * c, mu = 3;
    const Mmck q = mmck(c, c, a * mu, mu);
    INFO("c=" << c);
    CHECK(q.blocking == Approx(erlang_b(c, a)).epsilon(kRel));
    CHECK(q.wait_probability == 0);
    CHECK(q.mean_response == Approx(1 / mu).epsilon(kRel));
    CHECK(response_survival(q, 0.4) == Approx(std::exp(-mu * 0.4)).epsilon(kRel));
  }
}

TEST_CASE("M/M/c/K tends to M/M/c as K grows, response-time law included") {
  struct Case {
    int c;
    double rho;
  };
  for (Case x : {Case{1, 0.8}, Case{4, 0.8}, Case{16, 0.95}, Case{200, 0.9}}) {
    const double mu = 10, lambda = x.rho * x.c * mu;
    const Mmc inf = mmc(x.c, lambda, mu);
    // rho^Q = e^{-28} (7e-13): M/M/c to 1e-9, yet computed by the uniformized sum (the M/M/c shortcut
    // starts at 1e-18). K = c + 100000 (rho^Q far below 1e-300) takes the shortcut.
    const auto places = static_cast<int64_t>(std::ceil(28 / -std::log(x.rho)));
    const Mmck q = mmck(x.c, x.c + places, lambda, mu);
    const Mmck far = mmck(x.c, x.c + 100000, lambda, mu);
    INFO("c=" << x.c << " rho=" << x.rho << " Q=" << places);
    CHECK(q.blocking < 1e-12);
    CHECK(far.blocking < 1e-300);
    CHECK(far.mean_response == Approx(inf.mean_response).epsilon(kRel));
    CHECK(response_survival(far, 0.3) == Approx(response_survival(inf, 0.3)).epsilon(kRel));
    CHECK(q.wait_probability == Approx(inf.wait_probability).epsilon(kRel));
    CHECK(q.mean_wait == Approx(inf.mean_wait).epsilon(kRel));
    CHECK(q.mean_response == Approx(inf.mean_response).epsilon(kRel));
    CHECK(q.mean_in_system == Approx(inf.mean_in_system).epsilon(kRel));
    for (double t : {0.01, 0.1, 0.5, 2.0}) {
      INFO("t=" << t);
      // Absolute margin: the places past Q hold about rho^Q / (1 - rho) < 1e-11 of M/M/c's mass.
      CHECK(response_survival(q, t) == Approx(response_survival(inf, t)).margin(1e-11).epsilon(kRel));
    }
    for (double p : {0.5, 0.95, 0.99})
      CHECK(response_quantile(q, p) == Approx(response_quantile(inf, p)).epsilon(kRel));
  }
}

TEST_CASE("M/M/c/K response time of admitted requests is the mixture of Erlang waits plus service") {
  struct Case {
    int c, k;
    double rho;
  };
  for (Case x : {Case{3, 8, 0.9}, Case{1, 6, 1.5}, Case{2, 2, 0.5}, Case{4, 10, 0.6}}) {
    const double mu = 5, nu = x.c * mu, lambda = x.rho * x.c * mu;
    const Mmck q = mmck(x.c, x.k, lambda, mu);
    const Direct d = direct(x.c, x.k, lambda, mu);
    for (double t : {0.02, 0.2, 0.6, 1.5}) {
      double expected = 0;
      for (int n = 0; n < x.k; ++n) {  // an admitted arrival found n in the system
        const double w = static_cast<double>(d.pi[n] / (1 - d.blocking));
        expected += w * (n < x.c ? std::exp(-mu * t) : erlang_plus_exp_survival(n - x.c + 1, nu, mu, t));
      }
      INFO("c=" << x.c << " K=" << x.k << " rho=" << x.rho << " t=" << t);
      CHECK(response_survival(q, t) == Approx(expected).epsilon(kRel));
    }
    for (double p : {0.5, 0.95, 0.99})
      CHECK(response_survival(q, response_quantile(q, p)) == Approx(1 - p).epsilon(1e-9));
    CHECK(timeout_fraction(q, 0.3) == response_survival(q, 0.3));
  }
}

TEST_CASE("M/M/c/K stays finite with 10^7 waiting places above saturation and 10,000 servers") {
  const Mmck q = mmck(100, 100 + 10'000'000, 1.25 * 100 * 2, 2);  // rho = 1.25: the queue sits near full
  CHECK(q.blocking == Approx(1 - 1 / 1.25).epsilon(kRel));        // throughput = capacity
  CHECK(q.throughput == Approx(200).epsilon(kRel));
  CHECK(q.mean_queue == Approx(10'000'000 - 1 / 0.25).epsilon(1e-6));  // Q - 1/(rho - 1), as in the mirror law
  const Mmck big = mmck(10000, 10000 + 1000 * 10000, 9990 * 0.5, 0.5);
  CHECK(std::isfinite(big.mean_response));
  CHECK(big.mean_response == Approx(mmc(10000, 9990 * 0.5, 0.5).mean_response).epsilon(kRel));
  // Above saturation with 1000 places an admitted request finds the queue nearly full: its response is
  // an Erlang of about 1000 phases at c mu = 4/s, so the median is close to the mean (sd / mean ~ 3%).
  const Mmck over = mmck(2, 1002, 1.5 * 2 * 2, 2);
  const double median = response_quantile(over, 0.5);
  CHECK(response_survival(over, median) == Approx(0.5).epsilon(1e-9));
  CHECK(median == Approx(over.mean_response).epsilon(0.01));
  CHECK(over.mean_response == Approx((1000 - 1 / 0.5) / 4 + 0.5).epsilon(kRel));  // Lq = Q - 1/(rho - 1) + O(rho^-Q)
  CHECK(shared_queue_capacity(32, 8, 1000) == 32 + 8000);
  const Mmck idle = mmck(3, 10, 0, 2);  // no traffic: no queue, the response is the service alone
  CHECK(idle.blocking == 0);
  CHECK(idle.mean_response == 0.5);
  CHECK(response_survival(idle, 0.7) ==
        Approx(std::exp(-1.4)).epsilon(kRel));  // 8 servers of 4 cores, queue_limit 1000
}
