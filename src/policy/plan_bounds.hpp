// A service plan's sizing rules as numbers (issue 13 §2): the plan's cap and floor on a VSF's tier CPUs, the
// guaranteed minimum of each tier at a time, and whether a customer's control value is accepted. Plain C++: the
// farm manager (src/sim/managers/plan_enforcement.*) applies what these compute.
//
// Time 0 of a run is a Monday 00:00 (as the provisioning's review_hours): a guarantee "weekdays_only" holds on
// days 0-4 of every week of the run.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/plan_spec.hpp"
#include "model/vsf_spec.hpp"

namespace vsf {

// The most tier CPUs (all tiers, LB not counted) the VSF may hold on plan `p`: max_cpus, and on a fixed plan no
// more than its initial size (so only lost CPUs are replaced). Unlimited (INT_MAX) with no plan or no limit.
int plan_max_cpus(const ServicePlan* p, const VsfSpec& v);
// The fewest: min_cpus (0 with no plan or no limit).
int plan_min_cpus(const ServicePlan* p);

// Of a scale-out of n CPUs when the VSF holds `held`, what the cap `max` allows (0..n).
int allowed_out(int max, int held, int n);
// Of a scale-in of n CPUs when the VSF holds `held`, what the floor `min` allows (0..n).
int allowed_in(int min, int held, int n);

// Whether guarantee g is in force at run time t.
bool guarantee_in_force(const PlanGuarantee& g, double t);
// Per tier of `v`, the CPUs plan `p` guarantees at t (0: none), clipped to the tier's max.
std::vector<int> guaranteed_at(const ServicePlan* p, const VsfSpec& v, double t);
// The same into `out` (resized to the tiers), reusing its storage: a farm manager's tick asks at every tick.
void guaranteed_at(const ServicePlan* p, const VsfSpec& v, double t, std::vector<int>& out);

// A control value's verdict against the plan, given each tier's own (min, max) before it.
struct ControlVerdict {
  bool accepted = false;
  int min = 0, max = 0;  // the tier's bounds the value asks for (an absent one: unchanged)
  std::string reason;    // why it was refused; empty when accepted
};
// Refused when the plan is fixed, when the asked min > max, when the asked max plus the other tiers' mins exceeds
// the plan's max_cpus, or when the asked max plus the other tiers' maxes is below the plan's min_cpus. The
// VSF definition's own min and max are only the first control values: a later one may go beyond them.
ControlVerdict judge_control_value(const ServicePlan* p, const ScheduleEntry& e,
                                   const std::vector<std::pair<int, int>>& own);

}  // namespace vsf
