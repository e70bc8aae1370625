// A "predictive" policy's keys (the table is scenario_keys::policy_predictive()), with the rules the table
// cannot say: the target and the smoothing parameters are in (0, 1], and the period is a whole number of
// control intervals (the forecast's season is counted in samples, one per interval).
#include <fmt/format.h>

#include <cmath>

#include "scenario/sections.hpp"

namespace vsf::scenario_detail {

namespace {

constexpr double kMaxSeasonSamples = 1e6;  // samples kept per tier: one season (two while Holt-Winters starts)

void at_most_one(const Source& src, const Fields& f, const std::string& key, double v, const char* what) {
  if (v > 1) src.error(f.at(key), fmt::format("{} must be in (0, 1], found {}", what, v));
}

void check_period(const Source& src, const Fields& f, double interval_s, double period_s) {
  const double samples = period_s / interval_s;
  const double whole = std::round(samples);
  if (whole < 1 || std::abs(samples - whole) > 1e-9 * std::max(1.0, samples))
    src.error(f.at("period"), fmt::format("the period must be a whole number of intervals ({}s): found {}s, {:g} "
                                          "intervals",
                                          interval_s, period_s, samples));
  else if (whole > kMaxSeasonSamples)
    src.error(f.at("period"), fmt::format("the period is {:g} intervals of {}s: at most {:g} (a longer interval or a "
                                          "shorter period)",
                                          whole, interval_s, kMaxSeasonSamples));
}

}  // namespace

void read_predictive(const Source& src, const Fields& f, double interval_s, bool interval_ok, PredictiveSpec& p) {
  f.read("method", p.method, kForecastMethods);
  const bool period_ok = f.read("period", p.period_s) || !f.has("period");
  if (period_ok && interval_ok) check_period(src, f, interval_s, p.period_s);
  if (f.read("target", p.target)) at_most_one(src, f, "target", p.target, "a utilization target");
  if (f.read("alpha", p.alpha)) at_most_one(src, f, "alpha", p.alpha, "a smoothing parameter");
  if (f.read("beta", p.beta)) at_most_one(src, f, "beta", p.beta, "a smoothing parameter");
  if (f.read("gamma", p.gamma)) at_most_one(src, f, "gamma", p.gamma, "a smoothing parameter");
  f.read("max_error", p.max_error);
  f.read("error_window", p.error_window);
  f.read("tolerance", p.tolerance);
  f.read("stabilization_window", p.stabilization_s);
}

}  // namespace vsf::scenario_detail
