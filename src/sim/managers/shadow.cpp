// Shadow policies' evaluation (see shadow.hpp).
#include "sim/managers/shadow.hpp"

namespace vsf::sim {

ShadowPolicies::ShadowPolicies(const VsfSpec& spec) {
  for (const ShadowPolicy& s : spec.shadow_policies) shadows_.push_back({&s, make_policy(s.policy)});
}

void ShadowPolicies::evaluate(World& w, const VsfRuntime& v, double t, const std::vector<TierObservation>& observed,
                              const std::vector<int>& asked) {
  const int n = static_cast<int>(observed.size());
  for (size_t i = 0; i < shadows_.size(); ++i) {
    Shadow& s = shadows_[i];
    obs_ = observed;  // same size every tick: copied into the capacity already there
    s.policy->bound(t, obs_);
    for (const ScalingDecision& d : s.policy->decide(t, obs_)) {
      if (d.tier < 0 || d.tier >= n || (d.delta == 0 && d.wanted == 0)) continue;  // as the active policy's
      const TierObservation& o = obs_[static_cast<size_t>(d.tier)];
      const BoundedStep b = bound_step(o, d, o.serving, o.pending, asked[static_cast<size_t>(d.tier)]);
      nlohmann::json fields = decision_fields(w, v, o, d, b);
      fields["shadow"] = s.spec->name;
      fields["policy"] = to_string(s.spec->policy.type);
      w.recorder.event(t, "shadow_decision", std::move(fields));
      w.recorder.shadow_decision(v.index, static_cast<int>(i), d.tier, t, o.serving + o.pending, b.applied, o.min,
                                 o.max);
    }
  }
}

}  // namespace vsf::sim
