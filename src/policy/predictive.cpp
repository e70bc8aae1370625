// PredictivePolicy (see predictive.hpp).
#include "policy/predictive.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace vsf {

namespace {

// Sizes beyond any tier's max (1000000), so a huge forecast cannot overflow an int; the tier's max cuts them.
constexpr double kSizeCap = 1e7;

// ceil of a product that should be whole when the numbers are (2.4 / 0.6): rounding must not add one.
int ceil_size(double x) {
  if (!(x < kSizeCap)) return static_cast<int>(kSizeCap);  // also infinity
  if (!(x > 0)) return 0;                                  // also NaN
  return static_cast<int>(std::ceil(x - 1e-9 * std::max(1.0, x)));
}

// Observation times are sums of control intervals: an entry exactly one window old is outside it.
bool within(double now, double at, double window) { return at > now - window + 1e-9 * std::max(1.0, window); }

}  // namespace

std::optional<double> wape(const std::deque<ScoredForecast>& scored) {
  if (scored.empty()) return std::nullopt;
  double err = 0, obs = 0;
  for (const ScoredForecast& s : scored) {
    err += s.abs_error_rps;
    obs += s.observed_rps;
  }
  if (obs > 0) return err / obs;
  return err > 0 ? std::numeric_limits<double>::infinity() : 0.0;
}

PredictivePolicy::PredictivePolicy(const PolicySpec& spec)
    : spec_(spec), season_(std::max(1, static_cast<int>(std::lround(spec.predictive.period_s / spec.interval_s)))) {}

PredictivePolicy::TierState& PredictivePolicy::state(int tier) {
  TierState& st = tiers_[tier];
  if (!st.model) {
    st.model = make_forecaster(spec_.predictive, season_);
    if (spec_.predictive.method == ForecastMethod::HoltWinters) st.naive = std::make_unique<SeasonalNaive>(season_);
  }
  return st;
}

// Sample n: gaps since the last one are observed as missing; the forecast made for n is scored.
void PredictivePolicy::observe(TierState& st, long n, double rps, ForecastNote& note) {
  note.method = to_string(spec_.predictive.method);
  note.observed_rps = rps;
  if (n <= st.last) return;
  for (long gap = st.last + 1; gap < n; ++gap)
    for (Forecaster* f : {st.model.get(), st.naive.get()})
      if (f) f->observe(std::nullopt);
  for (Forecaster* f : {st.model.get(), st.naive.get()})
    if (f) f->observe(rps);
  st.last = n;
  const auto it = st.forecasts.find(n);
  if (it != st.forecasts.end()) {
    note.forecast_now_rps = it->second;
    if (rps > 0) note.error = (it->second - rps) / rps;
    st.scored.push_back({std::abs(it->second - rps), rps});
    while (static_cast<int>(st.scored.size()) > spec_.predictive.error_window) st.scored.pop_front();
  }
  st.forecasts.erase(st.forecasts.begin(), st.forecasts.upper_bound(n));
  note.running_error = wape(st.scored);
}

// Sample n + h covers (now + (h - 1) interval, now + h interval]; the CPUs asked now serve from now + lead
// until one interval later: every h whose interval overlaps that window counts, the largest forecast wins.
std::optional<PredictivePolicy::Ahead> PredictivePolicy::forecast_ahead(TierState& st, double now, long n,
                                                                        double lead_s) {
  const Forecaster* f = st.model->ready() ? st.model.get() : (st.naive && st.naive->ready()) ? st.naive.get() : nullptr;
  if (!f) return std::nullopt;
  const double dt = spec_.interval_s;
  const double k = lead_s / dt;
  const int first = static_cast<int>(std::floor(k + 1e-9)) + 1;
  const int last = static_cast<int>(std::ceil(k - 1e-9)) + 1;
  std::optional<Ahead> best;
  for (int h = first; h <= std::max(first, last); ++h) {
    const double rps = std::max(0.0, f->forecast(h));
    st.forecasts.emplace(n + h, rps);  // a forecast made earlier (a longer lead) for the same sample stays
    if (!best || rps > best->rps) best = Ahead{rps, now + h * dt};
  }
  return best;
}

// The HPA's rule on utilization (as target_tracking): no change within the tolerance; booting CPUs count at 0 %
// on a scale-out and are set aside on a scale-in; no serving CPU, no metric: no change.
int PredictivePolicy::reactive_size(const TierObservation& o) const {
  const int current = o.serving + o.pending;
  if (o.serving <= 0) return current;
  const double ratio = o.utilization / spec_.predictive.target;
  const double tol = spec_.predictive.tolerance;
  if (o.pending > 0 && ratio > 1) {
    const double rebalanced = ratio * o.serving / current;
    if (rebalanced <= 1 + tol) return current;
    return std::max(current, ceil_size(rebalanced * current));
  }
  if (std::abs(ratio - 1) <= tol) return current;
  return ceil_size(ratio * o.serving);
}

// A scale-in only to the highest desired size of the window (the newest included).
int PredictivePolicy::stabilize(double now, int desired, int current, TierState& st) const {
  const double window = spec_.predictive.stabilization_s;
  st.desired.emplace_back(now, desired);
  while (!st.desired.empty() && !within(now, st.desired.front().first, window)) st.desired.pop_front();
  if (desired >= current) return desired;
  int highest = desired;
  for (const auto& d : st.desired) highest = std::max(highest, d.second);
  return std::min(current, highest);
}

std::vector<ScalingDecision> PredictivePolicy::decide(double now, const std::vector<TierObservation>& tiers) {
  if (!first_tick_) first_tick_ = now;
  const long n = std::lround((now - *first_tick_) / spec_.interval_s);
  notes_.clear();
  std::vector<ScalingDecision> out;
  for (const TierObservation& o : tiers) {
    ForecastNote note;
    ScalingDecision d = decide_tier(now, n, o, note);
    notes_.push_back(note);
    if (d.delta != 0 || d.wanted != 0) out.push_back(std::move(d));
  }
  return out;
}

// Why the tier is provisioned reactively, and to what.
std::string PredictivePolicy::reactive_text(bool forecast, std::optional<double> error, double utilization,
                                            int reactive) const {
  const PredictiveSpec& p = spec_.predictive;
  const std::string cause = !forecast ? std::string("no forecast yet")
                                      : fmt::format("forecast error {:.3f} > max_error {:g}", *error, p.max_error);
  return fmt::format("reactive ({}): utilization {:.3f} / target {:g} -> {}", cause, utilization, p.target, reactive);
}

ScalingDecision PredictivePolicy::decide_tier(double now, long n, const TierObservation& o, ForecastNote& note) {
  const PredictiveSpec& p = spec_.predictive;
  TierState& st = state(o.tier);
  note.tier = o.tier;
  observe(st, n, o.offered_rps, note);
  const double lead = o.time_to_serve_s;
  const std::optional<Ahead> ahead = forecast_ahead(st, now, n, lead);
  const bool trusted = ahead && !(note.running_error && *note.running_error > p.max_error);
  note.reactive = !trusted;
  if (ahead) {
    note.for_s = ahead->for_s;
    note.forecast_rps = ahead->rps;
  }
  const int current = o.serving + o.pending;
  const int reactive = reactive_size(o);
  const int predictive = ahead ? ceil_size(ahead->rps * o.cpu_s_per_request / p.target) : 0;
  const int desired = trusted ? std::max(predictive, reactive) : reactive;
  st.wants_more = desired > current;
  const int stabilized = stabilize(now, desired, current, st);

  ScalingDecision d;
  d.tier = o.tier;
  d.wanted = stabilized - current;
  d.delta = delta_within_bounds(o, stabilized, current);
  if (d.wanted == 0) {
    st.cut_reported = false;
    return d;
  }
  d.inputs = {{"forecast_rps", ahead ? ahead->rps : std::nan("")},
              {"lead_s", lead},
              {"cpu_s_per_request", o.cpu_s_per_request},
              {"utilization", o.utilization},
              {"target", p.target},
              {"desired_predictive", double(predictive)},
              {"desired_reactive", double(reactive)},
              {"error", note.running_error ? *note.running_error : std::nan("")},
              {"predictive", trusted ? 1.0 : 0.0},
              {"current", double(current)},
              {"desired", double(desired)},
              {"stabilized", double(stabilized)}};
  const std::string why = trusted ? fmt::format(
                                        "predictive: forecast {:.3f}/s at t={:g} x {:.4g} CPU-s / target {:g} "
                                        "-> {}; reactive {}",
                                        ahead->rps, ahead->for_s, o.cpu_s_per_request, p.target, predictive, reactive)
                                  : reactive_text(ahead.has_value(), note.running_error, o.utilization, reactive);
  const std::string stab = stabilized != desired ? fmt::format("; stabilized to {}", stabilized) : "";
  if (d.delta == 0) {
    if (st.cut_reported) return ScalingDecision{o.tier, 0, 0, "", {}};
    st.cut_reported = true;
    d.reason = fmt::format("{}{}: {:+d} cut to 0 by {} {}", why, stab, d.wanted, d.wanted > 0 ? "max" : "min",
                           d.wanted > 0 ? o.max : o.min);
    return d;
  }
  st.cut_reported = false;
  d.reason = fmt::format("{}{}: {:+d} (current {}: serving {}, pending {}; min {}, max {})", why, stab, d.delta,
                         current, o.serving, o.pending, o.min, o.max);
  return d;
}

bool PredictivePolicy::wants_more(int tier) const {
  const auto it = tiers_.find(tier);
  return it != tiers_.end() && it->second.wants_more;
}

}  // namespace vsf
