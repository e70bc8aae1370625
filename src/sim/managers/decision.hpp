// A policy decision as the farm manager takes it, for the active policy (farm_manager.cpp) and the shadows
// (shadow.hpp) alike: cut to the tier's bounds, and the fields of its scale_decision or shadow_decision event.
#pragma once

#include <nlohmann/json.hpp>

#include "policy/policy.hpp"
#include "sim/engine/world.hpp"

namespace vsf::sim {

// A decision within its tier's bounds: what the farm manager asks for or releases, and what the bounds cut.
struct BoundedStep {
  int wanted = 0;   // the policy's step before its own cut and the bounds (signed)
  int applied = 0;  // signed, within [min, max]; a scale-in only releases serving CPUs
  int cut_by_max = 0, cut_by_min = 0;
};
// `serving` and `pending`: the tier's CPUs now; `asked`: CPUs already to be asked for the tier at this tick
// (replacements of lost CPUs, which count first against max).
BoundedStep bound_step(const TierObservation& o, const ScalingDecision& d, int serving, int pending, int asked);

// The fields scale_decision and shadow_decision events share: the decision, its bounds' cuts, the observation
// it was made on and the policy's inputs.
nlohmann::json decision_fields(const World& w, const VsfRuntime& v, const TierObservation& o, const ScalingDecision& d,
                               const BoundedStep& b);

}  // namespace vsf::sim
