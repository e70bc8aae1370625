// RateFunction: each traffic component's rate, an upper bound of it over an interval, and its exact
// integral; the function is their sum, each component multiplied by its `scale` (the VSF's effective
// traffic_scale), so every type is scaled the same way, in one place. Bounds must never be below the
// rate (thinning would then drop arrivals silently), so each is computed from where the component's
// maximum can be, plus a hair of relative margin for rounding.
#include "traffic/rate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace vsf {

namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;
constexpr double kMargin = 1e-9;  // relative, so the bound also covers rounding in rate()

// ---- steps: the rate of each step holds from its `at` to the next step's; 0 before the first ----

double steps_rate(const std::vector<TrafficStep>& steps, double t) {
  double r = 0;
  for (const auto& s : steps) {
    if (s.at_s > t) break;
    r = s.rate;
  }
  return r;
}

double steps_max(const std::vector<TrafficStep>& steps, double t0, double t1) {
  double m = steps_rate(steps, t0);
  for (const auto& s : steps)
    if (s.at_s > t0 && s.at_s <= t1) m = std::max(m, s.rate);
  return m;
}

double steps_integral(const std::vector<TrafficStep>& steps, double t0, double t1) {
  double sum = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    double a = std::max(t0, steps[i].at_s);
    double b = i + 1 < steps.size() ? std::min(t1, steps[i + 1].at_s) : t1;
    if (b > a) sum += steps[i].rate * (b - a);
  }
  return sum;
}

// ---- diurnal: mean + amplitude * cos(2 pi (t - phase) / period), peak at t = phase ----

double diurnal_base_rate(const TrafficComponent& c, double t) {
  if (!(c.period_s > 0)) return c.peak;
  double mean = (c.peak + c.trough) / 2, amp = (c.peak - c.trough) / 2;
  return mean + amp * std::cos(kTwoPi * (t - c.phase_s) / c.period_s);
}

double diurnal_base_max(const TrafficComponent& c, double t0, double t1) {
  double hi = std::max(c.peak, c.trough);
  if (!(c.period_s > 0) || t1 - t0 >= c.period_s) return hi;
  // Where the maximum of the cosine sits (at phase, or half a period later if trough > peak); between
  // two maxima the function has no interior maximum, so otherwise the larger endpoint bounds it.
  double at = c.peak >= c.trough ? c.phase_s : c.phase_s + c.period_s / 2;
  double k = std::ceil((t0 - at) / c.period_s);
  if (at + k * c.period_s <= t1) return hi;
  return std::max(diurnal_base_rate(c, t0), diurnal_base_rate(c, t1));
}

double diurnal_base_integral(const TrafficComponent& c, double t0, double t1) {
  if (!(c.period_s > 0)) return c.peak * (t1 - t0);
  double mean = (c.peak + c.trough) / 2, amp = (c.peak - c.trough) / 2, w = kTwoPi / c.period_s;
  return mean * (t1 - t0) + amp / w * (std::sin(w * (t1 - c.phase_s)) - std::sin(w * (t0 - c.phase_s)));
}

// ---- diurnal week: the base shape times weekend_scale on days 6 and 7 of each week of 24 h days ----
// A component with weekend_scale 1 takes the base functions alone, so its results are those of before.
// Days are calendar days whatever the period, so that the components of one VSF (a daily cycle and its
// 12 h harmonic, say) share one calendar.

constexpr double kDayS = 86400;

bool has_week(const TrafficComponent& c) { return c.weekend_scale != 1; }

// The day holding t: day 0 starts at week_shift_s. A double, as the days are counted in doubles.
double day_of(const TrafficComponent& c, double t) { return std::floor((t - c.week_shift_s) / kDayS); }
double day_start(const TrafficComponent& c, double day) { return c.week_shift_s + day * kDayS; }

// Days 5 and 6 of each week from day -off are the weekend: day d is day (d + off) mod 7 of its week.
double week_offset(const TrafficComponent& c) { return c.week_start_day - 1; }
double day_factor(const TrafficComponent& c, double day) {
  const double y = day + week_offset(c);
  return y - 7 * std::floor(y / 7) >= 5 ? c.weekend_scale : 1;
}

double diurnal_rate(const TrafficComponent& c, double t) {
  const double base = diurnal_base_rate(c, t);
  return has_week(c) ? base * day_factor(c, day_of(c, t)) : base;
}

double diurnal_max(const TrafficComponent& c, double t0, double t1) {
  if (!has_week(c)) return diurnal_base_max(c, t0, t1);
  const double first = day_of(c, t0), last = day_of(c, t1);
  // A week or more holds a weekday peak and a weekend one.
  if (!(last - first < 8)) return std::max(c.peak, c.trough) * std::max(1.0, c.weekend_scale);
  double m = 0;
  for (double d = first; d <= last; ++d) {
    const double a = std::clamp(day_start(c, d), t0, t1), b = std::clamp(day_start(c, d + 1), a, t1);
    m = std::max(m, day_factor(c, d) * diurnal_base_max(c, a, b));
  }
  return m;
}

double diurnal_integral(const TrafficComponent& c, double t0, double t1) {
  if (!has_week(c) || !(t1 > t0) || !std::isfinite(t1 - t0)) return diurnal_base_integral(c, t0, t1);
  const double first = day_of(c, t0), last = day_of(c, t1);
  if (first == last) return day_factor(c, first) * diurnal_base_integral(c, t0, t1);
  // The whole interval at 1, plus (weekend_scale - 1) times each weekend's part of it: one Saturday and
  // Sunday per week, so the cost grows with the weeks (52 a year).
  double weekend = 0;
  const double off = week_offset(c);
  for (double w = std::floor((first + off) / 7); w <= std::floor((last + off) / 7); ++w) {
    const double saturday = 7 * w + 5 - off;
    const double a = std::max(t0, day_start(c, saturday)), b = std::min(t1, day_start(c, saturday + 2));
    if (b > a) weekend += diurnal_base_integral(c, a, b);
  }
  return diurnal_base_integral(c, t0, t1) + (c.weekend_scale - 1) * weekend;
}

// ---- flash crowd: 0 before start, linear ramp to peak over `ramp`, then exponential decay ----

double flash_rate(const TrafficComponent& c, double t) {
  double top = c.start_s + c.ramp_s;
  if (t < c.start_s) return 0;
  if (t < top) return c.peak * (t - c.start_s) / c.ramp_s;
  if (c.decay_s > 0) return c.peak * std::exp(-(t - top) / c.decay_s);
  return t == top ? c.peak : 0;
}

double flash_max(const TrafficComponent& c, double t0, double t1) {
  // Rises up to start + ramp and falls after: the maximum is at the point of [t0, t1] nearest the top.
  return flash_rate(c, std::clamp(c.start_s + c.ramp_s, t0, t1));
}

// Integral from -infinity to t.
double flash_cumulative(const TrafficComponent& c, double t) {
  if (t <= c.start_s) return 0;
  double top = c.start_s + c.ramp_s;
  if (t < top) return c.peak * (t - c.start_s) * (t - c.start_s) / (2 * c.ramp_s);
  double ramp = c.peak * c.ramp_s / 2;
  if (!(c.decay_s > 0)) return ramp;
  return ramp + c.peak * c.decay_s * -std::expm1(-(t - top) / c.decay_s);
}

// ---- trace: piecewise constant over the loaded points, the last point (rate 0) marking the end ----

double trace_period(const TrafficComponent& c) { return c.points.empty() ? 0 : c.points.back().first; }

// Index of the point whose segment holds t (t within [0, end)); -1 before the first point.
long trace_index(const TrafficComponent& c, double t) {
  auto it = std::upper_bound(c.points.begin(), c.points.end(), t,
                             [](double x, const std::pair<double, double>& p) { return x < p.first; });
  return static_cast<long>(it - c.points.begin()) - 1;
}

double trace_local(const TrafficComponent& c, double t) {  // t without looping
  long i = trace_index(c, t);
  return i < 0 ? 0 : c.points[i].second;
}

// t (trace time, negative before a shifted trace's start) mapped into the first period when looping.
double trace_fold(const TrafficComponent& c, double t) {
  double p = trace_period(c);
  if (c.loop && p > 0 && t >= p) t = std::fmod(t, p);
  if (c.loop && p > 0 && t < 0) {
    t -= p * std::floor(t / p);
    if (t >= p) t = 0;  // a hair below a whole period rounded up to it
  }
  return t;
}

// Simulated time t is trace time t - offset_s; nothing before the run (t < 0), as nothing before a trace.
double trace_rate(const TrafficComponent& c, double t) {
  if (c.points.empty() || t < 0) return 0;
  return trace_local(c, trace_fold(c, t - c.offset_s));
}

double trace_local_max(const TrafficComponent& c, double a, double b) {
  long i = std::max(0L, trace_index(c, a)), j = trace_index(c, b);
  double m = trace_local(c, a);
  for (long k = i; k <= j && k < static_cast<long>(c.points.size()); ++k) m = std::max(m, c.points[k].second);
  return m;
}

double trace_max(const TrafficComponent& c, double t0, double t1) {
  if (c.points.empty() || t1 < 0) return 0;
  t0 = std::max(t0, 0.0) - c.offset_s;
  t1 -= c.offset_s;
  double p = trace_period(c);
  if (!c.loop || !(p > 0)) return trace_local_max(c, t0, t1);
  if (t1 - t0 >= p) return trace_local_max(c, 0, p);
  double a = trace_fold(c, t0), b = a + (t1 - t0);
  if (b < p) return trace_local_max(c, a, b);
  return std::max(trace_local_max(c, a, p), trace_local_max(c, 0, b - p));
}

double trace_local_cumulative(const TrafficComponent& c, double t) {  // integral over [0, t], no looping
  double sum = 0;
  for (size_t i = 0; i + 1 < c.points.size() && c.points[i].first < t; ++i)
    sum += c.points[i].second * (std::min(t, c.points[i + 1].first) - c.points[i].first);
  return sum;
}

// Integral over trace time [0, t]; a looped trace's is negative for t < 0 (the loop continues backwards).
double trace_cumulative(const TrafficComponent& c, double t) {
  if (c.points.empty()) return 0;
  double p = trace_period(c);
  if (!c.loop || !(p > 0)) return t <= 0 ? 0 : trace_local_cumulative(c, t);
  double periods = std::floor(t / p);
  return periods * trace_local_cumulative(c, p) + trace_local_cumulative(c, t - periods * p);
}

// The next time after t where a trace's rate jumps (the next point's start, looped), +inf when none.
double trace_next_break(const TrafficComponent& c, double t) {
  if (c.points.empty()) return INFINITY;
  if (t < 0) return 0;
  const double tt = t - c.offset_s, folded = trace_fold(c, tt);
  const long i = trace_index(c, folded);
  if (i + 1 < static_cast<long>(c.points.size())) return t + (c.points[static_cast<size_t>(i + 1)].first - folded);
  return c.loop && trace_period(c) > 0 ? t + (trace_period(c) - folded) : INFINITY;
}

// The next jump after t of a component's rate (+inf: continuous from t on).
double component_next_break(const TrafficComponent& c, double t) {
  switch (c.kind) {
    case TrafficKind::Steps:
      for (const auto& s : c.steps)
        if (s.at_s > t) return s.at_s;
      return INFINITY;
    case TrafficKind::Diurnal:  // a weekly pattern jumps at day boundaries
      return has_week(c) ? day_start(c, day_of(c, t) + 1) : INFINITY;
    case TrafficKind::Trace:
      return trace_next_break(c, t);
    case TrafficKind::Constant:
    case TrafficKind::FlashCrowd:
      return INFINITY;
  }
  return INFINITY;
}

double component_rate(const TrafficComponent& c, double t) {
  switch (c.kind) {
    case TrafficKind::Constant:
      return c.rate;
    case TrafficKind::Steps:
      return steps_rate(c.steps, t);
    case TrafficKind::Diurnal:
      return diurnal_rate(c, t);
    case TrafficKind::FlashCrowd:
      return flash_rate(c, t);
    case TrafficKind::Trace:
      return trace_rate(c, t);
  }
  throw std::logic_error("traffic component of no known kind");
}

double component_max(const TrafficComponent& c, double t0, double t1) {
  switch (c.kind) {
    case TrafficKind::Constant:
      return c.rate;
    case TrafficKind::Steps:
      return steps_max(c.steps, t0, t1);
    case TrafficKind::Diurnal:
      return diurnal_max(c, t0, t1);
    case TrafficKind::FlashCrowd:
      return flash_max(c, t0, t1);
    case TrafficKind::Trace:
      return trace_max(c, t0, t1);
  }
  throw std::logic_error("traffic component of no known kind");
}

double component_integral(const TrafficComponent& c, double t0, double t1) {
  switch (c.kind) {
    case TrafficKind::Constant:
      return c.rate * (t1 - t0);
    case TrafficKind::Steps:
      return steps_integral(c.steps, t0, t1);
    case TrafficKind::Diurnal:
      return diurnal_integral(c, t0, t1);
    case TrafficKind::FlashCrowd:
      return flash_cumulative(c, t1) - flash_cumulative(c, t0);
    case TrafficKind::Trace:
      return trace_cumulative(c, std::max(t1, 0.0) - c.offset_s) - trace_cumulative(c, std::max(t0, 0.0) - c.offset_s);
  }
  throw std::logic_error("traffic component of no known kind");
}

}  // namespace

RateFunction::RateFunction(std::vector<TrafficComponent> components) : components_(std::move(components)) {
  for (auto& c : components_)
    std::stable_sort(c.steps.begin(), c.steps.end(),
                     [](const TrafficStep& a, const TrafficStep& b) { return a.at_s < b.at_s; });
}

void shift_in_time(TrafficComponent& c, double shift_s) {
  switch (c.kind) {
    case TrafficKind::Constant:
      return;
    case TrafficKind::Steps:
      for (TrafficStep& s : c.steps) s.at_s += shift_s;
      return;
    case TrafficKind::Diurnal:
      c.phase_s += shift_s;
      c.week_shift_s += shift_s;
      return;
    case TrafficKind::FlashCrowd:
      c.start_s += shift_s;
      return;
    case TrafficKind::Trace:
      c.offset_s += shift_s;
      return;
  }
}

double RateFunction::rate(double t) const {
  double r = 0;
  for (const auto& c : components_) r += c.scale * component_rate(c, t);
  return std::max(0.0, r);
}

double RateFunction::max_rate(double t0, double t1) const {
  if (t1 < t0) std::swap(t0, t1);
  double m = 0;
  for (const auto& c : components_) m += std::max(0.0, c.scale * component_max(c, t0, t1));
  return m * (1 + kMargin);
}

double RateFunction::peak_rate() const {
  double m = 0;
  for (const auto& c : components_)
    m += std::max(0.0, c.scale * component_max(c, 0, std::numeric_limits<double>::infinity()));
  return m;
}

double RateFunction::next_break(double t) const {
  double next = INFINITY;
  for (const auto& c : components_) next = std::min(next, component_next_break(c, t));
  return next;
}

double RateFunction::mean_rate(double t0, double t1) const {
  if (!(t1 > t0)) return rate(t0);
  double sum = 0;
  for (const auto& c : components_) sum += c.scale * component_integral(c, t0, t1);
  return std::max(0.0, sum / (t1 - t0));
}

}  // namespace vsf
