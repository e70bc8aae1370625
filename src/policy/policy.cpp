// make_policy and the policy that never scales.
#include "policy/policy.hpp"

#include <algorithm>
#include <stdexcept>

#include "policy/predictive.hpp"
#include "policy/scheduled.hpp"
#include "policy/step.hpp"
#include "policy/target_tracking.hpp"
#include "policy/threshold.hpp"

namespace vsf {

namespace {

class NoPolicy : public ScalingPolicy {
 public:
  std::vector<ScalingDecision> decide(double, const std::vector<TierObservation>&) override { return {}; }
  bool wants_more(int) const override { return false; }
};

std::unique_ptr<ScalingPolicy> make_load_policy(const PolicySpec& spec) {
  switch (spec.type) {
    case PolicyType::None:
      return std::make_unique<NoPolicy>();
    case PolicyType::Threshold:
      return std::make_unique<ThresholdPolicy>(spec);
    case PolicyType::TargetTracking:
      return std::make_unique<TargetTrackingPolicy>(spec.target_tracking);
    case PolicyType::Step:
      return std::make_unique<StepPolicy>(spec.step_scaling);
    case PolicyType::Scheduled:  // the schedule alone
      return nullptr;
    case PolicyType::Predictive:
      return std::make_unique<PredictivePolicy>(spec);
  }
  throw std::logic_error("scaling policy of no known type");
}

}  // namespace

int delta_within_bounds(const TierObservation& o, int size, int current) {
  const int wanted = size - current;
  const int bounded = std::clamp(size, o.min, std::max(o.min, o.max));
  return wanted > 0 ? std::max(0, bounded - current) : wanted < 0 ? std::min(0, bounded - current) : 0;
}

std::unique_ptr<ScalingPolicy> make_policy(const PolicySpec& spec) {
  // "none" never scales: its schedule, like its threshold keys, waits for a sweep to switch a policy on.
  if (spec.type == PolicyType::None || spec.schedule.entries.empty()) {
    auto p = make_load_policy(spec);
    if (!p) throw std::logic_error("a scheduled policy without a schedule");  // the loader requires one
    return p;
  }
  return std::make_unique<ScheduledPolicy>(spec.schedule, make_load_policy(spec));
}

}  // namespace vsf
