// summary.json's vsfs[].forecast: present only for a VSF whose policy is predictive; the WAPE over every scored
// forecast of every tier and the fraction of tier-ticks provisioned reactively, worked out by hand.
#include <catch2/catch.hpp>

#include "metrics/recorder.hpp"

using namespace vsf;

namespace {

Scenario two_vsfs() {
  Scenario s;
  s.name = "unit";
  s.duration_s = 600;
  s.grid.cpus = {CpuGroup{"standard", 4, {}}};
  VsfSpec a, b;
  a.name = "pred";
  a.policy.type = PolicyType::Predictive;
  b.name = "tt";
  b.policy.type = PolicyType::TargetTracking;
  s.vsfs = {a, b};
  return s;
}

}  // namespace

TEST_CASE("summary forecast: WAPE over scored forecasts and the reactive fraction for predictive VSFs only") {
  Recorder r(two_vsfs());
  r.forecast(0, 10, std::nullopt, true);  // before a season: reactive, nothing scored
  r.forecast(0, 10, std::nullopt, true);
  r.forecast(0, 10, 12.0, false);  // |12 - 10| = 2
  r.forecast(0, 20, 17.0, false);  // 3
  r.forecast(0, 0, 1.0, true);     // 1 over nothing observed
  r.finish(600);
  const auto s = r.summary();
  const auto& f = s["vsfs"][0]["forecast"];
  CHECK(f["wape"].get<double>() == Approx(6.0 / 30));
  CHECK(f["scored"] == 3);
  CHECK(f["ticks"] == 5);
  CHECK(f["reactive_fraction"].get<double>() == Approx(3.0 / 5));
  CHECK(!s["vsfs"][1].contains("forecast"));
}

TEST_CASE("summary forecast: nulls before any tick or scored forecast") {
  Recorder r(two_vsfs());
  r.finish(600);
  const auto f = r.summary()["vsfs"][0]["forecast"];
  CHECK(f["wape"].is_null());
  CHECK(f["reactive_fraction"].is_null());
  CHECK(f["ticks"] == 0);
}
