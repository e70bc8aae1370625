// vary.phase shifts a group copy's whole traffic in time: each component of the copy (steps, flash crowd,
// trace, looped trace, diurnal with its weeks) at t is the definition's at t - shift; and the diurnal
// weekly keys as the loader reads them (weekend_scale, week_start_day, their ranges).
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "load_errors.hpp"
#include "scenario/loader.hpp"
#include "traffic/rate.hpp"

using namespace vsf;
using namespace vsf::test;
using nlohmann::json;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/tests/unit/inline-test.json";

json group(const json& traffic) {
  json doc = json::parse(R"({
    "name": "g", "duration": "1d", "seed": 3,
    "grid": {"cpus": 40, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "shop", "count": 6, "tiers": [{"role": "web"}],
              "vary": {"phase": {"dist": "uniform", "min": "0s", "max": "10h"}}},
             {"name": "plain", "tiers": [{"role": "web"}]}]
  })");
  doc["models"] = {"../../models/hardware.json", "../../models/roles.json", "../../models/switches.json"};
  doc["vsfs"][0]["traffic"] = traffic;
  doc["vsfs"][1]["traffic"] = traffic;  // the definition, unshifted
  return doc;
}

const char* kTraffic = R"([
  {"type": "diurnal", "peak": 40, "trough": 5, "period": "2h", "phase": "30min", "weekend_scale": 0.5,
   "week_start_day": 3},
  {"type": "steps", "steps": [{"at": "10min", "rate": 3}, {"at": "3h", "rate": 7}, {"at": "5h", "rate": 1}]},
  {"type": "flash_crowd", "start": "1h", "ramp": "5min", "peak": 90, "decay": "20min"},
  {"type": "trace", "file": "../data/rate_seconds.csv", "time_column": "time_s", "value_column": "rps",
   "time_scale": 60},
  {"type": "trace", "file": "../data/rate_seconds.csv", "time_column": "time_s", "value_column": "rps",
   "time_scale": 100, "loop": true}
])";

}  // namespace

TEST_CASE("vary.phase shifts every traffic component of a copy in time", "[scenario][groups][traffic]") {
  const Scenario s = load_scenario_json(kFile, group(json::parse(kTraffic)).dump()).scenario;
  REQUIRE(s.vsfs.size() == 7);
  const VsfSpec& def = s.vsfs[6];
  std::set<double> shifts;
  for (int k = 0; k < 6; ++k) {
    const VsfSpec& copy = s.vsfs[k];
    const double shift = copy.traffic[0].phase_s - def.traffic[0].phase_s;  // the copy's draw
    REQUIRE(shift >= 0);
    REQUIRE(shift <= 36000);
    shifts.insert(shift);
    CHECK(copy.traffic[1].steps[0].at_s == Approx(600 + shift));
    CHECK(copy.traffic[2].start_s == Approx(3600 + shift));
    const double loop_period = def.traffic[4].points.back().first;  // 4 rows 30 s apart, x 100: 12000 s
    REQUIRE(loop_period == 12000);
    for (size_t c = 0; c < def.traffic.size(); ++c) {
      const RateFunction original({def.traffic[c]}), shifted({copy.traffic[c]});
      for (double t = 0; t < 86400 * 8; t += 197.3) {  // past a weekend
        INFO("copy " << copy.name << " shift " << shift << " component " << c << " t " << t);
        double u = t - shift;
        if (c == 4) u -= loop_period * std::floor(u / loop_period);  // the looped trace runs on backwards
        if (u < 0 && c != 0) {          // a diurnal shape has no start: its shifted days run on backwards
          CHECK(shifted.rate(t) == 0);  // before the shifted start: nothing, as before any start
        } else {
          CHECK(shifted.rate(t) == Approx(original.rate(u)).margin(1e-9));
          CHECK(shifted.max_rate(t, t + 50) >= shifted.rate(t + 25));
        }
      }
      // Shapes move, amounts do not: a long window holds the same requests, up to its shifted ends.
      if (c != 1 && c != 3) {
        INFO("component " << c);
        const double period = c == 0 ? 7 * 86400 : c == 4 ? loop_period : 0;  // a week; the loop
        if (period > 0) CHECK(shifted.mean_rate(0, 20 * period) == Approx(original.mean_rate(0, 20 * period)));
      }
    }
  }
  CHECK(shifts.size() == 6);
}

TEST_CASE("vary.phase on a looped trace: the integral matches the rate", "[scenario][groups][traffic]") {
  json traffic = json::parse(kTraffic)[4];
  const Scenario s = load_scenario_json(kFile, group(traffic).dump()).scenario;
  for (int k = 0; k < 6; ++k) {
    const RateFunction f(s.vsfs[k].traffic);
    for (double t0 : {0.0, 1234.5, 9000.0, 30000.0}) {
      const double t1 = t0 + 7000, n = 70000;
      double sum = 0;
      for (int i = 0; i < n; ++i) sum += f.rate(t0 + (i + 0.5) * (t1 - t0) / n);
      INFO("copy " << k << " [" << t0 << ", " << t1 << "]");
      CHECK(f.mean_rate(t0, t1) == Approx(sum / n).epsilon(1e-3));
    }
  }
}

TEST_CASE("diurnal weekly keys: read, defaults, ranges", "[scenario][traffic]") {
  json doc = group(json::parse(R"({"type": "diurnal", "peak": 10, "trough": 1})"));
  Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  CHECK(s.vsfs[6].traffic[0].weekend_scale == 1);
  CHECK(s.vsfs[6].traffic[0].week_start_day == 1);
  doc["vsfs"][1]["traffic"]["weekend_scale"] = 0.6;
  doc["vsfs"][1]["traffic"]["week_start_day"] = 6;
  s = load_scenario_json(kFile, doc.dump()).scenario;
  CHECK(s.vsfs[6].traffic[0].weekend_scale == 0.6);
  CHECK(s.vsfs[6].traffic[0].week_start_day == 6);
  CHECK(RateFunction(s.vsfs[6].traffic).rate(0) == Approx(6));  // t = 0 is a Saturday's peak

  doc["vsfs"][1]["traffic"]["weekend_scale"] = -0.5;
  doc["vsfs"][1]["traffic"]["week_start_day"] = 8;
  doc["vsfs"][0]["traffic"]["weekend"] = 0.5;
  auto errors = load_errors(kFile, doc);
  INFO(join(errors));
  CHECK(has(errors, "/vsfs/1/traffic/weekend_scale: expected a number between 0 and 10, found -0.5"));
  CHECK(has(errors, "/vsfs/1/traffic/week_start_day: expected an integer between 1 and 7, found 8"));
  CHECK(has(errors, "/vsfs/0/traffic/weekend: unknown key \"weekend\""));
  CHECK(errors.size() == 3);
}
