// One order's way through the control plane, as plain arithmetic (the simulation only replays it):
// received -> reviewed (approved or rejected) -> credit checked (passed or failed) -> ready to build.
// Every order takes its four draws in a fixed order from the orders' own stream, whatever its outcome,
// so one order's outcome never shifts another's draws.
#pragma once

#include <cstdint>
#include <random>

#include "model/orders_spec.hpp"

namespace vsf::orders {

struct OrderDraws {
  double review_s = 0;  // working time of the review
  double reject_u = 1;  // uniform in [0,1): rejected when < reject_probability
  double credit_s = 0;  // credit check time
  double fail_u = 1;    // uniform in [0,1): credit fails when < credit_fail_probability
};

const char* to_string(OrderOutcome o);  // "rejected", "credit_failed", "approved"

OrderDraws draw_order(const ProvisioningSpec& p, std::mt19937_64& rng);
OrderSteps run_order(const ProvisioningSpec& p, double at_s, const OrderDraws& d);

// The stream of order number `index` of a scenario with this seed: its own, so adding an order or another
// random feature never shifts another order's draws, nor the orders any other stream.
std::mt19937_64 order_stream(uint64_t seed, size_t index);

}  // namespace vsf::orders
