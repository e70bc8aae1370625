// Seasonal naive and additive Holt-Winters forecasts (see forecast.hpp).
#include "policy/forecast.hpp"

#include <numeric>
#include <stdexcept>

namespace vsf {

namespace {

// Before a method can forecast, a gap repeats the last sample (0 before any).
double fill(const std::deque<double>& seen, std::optional<double> y) {
  if (y) return *y;
  return seen.empty() ? 0.0 : seen.back();
}

double mean(std::deque<double>::const_iterator from, std::deque<double>::const_iterator to) {
  const auto n = std::distance(from, to);
  return n > 0 ? std::accumulate(from, to, 0.0) / static_cast<double>(n) : 0.0;
}

}  // namespace

SeasonalNaive::SeasonalNaive(int m) : m_(m) {
  if (m < 1) throw std::invalid_argument("a season of at least one sample");
}

void SeasonalNaive::observe(std::optional<double> y) {
  const double v = y ? *y : ready() ? forecast(1) : fill(last_, y);
  last_.push_back(v);
  if (static_cast<int>(last_.size()) > m_) last_.pop_front();
  ++n_;
}

double SeasonalNaive::forecast(int h) const {
  // Sample n + h lies (h - 1) mod m samples after the oldest one kept (sample n - m + 1).
  return last_[static_cast<size_t>((h - 1) % m_)];
}

HoltWinters::HoltWinters(int m, double alpha, double beta, double gamma)
    : m_(m), alpha_(alpha), beta_(beta), gamma_(gamma) {
  if (m < 1) throw std::invalid_argument("a season of at least one sample");
}

void HoltWinters::initialise() {
  const auto season2 = first_.begin() + m_;
  const double mean1 = mean(first_.begin(), season2), mean2 = mean(season2, first_.end());
  trend_ = (mean2 - mean1) / m_;
  level_ = mean2 + trend_ * (m_ - 1) / 2.0;
  season_.clear();
  for (int i = 0; i < m_; ++i)  // sample i of season 2 lies m - 1 - i samples before its end
    season_.push_back(first_[static_cast<size_t>(m_ + i)] - (level_ - trend_ * (m_ - 1 - i)));
  first_.clear();
  initialised_ = true;
}

void HoltWinters::observe(std::optional<double> y) {
  ++n_;
  if (!initialised_) {
    first_.push_back(fill(first_, y));
    if (static_cast<int>(first_.size()) == 2 * m_) initialise();
    return;
  }
  const double v = y ? *y : forecast(1);
  const double s_old = season_.front();  // s(t-m)
  const double prev = level_ + trend_;
  const double level = alpha_ * (v - s_old) + (1 - alpha_) * prev;
  trend_ = beta_ * (level - level_) + (1 - beta_) * trend_;
  season_.pop_front();
  season_.push_back(gamma_ * (v - prev) + (1 - gamma_) * s_old);
  level_ = level;
}

double HoltWinters::forecast(int h) const { return level_ + h * trend_ + season_[static_cast<size_t>((h - 1) % m_)]; }

std::unique_ptr<Forecaster> make_forecaster(const PredictiveSpec& spec, int season_samples) {
  if (spec.method == ForecastMethod::SeasonalNaive) return std::make_unique<SeasonalNaive>(season_samples);
  return std::make_unique<HoltWinters>(season_samples, spec.alpha, spec.beta, spec.gamma);
}

}  // namespace vsf
