// --set POINTER=VALUE overrides and --seed, applied before validation; defaults of optional keys;
// in-memory documents resolving model paths against the given file name.
#include <catch2/catch.hpp>

#include "scenario/loader.hpp"
#include "util/errors.hpp"

using namespace vsf;
using nlohmann::json;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/scenarios/inline-test.json";

json minimal() {
  return json::parse(R"({
    "name": "t", "duration": "10min",
    "models": ["../models/hardware.json", "../models/roles.json", "../models/switches.json"],
    "grid": {"cpus": 10, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "shop",
              "tiers": [{"role": "web", "initial": 2, "min": 1, "max": 4}, {"role": "db", "initial": 1}],
              "traffic": {"type": "constant", "rate": 10}}]
  })");
}

Scenario load(const json& doc, const LoadOptions& options = {}) {
  return load_scenario_json(kFile, doc.dump(), options).scenario;
}

std::string errors_of(const json& doc, const LoadOptions& options = {}) {
  try {
    (void)load(doc, options);
  } catch (const InputError& e) {
    return e.diagnostics().format();
  }
  return "";
}

}  // namespace

TEST_CASE("defaults of optional keys", "[scenario]") {
  Scenario s = load(minimal());
  CHECK(s.seed == 1);
  CHECK(s.grid.cpus.at(0).profile == "standard");
  CHECK(s.grid.vlan_switches.count == 1);
  CHECK(s.grid.vlan_switches.profile == "gige-vlan");  // the only VLAN profile of the models
  CHECK(s.grid.san_switches.profile == "fc2-san");
  CHECK(s.grid.control_plane.hosts == 1);
  CHECK(s.grid.control_plane.profile == "standard");
  const VsfSpec& v = s.vsfs.at(0);
  CHECK(v.start_s == 0);
  CHECK(v.warm);
  CHECK(v.lb.enabled);
  CHECK(v.lb.role == "lb");
  CHECK(v.policy.type == PolicyType::None);
  // A tier that gives only "initial" has a fixed size.
  CHECK((v.tiers[1].initial == 1 && v.tiers[1].min == 1 && v.tiers[1].max == 1));
  CHECK(v.tiers[0].dispatch == Dispatch::RoundRobin);
  CHECK(s.outputs.interval_s == 60);
  CHECK(s.actions.empty());
}

TEST_CASE("overrides (--set) replace any value, as JSON or as a string", "[scenario][set]") {
  LoadOptions o;
  o.sets = {"/vsfs/0/tiers/0/max=12",
            "/duration=2h",
            "/vsfs/0/traffic/rate=\"7200/min\"",
            "/vsfs/0/warm=false",
            "/grid/cpus=[{\"count\": 6}, {\"profile\": \"dual\", \"count\": 4}]",
            "/vsfs/0/lb=false",
            "/vsfs/0/tiers/1=" + json{{"role", "app"}, {"min", 2}}.dump()};
  const LoadedScenario loaded = load_scenario_json(kFile, minimal().dump(), o);
  const Scenario& s = loaded.scenario;
  CHECK(s.vsfs[0].tiers[0].max == 12);
  CHECK(s.duration_s == 7200);
  CHECK(s.vsfs[0].traffic[0].rate == Approx(120));
  CHECK_FALSE(s.vsfs[0].warm);
  CHECK_FALSE(s.vsfs[0].lb.enabled);
  REQUIRE(s.grid.cpus.size() == 2);
  CHECK(s.grid.cpus[1].profile == "dual");
  CHECK((s.vsfs[0].tiers[1].role == "app" && s.vsfs[0].tiers[1].initial == 2 && s.vsfs[0].tiers[1].max == 2));
  // The effective document, returned beside the scenario, is the one after the overrides.
  CHECK(loaded.document["duration"] == "2h");
  CHECK(loaded.document["vsfs"][0]["tiers"][0]["max"] == 12);
  // Overrides apply in order: the last one wins.
  o.sets = {"/seed=5", "/seed=9"};
  CHECK(load(minimal(), o).seed == 9);
  // Appending to an array, and adding a key to an existing object.
  o.sets = {"/vsfs/-=" +
                json{{"name", "blog"}, {"tiers", {{{"role", "web"}}}}, {"traffic", {{"type", "constant"}, {"rate", 1}}}}
                    .dump(),
            "/vsfs/0/sla=200ms"};
  Scenario t = load(minimal(), o);
  CHECK(t.vsfs.size() == 2);
  CHECK(t.vsfs[0].sla_s == Approx(0.2));
}

TEST_CASE("override (--set) errors: missing parent, bad pointer, invalid resulting value", "[scenario][set]") {
  LoadOptions o;
  o.sets = {"/vsfs/3/tiers/0/max=12"};
  std::string e = errors_of(minimal(), o);
  CHECK(e.find("--set: /vsfs/3/tiers/0/max: cannot set /vsfs/3/tiers/0/max: \"/vsfs\" has 1 elements; index 3 "
               "does not exist") != std::string::npos);
  o.sets = {"/nosuch/key=1"};
  CHECK(errors_of(minimal(), o).find("the document has no key \"nosuch\"") != std::string::npos);
  o.sets = {"duration=1h"};
  CHECK(errors_of(minimal(), o).find("must start with \"/\"") != std::string::npos);
  o.sets = {"/duration"};
  CHECK(errors_of(minimal(), o).find("expected POINTER=VALUE") != std::string::npos);
  // A value that sets fine but is wrong is reported like any scenario error, by pointer.
  o.sets = {"/vsfs/0/tiers/0/max=lots"};
  CHECK(errors_of(minimal(), o).find("/vsfs/0/tiers/0/max: expected an integer") != std::string::npos);
  // A new key that the format does not know is an unknown key like any other.
  o.sets = {"/vsfs/0/tiers/0/maxx=3"};
  CHECK(errors_of(minimal(), o).find("did you mean \"max\"?") != std::string::npos);
  // Several bad overrides are all reported.
  o.sets = {"/a/b=1", "/c/d=2"};
  std::string both = errors_of(minimal(), o);
  CHECK(both.find("\"a\"") != std::string::npos);
  CHECK(both.find("\"c\"") != std::string::npos);
}

TEST_CASE("a --set value nested deeper than a scenario file may be is refused, not walked", "[scenario][set]") {
  // Regression: a value of 65,000 nested arrays went around the file's nesting limit and overflowed the
  // stack (release binary: SIGSEGV) when the document was serialized.
  LoadOptions o;
  const size_t n = 100000;
  o.sets = {"/vsfs/0/x=" + std::string(n, '[') + std::string(n, ']')};
  std::string e = errors_of(minimal(), o);
  CHECK(e.find("--set: /vsfs/0/x: the value is nested more than 64 levels deep (at character 65 of the value)") !=
        std::string::npos);
  // The limit is the file's: 64 levels still set (and are then refused as an unknown key, by pointer).
  o.sets = {"/vsfs/0/x=" + std::string(64, '[') + std::string(64, ']')};
  e = errors_of(minimal(), o);
  CHECK(e.find("nested more than") == std::string::npos);
  CHECK(e.find("/vsfs/0/x: unknown key \"x\"") != std::string::npos);
  // Brackets in a value that is not JSON make a string, which has no depth.
  o.sets = {"/description=" + std::string(n, '[')};
  CHECK(errors_of(minimal(), o).empty());
}

TEST_CASE("the seed option (--seed) replaces the scenario's seed, after --set", "[scenario][seed]") {
  json doc = minimal();
  doc["seed"] = 7;
  CHECK(load(doc).seed == 7);
  LoadOptions o;
  o.seed = 123456789012345ULL;
  o.sets = {"/seed=3"};
  const LoadedScenario loaded = load_scenario_json(kFile, doc.dump(), o);
  CHECK(loaded.scenario.seed == 123456789012345ULL);
  CHECK(loaded.document["seed"] == 123456789012345ULL);
  o.seed = UINT64_MAX;
  CHECK(load(doc, o).seed == UINT64_MAX);
}

TEST_CASE("in-memory documents: syntax errors carry the given name and position", "[scenario]") {
  try {
    (void)load_scenario_json("mem.json", "{\n\"name\": 1,,\n}");
    FAIL("no error");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics().items()[0].line == 2);
    CHECK(e.diagnostics().items()[0].format().rfind("mem.json:2:", 0) == 0);
  }
}

TEST_CASE("traffic forms and actions are read into SI values", "[scenario]") {
  json doc = minimal();
  doc["vsfs"][0]["traffic"] = json::parse(R"([
    {"type": "steps", "steps": [{"at": "0s", "rate": 20}, {"at": "10min", "rate": "4800/min"}]},
    {"type": "flash_crowd", "start": "2min", "ramp": "30s", "peak": 300, "decay": "1min"},
    {"type": "diurnal", "peak": 100, "trough": 10}])");
  doc["actions"] = json::parse(R"([{"at": "1min", "op": "add", "vsf": "shop", "tier": "db", "count": 2},
                                   {"at": "2min", "op": "remove", "vsf": "shop", "tier": "web", "cpu": "cpu-3"}])");
  Scenario s = load(doc);
  const auto& t = s.vsfs[0].traffic;
  REQUIRE(t.size() == 3);
  CHECK(t[0].steps.size() == 2);
  CHECK(t[0].steps[1].at_s == 600);
  CHECK(t[0].steps[1].rate == Approx(80));
  CHECK((t[1].start_s == 120 && t[1].ramp_s == 30 && t[1].peak == 300 && t[1].decay_s == 60));
  CHECK((t[2].period_s == 86400 && t[2].phase_s == 0));
  REQUIRE(s.actions.size() == 2);
  CHECK((s.actions[0].count == 2 && s.actions[0].tier == "db"));
  CHECK(s.actions[1].cpu == "cpu-3");
  // Generated CPU names are cpu-<index>; an unknown one is refused.
  doc["actions"][1]["cpu"] = "cpu-10";
  CHECK(errors_of(doc).find("/actions/1/cpu: unknown CPU \"cpu-10\"") != std::string::npos);
  // With several tiers an action must say which.
  doc["actions"][1].erase("tier");
  doc["actions"][1]["cpu"] = "cpu-3";
  CHECK(errors_of(doc).find("/actions/1: missing required key \"tier\"") != std::string::npos);
}
