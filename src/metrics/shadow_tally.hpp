// Shadow mode's summary (vsfs[].shadow_policies): what each shadow policy would have done, counted from its
// decisions, and the CPU-seconds its tiers would have held. Plain C++: the farm manager reports decisions
// through Recorder::shadow_decision.
//
// The estimate is the size a policy last set, held until it sets another: each tier starts at its initial
// size at the VSF's creation; a decision with applied != 0 at t sets it to the observed serving + pending +
// applied, within the tier's min and max. A shadow sees the active policy's world (its observations follow
// the active policy's CPUs, not the shadow's), so the estimate is what it would have held had each of its
// decisions started from the active policy's tier; the same estimator run over the active policy's own
// decisions (summary `active.cpu_seconds_estimate`) shows its bias against the CPU-seconds actually held.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vsf {

class ShadowTally {
 public:
  // `initial`: each tier's size at the VSF's creation, `start_s`.
  ShadowTally(std::string name, std::string policy, const std::vector<int>& initial, double start_s);

  // One logged decision of tier `tier` at t (t >= the previous): `applied` CPUs (signed, within the bounds),
  // on top of the `observed` serving + pending; the size it sets is kept within [min, max].
  void decision(int tier, double t, int observed, int applied, int min, int max);
  // CPU-seconds the estimate's tiers held from the creation to t (>= the last decision's time).
  double cpu_seconds(double t) const;

  // {"name", "policy", "decisions", "scale_outs": {"count", "cpus"}, "scale_ins": {...}, "cpu_seconds_estimate"}
  // at the end of the run; the active policy's has no name.
  nlohmann::ordered_json json(double t_end, bool named) const;

  const std::string& name() const { return name_; }
  const std::string& policy() const { return policy_; }
  long decisions() const { return decisions_; }

 private:
  std::string name_, policy_;
  long decisions_ = 0, outs_ = 0, out_cpus_ = 0, ins_ = 0, in_cpus_ = 0;
  std::vector<int> size_;      // per tier: the size it last set
  std::vector<double> since_;  // per tier: since when
  double closed_ = 0;          // CPU-seconds of sizes already replaced
};

}  // namespace vsf
