// make_policy and the policy that never scales.
#include "policy/policy.hpp"

#include <stdexcept>

#include "policy/threshold.hpp"

namespace vsf {

namespace {

class NoPolicy : public ScalingPolicy {
 public:
  std::vector<ScalingDecision> decide(double, const std::vector<TierObservation>&) override { return {}; }
  bool wants_more(int) const override { return false; }
};

}  // namespace

std::unique_ptr<ScalingPolicy> make_policy(const PolicySpec& spec) {
  switch (spec.type) {
    case PolicyType::None:
      return std::make_unique<NoPolicy>();
    case PolicyType::Threshold:
      return std::make_unique<ThresholdPolicy>(spec);
  }
  throw std::logic_error("scaling policy of no known type");
}

}  // namespace vsf
