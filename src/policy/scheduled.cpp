// The schedule's bounds over a load policy (see scheduled.hpp).
#include "policy/scheduled.hpp"

#include <fmt/format.h>

namespace vsf {

ScheduledPolicy::ScheduledPolicy(ScheduleSpec schedule, std::unique_ptr<ScalingPolicy> inner)
    : schedule_(std::move(schedule)), inner_(std::move(inner)) {}

void ScheduledPolicy::bound(double now, std::vector<TierObservation>& tiers) const {
  for (TierObservation& o : tiers) {
    const ScheduledBounds b = bounds_in_force(schedule_, o.tier, now, o.min, o.max);
    o.max = b.max;
    o.min = std::min(b.min, b.max);
  }
  if (inner_) inner_->bound(now, tiers);
}

std::vector<ScalingDecision> ScheduledPolicy::decide(double now, const std::vector<TierObservation>& given) {
  std::vector<TierObservation> tiers = given;
  bound(now, tiers);  // a no-op on bounded observations; callers that did not bound them get the same
  std::vector<ScalingDecision> inner = inner_ ? inner_->decide(now, tiers) : std::vector<ScalingDecision>{};
  std::vector<ScalingDecision> out;
  for (const TierObservation& o : tiers) {
    int asked = 0;  // the inner policy's net change of the tier
    for (const ScalingDecision& d : inner)
      if (d.tier == o.tier) asked += d.delta;
    const int have = o.serving + o.pending;
    below_min_[o.tier] = have < o.min;
    const int after = have + asked;
    // A tier within its bounds keeps the load policy's decisions (the farm manager cuts them to the bounds,
    // counting the cut); one outside them is brought back unless the load policy already does so.
    if (!(have < o.min && after < o.min) && !(have > o.max && after > o.max)) {
      for (const ScalingDecision& d : inner)
        if (d.tier == o.tier) out.push_back(d);
      continue;
    }
    const bool to_min = have < o.min;
    ScalingDecision d;
    d.tier = o.tier;
    d.delta = (to_min ? o.min : o.max) - have;
    d.reason = fmt::format("schedule: {} {} in force: {:+d} (serving {}, pending {}{})", to_min ? "min" : "max",
                           to_min ? o.min : o.max, d.delta, o.serving, o.pending,
                           asked != 0 ? fmt::format(", load policy {:+d}", asked) : "");
    d.inputs = {{"schedule_min", o.min}, {"schedule_max", o.max}, {"size", have}, {"policy_delta", asked}};
    out.push_back(std::move(d));
  }
  return out;
}

bool ScheduledPolicy::wants_more(int tier) const {
  const auto it = below_min_.find(tier);
  return (inner_ && inner_->wants_more(tier)) || (it != below_min_.end() && it->second);
}

}  // namespace vsf
