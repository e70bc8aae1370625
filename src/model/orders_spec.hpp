// The typed `provisioning` settings and `orders` of a scenario (issue 13 §1): customers order VSFs through
// the provisioning console; people review each order (in working hours, if given), a credit check
// follows, and an approved order is built from the idle pool. Plain data; src/orders/ holds the
// arithmetic (working hours, an order's steps from its draws).
#pragma once

#include <array>
#include <limits>
#include <optional>
#include <string>

#include "model/faults_spec.hpp"

namespace vsf {

// The hours in which reviewers work, each day (or Monday to Friday only). Time 0 of a run is a Monday 00:00.
struct WorkingHours {
  double from_s = 9 * 3600;  // seconds after midnight
  double to_s = 17 * 3600;   // > from_s
  bool weekdays_only = false;
};

// What an approved order does when the idle pool cannot hold its VSF's initial CPUs (and LB).
enum class PoolShort { Wait, Refuse };
inline constexpr std::array kPoolShorts{PoolShort::Wait, PoolShort::Refuse};
inline const char* to_string(PoolShort p) { return p == PoolShort::Wait ? "wait" : "refuse"; }

struct ProvisioningSpec {
  // Working time a review takes (from the draw); with review_hours it only advances within those hours.
  faults::Distribution review = faults::Distribution::constant(0);
  std::optional<WorkingHours> review_hours;
  double reject_probability = 0;
  // A credit agency's answer time: runs around the clock.
  faults::Distribution credit_check = faults::Distribution::constant(0);
  double credit_fail_probability = 0;
  PoolShort when_pool_short = PoolShort::Wait;
  double max_wait_s = std::numeric_limits<double>::infinity();  // "wait": refused once it waited this long
};

// An order's steps, resolved before the run from its draws (src/orders/order_flow.hpp).
enum class OrderOutcome { Rejected, CreditFailed, Approved };

struct OrderSteps {
  double received_s = 0;
  double reviewed_s = 0;
  bool approved = false;         // by the review
  double credit_checked_s = -1;  // -1: no credit check (rejected at review)
  bool credit_passed = false;
  double ready_s = -1;  // when building may begin; -1 unless the outcome is Approved
  OrderOutcome outcome = OrderOutcome::Rejected;
};

// An order builds a VSF, or ends one (decommission: its CPUs return to the pool when it is carried out).
enum class OrderKind { Create, Decommission };
inline const char* to_string(OrderKind k) { return k == OrderKind::Create ? "create" : "decommission"; }

// One entry of `orders`: a VSF ordered by a customer. An approved order whose building begins before the
// end of the run puts its VSF in Scenario::vsfs (VsfSpec::order is its index here), created at ready_s.
struct Order {
  double at_s = 0;
  std::string pointer;  // "/orders/3", for messages
  OrderKind kind = OrderKind::Create;
  std::string vsf;  // the ordered VSF's name (a decommission: the VSF it ends)
  std::string customer;
  std::string plan;  // empty: none
  OrderSteps steps;
  int vsf_index = -1;  // in Scenario::vsfs; -1: not built during the run
};

}  // namespace vsf
