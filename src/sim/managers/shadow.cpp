// Shadow policies' evaluation and the decision arithmetic they share with the active policy (see shadow.hpp).
#include "sim/managers/shadow.hpp"

#include <algorithm>

namespace vsf::sim {

BoundedStep bound_step(const TierObservation& o, const ScalingDecision& d, int serving, int pending, int asked) {
  BoundedStep b;
  b.wanted = d.wanted != 0 ? d.wanted : d.delta;
  if (b.wanted > 0) {
    const int n = std::clamp(o.max - (serving + pending) - asked, 0, std::max(0, d.delta));
    b.cut_by_max = b.wanted - n;
    b.applied = n;
  } else {
    const int above_min = std::clamp(serving + pending - o.min, 0, std::max(0, -d.delta));
    b.cut_by_min = -b.wanted - above_min;
    b.applied = -std::min(above_min, serving);  // only serving CPUs are released
  }
  return b;
}

nlohmann::json decision_fields(const World& w, const VsfRuntime& v, const TierObservation& o, const ScalingDecision& d,
                               const BoundedStep& b) {
  nlohmann::json fields = {
      {"vsf", v.spec->name},
      {"tier", w.tier_name(v.index, d.tier)},
      {"wanted", b.wanted},
      {"applied", b.applied},  // within min/max; the master may grant fewer
      {"cut_by_max", b.cut_by_max},
      {"cut_by_min", b.cut_by_min},
      {"reason", d.reason},
      {"utilization", o.utilization},
      {"serving", o.serving},
      {"pending", o.pending},
      {"draining", o.draining},
      {"p95_ms", o.p95_s ? nlohmann::json(*o.p95_s * 1000) : nlohmann::json(nullptr)},  // null: none
      {"offered_rps", o.offered_rps}};
  if (!d.inputs.empty()) {
    nlohmann::json inputs = nlohmann::json::object();
    for (const auto& [name, value] : d.inputs) inputs[name] = value;
    fields["inputs"] = std::move(inputs);
  }
  return fields;
}

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
