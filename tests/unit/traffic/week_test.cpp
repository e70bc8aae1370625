// The diurnal week (weekend_scale, week_start_day, and a group copy's week_shift_s): the rate on weekdays
// and weekend days (24 h days, whatever the period), max_rate still an upper bound (and not inflated on
// weekdays), exact integrals against a numeric one and against the closed weekly mean, the peak, and
// thinned arrivals per day.
#include <catch2/catch.hpp>
#include <cmath>

#include "traffic/random.hpp"
#include "traffic/rate.hpp"

using namespace vsf;

namespace {

constexpr double kDay = 86400, kWeek = 7 * kDay;

TrafficComponent week(double weekend_scale, int start_day = 1, double shift = 0, double phase = 0.3 * kDay,
                      double period = kDay) {
  TrafficComponent c;
  c.kind = TrafficKind::Diurnal;
  c.peak = 50;
  c.trough = 10;
  c.period_s = period;
  c.phase_s = phase;
  c.weekend_scale = weekend_scale;
  c.week_start_day = start_day;
  c.week_shift_s = shift;
  return c;
}

double numeric_mean(const RateFunction& f, double t0, double t1, int n = 400000) {
  double h = (t1 - t0) / n, sum = 0;
  for (int i = 0; i < n; ++i) sum += f.rate(t0 + (i + 0.5) * h);
  return sum / n;
}

}  // namespace

TEST_CASE("week: days 6 and 7 of each week at weekend_scale, from week_start_day and the shift", "[traffic][week]") {
  const RateFunction base({week(1)});
  SECTION("a week starting on day 1 at t = 0") {
    const RateFunction f({week(0.5)});
    for (int day = -7; day < 21; ++day) {
      const int weekday = ((day % 7) + 7) % 7 + 1;  // 1..7
      const double factor = weekday >= 6 ? 0.5 : 1;
      for (double at : {0.0, 0.25, 0.5, 0.99}) {
        const double t = (day + at) * kDay;
        INFO("day " << day << " t " << t);
        CHECK(f.rate(t) == Approx(factor * base.rate(t)).epsilon(1e-12));
      }
    }
  }
  SECTION("t = 0 on a Saturday: days 0 and 1 are the weekend, day 2 a Monday") {
    const RateFunction f({week(0.5, 6)});
    for (double day : {0.5, 1.5, 7.5, 8.5}) CHECK(f.rate(day * kDay) == Approx(0.5 * base.rate(day * kDay)));
    for (double day : {2.5, 6.5, 9.5}) CHECK(f.rate(day * kDay) == Approx(base.rate(day * kDay)));
  }
  SECTION("a shift moves the days: day 0 starts at the shift") {
    const double shift = 4000;
    const RateFunction f({week(0.5, 1, shift)});
    CHECK(f.rate(5 * kDay + shift - 1) == Approx(base.rate(5 * kDay + shift - 1)));  // Friday until 5 days + shift
    CHECK(f.rate(5 * kDay + shift + 1) == Approx(0.5 * base.rate(5 * kDay + shift + 1)));
    CHECK(f.rate(7 * kDay + shift - 1) == Approx(0.5 * base.rate(7 * kDay + shift - 1)));
    CHECK(f.rate(7 * kDay + shift + 1) == Approx(base.rate(7 * kDay + shift + 1)));
    CHECK(f.rate(shift - 1) == Approx(0.5 * base.rate(shift - 1)));  // the Sunday before the shift
  }
  SECTION("days are 24 h whatever the period: a 1 h cycle is quieter all weekend") {
    const RateFunction hourly({week(1, 1, 0, 0, 3600)}), f({week(0.25, 1, 0, 0, 3600)});
    for (double t = 0; t < 2 * kWeek; t += 1234.5) {
      const bool weekend = std::fmod(t, kWeek) >= 5 * kDay;
      CHECK(f.rate(t) == Approx((weekend ? 0.25 : 1) * hourly.rate(t)));
    }
  }
  SECTION("weekend_scale 1: no week, whatever week_start_day and the shift") {
    const RateFunction f({week(1, 4, 123)});
    for (double t = 0; t < 3 * kWeek; t += 7003.3) CHECK(f.rate(t) == base.rate(t));
  }
}

TEST_CASE("week: max_rate bounds the rate over every interval, and stays tight on weekdays", "[traffic][week]") {
  std::vector<TrafficComponent> cases = {week(0.6), week(2.5, 3, 1700), week(0, 7, 26000, 0),
                                         week(0.3, 2, 0, 8000, 43200), week(0.5, 6, 0, 0, 25000)};
  std::mt19937_64 rng(11);
  for (size_t k = 0; k < cases.size(); ++k) {
    const RateFunction f({cases[k]});
    for (int trial = 0; trial < 400; ++trial) {
      const double t0 = uniform_open01(rng) * 3 * kWeek - kDay;
      const double len = std::pow(10.0, uniform_open01(rng) * 7 - 1);  // 0.1 s to 1e6 s (11.6 days)
      const double bound = f.max_rate(t0, t0 + len);
      double worst = 0;
      for (int i = 0; i <= 400; ++i) worst = std::max(worst, f.rate(t0 + len * i / 400));
      INFO("case " << k << " [" << t0 << ", " << t0 + len << "]");
      REQUIRE(worst <= bound);
      if (len >= 8 * kDay) CHECK(bound >= 50 * std::max(1.0, cases[k].weekend_scale));
    }
  }
  // Monday to Friday of a quiet-weekend week: the weekday bound, not inflated (and the weekend's below it).
  const RateFunction quiet({week(0.6)});
  CHECK(quiet.max_rate(0, 5 * kDay - 1) == Approx(50).epsilon(1e-6));
  CHECK(quiet.max_rate(5 * kDay, kWeek - 1) == Approx(0.6 * 50).epsilon(1e-6));
  CHECK(quiet.peak_rate() == 50);
  CHECK(RateFunction({week(2.5)}).peak_rate() == 125);
  // Saturday from 3 h to 4 h with the peak at midnight: falling, so its bound is at 3 h.
  const double sat = 5 * kDay;
  CHECK(RateFunction({week(0.6, 1, 0, 0)}).max_rate(sat + 3 * 3600, sat + 4 * 3600) ==
        Approx(0.6 * RateFunction({week(1, 1, 0, 0)}).rate(sat + 3 * 3600)).epsilon(1e-6));
}

TEST_CASE("week: the integral is exact, over parts of days and over many weeks", "[traffic][week]") {
  std::vector<TrafficComponent> cases = {week(0.6), week(1.8, 5, 3300), week(0, 2, 0, 0),
                                         week(0.4, 3, 500, 100, 43200)};
  std::mt19937_64 rng(5);
  for (size_t k = 0; k < cases.size(); ++k) {
    const RateFunction f({cases[k]});
    for (int trial = 0; trial < 30; ++trial) {
      const double t0 = uniform_open01(rng) * 2 * kWeek;
      const double t1 = t0 + std::pow(10.0, uniform_open01(rng) * 6.7);  // 1 s to 5e6 s (8 weeks)
      INFO("case " << k << " [" << t0 << ", " << t1 << "]");
      CHECK(f.mean_rate(t0, t1) == Approx(numeric_mean(f, t0, t1)).epsilon(2e-4));  // midpoints across the steps
    }
    // Whole weeks: the mean is the day's mean (30) times (5 + 2 weekend_scale) / 7, from anywhere.
    const double weekly = 30 * (5 + 2 * cases[k].weekend_scale) / 7;
    CHECK(f.mean_rate(0, kWeek) == Approx(weekly).epsilon(1e-12));
    CHECK(f.mean_rate(123.4, 123.4 + kWeek * 52) == Approx(weekly).epsilon(1e-12));
    CHECK(f.mean_rate(1e6 + 3.3, 1e6 + 3.3 + kWeek * 1000) == Approx(weekly).epsilon(1e-9));
  }
  // A weekend day alone: weekend_scale times the day's mean.
  CHECK(RateFunction({week(0.6)}).mean_rate(5 * kDay, 6 * kDay) == Approx(0.6 * 30).epsilon(1e-12));
  CHECK(RateFunction({week(0.6)}).mean_rate(4 * kDay, 5 * kDay) == Approx(30).epsilon(1e-12));
}

TEST_CASE("week: thinned arrivals per day follow the integral, weekends included", "[traffic][week]") {
  TrafficComponent c = week(0.4);
  c.peak = 0.5;
  c.trough = 0.1;  // 25,920 arrivals a weekday, 10,368 a weekend day
  const RateFunction f({c});
  ArrivalProcess p(f, 77);
  std::vector<long> per_day(14, 0);
  double t = 0;
  while (true) {
    t = p.next(t, 14 * kDay);
    if (!std::isfinite(t)) break;
    ++per_day[static_cast<size_t>(t / kDay)];
  }
  for (int d = 0; d < 14; ++d) {
    const double e = f.mean_rate(d * kDay, (d + 1) * kDay) * kDay;
    INFO("day " << d << ": " << per_day[d] << " arrivals, expected " << e);
    CHECK(e == Approx(d % 7 >= 5 ? 10368 : 25920));
    CHECK(std::abs(per_day[d] - e) < 5 * std::sqrt(e));
  }
}
