// ThresholdPolicy. The window is measured over the farm manager's observations: an action needs the
// condition to have held at every observation from the first of the run to now, and now - first >=
// window. So with a 30 s interval and a 60 s window, three consecutive observations above high
// (t, t+30, t+60) trigger a scale-out at t+60.
//
// No flapping: after an action both runs restart, so the next action of that tier needs a fresh run
// of observations taken after it (which see the new capacity), and the cooldown.
// Bounds: a scale-out counts serving + pending CPUs against max (CPUs already asked for will come);
// a scale-in counts serving + pending - draining against min (CPUs already leaving are gone). A tier
// with min >= max never scales. At a bound the step is cut (`wanted` keeps the whole step, so the farm
// manager can count the cut); a step cut to zero is no action: its run is kept, so the action comes as
// soon as there is room, and it is reported once per run as a decision of delta 0.
#include "policy/threshold.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace vsf {

namespace {

// Observation times are sums of control intervals: allow rounding when comparing a run with the window.
bool lasted(double now, double since, double window) {
  return !std::isnan(since) && now - since >= window - 1e-9 * std::max(1.0, window);
}

// True the first time the run that began at `run` is cut to nothing by a bound (then remembered).
template <class State>
bool report_cut(State& st, double run) {
  if (st.cut_run == run) return false;
  st.cut_run = run;
  return true;
}

// Every observation extends or breaks the runs above high and below low, even for a tier that cannot scale
// (min >= max) or is cooling down, so the window counts from the run's true start.
template <class State>
void track_runs(State& st, double u, double high, double low, double now) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  st.above_high = u > high;
  if (u > high) {
    st.low_since = nan;
    if (std::isnan(st.high_since)) st.high_since = now;
  } else if (u < low) {
    st.high_since = nan;
    if (std::isnan(st.low_since)) st.low_since = now;
  } else {  // in the band, or NaN (no measurement): both runs break
    st.high_since = st.low_since = nan;
  }
}

}  // namespace

ThresholdPolicy::ThresholdPolicy(const PolicySpec& spec) : spec_(spec) {}

std::vector<ScalingDecision> ThresholdPolicy::decide(double now, const std::vector<TierObservation>& tiers) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<ScalingDecision> out;
  for (const TierObservation& o : tiers) {
    TierState& st = tiers_[o.tier];
    const double u = o.utilization;
    track_runs(st, u, spec_.high, spec_.low, now);
    if (o.min >= o.max) continue;
    if (now - st.last_action < spec_.cooldown_s - 1e-9 * std::max(1.0, spec_.cooldown_s)) continue;

    ScalingDecision d;
    d.tier = o.tier;
    if (lasted(now, st.high_since, spec_.window_s)) {
      const int have = o.serving + o.pending;
      d.wanted = spec_.step;
      d.delta = std::min(spec_.step, o.max - have);
      if (d.delta <= 0) {
        if (report_cut(st, st.high_since))
          out.push_back(
              {o.tier,
               0,
               d.wanted,
               fmt::format("utilization {:.3f} > high {:.3g}: +{} cut to 0 by max {}", u, spec_.high, d.wanted, o.max),
               {}});
        continue;
      }
      d.reason =
          fmt::format("utilization {:.3f} > high {:.3g} for {:g}s (window {:g}s): +{} (serving {}, pending {}, max {})",
                      u, spec_.high, now - st.high_since, spec_.window_s, d.delta, o.serving, o.pending, o.max);
    } else if (lasted(now, st.low_since, spec_.window_s)) {
      const int have = o.serving + o.pending - o.draining;
      d.wanted = -spec_.step;
      d.delta = -std::min(spec_.step, have - o.min);
      if (d.delta >= 0) {
        if (report_cut(st, st.low_since))
          out.push_back(
              {o.tier,
               0,
               d.wanted,
               fmt::format("utilization {:.3f} < low {:.3g}: {} cut to 0 by min {}", u, spec_.low, d.wanted, o.min),
               {}});
        continue;
      }
      d.reason = fmt::format(
          "utilization {:.3f} < low {:.3g} for {:g}s (window {:g}s): {} (serving {}, pending {}, draining {}, min {})",
          u, spec_.low, now - st.low_since, spec_.window_s, d.delta, o.serving, o.pending, o.draining, o.min);
    } else {
      continue;
    }
    st.last_action = now;
    st.high_since = st.low_since = nan;
    out.push_back(std::move(d));
  }
  return out;
}

bool ThresholdPolicy::wants_more(int tier) const {
  const auto it = tiers_.find(tier);
  return it != tiers_.end() && it->second.above_high;
}

}  // namespace vsf
