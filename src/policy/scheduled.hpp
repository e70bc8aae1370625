// The schedule as a policy: wraps a VSF's load policy (or none, for type "scheduled") and bounds it. bound()
// sets each tier's min and max to those in force (model/schedule_spec.hpp); decide() gives the inner policy
// the bounded observations, then makes the schedule hold: a tier whose size (serving + pending) is below the
// min in force scales out to it, one above the max scales in to it, unless the inner policy's own decision
// for that tier gets there (its decisions are then replaced; `inputs` keep what it asked). A tier within its
// bounds keeps the inner policy's decisions, which the farm manager cuts to the bounds in force. The inner policy is
// not told of the schedule's actions (its cooldown does not start with them).
#pragma once

#include <map>
#include <memory>

#include "policy/policy.hpp"

namespace vsf {

class ScheduledPolicy : public ScalingPolicy {
 public:
  // `inner` may be null: the schedule alone.
  ScheduledPolicy(ScheduleSpec schedule, std::unique_ptr<ScalingPolicy> inner);
  // Each observation's min and max, taken as the tier's own, become those in force at `now`; idempotent. A
  // min above the max in force (only from a group's drawn tier sizes: the loader refuses it otherwise)
  // yields to the max.
  void bound(double now, std::vector<TierObservation>& tiers) const override;
  std::vector<ScalingDecision> decide(double now, const std::vector<TierObservation>& tiers) override;
  // The inner policy presses for more, or the tier was below its scheduled min at the last decision.
  bool wants_more(int tier) const override;
  // The inner policy's forecasts (a scheduled predictive policy still logs them).
  std::vector<ForecastNote> forecasts() const override {
    return inner_ ? inner_->forecasts() : std::vector<ForecastNote>{};
  }

 private:
  ScheduleSpec schedule_;
  std::unique_ptr<ScalingPolicy> inner_;
  std::map<int, bool> below_min_;  // by tier index
};

}  // namespace vsf
