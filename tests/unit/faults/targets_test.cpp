// Target lists of a grid and check_fault_targets: unknown names with suggestions, indices out of range,
// one component written twice (by name and by index), partition sides that overlap once resolved.
#include "faults/schedule.hpp"
#include "test_support.hpp"

using namespace vsf::faults;
using vsf::Diagnostics;
using vsf::faults::test::parse_ok;
using vsf::faults::test::small_grid;

TEST_CASE("a grid's target lists use the grid model's names, ports included", "[faults][targets]") {
  const FaultTargets t = small_grid(2);
  CHECK(t.names(FaultKind::Cpu) == std::vector<std::string>{"cpu-0", "cpu-1"});
  CHECK(t.names(FaultKind::ControlHost) == std::vector<std::string>{"cp0", "cp1", "cp2"});
  CHECK(t.names(FaultKind::VlanSwitch) == std::vector<std::string>{"vsw0", "vsw1"});
  CHECK(t.names(FaultKind::SanSwitch) == std::vector<std::string>{"ssw0"});
  CHECK(t.names(FaultKind::VlanPort) ==
        std::vector<std::string>{"cpu-0/front", "cpu-0/back", "cpu-1/front", "cpu-1/back", "uplink"});
  CHECK(t.names(FaultKind::SanPort) == std::vector<std::string>{"cpu-0/hba", "cpu-1/hba", "cp0/hba", "cp1/hba",
                                                                "cp2/hba", "array0/port0", "array1/port0",
                                                                "array1/port1"});
  CHECK(t.names(FaultKind::Manager, ManagerRole::Master) == std::vector<std::string>{"master"});
  CHECK(t.names(FaultKind::Manager, ManagerRole::Slave) == std::vector<std::string>{"slave0", "slave1"});
  CHECK(t.names(FaultKind::Manager, ManagerRole::FarmManager) == std::vector<std::string>{"shop", "blog"});
  CHECK(t.names(FaultKind::Registry) == std::vector<std::string>{"registry"});
}

TEST_CASE("with sites each site's control plane has its own master, registry and slaves", "[faults][targets]") {
  FaultTargets t = small_grid(2);
  t.sites = {"sanjose", "london"};
  t.site_slaves = {2, 1};
  CHECK(t.names(FaultKind::Manager, ManagerRole::Master) ==
        std::vector<std::string>{"master:sanjose", "master:london"});
  CHECK(t.names(FaultKind::Manager, ManagerRole::Slave) ==
        std::vector<std::string>{"sanjose/slave0", "sanjose/slave1", "london/slave0"});
  CHECK(t.names(FaultKind::Registry) == std::vector<std::string>{"registry:sanjose", "registry:london"});
  CHECK(t.names(FaultKind::ControlHost) == std::vector<std::string>{"cp0", "cp1", "cp2"});  // global names

  const FaultSpec spec = parse_ok(R"({
    "events": [{"at": "1h", "kind": "manager", "manager": "master", "target": "master:london"},
               {"at": "1h", "kind": "manager", "manager": "slave", "target": "london/slave0"},
               {"at": "1h", "kind": "registry", "target": "registry:sanjose"},
               {"at": "1h", "kind": "manager", "manager": "master", "target": "master"},
               {"at": "1h", "kind": "manager", "manager": "slave", "target": "slave0"}]
  })");
  Diagnostics diags;
  check_fault_targets(spec, t, diags);
  REQUIRE(diags.items().size() == 2);  // the single-site names are not this grid's
  CHECK(diags.items()[0].pointer == "/faults/events/3/target");
  CHECK(diags.items()[1].pointer == "/faults/events/4/target");
}

TEST_CASE("with sites the VLAN ports end with one uplink per site", "[faults][targets]") {
  FaultTargets t = small_grid(2);
  t.sites = {"sanjose", "london"};
  t.site_slaves = {2, 1};
  CHECK(t.names(FaultKind::VlanPort) == std::vector<std::string>{"cpu-0/front", "cpu-0/back", "cpu-1/front",
                                                                 "cpu-1/back", "uplink:sanjose", "uplink:london"});
  const FaultSpec spec = parse_ok(R"({
    "events": [{"at": "1h", "kind": "vlan_port", "target": "uplink:london"},
               {"at": "1h", "kind": "vlan_port", "target": 4},
               {"at": "1h", "kind": "vlan_port", "target": "uplink"}]
  })");
  Diagnostics diags;
  check_fault_targets(spec, t, diags);
  REQUIRE(diags.items().size() == 1);  // a multi-site grid has no one "uplink"
  CHECK(diags.items()[0].pointer == "/faults/events/2/target");
  CHECK(diags.items()[0].message.find("did you mean \"uplink:") != std::string::npos);
}

TEST_CASE("a partition's side may name the global manager's host only with a global manager", "[faults][targets]") {
  FaultTargets t = small_grid(2);
  t.sites = {"sanjose", "london"};
  t.site_slaves = {2, 1};
  const FaultSpec spec = parse_ok(R"({
    "events": [{"at": "1h", "kind": "cp_partition", "sides": [["global-manager"], ["cp2"]], "repair": "1h"}]
  })");
  Diagnostics without;
  check_fault_targets(spec, t, without);
  REQUIRE(without.items().size() == 1);
  CHECK(without.items()[0].pointer == "/faults/events/0/sides/0/0");
  CHECK(without.items()[0].message.find("no \"global_manager\"") != std::string::npos);

  t.global_manager = true;
  CHECK(t.names(FaultKind::CpPartition) == std::vector<std::string>{"cp0", "cp1", "cp2", "global-manager"});
  Diagnostics with;
  check_fault_targets(spec, t, with);
  CHECK(with.items().empty());
  const auto schedule = make_schedule(spec, t, 4 * 3600.0, 1);
  REQUIRE(schedule.size() == 2);                       // fail, heal
  CHECK(schedule[0].sides[0] == std::vector<int>{3});  // the hosts' count: the index after the last host's
  CHECK(schedule[0].sides[1] == std::vector<int>{2});
  CHECK(schedule[0].target_name == "global-manager|cp2");
}

TEST_CASE("a spec whose names all exist passes the target check", "[faults][targets]") {
  const FaultSpec spec = parse_ok(R"({
    "groups": [{"name": "r", "members": {"cpu_range": [0, 7], "san_ports": ["array1/port1"], "storage": [1]}}],
    "events": [{"at": "1h", "kind": "manager", "manager": "farm_manager", "target": "blog"},
               {"at": "1h", "kind": "vlan_port", "target": "uplink"},
               {"at": "1h", "kind": "cp_partition", "sides": [["cp0", 1], [2]]}],
    "processes": [{"kind": "manager", "manager": "slave", "targets": [1], "ttf": "1d", "ttr": "1h"}]
  })");
  Diagnostics diags;
  check_fault_targets(spec, small_grid(), diags);
  INFO(diags.format());
  CHECK(diags.empty());
}

TEST_CASE("names and indices that the grid does not have are all reported", "[faults][targets]") {
  const FaultSpec spec = parse_ok(R"({
    "groups": [{"name": "r", "members": {"cpu_range": [6, 9], "vlan_switches": ["vsw7"]}},
               {"name": "s", "members": ["cpu-1", 1]}],
    "events": [{"at": "1h", "kind": "cpu", "target": "cpu-80"},
               {"at": "1h", "kind": "control_host", "target": 3},
               {"at": "1h", "kind": "manager", "manager": "farm_manager", "target": "shpo"},
               {"at": "1h", "kind": "manager", "manager": "slave", "target": 2},
               {"at": "1h", "kind": "cp_partition", "sides": [["cp0"], [0, "cp9"]]}],
    "processes": [{"kind": "storage", "targets": ["array0", "disk"], "ttf": "1d", "ttr": "1h"}]
  })");
  Diagnostics diags;
  check_fault_targets(spec, small_grid(), diags);
  std::vector<std::string> got;
  for (const auto& d : diags.items()) {
    CHECK(d.file == "scenario.json");
    got.push_back(d.pointer + ": " + d.message);
  }
  const std::vector<std::string> expected = {
      "/faults/groups/0/members/vlan_switches/0: no VLAN switch named \"vsw7\"; did you mean \"vsw0\"?",
      "/faults/groups/0/members/cpu_range: CPU index 8 is out of range: there are 8 CPUs (0 to 7)",
      "/faults/groups/0/members/cpu_range: CPU index 9 is out of range: there are 8 CPUs (0 to 7)",
      "/faults/groups/1/members/1: CPU \"cpu-1\" is already listed",
      "/faults/events/0/target: no CPU named \"cpu-80\"; did you mean \"cpu-0\"?",
      "/faults/events/1/target: control-plane host index 3 is out of range: there are 3 control-plane hosts (0 to 2)",
      "/faults/events/2/target: no VSF named \"shpo\"; did you mean \"shop\"?",
      "/faults/events/3/target: slave segment manager index 2 is out of range: there are 2 slave segment "
      "managers (0 to 1)",
      "/faults/events/4/sides/1/0: control-plane host \"cp0\" is already listed",
      "/faults/events/4/sides/1/1: no control-plane host named \"cp9\"; did you mean \"cp0\"?",
      "/faults/processes/0/targets/1: no storage array named \"disk\"; expected one of: \"array0\", \"array1\"",
  };
  CHECK(got == expected);
}

TEST_CASE("a grid without a kind of component says so", "[faults][targets]") {
  const FaultSpec spec = parse_ok(R"({"events": [{"at": "1h", "kind": "manager", "manager": "slave", "target": 0}]})");
  Diagnostics diags;
  FaultTargets t = small_grid();
  t.slaves = 0;
  check_fault_targets(spec, t, diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].message == "slave segment manager index 0: the grid has no slave segment managers");
}
