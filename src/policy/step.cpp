// StepPolicy. The loader guarantees each alarm's bands are contiguous and cover every breach ([0, +inf) above
// the scale-out threshold, (-inf, 0] below the scale-in one), so an alarm in ALARM always finds its band.
#include "policy/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace vsf {

namespace {

std::string bound(const std::optional<double>& b, const char* infinity) {
  return b ? fmt::format("{:g}", *b) : std::string(infinity);
}

// The band holding x = metric - threshold: [lower, upper) above the threshold, (lower, upper] below it.
const StepBand* band_of(const std::vector<StepBand>& steps, double x, bool scale_out) {
  for (const StepBand& b : steps) {
    const bool above_lower = !b.lower || (scale_out ? x >= *b.lower : x > *b.lower);
    const bool below_upper = !b.upper || (scale_out ? x < *b.upper : x <= *b.upper);
    if (above_lower && below_upper) return &b;
  }
  return nullptr;
}

// The reason's account of the alarm and its step, shared by a decision that acts and one cut to nothing by a bound.
std::string alarm_text(PolicyMetric metric, double m, const StepAlarm& alarm, bool scale_out, int run,
                       const StepBand& band, double x, int current, int n) {
  const std::string adjustment = alarm.adjustment_type == AdjustmentType::ChangeInCapacity
                                     ? fmt::format("{:+d} CPUs", band.adjustment)
                                     : fmt::format("{:+d} % of {} = {:+d} (truncated, at least {})", band.adjustment,
                                                   current, n, alarm.min_adjustment_magnitude);
  return fmt::format(
      "{} {:.3f} {} threshold {:g} for {} intervals (evaluation_periods {}): step {}{}, {}{} of "
      "metric - threshold {:.3f}: {}",
      to_string(metric), m, scale_out ? ">=" : "<", alarm.threshold, run, alarm.evaluation_periods,
      scale_out ? "[" : "(", bound(band.lower, "-inf"), bound(band.upper, "+inf"), scale_out ? ")" : "]", x,
      adjustment);
}

bool cooling(double now, double last, double cooldown) {
  return now - last < cooldown - 1e-9 * std::max(1.0, cooldown);
}

}  // namespace

StepPolicy::StepPolicy(const StepScalingSpec& spec) : spec_(spec) {}

int StepPolicy::adjustment_cpus(const StepAlarm& alarm, int adjustment, int current) {
  if (alarm.adjustment_type == AdjustmentType::ChangeInCapacity) return adjustment;
  if (adjustment == 0) return 0;
  const double raw = std::clamp(current * (adjustment / 100.0), -1e7, 1e7);  // beyond any max; no int overflow
  // AWS: a fraction of one instance rounds to one; the adjustment's sign also decides for an empty tier.
  const int sign = adjustment > 0 ? 1 : -1;
  const int n = static_cast<int>(std::trunc(raw));
  return sign * std::max({std::abs(n), 1, alarm.min_adjustment_magnitude});
}

std::vector<ScalingDecision> StepPolicy::decide(double now, const std::vector<TierObservation>& tiers) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<ScalingDecision> out;
  for (const TierObservation& o : tiers) {
    TierState& st = tiers_[o.tier];
    const double m = spec_.metric == PolicyMetric::Utilization
                         ? o.utilization
                         : (o.serving > 0 ? o.offered_rps / o.serving : nan);  // no serving CPU: no data point
    // A missing data point breaks both runs (CloudWatch's default: missing data is not breaching).
    const bool out_breach = !std::isnan(m) && m >= spec_.scale_out.threshold;
    const bool in_breach = spec_.scale_in && !std::isnan(m) && m < spec_.scale_in->threshold;
    st.out_run = out_breach ? st.out_run + 1 : 0;
    st.in_run = in_breach ? st.in_run + 1 : 0;
    if (st.out_run == 1) st.out_since = now;
    if (st.in_run == 1) st.in_since = now;
    if (o.min >= o.max) continue;

    const bool scale_out = st.out_run >= spec_.scale_out.evaluation_periods;
    const bool scale_in = spec_.scale_in && st.in_run >= spec_.scale_in->evaluation_periods;
    if (!scale_out && !scale_in) continue;
    const StepAlarm& alarm = scale_out ? spec_.scale_out : *spec_.scale_in;
    if (cooling(now, st.last_action, alarm.cooldown_s)) continue;

    const double x = m - alarm.threshold;
    const StepBand* band = band_of(alarm.steps, x, scale_out);
    if (band == nullptr) continue;  // not reached: the loader makes the bands cover every breach
    const int current = o.serving + o.pending;
    const int n = adjustment_cpus(alarm, band->adjustment, current);
    const int bounded = std::clamp(current + n, o.min, o.max);
    ScalingDecision d;
    d.tier = o.tier;
    d.wanted = n;
    d.delta = scale_out ? std::max(0, bounded - current) : std::min(0, bounded - current);
    const std::string why =
        alarm_text(spec_.metric, m, alarm, scale_out, scale_out ? st.out_run : st.in_run, *band, x, current, n);
    d.inputs = {{"metric", m},
                {"threshold", alarm.threshold},
                {"breach", x},
                {"adjustment", double(band->adjustment)},
                {"current", double(current)}};
    // JSON has no infinity: an open bound is left out.
    if (band->lower) d.inputs.emplace_back("band_lower", *band->lower);
    if (band->upper) d.inputs.emplace_back("band_upper", *band->upper);
    const double run = scale_out ? st.out_since : st.in_since;
    if (d.delta == 0) {
      if (st.cut_run == run) continue;
      st.cut_run = run;
      d.reason =
          fmt::format("{}: {:+d} cut to 0 by {} {}", why, n, scale_out ? "max" : "min", scale_out ? o.max : o.min);
      out.push_back(std::move(d));
      continue;
    }
    d.reason = fmt::format("{}: {:+d} (current {}: serving {}, pending {}; min {}, max {})", why, d.delta, current,
                           o.serving, o.pending, o.min, o.max);
    st.last_action = now;
    out.push_back(std::move(d));
  }
  return out;
}

bool StepPolicy::wants_more(int tier) const {
  const auto it = tiers_.find(tier);
  return it != tiers_.end() && it->second.out_run > 0;
}

}  // namespace vsf
