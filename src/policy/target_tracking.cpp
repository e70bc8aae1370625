// TargetTrackingPolicy, following the HPA's replica calculator and its behavior normalization step by step
// (kubernetes.io, "Horizontal Pod Autoscaling": "Algorithm details", "Stabilization window", "Scaling
// policies", "Default Behavior"). Where the docs leave a detail open the HPA's own code decides it: the
// stabilization and rate-limit windows hold entries strictly younger than the window; a Percent scale-out
// limit rounds up and a Percent scale-in limit truncates; the changes of a period are this policy's own
// (what it asked within the tier's bounds: the control plane may grant fewer, which the HPA never sees either).
#include "policy/target_tracking.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>

namespace vsf {

namespace {

// Observation times are sums of control intervals: an entry exactly one window old is outside it.
bool within(double now, double at, double window) { return at > now - window + 1e-9 * std::max(1.0, window); }

// Sizes beyond any tier's max (1000000), so a huge ratio (a tiny requests_per_cpu target) cannot overflow an
// int; the tier's max cuts them anyway.
constexpr double kSizeCap = 1e7;

// ceil of a ratio product that should be whole when the numbers are (1.0 * 2 / 0.5): rounding must not add one.
int ceil_replicas(double x) {
  if (!(x < kSizeCap)) return static_cast<int>(kSizeCap);  // also infinity
  return static_cast<int>(std::ceil(x - 1e-9 * std::max(1.0, x)));
}

const char* limit_name(RateLimitType t) { return t == RateLimitType::Pods ? "pods" : "percent"; }

struct Limit {
  int replicas;
  std::string text;  // which rate limit gave it, for the reason
};

// "Scaling policies": the most replicas a scale-out may reach now. Each policy counts from the size at its
// period's start (the current size less this period's scale-outs, plus its scale-ins); Max takes the largest
// proposal, Min the smallest.
Limit scale_up_limit(const ScalingRules& r, int current, double now, const std::deque<std::pair<double, int>>& ch) {
  Limit best{r.select == SelectPolicy::Min ? INT_MAX : INT_MIN, ""};
  for (const RateLimit& p : r.policies) {
    int added = 0, removed = 0;
    for (const auto& [at, n] : ch)
      if (within(now, at, p.period_s)) (n > 0 ? added : removed) += std::abs(n);
    const int start = current - added + removed;
    const int proposed = p.type == RateLimitType::Pods ? start + p.value : ceil_replicas(start * (1 + p.value / 100.0));
    const bool take = r.select == SelectPolicy::Min ? proposed < best.replicas : proposed > best.replicas;
    if (take)
      best = {proposed, fmt::format("scale_up {} {} per {:g}s from {} -> {}", limit_name(p.type), p.value, p.period_s,
                                    start, proposed)};
  }
  return best;
}

// The fewest replicas a scale-in may reach now: Min picks the policy changing least (the highest proposal).
Limit scale_down_limit(const ScalingRules& r, int current, double now, const std::deque<std::pair<double, int>>& ch) {
  Limit best{r.select == SelectPolicy::Min ? INT_MIN : INT_MAX, ""};
  for (const RateLimit& p : r.policies) {
    int added = 0, removed = 0;
    for (const auto& [at, n] : ch)
      if (within(now, at, p.period_s)) (n > 0 ? added : removed) += std::abs(n);
    const int start = current + removed - added;
    const int proposed =
        p.type == RateLimitType::Pods ? start - p.value : static_cast<int>(start * (1 - p.value / 100.0) + 1e-9);
    const bool take = r.select == SelectPolicy::Min ? proposed > best.replicas : proposed < best.replicas;
    if (take)
      best = {proposed, fmt::format("scale_down {} {} per {:g}s from {} -> {}", limit_name(p.type), p.value, p.period_s,
                                    start, proposed)};
  }
  return best;
}

}  // namespace

TargetTrackingPolicy::TargetTrackingPolicy(const TargetTrackingSpec& spec) : spec_(spec) {}

std::vector<ScalingDecision> TargetTrackingPolicy::decide(double now, const std::vector<TierObservation>& tiers) {
  std::vector<ScalingDecision> out;
  for (const TierObservation& o : tiers) {
    ScalingDecision d = decide_tier(now, o, tiers_[o.tier]);
    if (d.delta != 0 || d.wanted != 0) out.push_back(std::move(d));
  }
  return out;
}

// 1. "Algorithm details".
TargetTrackingPolicy::Proposal TargetTrackingPolicy::desired_size(double ratio, int ready, int unready,
                                                                  int current) const {
  if (unready > 0 && ratio > 1) {
    // Scale-out with not-yet-ready CPUs: they count at 0 % of the target, and if that brings the ratio within
    // the tolerance or below 1, there is no scale-out.
    const double rebalanced = ratio * ready / (ready + unready);
    if (std::abs(rebalanced - 1) <= spec_.tolerance || rebalanced < 1)
      return {current, fmt::format("with {} booting at 0 % the ratio is {:.3f}: no change", unready, rebalanced)};
    const int desired = std::max(current, ceil_replicas(rebalanced * (ready + unready)));
    return {desired, fmt::format("with {} booting at 0 % the ratio is {:.3f}: desired ceil({:.3f} x {}) = {}", unready,
                                 rebalanced, rebalanced, ready + unready, desired)};
  }
  if (std::abs(ratio - 1) <= spec_.tolerance)
    return {current, fmt::format("within tolerance {:g}: no change", spec_.tolerance)};
  const int desired = ceil_replicas(ratio * ready);  // booting CPUs are set aside on a scale-in
  return {desired, fmt::format("desired ceil({:.3f} x {} serving) = {}", ratio, ready, desired)};
}

// 2. "Stabilization window": the raw recommendations are kept, the newest included.
TargetTrackingPolicy::Proposal TargetTrackingPolicy::stabilize(double now, int desired, int current,
                                                               TierState& st) const {
  const ScalingRules& up = spec_.scale_up;
  const ScalingRules& down = spec_.scale_down;
  int up_rec = desired, down_rec = desired;
  for (const Recommendation& r : st.recommendations) {
    if (within(now, r.at, up.stabilization_s)) up_rec = std::min(up_rec, r.replicas);
    if (within(now, r.at, down.stabilization_s)) down_rec = std::max(down_rec, r.replicas);
  }
  st.recommendations.push_back({now, desired});
  const double keep = std::max(up.stabilization_s, down.stabilization_s);
  while (!st.recommendations.empty() && !within(now, st.recommendations.front().at, keep))
    st.recommendations.pop_front();
  const int stabilized = std::min(std::max(current, up_rec), down_rec);
  if (stabilized == desired) return {stabilized, ""};
  return {stabilized, fmt::format("; stabilized to {} (lowest of the {:g}s scale-up window {}, highest of the {:g}s "
                                  "scale-down window {})",
                                  stabilized, up.stabilization_s, up_rec, down.stabilization_s, down_rec)};
}

// 3. "Scaling policies".
TargetTrackingPolicy::Proposal TargetTrackingPolicy::rate_limit(double now, int stabilized, int current,
                                                                const TierState& st) const {
  const ScalingRules& up = spec_.scale_up;
  const ScalingRules& down = spec_.scale_down;
  if (stabilized > current) {
    if (up.select == SelectPolicy::Disabled) return {current, "; scale-up disabled"};
    const Limit l = scale_up_limit(up, current, now, st.changes);
    if (std::max(l.replicas, current) < stabilized)
      return {std::max(l.replicas, current), fmt::format("; limited by {}", l.text)};
  } else if (stabilized < current) {
    if (down.select == SelectPolicy::Disabled) return {current, "; scale-down disabled"};
    const Limit l = scale_down_limit(down, current, now, st.changes);
    if (std::min(l.replicas, current) > stabilized)
      return {std::min(l.replicas, current), fmt::format("; limited by {}", l.text)};
  }
  return {stabilized, ""};
}

// The rate limits count this policy's own changes: keep them as long as the longest limit period looks back.
void TargetTrackingPolicy::record_change(double now, int delta, TierState& st) const {
  st.changes.emplace_back(now, delta);
  double longest = 0;
  for (const ScalingRules* r : {&spec_.scale_up, &spec_.scale_down})
    for (const RateLimit& p : r->policies) longest = std::max(longest, p.period_s);
  while (!st.changes.empty() && !within(now, st.changes.front().first, longest)) st.changes.pop_front();
}

ScalingDecision TargetTrackingPolicy::decide_tier(double now, const TierObservation& o, TierState& st) {
  ScalingDecision d;
  d.tier = o.tier;
  st.wants_more = false;
  const int ready = o.serving, unready = o.pending, current = o.serving + o.pending;
  const double metric = spec_.metric == PolicyMetric::Utilization
                            ? o.utilization
                            : (ready > 0 ? o.offered_rps / ready : std::numeric_limits<double>::quiet_NaN());
  if (ready <= 0 || std::isnan(metric)) return d;  // no metric from any ready CPU: the HPA skips the tier

  const double ratio = metric / spec_.target;
  const Proposal desired = desired_size(ratio, ready, unready, current);
  st.wants_more = desired.replicas > current;
  const Proposal stabilized = stabilize(now, desired.replicas, current, st);
  const Proposal limited = rate_limit(now, stabilized.replicas, current, st);
  const int target = limited.replicas;

  // 4. The tier's bounds.
  d.wanted = target - current;
  d.delta = delta_within_bounds(o, target, current);
  if (d.wanted == 0) {
    st.cut_reported = false;
    return d;
  }
  const std::string metric_text =
      fmt::format("{} {:.3f} / target {:g} = ratio {:.3f}", to_string(spec_.metric), metric, spec_.target, ratio);
  const std::string steps = desired.text + stabilized.text + limited.text;
  d.inputs = {{"metric", metric},
              {"target", spec_.target},
              {"ratio", ratio},
              {"ready", double(ready)},
              {"not_ready", double(unready)},
              {"current", double(current)},
              {"desired", double(desired.replicas)},
              {"stabilized", double(stabilized.replicas)},
              {"limited", double(target)}};
  if (d.delta == 0) {
    if (st.cut_reported) return ScalingDecision{o.tier, 0, 0, "", {}};
    st.cut_reported = true;
    d.reason = fmt::format("{}: {}: {:+d} cut to 0 by {} {}", metric_text, steps, d.wanted,
                           d.wanted > 0 ? "max" : "min", d.wanted > 0 ? o.max : o.min);
    return d;
  }
  st.cut_reported = false;
  record_change(now, d.delta, st);
  d.reason = fmt::format("{}: {}: {:+d} (current {}: serving {}, pending {}; min {}, max {})", metric_text, steps,
                         d.delta, current, o.serving, o.pending, o.min, o.max);
  return d;
}

bool TargetTrackingPolicy::wants_more(int tier) const {
  const auto it = tiers_.find(tier);
  return it != tiers_.end() && it->second.wants_more;
}

}  // namespace vsf
