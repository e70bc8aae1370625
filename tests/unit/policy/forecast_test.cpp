// Forecasts against what they must give: seasonal naive repeats a periodic series exactly; Holt-Winters
// forecasts a linear trend plus a season exactly, and matches statsmodels' ExponentialSmoothing on noisy
// series (reference numbers made by data/holt_winters_reference.py, not by this code); gaps are filled by
// the model's own forecast.
#include "policy/forecast.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace vsf;

namespace {

const double kShape[5] = {3, 8, 20, 14, 6};
double shape(long t) { return kShape[t % 5]; }

}  // namespace

TEST_CASE("seasonal naive forecasts a periodic series exactly") {
  SeasonalNaive f(5);
  for (long t = 0; t < 4; ++t) {
    f.observe(shape(t));
    CHECK(!f.ready());
  }
  f.observe(shape(4));
  REQUIRE(f.ready());
  for (long t = 5; t < 23; ++t) {
    for (int h = 1; h <= 12; ++h) CHECK(f.forecast(h) == shape(t - 1 + h));
    f.observe(shape(t));
  }
}

TEST_CASE("seasonal naive fills a gap with the value one season before") {
  SeasonalNaive f(5);
  for (long t = 0; t < 7; ++t) f.observe(shape(t));
  f.observe(std::nullopt);  // t = 7
  CHECK(f.forecast(5) == shape(7));
  for (long t = 8; t < 12; ++t) f.observe(shape(t));
  CHECK(f.forecast(1) == shape(7));  // what the gap was filled with, one season later
}

TEST_CASE("Holt-Winters forecasts a linear trend plus a season exactly") {
  const int m = 5;
  const auto y = [](long t) { return 100 + 2.5 * t + (kShape[t % 5] - 10.2); };  // the season sums to 0
  HoltWinters f(m, 0.4, 0.2, 0.3);
  for (long t = 0; t < 2 * m; ++t) {
    CHECK(!f.ready());
    f.observe(y(t));
  }
  REQUIRE(f.ready());
  CHECK(f.trend() == Approx(2.5));
  for (long t = 2 * m; t < 8 * m; ++t) {
    for (int h = 1; h <= 2 * m + 1; ++h) CHECK(f.forecast(h) == Approx(y(t - 1 + h)).epsilon(1e-12));
    f.observe(y(t));
  }
}

TEST_CASE("Holt-Winters matches statsmodels ExponentialSmoothing on noisy series") {
  std::ifstream in(std::string(VSFSIM_SOURCE_DIR) + "/tests/unit/policy/data/holt_winters_reference.json");
  REQUIRE(in.good());
  const auto ref = nlohmann::json::parse(in);
  REQUIRE(ref["cases"].size() >= 3);
  for (const auto& c : ref["cases"]) {
    const int m = c["m"];
    INFO("m " << m << " alpha " << c["alpha"]);
    HoltWinters f(m, c["alpha"], c["beta"], c["gamma"]);
    const auto& y = c["series"];
    const auto& one_step = c["one_step"];
    REQUIRE(one_step.size() == y.size() - 2 * static_cast<size_t>(m));
    for (size_t t = 0; t < y.size(); ++t) {
      if (t >= 2 * static_cast<size_t>(m)) CHECK(f.forecast(1) == Approx(one_step[t - 2 * m].get<double>()));
      f.observe(y[t].get<double>());
    }
    const auto& ahead = c["forecast"];
    for (size_t h = 1; h <= ahead.size(); ++h)
      CHECK(f.forecast(static_cast<int>(h)) == Approx(ahead[h - 1].get<double>()));
  }
}

TEST_CASE("Holt-Winters treats a gap as its own forecast: the state moves on uncorrected") {
  const auto y = [](long t) { return 50 + kShape[t % 5] + 0.5 * t; };
  HoltWinters a(5, 0.5, 0.1, 0.3), b(5, 0.5, 0.1, 0.3);
  for (long t = 0; t < 13; ++t) {
    a.observe(y(t) + (t % 3 == 0 ? 4 : -2));  // not exact: there is an error to correct
    b.observe(y(t) + (t % 3 == 0 ? 4 : -2));
  }
  const double expected = a.forecast(1);
  a.observe(std::nullopt);
  b.observe(expected);
  CHECK(a.level() == b.level());
  CHECK(a.trend() == b.trend());
  CHECK(a.forecast(3) == b.forecast(3));
  CHECK(a.observed() == 14);
}
