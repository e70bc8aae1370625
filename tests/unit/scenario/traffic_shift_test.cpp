// vsfs[].traffic_shift: a VSF's whole traffic later in time (what a sweep's uncertainty.phase sets). The
// shifted VSF's rate at t is the unshifted one's at t - shift; constant traffic is left as it is; a group's
// copies get the definition's shift plus their drawn vary.phase; a negative shift is an input error.
#include <catch2/catch.hpp>

#include "load_errors.hpp"
#include "scenario/loader.hpp"
#include "traffic/rate.hpp"

using namespace vsf;
using namespace vsf::test;
using nlohmann::json;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/tests/unit/inline-test.json";

// Two VSFs with the same traffic: "shifted" (by `shift`, when given) and "plain".
json two_vsfs(const json& traffic, const json& shift) {
  json doc = json::parse(R"({
    "name": "s", "duration": "1d", "seed": 3,
    "grid": {"cpus": 20, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "shifted", "tiers": [{"role": "web"}]}, {"name": "plain", "tiers": [{"role": "web"}]}]
  })");
  doc["models"] = {"../../models/hardware.json", "../../models/roles.json", "../../models/switches.json"};
  doc["vsfs"][0]["traffic"] = traffic;
  doc["vsfs"][1]["traffic"] = traffic;
  if (!shift.is_null()) doc["vsfs"][0]["traffic_shift"] = shift;
  return doc;
}

const char* kDiurnal = R"({"type": "diurnal", "peak": 40, "trough": 5, "period": "2h", "phase": "30min"})";

}  // namespace

TEST_CASE("traffic_shift: a shifted diurnal VSF's rate at t is the unshifted one's at t - shift",
          "[scenario][traffic]") {
  const Scenario s = load_scenario_json(kFile, two_vsfs(json::parse(kDiurnal), "20min").dump()).scenario;
  REQUIRE(s.vsfs.size() == 2);
  const RateFunction shifted(s.vsfs[0].traffic), plain(s.vsfs[1].traffic);
  for (double t = 0; t < 86400; t += 61.7) {
    INFO("t " << t);
    CHECK(shifted.rate(t) == Approx(plain.rate(t - 1200)).margin(1e-9));
  }
  // The peak of the unshifted VSF (at 30 min) comes 20 min later: a real move, not a no-op.
  CHECK(shifted.rate(3000) == Approx(40));
  CHECK(plain.rate(3000) < 39);
}

TEST_CASE("traffic_shift: 0s and absent are the same and constant traffic is unchanged", "[scenario][traffic]") {
  const Scenario zero = load_scenario_json(kFile, two_vsfs(json::parse(kDiurnal), "0s").dump()).scenario;
  const RateFunction a(zero.vsfs[0].traffic), b(zero.vsfs[1].traffic);
  for (double t = 0; t < 7200; t += 97) CHECK(a.rate(t) == b.rate(t));
  const json constant = json::parse(R"({"type": "constant", "rate": 12})");
  const Scenario c = load_scenario_json(kFile, two_vsfs(constant, "3h").dump()).scenario;
  CHECK(RateFunction(c.vsfs[0].traffic).rate(100) == Approx(12));
}

TEST_CASE("traffic_shift: a negative or non-duration value is refused with its pointer", "[scenario][traffic]") {
  auto errors = load_errors(kFile, two_vsfs(json::parse(kDiurnal), "-5min"));
  INFO(join(errors));
  CHECK(has(errors, "/vsfs/0/traffic_shift: "));
  CHECK(errors.size() == 1);
  errors = load_errors(kFile, two_vsfs(json::parse(kDiurnal), true));
  INFO(join(errors));
  CHECK(has(errors, "/vsfs/0/traffic_shift: "));
  CHECK(errors.size() == 1);
}

TEST_CASE("traffic_shift on a group: each copy's drawn phase adds to the definition's shift",
          "[scenario][groups][traffic]") {
  auto group = [](const json& shift) {
    json doc = two_vsfs(json::parse(kDiurnal), shift);
    doc["vsfs"][0]["count"] = 4;
    doc["vsfs"][0]["vary"] = json::parse(R"({"phase": {"dist": "uniform", "min": "0s", "max": "1h"}})");
    return load_scenario_json(kFile, doc.dump()).scenario;
  };
  const Scenario unshifted = group(nullptr), shifted = group("15min");
  REQUIRE(shifted.vsfs.size() == 5);
  for (int k = 0; k < 4; ++k) {
    INFO("copy " << k + 1);
    // The same draws (same seed, position and copy): the difference is the definition's shift alone.
    CHECK(shifted.vsfs[k].traffic[0].phase_s == Approx(unshifted.vsfs[k].traffic[0].phase_s + 900));
    CHECK(unshifted.vsfs[k].traffic[0].phase_s > 1800);  // the draw itself moved it (min 0, max 1 h)
  }
}
