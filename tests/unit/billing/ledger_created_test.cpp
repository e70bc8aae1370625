// An account opened late (an ordered VSF, created when its order is built): billed from its creation, and
// never billed if it is never created.
#include <catch2/catch.hpp>
#include <limits>

#include "billing/ledger.hpp"
#include "hourly_plan.hpp"

using namespace vsf;
using namespace vsf::billing;

namespace {
ServicePlan flat_plan() { return vsf::test::hourly_plan(); }
constexpr double kNever = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("ledger: an account created late is billed from its creation", "[billing][orders]") {
  Ledger l({Account{"v", "c", flat_plan(), kNever}}, 4 * 3600.0);
  l.created(0, 1.5 * 3600);
  l.held(0, 1.5 * 3600, 3, 3000);  // 2 extra CPUs for 2.5 h
  l.finish(4 * 3600.0);
  // Periods from 1.5 h: at 1.5 h and 2.5 h and 3.5 h -> 3 flat fees; extra 2 CPUs x 2.5 h x 2.
  CHECK(l.totals(0).periods == 3);
  CHECK(l.totals(0).amount() == Approx(3 * 100 + 2 * 2.5 * 2));
}

TEST_CASE("ledger: an account never created is never billed", "[billing][orders]") {
  Ledger l({Account{"v", "c", flat_plan(), kNever}}, 4 * 3600.0);
  l.finish(4 * 3600.0);
  CHECK(l.totals(0).periods == 0);
  CHECK(l.totals(0).amount() == 0);
}
