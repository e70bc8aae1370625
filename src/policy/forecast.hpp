// Forecasting a series sampled once per control interval, with a season of m samples (the policy's
// `period` / `interval`): seasonal naive and additive Holt-Winters. Plain C++, no policy or engine in sight.
//
// Sample n is the mean offered rate over the interval ending at the n-th tick; forecast(h) is the value
// expected h samples after the last one observed. A missing sample (no tick in its interval) is observed as
// std::nullopt: each method replaces it with its own one-step forecast, so a gap neither corrects the model
// nor, in the policy, counts as a forecast error.
#pragma once

#include <deque>
#include <memory>
#include <optional>

#include "model/predictive_spec.hpp"

namespace vsf {

class Forecaster {
 public:
  virtual ~Forecaster() = default;
  virtual void observe(std::optional<double> y) = 0;
  // Enough has been observed to forecast (one season for seasonal naive, two for Holt-Winters).
  virtual bool ready() const = 0;
  // The value h >= 1 samples after the last one observed; only when ready().
  virtual double forecast(int h) const = 0;
  long observed() const { return n_; }

 protected:
  long n_ = 0;  // samples observed, missing ones included
};

// The value one season before the target: y(n + h - m * ceil(h / m)).
class SeasonalNaive : public Forecaster {
 public:
  explicit SeasonalNaive(int m);
  void observe(std::optional<double> y) override;
  bool ready() const override { return static_cast<int>(last_.size()) == m_; }
  double forecast(int h) const override;

 private:
  int m_;
  std::deque<double> last_;  // the last m samples, oldest first
};

// Additive Holt-Winters (Hyndman and Athanasopoulos, "Forecasting: Principles and Practice", 8.3; the same
// recursions as statsmodels' ExponentialSmoothing(trend="add", seasonal="add")):
//   level    l(t) = alpha (y(t) - s(t-m)) + (1 - alpha) (l(t-1) + b(t-1))
//   trend    b(t) = beta (l(t) - l(t-1)) + (1 - beta) b(t-1)
//   season   s(t) = gamma (y(t) - l(t-1) - b(t-1)) + (1 - gamma) s(t-m)
//   forecast y(t+h) = l(t) + h b(t) + s(t + h - m (floor((h-1)/m) + 1))
// Initialised from the first two seasons (classical decomposition): b = (mean of season 2 - mean of season 1)
// / m, the level at the end of season 2 is its mean + b (m - 1) / 2 (the trend line through both means),
// and each seasonal term of season 2 is its sample less that line. A pure linear trend plus a season is then
// recovered exactly, and forecast exactly from the first forecast on.
class HoltWinters : public Forecaster {
 public:
  HoltWinters(int m, double alpha, double beta, double gamma);
  void observe(std::optional<double> y) override;
  bool ready() const override { return initialised_; }
  double forecast(int h) const override;
  double level() const { return level_; }
  double trend() const { return trend_; }
  // The seasonal terms s(t-m+1) .. s(t), oldest first.
  const std::deque<double>& season() const { return season_; }

 private:
  void initialise();
  int m_;
  double alpha_, beta_, gamma_;
  std::deque<double> first_;  // the first 2m samples, until initialised
  bool initialised_ = false;
  double level_ = 0, trend_ = 0;
  std::deque<double> season_;
};

std::unique_ptr<Forecaster> make_forecaster(const PredictiveSpec& spec, int season_samples);

}  // namespace vsf
