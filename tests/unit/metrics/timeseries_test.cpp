// timeseries.csv: the grid row, VSF rows and tier rows of each interval, their order and empty cells.
#include <catch2/catch.hpp>
#include <stdexcept>

#include "metrics/recorder.hpp"

using namespace vsf;

namespace {

Tier tier(const std::string& role) {
  Tier t;
  t.role = role;
  return t;
}

Scenario two_vsfs() {
  Scenario s;
  s.name = "unit";
  s.duration_s = 120;
  s.grid.cpus = {CpuGroup{"standard", 12, {}}};
  VsfSpec shop;
  shop.name = "shop";
  shop.sla_s = 0.5;
  shop.tiers = {tier("web"), tier("db")};
  VsfSpec blog;
  blog.name = "blog";
  blog.sla_s = 0.5;
  s.vsfs = {shop, blog};
  s.outputs.interval_s = 60;
  return s;
}

IntervalSample sample(int serving, int booting, int allocated, double utilization, std::vector<TierSample> tiers = {}) {
  IntervalSample s;
  s.serving = serving;
  s.booting = booting;
  s.allocated = allocated;
  s.utilization = utilization;
  s.tiers = std::move(tiers);
  return s;
}

const char* kHeader =
    "t_s,vsf,tier,offered_rps,served_rps,cpus_serving,cpus_booting,cpus_allocated,utilization,p95_ms,idle_pool,"
    "idle_pool_min,denials\n";

}  // namespace

TEST_CASE("timeseries.csv: a grid row, then each VSF's row and its tiers' rows, per interval") {
  Recorder r(two_vsfs());
  r.idle_pool(0, 10);
  for (int i = 0; i < 120; ++i) {
    r.offered(0, i * 0.5);
    r.tier_visit(0, 0, i * 0.5);
  }
  for (int i = 0; i < 60; ++i) {
    r.served(0, i, 0.1);
    r.tier_done(0, 0, i, 0.05);
    r.tier_visit(0, 1, i);
  }
  for (int i = 0; i < 30; ++i) r.tier_done(0, 1, i, 0.02);
  for (int i = 0; i < 6; ++i) r.offered(1, i);
  r.denial(0, 0, 30);
  r.denial(0, 1, 31);
  r.idle_pool(20, 7);
  r.idle_pool(40, 9);
  r.interval(0, 60, sample(3, 1, 4, 0.4, {TierSample{1, 0, 1, 0.5}, TierSample{1, 1, 2, 0.25}}));
  r.interval(1, 60, sample(0, 1, 1, 0));
  r.grid_interval(60, GridSample{3, 2, 5, 0.4});
  // The second interval is reported grid first and VSFs in reverse: the rows are sorted all the same.
  r.grid_interval(120, GridSample{3, 2, 5, 0});
  r.interval(1, 120, sample(0, 1, 1, 0));
  r.interval(0, 120, sample(3, 1, 4, 0, {TierSample{1, 0, 1, 0}, TierSample{1, 1, 2, 0}}));
  r.finish(120);
  CHECK(r.timeseries_csv() == std::string(kHeader) +
                                  "60,,,2.1,1,3,2,5,0.4,,9,7,2\n"
                                  "60,shop,,2,1,3,1,4,0.4,100,,,2\n"
                                  "60,shop,web,2,1,1,0,1,0.5,50,,,\n"
                                  "60,shop,db,1,0.5,1,1,2,0.25,20,,,\n"
                                  "60,blog,,0.1,0,0,1,1,0,,,,0\n"
                                  // idle_pool_min: the pool at the interval's start counts (9, unchanged)
                                  "120,,,0,0,3,2,5,0,,9,9,0\n"
                                  "120,shop,,0,0,3,1,4,0,,,,0\n"
                                  "120,shop,web,0,0,1,0,1,0,,,,\n"
                                  "120,shop,db,0,0,1,1,2,0,,,,\n"
                                  "120,blog,,0,0,0,1,1,0,,,,0\n");
  // The grid rows' denials add up to the summary's total, their minimum pool is the summary's.
  auto s = r.summary();
  CHECK(s["grid"]["denials"]["attempts"] == 2);
  CHECK(s["grid"]["idle_pool"]["min"] == 7);
}

TEST_CASE("timeseries.csv: without tier samples no tier rows, and the tiers' intervals restart") {
  Recorder r(two_vsfs());
  r.tier_visit(0, 0, 1);
  r.tier_done(0, 0, 2, 1.0);
  r.interval(0, 60, sample(1, 0, 1, 0));  // no tier rows; the visit above belongs to this interval
  r.interval(0, 120, sample(2, 0, 2, 0, {TierSample{1, 0, 1, 0}, TierSample{1, 0, 1, 0}}));
  r.grid_interval(120, GridSample{});  // the idle pool was never reported: its cells stay empty
  CHECK(r.timeseries_csv() == std::string(kHeader) +
                                  "60,shop,,0,0,1,0,1,0,,,,0\n"
                                  "120,,,0,0,0,0,0,0,,,,0\n"
                                  "120,shop,,0,0,2,0,2,0,,,,0\n"
                                  "120,shop,web,0,0,1,0,1,0,,,,\n"
                                  "120,shop,db,0,0,1,0,1,0,,,,\n");
}

TEST_CASE("timeseries.csv: a grid row's rates are over its own interval, the idle pool min is per interval") {
  Recorder r(two_vsfs());
  r.idle_pool(0, 4);
  r.idle_pool(10, 0);
  r.idle_pool(20, 4);
  r.grid_interval(30, GridSample{});
  r.idle_pool(40, 2);
  for (int i = 0; i < 30; ++i) r.offered(1, 30 + i);
  r.grid_interval(60, GridSample{});
  const std::string csv = r.timeseries_csv();
  CHECK(csv.find("\n30,,,0,0,0,0,0,0,,4,0,0\n") != std::string::npos);
  CHECK(csv.find("\n60,,,1,0,0,0,0,0,,2,2,0\n") != std::string::npos);
}

TEST_CASE("timeseries.csv: a tier that does not exist is a programming error") {
  Recorder r(two_vsfs());
  CHECK_THROWS_AS(r.tier_visit(0, 2, 0), std::out_of_range);
  CHECK_THROWS_AS(r.tier_done(1, 0, 0, 0.1), std::out_of_range);  // blog has no tiers
  CHECK_THROWS_AS(r.tier_visit(2, 0, 0), std::out_of_range);
  CHECK_THROWS_AS(r.interval(0, 60, sample(1, 0, 1, 0, {TierSample{}})), std::invalid_argument);
}

TEST_CASE("timeseries.csv: rows are kept only when timeseries.csv or the trace reads them") {
  // A day of a 100,000-CPU grid is 1.4 million rows: a run that writes no timeseries.csv keeps none.
  Scenario s = two_vsfs();
  s.outputs.timeseries = false;
  Recorder off(s);
  off.interval(1, 60, sample(0, 1, 1, 0));
  off.grid_interval(60, GridSample{3, 2, 5, 0.4});
  CHECK(off.timeseries_csv() == kHeader);
  Recorder traced(s);
  traced.keep_trace();
  traced.interval(1, 60, sample(0, 1, 1, 0));
  traced.grid_interval(60, GridSample{3, 2, 5, 0.4});
  CHECK(traced.timeseries_csv() == std::string(kHeader) + "60,,,0,0,3,2,5,0.4,,,,0\n60,blog,,0,0,0,1,1,0,,,,0\n");
}
