// The threshold policy: per tier, scale out by `step` CPUs when utilization has
// stayed above `high` for `window` seconds, scale in when it has stayed below `low` as long, within the
// tier's min and max, then wait `cooldown` seconds before that tier's next action.
#pragma once

#include <limits>
#include <map>

#include "policy/policy.hpp"

namespace vsf {

class ThresholdPolicy : public ScalingPolicy {
 public:
  explicit ThresholdPolicy(const PolicySpec& spec);
  std::vector<ScalingDecision> decide(double now, const std::vector<TierObservation>& tiers) override;
  // The tier's last observation was above high (its run goes on, or restarted after an action).
  bool wants_more(int tier) const override;

 private:
  struct TierState {
    // Time of the first observation of the current run of observations above high (below low); NaN
    // when the last observation broke the run.
    double high_since = std::numeric_limits<double>::quiet_NaN();
    double low_since = std::numeric_limits<double>::quiet_NaN();
    double last_action = -std::numeric_limits<double>::infinity();
    // The run (its high_since or low_since) whose step the tier's bound cut to nothing, already
    // reported once: a tier resting at a bound reports each run once, not at every observation.
    double cut_run = std::numeric_limits<double>::quiet_NaN();
    bool above_high = false;  // at the last observation
  };
  PolicySpec spec_;
  std::map<int, TierState> tiers_;  // by tier index
};

}  // namespace vsf
