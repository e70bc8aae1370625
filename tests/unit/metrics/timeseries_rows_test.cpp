// TimeseriesRows stores rows packed: every value and every empty optional must come back as stored,
// across chunk boundaries, or timeseries.csv and the trace would change.
#include <catch2/catch.hpp>

#include "metrics/recorder_state.hpp"

using namespace vsf;

namespace {

TimeseriesRow nth_row(int i) {
  TimeseriesRow r;
  r.t = 900.0 * i + 0.125;
  r.vsf = i % 7 - 1;
  r.tier = i % 3 - 1;
  r.offered_rps = 1.0 / (i + 1);
  r.served_rps = 3.0 * i + 1e-9;
  r.serving = i;
  r.booting = -i;
  r.allocated = 2 * i;
  r.utilization = i * 1e-3;
  if (i % 2) r.p95_s = 0.001 * i;
  if (i % 3) r.idle_pool = 100000 - i;
  if (i % 5) r.idle_pool_min = i / 2;
  if (i % 4) r.denials = 5000000000L + i;
  return r;
}

}  // namespace

TEST_CASE("timeseries rows come back as stored across chunks") {
  TimeseriesRows rows;
  CHECK(rows.empty());
  const int n = 10000;  // more than two chunks of 4096
  for (int i = 0; i < n; ++i) rows.push_back(nth_row(i));
  REQUIRE(rows.size() == static_cast<size_t>(n));
  int i = 0;
  for (const TimeseriesRow& r : rows) {
    const TimeseriesRow e = nth_row(i);
    INFO("row " << i);
    CHECK(r.t == e.t);
    CHECK(r.vsf == e.vsf);
    CHECK(r.tier == e.tier);
    CHECK(r.offered_rps == e.offered_rps);
    CHECK(r.served_rps == e.served_rps);
    CHECK(r.serving == e.serving);
    CHECK(r.booting == e.booting);
    CHECK(r.allocated == e.allocated);
    CHECK(r.utilization == e.utilization);
    CHECK(r.p95_s == e.p95_s);
    CHECK(r.idle_pool == e.idle_pool);
    CHECK(r.idle_pool_min == e.idle_pool_min);
    CHECK(r.denials == e.denials);
    CHECK(rows.key(static_cast<size_t>(i)) == std::make_tuple(e.t, e.vsf, e.tier));
    ++i;
  }
  CHECK(i == n);
}
