// The predictive policy (scenarios/README.md, "predictive"): per tier and control interval,
//   1. the VSF's offered rate over the interval just ended is one more sample of a series with a season of
//      period / interval samples; the forecast made earlier for this interval is scored against it;
//   2. once a season is observed (two for holt_winters, which forecasts as seasonal_naive meanwhile), the
//      rate is forecast for the intervals the CPUs asked now will serve in first: a CPU asked now serves
//      from now + time_to_serve (the models' expected time from the ask to serving) until the next tick's
//      CPUs serve, one interval later; the largest forecast of the intervals overlapping that window counts;
//   3. predictive desired = ceil(forecast x cpu_s_per_request / target);
//      reactive desired = target tracking on utilization (the HPA's rule: tolerance, booting CPUs at 0 %);
//   4. while the forecast is trusted (WAPE of the last error_window forecasts <= max_error, or none scored
//      yet) the tier gets the larger of the two, as AWS combines predictive and dynamic scaling; otherwise,
//      and before a season is observed, the reactive one;
//   5. a scale-in goes only to the highest desired size of the stabilization window (no flapping), and the
//      tier's min and max bound the result (`wanted` keeps what steps 1-4 asked).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>

#include "policy/forecast.hpp"
#include "policy/policy.hpp"

namespace vsf {

// One forecast scored against the rate then observed.
struct ScoredForecast {
  double abs_error_rps, observed_rps;
};

// WAPE: sum |forecast - observed| / sum observed; none without a scored forecast; infinite when only zeros
// were observed and some forecast was not 0.
std::optional<double> wape(const std::deque<ScoredForecast>& scored);

class PredictivePolicy : public ScalingPolicy {
 public:
  explicit PredictivePolicy(const PolicySpec& spec);
  std::vector<ScalingDecision> decide(double now, const std::vector<TierObservation>& tiers) override;
  bool wants_more(int tier) const override;
  std::vector<ForecastNote> forecasts() const override { return notes_; }

 private:
  struct TierState {
    std::unique_ptr<Forecaster> model;
    std::unique_ptr<Forecaster> naive;           // holt_winters only: forecasts during its second season
    std::map<long, double> forecasts;            // by sample index: the first forecast made for it
    std::deque<ScoredForecast> scored;           // the last error_window scored forecasts
    long last = -1;                              // the last sample observed
    std::deque<std::pair<double, int>> desired;  // (time, desired size) within the stabilization window
    bool wants_more = false;
    bool cut_reported = false;
  };
  // The forecast that provisions the tier at sample `n`, if the tier's models can forecast yet.
  struct Ahead {
    double rps;
    double for_s;
  };
  TierState& state(int tier);
  void observe(TierState& st, long n, double rps, ForecastNote& note);
  std::optional<Ahead> forecast_ahead(TierState& st, double now, long n, double lead_s);
  int reactive_size(const TierObservation& o) const;
  int stabilize(double now, int desired, int current, TierState& st) const;
  std::string reactive_text(bool forecast, std::optional<double> error, double utilization, int reactive) const;
  ScalingDecision decide_tier(double now, long n, const TierObservation& o, ForecastNote& note);

  PolicySpec spec_;
  int season_;                        // samples per period
  std::optional<double> first_tick_;  // sample n ends at first_tick_ + n * interval
  std::map<int, TierState> tiers_;
  std::vector<ForecastNote> notes_;
};

}  // namespace vsf
