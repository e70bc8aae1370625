// One order's way through the control plane, as plain arithmetic (the simulation only replays it):
// received -> reviewed (approved or rejected) -> credit checked (passed or failed) -> ready to build.
// Every order takes its four draws in a fixed order from the orders' own stream, whatever its outcome,
// so one order's outcome never shifts another's draws.
#pragma once

#include <random>

#include "model/orders_spec.hpp"

namespace vsf::orders {

struct OrderDraws {
  double review_s = 0;  // working time of the review
  double reject_u = 1;  // uniform in [0,1): rejected when < reject_probability
  double credit_s = 0;  // credit check time
  double fail_u = 1;    // uniform in [0,1): credit fails when < credit_fail_probability
};

enum class OrderOutcome { Rejected, CreditFailed, Approved };
const char* to_string(OrderOutcome o);  // "rejected", "credit_failed", "approved"

struct OrderSteps {
  double received_s = 0;
  double reviewed_s = 0;
  bool approved = false;          // by the review
  double credit_checked_s = -1;   // -1: no credit check (rejected at review)
  bool credit_passed = false;
  double ready_s = -1;            // when building may begin; -1 unless the outcome is Approved
  OrderOutcome outcome = OrderOutcome::Rejected;
};

OrderDraws draw_order(const ProvisioningSpec& p, std::mt19937_64& rng);
OrderSteps run_order(const ProvisioningSpec& p, double at_s, const OrderDraws& d);

}  // namespace vsf::orders
