// Cross checks and less common paths of the loader, on in-memory documents: exact thresholds of the
// capacity and port checks, CPU naming, model file rules (sources, redefinition, switch kinds), a good
// trace file, and override values that are not valid UTF-8.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "scenario/loader.hpp"
#include "util/errors.hpp"

using namespace vsf;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/scenarios/inline-test.json";

json minimal() {
  return json::parse(R"({
    "name": "t", "duration": "10min",
    "models": ["../models/hardware.json", "../models/roles.json", "../models/switches.json"],
    "grid": {"cpus": 10, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "shop", "tiers": [{"role": "web", "initial": 2, "min": 1, "max": 4}],
              "traffic": {"type": "constant", "rate": 10}}]
  })");
}

std::string errors_of(const json& doc, const std::string& file = kFile) {
  try {
    (void)load_scenario_json(file, doc.dump());
  } catch (const InputError& e) {
    return e.diagnostics().format();
  }
  return "";
}

// A scratch folder with models/ and scenarios/, removed at the end of the test.
struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("vsfsim-checks-" + std::to_string(::getpid()));
  Scratch() {
    fs::create_directories(dir / "models");
    fs::create_directories(dir / "scenarios");
    for (const char* m : {"hardware.json", "roles.json", "switches.json"})
      fs::copy_file(std::string(VSFSIM_SOURCE_DIR) + "/models/" + m, dir / "models" / m,
                    fs::copy_options::overwrite_existing);
  }
  ~Scratch() { fs::remove_all(dir); }
  void write(const std::string& rel, const std::string& text) const { std::ofstream(dir / rel) << text; }
  std::string scenario() const { return (dir / "scenarios" / "s.json").string(); }
};

}  // namespace

TEST_CASE("capacity check: exactly enough CPUs passes, one fewer fails", "[scenario][checks]") {
  json doc = minimal();
  doc["vsfs"][0]["tiers"][0]["initial"] = 4;  // 4 + 1 LB
  doc["vsfs"].push_back(doc["vsfs"][0]);
  doc["vsfs"][1]["name"] = "blog";
  doc["vsfs"][1]["lb"] = false;  // 4, no LB
  doc["grid"]["cpus"] = 9;
  CHECK(errors_of(doc).empty());
  doc["grid"]["cpus"] = 8;
  CHECK(errors_of(doc).find("/grid/cpus: the grid has 8 CPUs but the VSFs need 9 at creation (initial servers plus "
                            "one per load balancer: shop 5, blog 4)") != std::string::npos);
}

TEST_CASE("port checks: VLAN 2 per CPU + uplink + trunks, SAN 1 per CPU + storage + control plane + trunks",
          "[scenario][checks]") {
  json doc = minimal();
  doc["grid"]["vlan_switches"] = {{"ports", 21}};  // 2*10 + 1
  doc["grid"]["san_switches"] = {{"ports", 12}};   // 10 + 1 + 1
  CHECK(errors_of(doc).empty());
  doc["grid"]["vlan_switches"]["ports"] = 20;
  doc["grid"]["san_switches"]["ports"] = 11;
  std::string e = errors_of(doc);
  CHECK(e.find("/grid/vlan_switches: 21 ports are needed") != std::string::npos);
  CHECK(e.find("/grid/san_switches: 12 ports are needed") != std::string::npos);
  // Two VLAN switches of 11 ports: 22 ports, 23 needed with the 2 trunk ports; 12 each is enough.
  doc = minimal();
  doc["grid"]["vlan_switches"] = {{"ports", 11}, {"count", 2}};
  CHECK(errors_of(doc).find("23 ports are needed") != std::string::npos);
  doc["grid"]["vlan_switches"]["ports"] = 12;
  CHECK(errors_of(doc).empty());
  // The message says what to change, and either change is enough.
  doc["grid"]["vlan_switches"] = {{"ports", 8}, {"count", 1}};
  e = errors_of(doc);
  CHECK(e.find("set /grid/vlan_switches/count to 4, or /grid/vlan_switches/ports to 21") != std::string::npos);
  doc["grid"]["vlan_switches"]["count"] = 4;
  CHECK(errors_of(doc).empty());
  doc["grid"]["vlan_switches"] = {{"ports", 21}, {"count", 1}};
  CHECK(errors_of(doc).empty());
}

// SAN switches are a full mesh (GridModel): n - 1 trunk ports at each, n(n - 1) in all.
TEST_CASE("port checks: a full mesh of SAN switches takes n - 1 trunk ports at each", "[scenario][checks]") {
  json doc = minimal();  // SAN: 10 CPUs + 1 storage port + 1 control host = 12 ports before trunks
  doc["grid"]["san_switches"] = {{"ports", 6}, {"count", 4}};  // 12 + 4 x 3 = 24 = 4 x 6
  CHECK(errors_of(doc).empty());
  doc["grid"]["san_switches"]["ports"] = 5;
  std::string e = errors_of(doc);
  CHECK(e.find("/grid/san_switches: 24 ports are needed (1 per CPU for 10 CPUs, 1 for storage, 1 for the control "
               "plane, 12 for the links between 4 switches), but 4 switches x 5 ports = 20") != std::string::npos);
  // No count of 5-port switches fits a mesh (n switches need 12 + n(n - 1) ports, have 5n; a chain of 4 would
  // fit, 12 + 6 <= 20): the fix is bigger switches only.
  CHECK(e.find("set /grid/san_switches/ports to 6") != std::string::npos);
  CHECK(e.find("/grid/san_switches/count to") == std::string::npos);
  doc["grid"]["san_switches"] = {{"ports", 7}, {"count", 4}};  // 24 <= 28
  CHECK(errors_of(doc).empty());
  doc["grid"]["san_switches"] = {{"ports", 7}, {"count", 1}};  // 12 > 7; 2 switches: 12 + 2 <= 14
  CHECK(errors_of(doc).find("set /grid/san_switches/count to 2, or /grid/san_switches/ports to 12") !=
        std::string::npos);
}

TEST_CASE("periods: at most 1e7 of them over the run", "[scenario][checks]") {
  json doc = minimal();
  doc["duration"] = "1h";
  doc["outputs"] = {{"interval", "300us"}};
  CHECK(errors_of(doc).find("/outputs/interval: an output interval of 0.0003 s makes 1.2e+07 periods over the "
                            "run's 3600 s; at most 1e+07: use at least 0.00036 s") != std::string::npos);
  doc["outputs"]["interval"] = "360us";
  CHECK(errors_of(doc).empty());
  doc["control_plane"] = {{"ping_interval", "100us"}, {"ping_timeout", "50us"}, {"lease", "1ms"}};
  CHECK(errors_of(doc).find("/control_plane/ping_interval: a ping interval of 0.0001 s") != std::string::npos);
}

TEST_CASE("CPU names: generated cpu-<id> names collide with explicit ones", "[scenario][checks]") {
  json doc = minimal();
  doc["grid"]["cpus"] = json::parse(R"([{"count": 3}, {"count": 2, "names": ["cpu-1", "X"]}])");
  CHECK(errors_of(doc).find("/grid/cpus/1/names/0: CPU name \"cpu-1\" is used twice (also at /grid/cpus/0)") !=
        std::string::npos);
  doc["grid"]["cpus"] = json::parse(R"([{"count": 3, "names": ["A", "B"]}])");
  CHECK(errors_of(doc).find("/grid/cpus/0/names: 2 names given for a group of count 3") != std::string::npos);
  doc["grid"]["cpus"] = json::parse(R"([{"names": ["A", "B", "C"]}, {"count": 7, "profile": "dual"}])");
  Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  CHECK(s.grid.cpus[0].count == 3);
  CHECK(s.grid.total_cpus() == 10);
  doc["vsfs"][0]["tiers"][0]["cpus"] = {"A", "B", "C"};
  CHECK(errors_of(doc).find("/vsfs/0/tiers/0/cpus: 3 CPUs named for a tier whose initial size is 2") !=
        std::string::npos);
}

TEST_CASE("CPU names: clashes both ways and references, also on a 1,000,000-CPU grid", "[scenario][checks]") {
  json doc = minimal();
  // An explicit name first, the unnamed CPU that would have it later: the error is at the unnamed group.
  doc["grid"]["cpus"] = json::parse(R"([{"count": 1, "names": ["cpu-2"]}, {"count": 3}])");
  CHECK(errors_of(doc).find("/grid/cpus/1: CPU name \"cpu-2\" is used twice (also at /grid/cpus/0/names/0); "
                            "unnamed CPUs are called cpu-<index>") != std::string::npos);
  // Not generated names: a leading zero, a sign, an index of a named CPU or beyond the grid.
  doc["grid"]["cpus"] = json::parse(R"([{"count": 4}, {"count": 4, "names": ["cpu-01", "cpu-+1", "cpu-5", "cpu-8"]}])");
  CHECK(errors_of(doc).find("used twice") == std::string::npos);
  // Generated names are known to references, explicit ones too; others are unknown, with a suggestion.
  doc["vsfs"][0]["tiers"][0]["cpus"] = {"cpu-3", "cpu-01"};
  CHECK(errors_of(doc).empty());
  doc["vsfs"][0]["tiers"][0]["cpus"] = {"cpu-4"};
  CHECK(errors_of(doc).find("/vsfs/0/tiers/0/cpus/0: unknown CPU \"cpu-4\"; did you mean") != std::string::npos);
  // Regression (fuzz:loader, million-cpus): the documented maximum took 2 s here (ASan: over 10 s) to
  // build a map of every generated name; a reference to the last CPU still resolves.
  doc["grid"]["cpus"] = 1000000;
  doc["grid"]["vlan_switches"] = {{"count", 3}, {"ports", 1000000}};
  doc["grid"]["san_switches"] = {{"count", 2}, {"ports", 1000000}};
  doc["vsfs"][0]["tiers"][0]["cpus"] = {"cpu-999999"};
  CHECK(errors_of(doc).empty());
  doc["vsfs"][0]["tiers"][0]["cpus"] = {"cpu-1000000"};
  CHECK(errors_of(doc).find("unknown CPU \"cpu-1000000\"") != std::string::npos);
}

TEST_CASE("names, tiers and policies", "[scenario][checks]") {
  json doc = minimal();
  doc["vsfs"][0]["name"] = "my shop";
  CHECK(errors_of(doc).find("/vsfs/0/name: expected a name of letters") != std::string::npos);
  doc = minimal();
  doc["vsfs"][0]["tiers"].push_back({{"role", "web"}});
  CHECK(errors_of(doc).find("/vsfs/0/tiers/1/role: two tiers with role \"web\"") != std::string::npos);
  doc = minimal();
  doc["vsfs"][0]["tiers"][0] = {{"role", "web"}, {"initial", 5}, {"max", 4}};
  CHECK(errors_of(doc).find("/vsfs/0/tiers/0/initial: initial (5) must be <= max (4)") != std::string::npos);
  doc["vsfs"][0]["tiers"][0] = {{"role", "web"}, {"initial", 0}, {"min", 1}};
  CHECK(errors_of(doc).find("/vsfs/0/tiers/0/initial: initial (0) must be >= min (1)") != std::string::npos);
  doc["vsfs"][0]["tiers"][0] = {{"role", "web"}, {"initial", 0}, {"min", 0}};
  CHECK(errors_of(doc).find("/vsfs/0/tiers/0/initial: max must be >= 1") != std::string::npos);
  doc = minimal();
  doc["vsfs"][0]["policy"] = {{"type", "threshold"}, {"high", 0.9}};  // low defaults to 0.3
  CHECK(errors_of(doc).empty());
  doc["vsfs"][0]["policy"]["low"] = 0.9;
  CHECK(errors_of(doc).find("high (0.9) must be greater than low (0.9)") != std::string::npos);
  doc = minimal();
  doc["vsfs"][0]["start"] = "10min";
  CHECK(errors_of(doc).find("/vsfs/0/start: VSF \"shop\" would be created at 600 s, not before the end") !=
        std::string::npos);
  doc = minimal();
  doc["duration"] = "0s";
  CHECK(errors_of(doc).find("/duration: expected a positive duration, found \"0s\"") != std::string::npos);
}

TEST_CASE("model files: sources required, no redefinition, switch kinds", "[scenario][checks]") {
  Scratch s;
  json doc = minimal();
  doc["models"].push_back("../models/extra.json");
  s.write("models/extra.json", R"({"roles": {"web": {"work": "1Mf"}, "cache": {"wrok": "1Mf"}}})");
  std::string e = errors_of(doc, s.scenario());
  CHECK(e.find("extra.json: missing required key \"sources\"") != std::string::npos);
  CHECK(e.find("extra.json: /roles/web: roles \"web\" is already defined in") != std::string::npos);
  CHECK(e.find("extra.json: /roles/cache/wrok: unknown key \"wrok\" in a role blueprint; did you mean \"work\"?") !=
        std::string::npos);
  // A second VLAN profile makes the default ambiguous.
  s.write("models/extra.json", R"({"sources": ["test"], "switches": {"other": {"kind": "vlan"}}})");
  CHECK(errors_of(doc, s.scenario()).find("/grid/vlan_switches: several vlan switch profiles exist") !=
        std::string::npos);
  doc["grid"]["vlan_switches"] = {{"profile", "other"}};
  Scenario sc = load_scenario_json(s.scenario(), doc.dump()).scenario;
  CHECK(sc.grid.vlan_switches.spec.ports == 48);  // SwitchProfile defaults for keys the profile omits
  CHECK(sc.models.files.size() == 4);
  // Power values must be ordered.
  s.write("models/extra.json", R"({"sources": ["test"], "hardware": {"hot": {"idle_power": "300W"}}})");
  CHECK(errors_of(doc, s.scenario()).find("peak_power (200 W) must be >= idle_power (300 W)") != std::string::npos);
  // A model file with a syntax error reports its own name, line and column.
  s.write("models/extra.json", "{\"sources\": [\"x\"],\n \"roles\": {\"a\": }}");
  CHECK(errors_of(doc, s.scenario()).find("extra.json:2:") != std::string::npos);
}

TEST_CASE("a switch profile with an unusable kind matches no kind: no follow-up error", "[scenario][checks]") {
  Scratch s;
  json doc = minimal();
  doc["models"].push_back("../models/extra.json");
  s.write("models/extra.json", R"({"sources": ["test"], "switches": {"other": {"kind": "vlna"}}})");
  const std::string kind_error =
      "extra.json: /switches/other/kind: expected one of \"vlan\", \"san\", found \"vlna\"; did you mean \"vlan\"?";
  std::string e = errors_of(doc, s.scenario());
  CHECK(e.find(kind_error) != std::string::npos);
  CHECK(e.find("several vlan switch profiles") == std::string::npos);  // the shipped VLAN profile stays the default
  doc["grid"]["vlan_switches"] = {{"profile", "other"}};
  doc["grid"]["san_switches"] = {{"profile", "other"}};
  e = errors_of(doc, s.scenario());
  CHECK(e.find(kind_error) != std::string::npos);
  CHECK(e.find("switch profile \"other\" is a") == std::string::npos);
}

TEST_CASE("a trace component is loaded, scaled and resolved relative to the scenario", "[scenario][trace]") {
  Scratch s;
  fs::create_directories(s.dir / "scenarios" / "traces");
  s.write("scenarios/traces/t.csv", "minute,requests\n0,600\n1,1200\n2,300\n");
  json doc = minimal();
  doc["vsfs"][0]["traffic"] = {
      {"type", "trace"},  {"file", "traces/t.csv"}, {"time_column", "minute"}, {"value_column", "requests"},
      {"value", "count"}, {"time_scale", 60},       {"rate_scale", 2}};
  Scenario sc = load_scenario_json(s.scenario(), doc.dump()).scenario;
  const TrafficComponent& c = sc.vsfs[0].traffic.at(0);
  CHECK(c.file == (s.dir / "scenarios" / "traces" / "t.csv").lexically_normal().generic_string());
  REQUIRE(c.points.size() >= 3);
  CHECK(c.points[1].first == Approx(60));   // minute 1 at 60 simulated seconds
  CHECK(c.points[1].second == Approx(40));  // 1200 per minute = 20/s, times rate_scale 2
}

TEST_CASE("override values (--set) that are not valid UTF-8 are refused", "[scenario][set]") {
  LoadOptions o;
  o.sets = {"/description=\xff\xfe"};
  try {
    (void)load_scenario_json(kFile, minimal().dump(), o);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.diagnostics().format().find("not valid UTF-8") != std::string::npos);
  }
  o.sets = {"/\xff=1"};
  CHECK_THROWS_AS(load_scenario_json(kFile, minimal().dump(), o), InputError);
}

TEST_CASE("numbers too large for a double are a JSON error, with a position", "[scenario]") {
  try {
    (void)load_scenario_json("big.json", "{\n  \"name\": \"x\",\n  \"duration\": 1e400\n}");
    FAIL("no error");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics().items()[0].format() == "big.json:3:15: invalid JSON: number overflow parsing '1e400'");
  }
}
