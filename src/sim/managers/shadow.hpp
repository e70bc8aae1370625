// Shadow mode (vsfs[].shadow_policies): policies a farm manager evaluates beside a VSF's active one, at its
// ticks and on the same observations, logging what each would do (shadow_decision events, counted in
// summary.json's vsfs[].shadow_policies) and never acting: no scale request, no release, no need opened or
// closed. A run with shadows is the run without them plus those events and that summary key. Crash
// semantics: as the active policy's, a shadow's state (windows, cooldowns, stabilization) belongs to the farm
// manager's incarnation and restarts with a new one.
#pragma once

#include <memory>
#include <vector>

#include "policy/policy.hpp"
#include "sim/engine/world.hpp"
#include "sim/managers/decision.hpp"

namespace vsf::sim {

class ShadowPolicies {
 public:
  explicit ShadowPolicies(const VsfSpec& spec);
  bool empty() const { return shadows_.empty(); }
  // One control interval at t: `observed` as observed, before the active policy's bound() (each shadow applies
  // its own); `asked` the CPUs per tier the tick asks for whatever the policies decide (replacements).
  void evaluate(World& w, const VsfRuntime& v, double t, const std::vector<TierObservation>& observed,
                const std::vector<int>& asked);

 private:
  struct Shadow {
    const ShadowPolicy* spec = nullptr;
    std::unique_ptr<ScalingPolicy> policy;
  };
  std::vector<Shadow> shadows_;
  std::vector<TierObservation> obs_;  // each shadow's copy, reused: no allocation per tick
};

}  // namespace vsf::sim
