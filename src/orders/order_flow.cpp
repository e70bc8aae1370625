#include "orders/order_flow.hpp"

#include "orders/working_hours.hpp"
#include "util/splitmix.hpp"

namespace vsf::orders {

namespace {

double uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

uint64_t mix(uint64_t z) { return util::splitmix64(z); }

}  // namespace

const char* to_string(OrderOutcome o) {
  switch (o) {
    case OrderOutcome::Rejected:
      return "rejected";
    case OrderOutcome::CreditFailed:
      return "credit_failed";
    case OrderOutcome::Approved:
      return "approved";
  }
  return "?";
}

OrderDraws draw_order(const ProvisioningSpec& p, std::mt19937_64& rng) {
  OrderDraws d;
  d.review_s = p.review.draw(rng);
  d.reject_u = uniform(rng);
  d.credit_s = p.credit_check.draw(rng);
  d.fail_u = uniform(rng);
  return d;
}

OrderSteps run_order(const ProvisioningSpec& p, double at_s, const OrderDraws& d) {
  OrderSteps s;
  s.received_s = at_s;
  s.reviewed_s = p.review_hours ? finish_work(*p.review_hours, at_s, d.review_s) : at_s + d.review_s;
  s.approved = !(d.reject_u < p.reject_probability);
  if (!s.approved) return s;
  s.credit_checked_s = s.reviewed_s + d.credit_s;
  s.credit_passed = !(d.fail_u < p.credit_fail_probability);
  if (!s.credit_passed) {
    s.outcome = OrderOutcome::CreditFailed;
    return s;
  }
  s.outcome = OrderOutcome::Approved;
  s.ready_s = s.credit_checked_s;
  return s;
}

std::mt19937_64 order_stream(uint64_t seed, size_t index) {
  return std::mt19937_64(mix(mix(seed ^ 0x6f72646572730000ULL) ^ index));  // "orders"
}

}  // namespace vsf::orders
