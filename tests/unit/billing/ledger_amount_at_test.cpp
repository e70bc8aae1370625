// Ledger::amount_at, the running bill the global grid manager reports (global_report's revenue): by hand,
// and equal to what the ledger bills once closed at the same instant.
#include <catch2/catch.hpp>

#include "billing/ledger.hpp"
#include "hourly_plan.hpp"

using namespace vsf;
using namespace vsf::billing;

TEST_CASE("ledger: the bill so far counts the flat fees started and the extra CPUs up to t", "[billing]") {
  Ledger l({Account{"v", "c", vsf::test::hourly_plan(), 0}}, 4 * 3600.0);
  l.held(0, 0, 3, 3000);  // 2 extra CPUs from 0
  // At 1.5 h: periods at 0 and 1 h (2 x 100), 2 extra CPUs x 1.5 h x 2 = 6.
  CHECK(l.amount_at(0, 1.5 * 3600) == Approx(2 * 100 + 6));
  CHECK(l.amount_at(0, 0) == Approx(100));  // the first period's fee is due at its start
  l.held(0, 2 * 3600, 1, 1000);             // back to the included CPU at 2 h
  CHECK(l.amount_at(0, 2.5 * 3600) == Approx(3 * 100 + 2 * 2 * 2));
}

TEST_CASE("ledger: the bill so far at the end equals the closed bill", "[billing]") {
  for (double end : {3 * 3600.0, 3.7 * 3600}) {
    Ledger l({Account{"v", "c", vsf::test::hourly_plan(), 0}}, end);
    l.held(0, 0, 2, 2000);
    l.held(0, 1234, 4, 4000);
    l.held(0, 5000, 3, 3000);
    const double so_far = l.amount_at(0, end - 1e-9);  // periods start strictly before the end
    l.finish(end);
    CHECK(so_far == Approx(l.totals(0).amount()));
  }
}

TEST_CASE("ledger: an account without a plan has no bill so far", "[billing]") {
  Ledger l({Account{"v", "c", std::nullopt, 0}}, 3600.0);
  l.held(0, 0, 5, 5000);
  CHECK(l.amount_at(0, 1800) == 0);
}
