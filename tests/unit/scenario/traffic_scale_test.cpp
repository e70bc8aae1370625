// traffic_scale at the top level and per VSF: the factor each traffic component gets (their product), its
// range (0 allowed, negative and huge refused), and the peak-rate bound it must keep, blamed on the right key.
#include <catch2/catch.hpp>

#include "load_errors.hpp"
#include "scenario/loader.hpp"
#include "traffic/rate.hpp"

using namespace vsf;
using nlohmann::json;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/scenarios/inline-test.json";

json two_vsfs() {
  return json::parse(R"({
    "name": "t", "duration": "10min",
    "models": ["../models/hardware.json", "../models/roles.json", "../models/switches.json"],
    "grid": {"cpus": 10, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "shop", "tiers": [{"role": "web"}],
              "traffic": [{"type": "constant", "rate": 10}, {"type": "diurnal", "peak": 30, "trough": 5}]},
             {"name": "blog", "tiers": [{"role": "web"}], "traffic": {"type": "flash_crowd", "start": "1min",
              "peak": 1000, "decay": "2min"}}]
  })");
}

std::vector<double> scales_of(const VsfSpec& v) {
  std::vector<double> out;
  for (const auto& c : v.traffic) out.push_back(c.scale);
  return out;
}

}  // namespace

TEST_CASE("traffic_scale: default 1, the scenario's times the VSF's on every component", "[scenario][traffic]") {
  json doc = two_vsfs();
  Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  CHECK(s.traffic_scale == 1);
  CHECK(scales_of(s.vsfs[0]) == std::vector<double>{1, 1});
  CHECK(scales_of(s.vsfs[1]) == std::vector<double>{1});

  doc["traffic_scale"] = 3;
  doc["vsfs"][0]["traffic_scale"] = 0.5;
  s = load_scenario_json(kFile, doc.dump()).scenario;
  CHECK(s.traffic_scale == 3);
  CHECK(s.vsfs[0].traffic_scale == 0.5);
  CHECK(scales_of(s.vsfs[0]) == std::vector<double>{1.5, 1.5});
  CHECK(scales_of(s.vsfs[1]) == std::vector<double>{3});
  // The rate the simulation draws arrivals from: 1.5 x (10 + 30) at the diurnal peak.
  CHECK(RateFunction(s.vsfs[0].traffic).rate(0) == Approx(60));

  // 0 switches the traffic off.
  doc["vsfs"][1]["traffic_scale"] = 0;
  s = load_scenario_json(kFile, doc.dump()).scenario;
  CHECK(RateFunction(s.vsfs[1].traffic).peak_rate() == 0);
}

TEST_CASE("traffic_scale: k at the top level is k on every VSF", "[scenario][traffic]") {
  json top = two_vsfs(), each = two_vsfs();
  top["traffic_scale"] = 2.5;
  for (auto& v : each["vsfs"]) v["traffic_scale"] = 2.5;
  const Scenario a = load_scenario_json(kFile, top.dump()).scenario;
  const Scenario b = load_scenario_json(kFile, each.dump()).scenario;
  for (size_t i = 0; i < a.vsfs.size(); ++i) CHECK(scales_of(a.vsfs[i]) == scales_of(b.vsfs[i]));
}

TEST_CASE("traffic_scale: range, and the scaled peak rate within 1e9 requests/s", "[scenario][traffic]") {
  json doc = two_vsfs();
  doc["traffic_scale"] = -1;
  doc["vsfs"][0]["traffic_scale"] = "2x";
  auto errors = test::load_errors(kFile, doc);
  INFO(test::join(errors));
  CHECK(test::has(errors, "/traffic_scale: expected a number between 0 and 1000000000, found -1"));
  CHECK(test::has(errors, "/vsfs/0/traffic_scale: expected a number"));
  CHECK(errors.size() == 2);  // an invalid factor is not blamed again by the peak check

  // blog peaks at 1000/s: 1e6 is the largest factor it takes; shop (40/s) takes 2.5e7.
  doc = two_vsfs();
  doc["traffic_scale"] = 1e6;
  CHECK(test::load_errors(kFile, doc).empty());
  doc["traffic_scale"] = 2e6;
  errors = test::load_errors(kFile, doc);
  INFO(test::join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] ==
        "/traffic_scale: traffic_scale 2e+06 (scenario 2e+06 x VSF 1) takes the peak rate of VSF \"blog\" from 1000 to "
        "2e+09 requests/s, above the largest rate (1e9 requests/s); expected a factor of at most 1e+06");
  // The VSF's own factor is blamed when it has one; the product counts.
  doc["traffic_scale"] = 1e3;
  doc["vsfs"][0]["traffic_scale"] = 1e5;
  errors = test::load_errors(kFile, doc);
  INFO(test::join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(test::has(errors, "/vsfs/0/traffic_scale: traffic_scale 1e+08 (scenario 1000 x VSF 100000)"));
}
