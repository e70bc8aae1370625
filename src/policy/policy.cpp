// make_policy and the policy that never scales.
#include "policy/policy.hpp"

#include "policy/threshold.hpp"
#include "util/errors.hpp"

namespace vsf {

namespace {

class NoPolicy : public ScalingPolicy {
 public:
  std::vector<ScalingDecision> decide(double, const std::vector<TierObservation>&) override { return {}; }
};

}  // namespace

const std::vector<std::string>& policy_types() {
  static const std::vector<std::string> types = {"none", "threshold"};
  return types;
}

std::unique_ptr<ScalingPolicy> make_policy(const PolicySpec& spec) {
  if (spec.type == "none") return std::make_unique<NoPolicy>();
  if (spec.type == "threshold") return std::make_unique<ThresholdPolicy>(spec);
  // The scenario loader rejects unknown types with the file and pointer; this is the last line of defence.
  throw InputError("", "/policy/type", "expected a policy type \"none\" or \"threshold\", found \"" + spec.type + "\"");
}

}  // namespace vsf
