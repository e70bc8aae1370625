// A "predictive" policy: forecasts the VSF's offered rate one lead time (the expected time to serve) ahead
// and provisions each tier for the forecast against a target utilization, falling back to reactive scaling
// (target tracking on utilization) when the forecast's recent error is large. scenarios/README.md has the rules.
#pragma once

#include <array>

namespace vsf {

enum class ForecastMethod { SeasonalNaive, HoltWinters };
inline constexpr std::array kForecastMethods{ForecastMethod::SeasonalNaive, ForecastMethod::HoltWinters};
const char* to_string(ForecastMethod m);  // "seasonal_naive", "holt_winters"

struct PredictiveSpec {
  ForecastMethod method = ForecastMethod::HoltWinters;
  double period_s = 86400;  // the season, a whole number of control intervals
  double target = 0.6;      // utilization the forecast is provisioned at, and the reactive rule's target
  double alpha = 0.3, beta = 0.05, gamma = 0.3;  // Holt-Winters smoothing of level, trend, season
  double max_error = 0.25;       // WAPE over the last error_window forecasts above which the policy is reactive
  int error_window = 10;         // forecasts
  double tolerance = 0.1;        // the reactive rule's: no change while |utilization / target - 1| <= tolerance
  double stabilization_s = 300;  // scale in only to the highest size wanted within this window
};

}  // namespace vsf
