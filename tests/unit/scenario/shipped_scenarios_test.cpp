// Every shipped scenario loads, and the loader turns it into the SI values its JSON asks for.
#include <catch2/catch.hpp>
#include <filesystem>

#include "scenario/loader.hpp"
#include "util/errors.hpp"

using namespace vsf;
namespace fs = std::filesystem;

namespace {

std::string repo(const std::string& rel) { return std::string(VSFSIM_SOURCE_DIR) + "/" + rel; }

LoadedScenario load(const std::string& rel, const LoadOptions& options = {}) {
  try {
    return load_scenario(repo(rel), options);
  } catch (const InputError& e) {
    FAIL_CHECK(e.diagnostics().format());
    throw;
  }
}

// scenarios/schema.json and sweep.schema.json describe files; they are not scenarios.
bool is_schema(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.size() >= 11 && name.compare(name.size() - 11, 11, "schema.json") == 0;
}

}  // namespace

TEST_CASE("every shipped scenario loads", "[scenario][shipped]") {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(repo("scenarios"))) {
    if (entry.path().extension() != ".json" || is_schema(entry.path())) continue;
    INFO(entry.path().string());
    Scenario s;
    REQUIRE_NOTHROW(s = load("scenarios/" + entry.path().filename().string()).scenario);
    CHECK(!s.vsfs.empty());
    CHECK(s.duration_s > 0);
    CHECK(s.models.files.size() >= 1);
    ++count;
  }
  CHECK(count >= 2);
}

TEST_CASE("quickstart: two VSFs on 40 CPUs, SI units, models resolved", "[scenario][shipped]") {
  const LoadedScenario loaded = load("scenarios/quickstart.json");
  const Scenario& s = loaded.scenario;
  CHECK(s.name == "quickstart");
  CHECK(s.seed == 42);
  CHECK(s.duration_s == 3600);
  CHECK(s.grid.total_cpus() == 40);
  REQUIRE(s.vsfs.size() == 2);
  CHECK(s.vsfs[0].tiers.size() == 3);
  CHECK(s.vsfs[1].tiers.size() == 1);
  CHECK(s.vsfs[0].policy.type == PolicyType::Threshold);
  CHECK(s.vsfs[0].policy.cooldown_s == 120);
  REQUIRE(s.vsfs[0].traffic.size() == 1);
  CHECK(s.vsfs[0].traffic[0].kind == TrafficKind::Diurnal);
  CHECK(s.vsfs[0].traffic[0].period_s == 3600);
  CHECK(s.vsfs[0].traffic[0].phase_s == 1500);
  // A web request is about 10 ms of CPU on the default hardware.
  const auto& hw = s.models.hardware.at(s.grid.cpus[0].profile);
  CHECK(s.models.roles.at("web").work_flops / hw.speed_flops == Approx(0.010));
  CHECK(s.models.roles.at("db").san_bytes > 0);
  // Switch profiles come from the models when the scenario names none.
  CHECK(s.grid.vlan_switches.spec.kind == SwitchKind::Vlan);
  CHECK(s.grid.vlan_switches.spec.port_bandwidth_Bps == Approx(125e6));
  CHECK(s.grid.san_switches.spec.kind == SwitchKind::San);
  CHECK(s.grid.san_switches.spec.reconfig_s == 5);
  CHECK(s.grid.storage.at(0).read_Bps == Approx(400e6));
  CHECK(s.grid.uplink.latency_s == Approx(0.02));
  CHECK(loaded.document.at("name") == "quickstart");
}

TEST_CASE("patent walkthrough: CPUs A-G and the Figs. 5-8 sequence", "[scenario][shipped]") {
  Scenario s = load("scenarios/patent-walkthrough.json").scenario;
  REQUIRE(s.grid.cpus.size() == 1);
  CHECK(s.grid.cpus[0].names == std::vector<std::string>{"A", "B", "C", "D", "E", "F", "G"});
  CHECK(s.grid.vlan_switches.count == 1);
  CHECK(s.grid.san_switches.count == 1);
  CHECK(s.grid.vlan_switches.spec.ports == 24);  // the scenario's override of the profile's 96
  REQUIRE(s.vsfs.size() == 2);
  CHECK(s.vsfs[0].name == "vsf1");
  CHECK(s.vsfs[0].lb.cpu == "A");
  CHECK(s.vsfs[0].tiers[0].cpus == std::vector<std::string>{"B", "C"});
  CHECK(s.vsfs[1].name == "vsf2");
  CHECK(s.vsfs[1].start_s == 1200);
  CHECK(s.vsfs[1].lb.cpu == "E");
  CHECK(s.vsfs[1].tiers[0].cpus == std::vector<std::string>{"F", "G"});
  REQUIRE(s.actions.size() == 3);
  CHECK((s.actions[0].at_s == 600 && s.actions[0].op == AdminOp::Add && s.actions[0].vsf == "vsf1"));
  CHECK((s.actions[1].at_s == 1800 && s.actions[1].op == AdminOp::Remove && s.actions[1].vsf == "vsf1"));
  CHECK((s.actions[2].at_s == 2400 && s.actions[2].op == AdminOp::Add && s.actions[2].vsf == "vsf2"));
  for (const auto& a : s.actions) CHECK((a.cpu == "D" && a.tier == "web"));
  CHECK(s.duration_s == 3000);
}
