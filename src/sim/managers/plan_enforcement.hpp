// A VSF's service plan in its farm manager (issue 13 §2): the plan's cap and floor on the VSF's tier CPUs, the
// guaranteed minimum capacity of its periods, and the customer's control values, which replace a tier's own min
// and max. The numbers come from policy/plan_bounds.hpp; this file logs plan_limit and control_value events.
//
// Control values and guarantees take effect at the VSF's policy ticks (the first tick at or after their time).
#pragma once

#include <utility>
#include <vector>

#include "model/plan_spec.hpp"
#include "policy/policy.hpp"
#include "sim/engine/world.hpp"

namespace vsf::sim {

class PlanEnforcement {
 public:
  PlanEnforcement(const World& w, const VsfSpec& v);

  // At a tick: applies the control values due by t (control_value events), then sets each observation's min and
  // max to the tier's own (as control values left them) and puts the guaranteed CPUs per tier at t in `guaranteed`.
  void begin_tick(World& w, double t, std::vector<TierObservation>& obs, std::vector<int>& guaranteed);
  // After the policy's bound(): a tier's min in force is at least its guarantee (within its max in force).
  void raise_to_guarantee(std::vector<TierObservation>& obs, const std::vector<int>& guaranteed) const;

  // Of a scale-out of n CPUs of tier `tier` while the VSF holds `held` tier CPUs, what the plan's cap allows;
  // a cut is logged (plan_limit, limit "max").
  int cut_out(World& w, const VsfRuntime& v, int tier, int held, int n, double t) const;
  // Of a scale-in of n CPUs while the VSF holds `held`, what the plan's floor allows (plan_limit, limit "min").
  int cut_in(World& w, const VsfRuntime& v, int tier, int held, int n, double t) const;

  const std::pair<int, int>& own(size_t tier) const { return own_[tier]; }

 private:
  const ServicePlan* plan_ = nullptr;
  const VsfSpec* spec_;
  int max_cpus_, min_cpus_;
  std::vector<std::pair<int, int>> own_;  // per tier: min and max as the definition and control values set them
  size_t next_value_ = 0;                 // in spec_->control_values
};

// The VSF's tier CPUs serving or pending (LB not counted): what the plan's limits count.
int tier_cpus_held(const VsfRuntime& v);
// The VSF's service plan; nullptr when it has none.
const ServicePlan* plan_of(const World& w, const VsfSpec& v);

}  // namespace vsf::sim
