// fidelity (top level and per VSF, inherited by a group's copies) and the flow section: every VsfSpec ends
// with its effective fidelity, --set reaches both keys, bad values are refused with their pointers, and
// the document keeps the keys as written.
#include <catch2/catch.hpp>

#include "load_errors.hpp"
#include "scenario/loader.hpp"

using namespace vsf;
using nlohmann::json;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/scenarios/inline-test.json";

json three_entries() {
  return json::parse(R"({
    "name": "t", "duration": "1h",
    "models": ["../models/hardware.json", "../models/roles.json", "../models/switches.json"],
    "grid": {"cpus": 20, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "a", "tiers": [{"role": "web"}], "traffic": {"type": "constant", "rate": 1}},
             {"name": "b", "tiers": [{"role": "web"}], "traffic": {"type": "constant", "rate": 1}},
             {"name": "g", "count": 3, "tiers": [{"role": "web"}], "traffic": {"type": "constant", "rate": 1}}]
  })");
}

std::vector<Fidelity> fidelities(const Scenario& s) {
  std::vector<Fidelity> out;
  for (const VsfSpec& v : s.vsfs) out.push_back(v.fidelity);
  return out;
}

constexpr Fidelity R = Fidelity::Request, F = Fidelity::Flow;

}  // namespace

TEST_CASE("fidelity: default request, the scenario's unless a VSF (or group) names its own", "[scenario][fidelity]") {
  json doc = three_entries();
  Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  CHECK(s.fidelity == R);
  CHECK(s.flow.resolution_s == 60);
  CHECK(fidelities(s) == std::vector<Fidelity>{R, R, R, R, R});

  doc["fidelity"] = "flow";
  s = load_scenario_json(kFile, doc.dump()).scenario;
  CHECK(s.fidelity == F);
  CHECK(fidelities(s) == std::vector<Fidelity>{F, F, F, F, F});

  doc["vsfs"][1]["fidelity"] = "request";
  doc["vsfs"][2]["fidelity"] = "request";  // the group: every copy
  s = load_scenario_json(kFile, doc.dump()).scenario;
  CHECK(fidelities(s) == std::vector<Fidelity>{F, R, R, R, R});

  doc.erase("fidelity");
  doc["vsfs"][0]["fidelity"] = "flow";
  s = load_scenario_json(kFile, doc.dump()).scenario;
  CHECK(fidelities(s) == std::vector<Fidelity>{F, R, R, R, R});
}

TEST_CASE("fidelity and flow: --set reaches them, the document keeps them as written", "[scenario][fidelity]") {
  LoadOptions o;
  o.sets = {"/fidelity=flow", "/vsfs/2/fidelity=request", "/flow={\"resolution\": \"5min\"}"};
  LoadedScenario l = load_scenario_json(kFile, three_entries().dump(), o);
  CHECK(fidelities(l.scenario) == std::vector<Fidelity>{F, F, R, R, R});
  CHECK(l.scenario.flow.resolution_s == 300);
  CHECK(l.document["fidelity"] == "flow");
  CHECK(l.document["flow"] == json::parse(R"({"resolution": "5min"})"));
  CHECK(l.document["vsfs"][2]["fidelity"] == "request");
  CHECK_FALSE(l.document["vsfs"][0].contains("fidelity"));  // not expanded into every VSF

  o.sets = {"/flow/resolution=30s"};
  json doc = three_entries();
  doc["flow"] = json::object();
  CHECK(load_scenario_json(kFile, doc.dump(), o).scenario.flow.resolution_s == 30);
}

TEST_CASE("fidelity and flow: bad values, with their pointers, all at once", "[scenario][fidelity]") {
  json doc = three_entries();
  doc["fidelity"] = "fluid";
  doc["vsfs"][0]["fidelity"] = "requests";
  doc["vsfs"][2]["fidelity"] = true;
  doc["flow"] = json::parse(R"({"resolution": "0s", "step": "1min"})");
  auto errors = test::load_errors(kFile, doc);
  INFO(test::join(errors));
  CHECK(test::has(errors, "/fidelity: "));
  CHECK(test::has(errors, "\"fluid\""));
  CHECK(test::has(errors, "/vsfs/0/fidelity: "));
  CHECK(test::has(errors, "did you mean \"request\""));
  CHECK(test::has(errors, "/vsfs/2/fidelity: "));
  CHECK(test::has(errors, "/flow/resolution: expected a positive duration"));
  CHECK(test::has(errors, "/flow/step: unknown key \"step\""));
  CHECK(errors.size() == 5);

  doc = three_entries();
  doc["flow"] = 60;
  errors = test::load_errors(kFile, doc);
  INFO(test::join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(test::has(errors, "/flow: expected"));
}

TEST_CASE("flow resolution: at most 1e7 steps over the run, checked when some VSF is in flow", "[scenario][fidelity]") {
  json doc = three_entries();
  doc["flow"] = json::parse(R"({"resolution": "100us"})");  // 3.6e7 steps over the hour
  CHECK(test::load_errors(kFile, doc).empty());             // nobody runs in flow: nothing steps through it
  doc["vsfs"][1]["fidelity"] = "flow";
  auto errors = test::load_errors(kFile, doc);
  INFO(test::join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(test::has(errors, "/flow/resolution: a flow resolution of 0.0001 s makes 3.6e+07 periods"));
  doc["flow"]["resolution"] = "1ms";  // 3.6e6 steps
  CHECK(test::load_errors(kFile, doc).empty());
}
