// The customer-visible control plane API (issue 13 §3; patent WO 02/03203, "A customer visible control plane
// API"): a customer's application asks for more (or fewer) CPUs of a tier of its VSF, at given times (the
// scenario's api_calls) or by a rule of its own (vsfs[].api_rules, on the tier's queue: tier_queue.hpp).
//
// A call goes through the VSF's farm manager like a policy decision: in its loop, the farm manager takes each
// call that is due and judges it (one api_call event each, with its outcome):
//  - refused when the VSF does not exist (before its creation, an order not built, after its end), when its
//    plan is fixed, or when a +N would take the VSF's tier CPUs (serving + pending, every tier) beyond the
//    plan's max_cpus (plan_headroom), or when the tier has no room at all;
//  - cut to the tier's max in force (a -N: to its min, and to the plan's min_cpus);
//  - otherwise accepted. An accepted or cut +N is asked of the master through the slave (ScaleReason "api":
//    scale_request, then scale_grant and any denial, as for every scale-out, so the idle pool's arbitration
//    applies); a -N releases the tier's newest serving CPUs through the slave (cpu_released reason "api").
// The tier's min and max in force are those of the farm manager's last tick (a schedule's, like the policy's).
// Crash semantics: the calls and the rules' clocks live in the ControlPlane (like the registry), not in a
// farm manager: a call made while no farm manager incarnation runs is taken by the next one when it starts
// (its event then has t later than its `at`); rule checks that fall while none runs are skipped (a rule reads
// the queue when the farm manager looks). Calls naming an ordered VSF that is never built have no farm
// manager: start_api_refusals refuses them at their time.
#pragma once

#include <utility>
#include <vector>

#include "sim/engine/world.hpp"

namespace vsf::sim {

// One VSF's calls and rules across farm manager incarnations.
struct ApiProgress {
  std::vector<size_t> calls;       // its entries of Scenario::api_calls, by time
  std::vector<double> call_at;     // their times
  size_t next = 0;                 // the first not yet taken
  std::vector<double> rule_check;  // per rule of the VSF: its next check
  std::vector<double> rule_last;   // per rule: when it last called (-infinity: never)
};

// Every VSF's, by VSF index, before the run.
std::vector<ApiProgress> api_progress(const Scenario& s);

// When `p` is next due: its next call or rule check (infinity: never).
double api_due(const ApiProgress& p);

// What the farm manager sends for one call it did not refuse.
struct ApiAction {
  int tier = 0;
  int ask = 0;               // > 0: CPUs to ask the master for
  std::vector<int> release;  // serving CPUs to release
};

// Takes VSF `v`'s calls and rule checks due now: judges each (its api_call event and the summary's count)
// and returns what to send. `bounds`: per tier, the min and max in force.
std::vector<ApiAction> take_api_calls(World& w, VsfRuntime& v, ApiProgress& p,
                                      const std::vector<std::pair<int, int>>& bounds);

// An actor on the fabric host refusing, at their times, the calls whose VSF is an order never built.
void start_api_refusals(World& w);

}  // namespace vsf::sim
