// RateFunction components at known times, max_rate as a true upper bound, exact integrals, and the
// thinning ArrivalProcess against Poisson statistics.
#include "traffic/rate.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "traffic/random.hpp"

using namespace vsf;

namespace {

TrafficComponent constant(double r) {
  TrafficComponent c;
  c.kind = TrafficKind::Constant;
  c.rate = r;
  return c;
}

TrafficComponent steps(std::vector<TrafficStep> s) {
  TrafficComponent c;
  c.kind = TrafficKind::Steps;
  c.steps = std::move(s);
  return c;
}

TrafficComponent diurnal(double peak, double trough, double period, double phase) {
  TrafficComponent c;
  c.kind = TrafficKind::Diurnal;
  c.peak = peak;
  c.trough = trough;
  c.period_s = period;
  c.phase_s = phase;
  return c;
}

TrafficComponent flash(double start, double ramp, double peak, double decay) {
  TrafficComponent c;
  c.kind = TrafficKind::FlashCrowd;
  c.start_s = start;
  c.ramp_s = ramp;
  c.peak = peak;
  c.decay_s = decay;
  return c;
}

TrafficComponent trace(std::vector<std::pair<double, double>> points, bool loop) {
  TrafficComponent c;
  c.kind = TrafficKind::Trace;
  c.points = std::move(points);
  c.loop = loop;
  return c;
}

// Trapezoid integral on a fine grid, an independent check of the closed forms.
double numeric_mean(const RateFunction& f, double t0, double t1, int n = 200000) {
  double h = (t1 - t0) / n, sum = 0;
  for (int i = 0; i < n; ++i) sum += f.rate(t0 + (i + 0.5) * h);
  return sum / n;
}

}  // namespace

TEST_CASE("constant and steps") {
  RateFunction c({constant(50)});
  CHECK(c.rate(0) == 50);
  CHECK(c.rate(1e6) == 50);
  RateFunction s({steps({{600, 80}, {0, 20}, {1200, 0}})});  // unsorted on purpose
  CHECK(s.rate(-1) == 0);
  CHECK(s.rate(0) == 20);
  CHECK(s.rate(599.999) == 20);
  CHECK(s.rate(600) == 80);
  CHECK(s.rate(1300) == 0);
  CHECK(s.mean_rate(0, 1200) == Approx(50));
  CHECK(s.max_rate(0, 599) == Approx(20));
  CHECK(s.max_rate(0, 600) == Approx(80));
}

TEST_CASE("diurnal: peak at phase, trough half a period later") {
  RateFunction d({diurnal(100, 10, 86400, 14 * 3600)});
  CHECK(d.rate(14 * 3600) == Approx(100));
  CHECK(d.rate(14 * 3600 + 86400) == Approx(100));
  CHECK(d.rate(2 * 3600) == Approx(10));
  CHECK(d.rate(8 * 3600) == Approx(55));  // a quarter period before the peak: the mean
  CHECK(d.mean_rate(0, 86400) == Approx(55));
  CHECK(d.mean_rate(0, 5000) == Approx(numeric_mean(d, 0, 5000)).epsilon(1e-6));
  CHECK(d.max_rate(13 * 3600, 15 * 3600) == Approx(100));
  CHECK(d.max_rate(0, 3600) == Approx(d.rate(0)));                    // falling toward the 2h trough: the left end
  CHECK(d.max_rate(3 * 3600, 4 * 3600) == Approx(d.rate(4 * 3600)));  // rising: the right end
}

TEST_CASE("flash crowd: zero, linear ramp, exponential decay") {
  RateFunction f({flash(1200, 120, 300, 600)});
  CHECK(f.rate(1199) == 0);
  CHECK(f.rate(1200) == 0);
  CHECK(f.rate(1260) == Approx(150));
  CHECK(f.rate(1320) == Approx(300));
  CHECK(f.rate(1320 + 600) == Approx(300 / std::exp(1.0)));
  CHECK(f.mean_rate(0, 1e6) * 1e6 == Approx(300 * 60 + 300 * 600));
  CHECK(f.mean_rate(1250, 1500) == Approx(numeric_mean(f, 1250, 1500)).epsilon(1e-6));
  CHECK(f.max_rate(0, 1e6) == Approx(300));
  CHECK(f.max_rate(2000, 3000) == Approx(f.rate(2000)));
  RateFunction jump({flash(10, 0, 50, 5)});
  CHECK(jump.rate(10) == 50);
  CHECK(jump.rate(9.999) == 0);
}

TEST_CASE("trace: piecewise constant, ends, loops") {
  auto pts = std::vector<std::pair<double, double>>{{0, 5}, {10, 20}, {30, 1}, {40, 0}};
  RateFunction once({trace(pts, false)});
  CHECK(once.rate(0) == 5);
  CHECK(once.rate(15) == 20);
  CHECK(once.rate(39) == 1);
  CHECK(once.rate(40) == 0);
  CHECK(once.rate(1000) == 0);
  CHECK(once.mean_rate(0, 40) == Approx((50 + 400 + 10) / 40.0));
  RateFunction loop({trace(pts, true)});
  CHECK(loop.rate(45) == 5);
  CHECK(loop.rate(55) == 20);
  CHECK(loop.rate(400 + 35) == 1);
  CHECK(loop.mean_rate(0, 400) == Approx(once.mean_rate(0, 40)));
  CHECK(loop.mean_rate(5, 97) == Approx(numeric_mean(loop, 5, 97)).epsilon(1e-4));
  CHECK(loop.max_rate(31, 45) == Approx(5));  // wraps into the next period
  CHECK(loop.max_rate(31, 51) == Approx(20));
}

TEST_CASE("components add up") {
  RateFunction f({constant(10), diurnal(100, 10, 86400, 0), flash(100, 10, 50, 20)});
  CHECK(f.rate(0) == Approx(110));
  CHECK(f.rate(110) == Approx(10 + 50 + RateFunction({diurnal(100, 10, 86400, 0)}).rate(110)));
}

TEST_CASE("max_rate is an upper bound of rate over every interval") {
  auto pts = std::vector<std::pair<double, double>>{{0, 5}, {10, 20}, {30, 1}, {40, 0}};
  std::vector<std::vector<TrafficComponent>> cases = {
      {diurnal(100, 10, 3600, 700)},
      {diurnal(10, 100, 3600, 0)},  // trough above peak: the bound must still hold
      {flash(500, 60, 300, 200)},
      {flash(500, 0, 300, 0)},
      {steps({{0, 3}, {100, 9}, {150, 2}})},
      {trace(pts, true)},
      {trace(pts, false), constant(2), diurnal(40, 0, 500, 0), flash(100, 30, 70, 40)},
  };
  std::mt19937_64 rng(7);
  for (size_t k = 0; k < cases.size(); ++k) {
    RateFunction f(cases[k]);
    for (int trial = 0; trial < 300; ++trial) {
      double t0 = uniform_open01(rng) * 4000 - 100;
      double len = std::pow(10.0, uniform_open01(rng) * 4 - 1);  // 0.1 s to 1000 s
      double t1 = t0 + len;
      double bound = f.max_rate(t0, t1);
      double worst = std::max(f.rate(t0), f.rate(t1));
      for (int i = 0; i <= 400; ++i) worst = std::max(worst, f.rate(t0 + len * i / 400));
      INFO("case " << k << " [" << t0 << ", " << t1 << "]");
      REQUIRE(worst <= bound);
    }
  }
}

TEST_CASE("Poisson arrivals at a constant rate: counts and gaps") {
  RateFunction f({constant(100)});
  ArrivalProcess p(f, 42);
  const double end = 2000;  // about 200k arrivals
  double t = 0, sum_gap = 0, sum_gap2 = 0;
  long n = 0;
  while (true) {
    double next = p.next(t, end);
    if (!std::isfinite(next)) break;
    REQUIRE(next > t);
    sum_gap += next - t;
    sum_gap2 += (next - t) * (next - t);
    t = next;
    ++n;
  }
  // Expected 200000, standard deviation sqrt(200000) ~ 447: 1% is 4.5 sigma.
  CHECK(std::abs(n - 200000) < 2000);
  double mean_gap = sum_gap / n, var_gap = sum_gap2 / n - mean_gap * mean_gap;
  CHECK(mean_gap == Approx(0.01).epsilon(0.01));
  CHECK(std::sqrt(var_gap) == Approx(0.01).epsilon(0.02));  // exponential: sd == mean
}

TEST_CASE("thinning under a diurnal rate matches the integral, also per hour") {
  RateFunction f({diurnal(40, 2, 86400, 14 * 3600)});
  ArrivalProcess p(f, 2024);
  std::vector<long> per_hour(24, 0);
  double t = 0;
  long n = 0;
  while (true) {
    t = p.next(t, 86400);
    if (!std::isfinite(t)) break;
    ++per_hour[static_cast<int>(t / 3600)];
    ++n;
  }
  double expected = f.mean_rate(0, 86400) * 86400;  // 21 * 86400 = 1.81M... per hour 75.6k at the mean
  CHECK(std::abs(n - expected) < 5 * std::sqrt(expected));
  for (int h = 0; h < 24; ++h) {
    double e = f.mean_rate(h * 3600, (h + 1) * 3600) * 3600;
    INFO("hour " << h);
    CHECK(std::abs(per_hour[h] - e) < 5 * std::sqrt(e));
  }
}

TEST_CASE("a flash crowd arrives only after its start and follows its shape") {
  RateFunction f({flash(100, 20, 200, 50)});
  ArrivalProcess p(f, 3);
  double t = 0;
  long before = 0, ramp = 0, total = 0;
  while (std::isfinite(t = p.next(t, 2000))) {
    before += t < 100;
    ramp += t >= 100 && t < 120;
    ++total;
  }
  CHECK(before == 0);
  double e_ramp = 200 * 20 / 2.0, e_total = f.mean_rate(0, 2000) * 2000;
  CHECK(std::abs(ramp - e_ramp) < 5 * std::sqrt(e_ramp));
  CHECK(std::abs(total - e_total) < 5 * std::sqrt(e_total));
}

TEST_CASE("same seed, same arrivals, another seed, other arrivals") {
  RateFunction f({diurnal(30, 5, 3600, 0), flash(600, 60, 100, 120)});
  auto run = [&](uint64_t seed) {
    ArrivalProcess p(f, seed);
    std::vector<double> out;
    double t = 0;
    while (std::isfinite(t = p.next(t, 3600))) out.push_back(t);
    return out;
  };
  auto a = run(11), b = run(11), c = run(12);
  REQUIRE(a.size() > 1000);
  CHECK(a == b);
  CHECK(a != c);
  // The first draw of seed 1 is pinned (2469588189546311528, checked with an independent MT19937-64 in
  // Python) so a change of the draw method shows up.
  std::mt19937_64 rng(1);
  CHECK(uniform_open01(rng) == Approx(0.1338766440125327).epsilon(1e-12));
  CHECK(exponential(rng, 2.0) > 0);
}

TEST_CASE("zero rate gives no arrivals and terminates") {
  RateFunction f({steps({{500, 0}})});
  ArrivalProcess p(f, 1);
  CHECK(std::isinf(p.next(0, 1e6)));
  RateFunction none({});
  ArrivalProcess q(none, 1);
  CHECK(std::isinf(q.next(0, 100)));
}

// traffic_scale reaches RateFunction as each component's `scale`: every type's rate, bound, integral and
// peak are multiplied by it, and nothing else changes (a trace's times stay where time_scale put them).
TEST_CASE("a component's scale multiplies its rate, bound, integral and peak, whatever its type") {
  TrafficComponent count_trace = trace({{0, 2}, {120, 5}, {240, 0}}, true);  // a count trace after load_trace
  const std::vector<TrafficComponent> forms = {constant(7),
                                               steps({{0, 3}, {100, 11}, {300, 1}}),
                                               diurnal(40, 2, 3600, 600),
                                               flash(100, 20, 200, 50),
                                               trace({{0, 4}, {60, 9}, {90, 0}}, false),
                                               count_trace};
  for (double k : {0.0, 0.5, 2.0, 3.0}) {
    for (size_t i = 0; i < forms.size(); ++i) {
      INFO("scale " << k << ", component " << i);
      TrafficComponent scaled = forms[i];
      scaled.scale = k;
      const RateFunction a({forms[i]}), b({scaled});
      for (double t : {0.0, 30.0, 59.9, 60.0, 99.0, 110.0, 150.0, 250.0, 700.0, 4000.0}) {
        CHECK(b.rate(t) == Approx(k * a.rate(t)).margin(1e-12));
        CHECK(b.max_rate(t, t + 60) == Approx(k * a.max_rate(t, t + 60)).margin(1e-12));
        CHECK(b.mean_rate(t, t + 500) == Approx(k * a.mean_rate(t, t + 500)).margin(1e-12));
      }
      CHECK(b.peak_rate() == Approx(k * a.peak_rate()).margin(1e-12));
    }
  }
  // Components of one VSF add up after scaling; peak_rate bounds the sum over all time.
  std::vector<TrafficComponent> two = {constant(5), diurnal(40, 2, 3600, 0)};
  for (auto& c : two) c.scale = 2;
  const RateFunction sum(two);
  CHECK(sum.rate(0) == Approx(2 * (5 + 40)));
  CHECK(sum.peak_rate() == Approx(90));
  for (double t = 0; t < 7200; t += 7.3) REQUIRE(sum.rate(t) <= sum.peak_rate() * (1 + 1e-12));
}

TEST_CASE("traffic scale 2 doubles a Poisson arrival count, within statistical bounds") {
  // The same seed at scale 1 and 2, over a constant rate and over a looping trace: counts near their means
  // (5 sigma), and the scaled count near twice the unscaled one (its sd is sqrt(1 + 2) times that of one).
  TrafficComponent looped = trace({{0, 20}, {300, 60}, {600, 0}}, true);
  for (const TrafficComponent& c : {constant(100), looped}) {
    auto count = [&](double scale) {
      TrafficComponent s = c;
      s.scale = scale;
      const RateFunction f({s});
      ArrivalProcess p(f, 77);
      long n = 0;
      for (double t = 0; std::isfinite(t = p.next(t, 3000));) ++n;
      return std::pair<long, double>{n, f.mean_rate(0, 3000) * 3000};
    };
    const auto [n1, e1] = count(1);
    const auto [n2, e2] = count(2);
    INFO("kind " << to_string(c.kind) << ": " << n1 << " then " << n2 << " arrivals");
    CHECK(e2 == Approx(2 * e1));
    CHECK(std::abs(n1 - e1) < 5 * std::sqrt(e1));
    CHECK(std::abs(n2 - e2) < 5 * std::sqrt(e2));
    CHECK(std::abs(n2 - 2.0 * n1) < 5 * std::sqrt(3 * e1 * 2));
  }
}
