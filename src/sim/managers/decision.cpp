// A decision cut to its tier's bounds, and its event's fields (see decision.hpp).
#include "sim/managers/decision.hpp"

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

}  // namespace vsf::sim
