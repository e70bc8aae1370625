// The scenario's `faults` section through the loader: a good section arrives typed in Scenario::faults,
// its target names are those the grid gives its components, bad sections are reported with their JSON
// pointers together with the file's other errors, and a scenario with faults is refused for a run.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "load_errors.hpp"
#include "scenario/fault_targets_of.hpp"
#include "scenario/loader.hpp"
#include "util/errors.hpp"

using namespace vsf;
using nlohmann::json;
using test::has;
using test::join;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/scenarios/inline-test.json";

// Three named CPUs then seven unnamed ones (cpu-3 ... cpu-9), two control-plane hosts, two VLAN
// switches, an array with two SAN ports, two VSFs.
json grid_doc() {
  return json::parse(R"({
    "name": "t", "duration": "10d", "seed": 5,
    "models": ["../models/hardware.json", "../models/roles.json", "../models/switches.json"],
    "grid": {"cpus": [{"names": ["A", "B", "C"]}, {"count": 7}],
             "vlan_switches": {"count": 2},
             "storage": [{"name": "main", "ports": 2}, {"name": "backup"}],
             "control_plane": {"hosts": 2}},
    "vsfs": [{"name": "shop", "tiers": [{"role": "web", "initial": 2}], "traffic": {"type": "constant", "rate": 10}},
             {"name": "blog", "tiers": [{"role": "web", "initial": 1}], "traffic": {"type": "constant", "rate": 5}}]
  })");
}

json good_faults() {
  return json::parse(R"({
    "seed": 7,
    "groups": [{"name": "rack1", "members": {"cpu_range": [3, 5], "vlan_switches": ["vsw1"], "storage": ["backup"]},
                "note": "PDU A"}],
    "events": [
      {"at": "2h", "kind": "cpu", "target": "cpu-4", "repair": "10min"},
      {"at": "3h", "kind": "manager", "manager": "slave", "mode": "stall", "target": "slave1", "repair": "2min"},
      {"at": "4h", "kind": "cp_partition", "sides": [["cp0"], ["cp1"]], "repair": "5min"},
      {"at": "5h", "kind": "manager", "manager": "farm_manager", "target": "blog"},
      {"at": "6h", "group": "rack1", "repair": {"dist": "exponential", "mean": "30min"}},
      {"at": "7h", "kind": "san_port", "target": "main/port1", "repair": "1h"},
      {"at": "8h", "kind": "vlan_port", "target": "A/back"},
      {"at": "9h", "kind": "registry", "repair": "1min"}
    ],
    "processes": [
      {"kind": "cpu", "targets": ["A", 9], "ttf": {"dist": "weibull", "shape": 0.7, "scale": "30d"},
       "ttr": {"dist": "csv", "file": "../tests/data/rate_seconds.csv", "column": "rps"}, "start": "1h", "end": "9d"},
      {"groups": ["rack1"], "ttf": {"dist": "exponential", "mean": "200d"}, "ttr": "2h"}
    ]
  })");
}

std::vector<std::string> errors_of(const json& doc) { return test::load_errors(kFile, doc); }

}  // namespace

TEST_CASE("a good faults section loads with its typed values", "[scenario][faults]") {
  json doc = grid_doc();
  doc["faults"] = good_faults();
  const Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  const faults::FaultSpec& f = s.faults;
  CHECK(f.file == kFile);
  REQUIRE(f.seed.has_value());
  CHECK(*f.seed == 7);

  REQUIRE(f.groups.size() == 1);
  CHECK(f.groups[0].name == "rack1");
  CHECK(f.groups[0].members.size() == 5);  // 3 CPUs, a VLAN switch, an array

  REQUIRE(f.events.size() == 8);
  CHECK(f.events[0].at_s == 7200);
  CHECK(*f.events[0].subject.kind == faults::FaultKind::Cpu);
  CHECK(f.events[0].subject.targets.at(0).name == "cpu-4");
  CHECK(f.events[0].repair->type == faults::Distribution::Type::Constant);
  CHECK(f.events[0].repair->value_s == 600);
  CHECK(f.events[1].subject.manager == faults::ManagerRole::Slave);
  CHECK(f.events[1].subject.mode == faults::ManagerMode::Stall);
  CHECK(f.events[2].subject.sides[1].at(0).name == "cp1");
  CHECK_FALSE(f.events[3].repair.has_value());  // never repaired
  CHECK(f.events[4].subject.group == "rack1");
  CHECK(f.events[4].repair->type == faults::Distribution::Type::Exponential);
  CHECK(f.events[4].repair->mean_s == 1800);
  CHECK(f.events[4].pointer == "/faults/events/4");

  REQUIRE(f.processes.size() == 2);
  const faults::FaultProcess& p = f.processes[0];
  CHECK(p.ttf.type == faults::Distribution::Type::Weibull);
  CHECK(p.ttf.shape == 0.7);
  CHECK(p.ttf.scale_s == 30 * 86400);
  // The CSV path is relative to the scenario's folder: the rps column of tests/data/rate_seconds.csv.
  CHECK(p.ttr.type == faults::Distribution::Type::Empirical);
  CHECK(p.ttr.samples_s == std::vector<double>{5, 10, 25.5, 40});
  CHECK(p.start_s == 3600);
  CHECK(*p.end_s == 9 * 86400);
  REQUIRE(p.subject.targets.size() == 2);
  CHECK(p.subject.targets[1].index == 9);
  CHECK(f.processes[1].subject.groups == std::vector<std::string>{"rack1"});
  CHECK(f.processes[1].ttr.value_s == 7200);
}

TEST_CASE("fault targets carry the grid's names", "[scenario][faults]") {
  const Scenario s = load_scenario_json(kFile, grid_doc().dump()).scenario;
  CHECK(s.faults.empty());
  CHECK(s.faults.groups.empty());
  const faults::FaultTargets t = fault_targets_of(s);
  CHECK(t.cpus ==
        std::vector<std::string>{"A", "B", "C", "cpu-3", "cpu-4", "cpu-5", "cpu-6", "cpu-7", "cpu-8", "cpu-9"});
  CHECK(t.control_hosts == std::vector<std::string>{"cp0", "cp1"});
  CHECK(t.vlan_switches == std::vector<std::string>{"vsw0", "vsw1"});
  CHECK(t.san_switches == std::vector<std::string>{"ssw0"});
  CHECK(t.storage == std::vector<std::string>{"main", "backup"});
  CHECK(t.storage_ports == std::vector<int>{2, 1});
  CHECK(t.slaves == 2);
  CHECK(t.vsfs == std::vector<std::string>{"shop", "blog"});
  const auto san = t.names(faults::FaultKind::SanPort);
  CHECK(san.size() == 10 + 2 + 3);
  CHECK(san.back() == "backup/port0");
}

TEST_CASE("bad faults are reported with their pointers, with the file's other errors", "[scenario][faults]") {
  json doc = grid_doc();
  json f = good_faults();
  f["events"][0]["target"] = "cpu-44";              // no such CPU (10 of them)
  f["events"][2]["sides"][1][0] = "cpp1";           // no such control-plane host
  f["events"][1]["target"] = "slave2";              // 2 hosts: slave0, slave1
  f["events"][4]["repair"] = {{"dist", "weibul"}};  // not a distribution
  f["events"][6]["repiar"] = "1h";                  // unknown key in an event
  f["proceses"] = json::array();                    // unknown key of the section
  f["processes"][0]["ttf"]["shape"] = 0;            // must be > 0
  doc["faults"] = f;
  doc["outputs"] = {{"interval", "5MB"}};  // an unrelated error elsewhere
  const auto errors = errors_of(doc);
  INFO(join(errors));
  CHECK(has(errors, "/faults/events/0/target: no CPU named \"cpu-44\"; did you mean \"cpu-4\"?"));
  CHECK(has(errors, "/faults/events/2/sides/1/0: no control-plane host named \"cpp1\"; did you mean \"cp1\"?"));
  CHECK(has(errors, "/faults/events/1/target: no slave segment manager named \"slave2\""));
  CHECK(has(errors,
            "/faults/events/4/repair/dist: expected one of \"exponential\", \"weibull\", \"constant\", \"csv\", found "
            "\"weibul\"; did you mean \"weibull\"?"));
  CHECK(
      has(errors,
          "/faults/events/6/repiar: unknown key \"repiar\" in a \"vlan_port\" fault event; did you mean \"repair\"?"));
  CHECK(has(errors, "/faults/proceses: unknown key \"proceses\" in the faults section; did you mean \"processes\"?"));
  CHECK(has(errors, "/faults/processes/0/ttf/shape: "));
  CHECK(has(errors, "/outputs/interval: expected a duration"));
  CHECK(errors.size() == 8);
}

TEST_CASE("fault target indices and names of every kind are checked", "[scenario][faults]") {
  json doc = grid_doc();
  doc["faults"] = json::parse(R"({"events": [
    {"at": "1h", "kind": "vlan_switch", "target": 2},
    {"at": "1h", "kind": "storage", "target": "mian"},
    {"at": "1h", "kind": "manager", "manager": "farm_manager", "target": "shpo"},
    {"at": "1h", "kind": "san_port", "target": "main/port2"},
    {"at": "1h", "kind": "vlan_port", "target": "A/back"}
  ], "groups": [{"name": "g", "members": ["A", 0]}]})");
  const auto errors = errors_of(doc);
  INFO(join(errors));
  CHECK(has(errors, "/faults/events/0/target: VLAN switch index 2 is out of range: there are 2 VLAN switches"));
  CHECK(has(errors, "/faults/events/1/target: no storage array named \"mian\"; did you mean \"main\"?"));
  CHECK(has(errors, "/faults/events/2/target: no VSF named \"shpo\"; did you mean \"shop\"?"));
  CHECK(has(errors, "/faults/events/3/target: no SAN port named \"main/port2\""));
  CHECK(has(errors, "/faults/groups/0/members/1: CPU \"A\" is already listed"));
  CHECK(errors.size() == 5);
}

TEST_CASE("target checks wait for a grid that parsed", "[scenario][faults]") {
  // With the CPUs broken, "cpu-4" cannot be judged: only the grid's own error is reported.
  json doc = grid_doc();
  doc["grid"]["cpus"] = "ten";
  doc["faults"] = json::parse(R"({"events": [{"at": "1h", "kind": "cpu", "target": "cpu-4"}]})");
  const auto errors = errors_of(doc);
  INFO(join(errors));
  REQUIRE(errors.size() >= 1);
  CHECK(has(errors, "/grid/cpus"));
  CHECK_FALSE(has(errors, "/faults"));
}

TEST_CASE("a fault schedule too long for a run is bad input", "[scenario][faults]") {
  // 10 CPUs failing every 5 s for 10 days: 1,728,000 failures, over the limit of 1,000,000.
  json doc = grid_doc();
  doc["faults"] = json::parse(R"({"processes": [{"kind": "cpu", "ttf": "5s", "ttr": "0"}]})");
  const auto errors = errors_of(doc);
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors, "/faults/processes/0: the faults would make more than 1000000 failures"));
  // The same over one day is fine: 172,800 failures.
  doc["duration"] = "1d";
  CHECK(errors_of(doc).empty());
}
