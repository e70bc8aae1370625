// The customer-visible control plane API (issue 13 §3; patent WO 02/03203, "A customer visible control
// plane API"): a customer's application asks the control plane for more (or fewer) servers of a tier, at
// given times (`api_calls`) or by a rule of its own (vsfs[].api_rules). Calls go through the VSF's farm
// manager like policy decisions: the tier's and the plan's limits, then the master's arbitration of the
// idle pool. Plain data.
#pragma once

#include <array>
#include <limits>
#include <string>

namespace vsf {

// One entry of `api_calls`.
struct ApiCall {
  double at_s = 0;
  std::string vsf;
  int vsf_index = -1;  // in Scenario::vsfs, resolved by the loader
  std::string tier;    // role as written; empty: the VSF's first tier
  int tier_index = 0;
  int delta = 0;        // CPUs: > 0 asks for more, < 0 releases
  std::string pointer;  // "/api_calls/3", for events and messages
};

// A rule of the application: when the tier's queue (requests waiting, all its CPUs together) is above
// `queue_above`, ask for `ask` more CPUs; when below `queue_below` (if given), release `release`; at most one
// call per `cooldown_s`. Checked at `interval_s`.
struct ApiRule {
  std::string tier;  // role; empty: the VSF's first tier
  int tier_index = 0;
  double queue_above = std::numeric_limits<double>::infinity();
  double queue_below = -1;  // < 0: never releases
  int ask = 1, release = 1;
  double interval_s = 10;
  double cooldown_s = 60;
  std::string pointer;  // "/vsfs/0/api_rules/1"
};

// What the farm manager made of a call (event api_call, summary vsfs[].api.by_outcome): carried out as asked,
// cut (to the tier's max or min in force, or the plan's min_cpus), or refused (the VSF does not exist, its plan is
// fixed, it would exceed the plan's max_cpus, or the tier has no room at all). An accepted or cut ask still
// goes to the master, which may deny it.
enum class ApiOutcome { Accepted, Cut, Refused };
inline constexpr std::array kApiOutcomes{ApiOutcome::Accepted, ApiOutcome::Cut, ApiOutcome::Refused};
inline const char* to_string(ApiOutcome o) {
  switch (o) {
    case ApiOutcome::Accepted:
      return "accepted";
    case ApiOutcome::Cut:
      return "cut";
    case ApiOutcome::Refused:
      return "refused";
  }
  return "refused";
}

}  // namespace vsf
