// An account whose VSF is decommissioned (issue 13 §1): billed up to its end only, with its end row there;
// no period starts at or after the end, and CPUs it still holds while they leave are not billed.
#include <catch2/catch.hpp>

#include "billing/ledger.hpp"
#include "hourly_plan.hpp"

using namespace vsf;
using namespace vsf::billing;

namespace {
ServicePlan plan() { return vsf::test::hourly_plan(); }
}  // namespace

TEST_CASE("ledger: a decommissioned account stops at its end", "[billing][decommission]") {
  Ledger l({Account{"v", "c", plan(), 0}, Account{"w", "c", plan(), 0}}, 5 * 3600.0);
  l.held(0, 0, 3, 3000);
  l.held(1, 0, 3, 3000);
  l.ended(0, 2 * 3600);            // periods at 0 and 1 h; the one at 2 h does not start
  l.held(0, 2 * 3600 + 30, 0, 0);  // its CPUs leave after the end: ignored
  l.ended(0, 3 * 3600);            // a second end is ignored
  l.finish(5 * 3600.0);
  CHECK(l.totals(0).periods == 2);
  CHECK(l.totals(0).held_cpu_s == Approx(3 * 2 * 3600.0));
  CHECK(l.totals(0).amount() == Approx(2 * 100 + 2 * 2 * 2));  // 2 extra CPUs for 2 h at 2
  CHECK(l.totals(1).periods == 5);                             // the other account runs to the end
  int ends = 0;
  double last_t = -1;
  for (const Row& r : l.rows())
    if (r.account == 0) {
      ends += r.event == RowEvent::End;
      last_t = r.t;
    }
  CHECK(ends == 1);
  CHECK(last_t == 2 * 3600);
}
