// An order's steps from given draws (the state machine), and the orders' own stream of draws.
#include "orders/order_flow.hpp"

#include <catch2/catch.hpp>

using namespace vsf;
using namespace vsf::orders;

namespace {
constexpr double H = 3600;
ProvisioningSpec settings(double reject_p, double fail_p) {
  ProvisioningSpec p;
  p.review = faults::Distribution::constant(2 * H);
  p.credit_check = faults::Distribution::constant(0.5 * H);
  p.reject_probability = reject_p;
  p.credit_fail_probability = fail_p;
  return p;
}
}  // namespace

TEST_CASE("order flow: approved order is ready after review plus credit check", "[orders]") {
  const ProvisioningSpec p = settings(0.1, 0.1);
  const OrderSteps s = run_order(p, 1000, OrderDraws{2 * H, 0.5, 0.5 * H, 0.5});
  CHECK(s.received_s == 1000);
  CHECK(s.reviewed_s == 1000 + 2 * H);
  CHECK(s.approved);
  CHECK(s.credit_checked_s == 1000 + 2.5 * H);
  CHECK(s.credit_passed);
  CHECK(s.outcome == OrderOutcome::Approved);
  CHECK(s.ready_s == 1000 + 2.5 * H);
}

TEST_CASE("order flow: a rejected order gets no credit check and is never ready", "[orders]") {
  const OrderSteps s = run_order(settings(0.1, 0.1), 0, OrderDraws{H, 0.05, H, 0.5});
  CHECK_FALSE(s.approved);
  CHECK(s.reviewed_s == H);
  CHECK(s.credit_checked_s == -1);
  CHECK(s.ready_s == -1);
  CHECK(s.outcome == OrderOutcome::Rejected);
  CHECK(std::string(to_string(s.outcome)) == "rejected");
}

TEST_CASE("order flow: a failed credit check ends the order after the check", "[orders]") {
  const OrderSteps s = run_order(settings(0.1, 0.1), 0, OrderDraws{H, 0.5, 600, 0.01});
  CHECK(s.approved);
  CHECK(s.credit_checked_s == H + 600);
  CHECK_FALSE(s.credit_passed);
  CHECK(s.ready_s == -1);
  CHECK(s.outcome == OrderOutcome::CreditFailed);
}

TEST_CASE("order flow: reviews in working hours wait for the reviewers", "[orders]") {
  ProvisioningSpec p = settings(0, 0);
  p.review_hours = WorkingHours{9 * H, 17 * H, false};
  // Ordered at 16:00, 2 h of review: 1 h today, 1 h tomorrow from 09:00; credit check around the clock.
  const OrderSteps s = run_order(p, 16 * H, OrderDraws{2 * H, 0.5, 0.5 * H, 0.5});
  CHECK(s.reviewed_s == 86400 + 10 * H);
  CHECK(s.ready_s == 86400 + 10.5 * H);
}

TEST_CASE("order flow: probabilities 0 and 1 always and never approve", "[orders]") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200; ++i) {
    CHECK(run_order(settings(0, 0), 0, draw_order(settings(0, 0), rng)).outcome == OrderOutcome::Approved);
    CHECK(run_order(settings(1, 0), 0, draw_order(settings(1, 0), rng)).outcome == OrderOutcome::Rejected);
    CHECK(run_order(settings(0, 1), 0, draw_order(settings(0, 1), rng)).outcome == OrderOutcome::CreditFailed);
  }
}

TEST_CASE("order flow: the rejection rate matches reject_probability", "[orders]") {
  // 20000 Bernoulli(0.3) draws: the standard deviation of the rate is 0.0032; 5 sigma is 0.016.
  std::mt19937_64 rng(11);
  const ProvisioningSpec p = settings(0.3, 0);
  int rejected = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i)
    if (run_order(p, 0, draw_order(p, rng)).outcome == OrderOutcome::Rejected) ++rejected;
  CHECK(std::abs(rejected / double(n) - 0.3) < 0.016);
}

TEST_CASE("order flow: every order takes four draws whatever its outcome", "[orders]") {
  std::mt19937_64 a(5), b(5);
  (void)draw_order(settings(1, 0), a);  // rejected
  (void)draw_order(settings(0, 0), b);  // approved
  CHECK(a() == b());
}
