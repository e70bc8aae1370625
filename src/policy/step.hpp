// The step policy: AWS EC2 Auto Scaling step scaling ("Step and simple scaling policies"), per tier. Two
// CloudWatch-style alarms watch the metric at every control interval (one interval = one alarm period): the
// scale-out alarm is in ALARM after evaluation_periods consecutive observations >= its threshold, the
// scale-in alarm after as many < its threshold. While an alarm is in ALARM and the tier is out of its
// cooldown, the step adjustment whose band holds metric - threshold is applied: above the threshold a band
// is [lower, upper), below it (lower, upper], as AWS documents. An alarm stays in ALARM while the condition
// holds, so the next step comes after the cooldown, not after a fresh run. Percent adjustments are of the
// current size (serving + pending), truncated toward zero (a fraction of one CPU rounds to one), then at
// least min_adjustment_magnitude CPUs. The tier's min and max cut the adjustment (`wanted` keeps it); an
// adjustment cut to nothing is reported once per alarm run.
#pragma once

#include <limits>
#include <map>

#include "policy/policy.hpp"

namespace vsf {

class StepPolicy : public ScalingPolicy {
 public:
  explicit StepPolicy(const StepScalingSpec& spec);
  std::vector<ScalingDecision> decide(double now, const std::vector<TierObservation>& tiers) override;
  // The tier's last observation breached the scale-out threshold.
  bool wants_more(int tier) const override;

  // The CPUs a step adjustment changes for a tier of `current` CPUs (AWS's rounding; exposed for tests).
  static int adjustment_cpus(const StepAlarm& alarm, int adjustment, int current);

 private:
  struct TierState {
    int out_run = 0, in_run = 0;  // consecutive observations breaching each alarm
    double out_since = std::numeric_limits<double>::quiet_NaN(), in_since = out_since;  // start of each run
    double last_action = -std::numeric_limits<double>::infinity();
    double cut_run = std::numeric_limits<double>::quiet_NaN();  // the run whose adjustment a bound cut, reported
  };
  StepScalingSpec spec_;
  std::map<int, TierState> tiers_;  // by tier index
};

}  // namespace vsf
