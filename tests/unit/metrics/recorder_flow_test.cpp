// Recorder's bulk entry points for flow fidelity: expected (real) counts and weighted response samples.
#include <catch2/catch.hpp>

#include "metrics/recorder.hpp"

using namespace vsf;

namespace {

Scenario scenario() {
  Scenario s;
  s.name = "flow";
  s.duration_s = 600;
  s.grid.cpus = {CpuGroup{"standard", 4, {}}};
  VsfSpec a;
  a.name = "shop";
  a.sla_s = 0.5;
  a.tiers = {Tier{}};
  a.tiers[0].role = "web";
  s.vsfs = {a};
  s.outputs.interval_s = 300;
  return s;
}

}  // namespace

TEST_CASE("flow outcomes: real counts are apportioned so the four outcomes add up to offered") {
  Recorder r(scenario());
  const std::vector<double> samples{0.1, 0.2, 0.3, 40};  // the last one is late (timeout 30 s)
  FlowOutcomes o;
  o.offered = 1000.4;
  o.served = 700.3;
  o.dropped = 200.3;  // 50.1 of them by faults
  o.dropped_by_faults = 50.1;
  o.timed_out = 99.8;
  o.response_sum_s = 700.3 * 0.2;
  o.samples = &samples;
  o.timeout_s = 30;
  r.flow_outcomes(0, 300, o);
  r.finish(600);
  const auto s = r.summary()["vsfs"][0];
  const auto& q = s["requests"];
  CHECK(q["offered"] == 1000);
  CHECK(q["served"].get<int64_t>() + q["dropped"].get<int64_t>() + q["timed_out"].get<int64_t>() +
            q["in_flight_at_end"].get<int64_t>() ==
        1000);
  CHECK(q["served"] == 700);
  CHECK(q["dropped"] == 200);
  CHECK(q["timed_out"] == 100);  // 99.8: the largest remainder gets the unit left
  CHECK(s["dropped_by_faults"] == 50);
  CHECK(s["response_ms"]["mean"].get<double>() == Approx(200));
  // The three samples in time stand for the served, a third each: the median is the middle one.
  CHECK(s["response_ms"]["p50"].get<double>() == Approx(200).epsilon(0.005));
  CHECK(s["response_ms"]["p99"].get<double>() == Approx(300).epsilon(0.005));
}

TEST_CASE("flow outcomes: tier visits and local times in bulk make the tier's row") {
  Recorder r(scenario());
  const std::vector<double> local{0.01, 0.02};
  r.tier_flow(0, 0, 300, 1500.5, 1499.5, local);
  r.interval(0, 300, IntervalSample{2, 0, 0.5, 2, {TierSample{2, 0, 2, 0.5}}});
  const std::string csv = r.timeseries_csv();  // p95: the upper sample 20 ms, as its bucket middle
  INFO(csv);
  CHECK(csv.find("300,shop,web,5.00167,4.99833,2,0,2,0.5,19.9885,") != std::string::npos);
  CHECK_THROWS_AS(r.tier_flow(0, 1, 300, 1, 1, local), std::out_of_range);
}
