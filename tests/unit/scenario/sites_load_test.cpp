// Multi-site scenarios (issue 14) through the loader: the sites' grids merged into one Grid with each
// site's index ranges, CPU groups' sites, totals, per-site switch profiles and uplinks; wan links and
// the global manager read into their typed specs; vsfs[].site; the per-site checks; and the errors of
// sites, wan, global_manager and their faults.
#include <catch2/catch.hpp>

#include "faults/schedule.hpp"
#include "load_errors.hpp"
#include "scenario/fault_targets_of.hpp"
#include "scenario/loader.hpp"

using namespace vsf;
using nlohmann::json;
using vsf::test::has;
using vsf::test::join;
using vsf::test::load_errors;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/scenarios/inline-test.json";

// Three sites of different shapes: a has two groups (one named), b overrides its switches and uplink,
// c is the smallest; arrays unnamed in b and c.
json three_sites() {
  return json::parse(R"({
    "name": "t", "duration": "1h",
    "models": ["../models/hardware.json", "../models/roles.json", "../models/switches.json"],
    "sites": [
      {"name": "a", "grid": {"cpus": [{"count": 3}, {"names": ["x", "y"]}], "storage": [{"name": "sa"}],
                             "vlan_switches": {"count": 2}, "control_plane": {"hosts": 2}}},
      {"name": "b", "cpu_hour_cost": 0.5,
       "grid": {"cpus": 4, "storage": [{}, {"ports": 3}], "vlan_switches": {"count": 3, "ports": 20},
                "san_switches": {"port_bandwidth": "4Gbps"},
                "uplink": {"bandwidth": "100Mbps", "latency": "50ms"}, "control_plane": {"hosts": 3}}},
      {"name": "c", "grid": {"cpus": 2, "storage": [{}]}}
    ],
    "wan": [{"between": ["b", "a"], "bandwidth": "1Gbps", "latency": "35ms", "cost_per_gb": 0.02},
            {"between": ["a", "c"]}],
    "global_manager": {"site": "b", "interval": "2min", "lending": "by_cost", "lent_boot": "bridged_san"},
    "vsfs": [{"name": "s1", "tiers": [{"role": "web", "initial": 2, "max": 4}],
              "traffic": {"type": "constant", "rate": 10}},
             {"name": "s2", "site": "b", "tiers": [{"role": "web", "initial": 3}],
              "traffic": {"type": "constant", "rate": 10}}]
  })");
}

Scenario load(const json& doc) {
  try {
    return load_scenario_json(kFile, doc.dump()).scenario;
  } catch (const InputError& e) {
    FAIL(e.diagnostics().format());
    throw;
  }
}

}  // namespace

TEST_CASE("sites: the grids are merged with each site's index ranges", "[scenario][sites]") {
  const Scenario s = load(three_sites());
  const Grid& g = s.grid;
  REQUIRE(g.sites.size() == 3);
  CHECK(g.site_count() == 3);
  CHECK(g.total_cpus() == 5 + 4 + 2);
  const auto range = [](const IndexRange& r) { return std::make_pair(r.first, r.count); };
  CHECK(range(g.sites[0].cpus) == std::make_pair(0, 5));
  CHECK(range(g.sites[1].cpus) == std::make_pair(5, 4));
  CHECK(range(g.sites[2].cpus) == std::make_pair(9, 2));
  CHECK(range(g.sites[0].vlan_switches) == std::make_pair(0, 2));
  CHECK(range(g.sites[1].vlan_switches) == std::make_pair(2, 3));
  CHECK(range(g.sites[2].vlan_switches) == std::make_pair(5, 1));
  CHECK(range(g.sites[2].san_switches) == std::make_pair(2, 1));
  CHECK(range(g.sites[1].arrays) == std::make_pair(1, 2));
  CHECK(range(g.sites[2].arrays) == std::make_pair(3, 1));
  CHECK(range(g.sites[0].control_hosts) == std::make_pair(0, 2));
  CHECK(range(g.sites[1].control_hosts) == std::make_pair(2, 3));
  CHECK(range(g.sites[2].control_hosts) == std::make_pair(5, 1));
  // Totals in the merged grid; the first site's profiles and uplink.
  CHECK(g.vlan_switches.count == 6);
  CHECK(g.san_switches.count == 3);
  CHECK(g.control_plane.hosts == 6);
  CHECK(g.storage.size() == 4);
  CHECK(g.uplink.bandwidth_Bps == Approx(125e6));
  CHECK(g.vlan_switches.spec.ports == 96);
  CHECK(g.sites[0].pointer == "/sites/0");
  CHECK(g.sites[1].cpu_hour_cost == 0.5);
  CHECK(g.sites[0].cpu_hour_cost == 0);
}

TEST_CASE("sites: CPU groups know their site, arrays are named over all sites", "[scenario][sites]") {
  const Scenario s = load(three_sites());
  const Grid& g = s.grid;
  REQUIRE(g.cpus.size() == 4);
  CHECK(g.cpus[0].site == 0);
  CHECK(g.cpus[1].site == 0);
  CHECK(g.cpus[1].names == std::vector<std::string>{"x", "y"});
  CHECK(g.cpus[2].site == 1);
  CHECK(g.cpus[3].site == 2);
  std::vector<std::string> arrays;
  for (const auto& a : g.storage) arrays.push_back(a.name);
  CHECK(arrays == std::vector<std::string>{"sa", "array1", "array2", "array3"});
  CHECK(g.storage[2].ports == 3);
}

TEST_CASE("sites: each site's own switch profiles and uplink", "[scenario][sites]") {
  const Scenario s = load(three_sites());
  const Grid& g = s.grid;
  CHECK(g.sites[0].vlan.ports == 96);
  CHECK(g.sites[1].vlan.ports == 20);
  CHECK(g.sites[2].vlan.ports == 96);
  CHECK(g.sites[1].san.port_bandwidth_Bps == Approx(0.5e9));
  CHECK(g.sites[0].san.port_bandwidth_Bps == Approx(g.san_switches.spec.port_bandwidth_Bps));
  CHECK(g.sites[0].san.port_bandwidth_Bps != Approx(0.5e9));
  CHECK(g.sites[1].uplink_bandwidth_Bps == Approx(12.5e6));
  CHECK(g.sites[1].uplink_latency_s == Approx(0.05));
  CHECK(g.sites[0].uplink_latency_s == Approx(0.01));
}

TEST_CASE("sites: wan links, the global manager and the VSFs' sites", "[scenario][sites]") {
  const Scenario s = load(three_sites());
  REQUIRE(s.grid.wan.size() == 2);
  const WanLink& ab = s.grid.wan[0];
  CHECK(ab.name == "a-b");  // written [b, a]: named in the sites' order
  CHECK(ab.a == 0);
  CHECK(ab.b == 1);
  CHECK(ab.pointer == "/wan/0");
  CHECK(ab.bandwidth_Bps == Approx(125e6));
  CHECK(ab.latency_s == Approx(0.035));
  CHECK(ab.cost_per_gb == Approx(0.02));
  const WanLink& ac = s.grid.wan[1];
  CHECK(ac.name == "a-c");
  CHECK(ac.bandwidth_Bps == Approx(1.25e9));  // the defaults
  CHECK(ac.latency_s == Approx(0.03));
  const GlobalManagerSpec& gm = s.global_manager;
  CHECK(gm.present);
  CHECK(gm.site == 1);
  CHECK(gm.interval_s == 120);
  CHECK(gm.lending == Lending::ByCost);
  CHECK(gm.lent_boot == LentBoot::BridgedSan);
  REQUIRE(s.vsfs.size() == 2);
  CHECK(s.vsfs[0].site == 0);
  CHECK(s.vsfs[1].site == 1);
  const faults::FaultTargets t = fault_targets_of(s);
  CHECK(t.wan == std::vector<std::string>{"a-b", "a-c"});
  CHECK(t.global_manager);
  CHECK(t.control_hosts.size() == 6);
  CHECK(t.vlan_switches.back() == "vsw5");
  CHECK(t.cpus[5] == "cpu-5");
  CHECK(t.cpus[3] == "x");
}

TEST_CASE("sites: global_manager defaults", "[scenario][sites]") {
  json doc = three_sites();
  doc["global_manager"] = json::object();
  const Scenario s = load(doc);
  CHECK(s.global_manager.present);
  CHECK(s.global_manager.site == 0);
  CHECK(s.global_manager.interval_s == 60);
  CHECK(s.global_manager.lending == Lending::WhenEmpty);
  CHECK(s.global_manager.lent_boot == LentBoot::Mirror);
  doc.erase("global_manager");
  CHECK_FALSE(load(doc).global_manager.present);
}

TEST_CASE("sites: a scenario without sites has none", "[scenario][sites]") {
  json doc = three_sites();
  doc["grid"] = doc["sites"][0]["grid"];
  doc["grid"]["cpus"][0]["count"] = 8;
  for (const char* k : {"sites", "wan", "global_manager"}) doc.erase(k);
  doc["vsfs"][1].erase("site");
  const Scenario s = load(doc);
  CHECK(s.grid.sites.empty());
  CHECK(s.grid.wan.empty());
  CHECK(s.grid.site_count() == 1);
  CHECK_FALSE(s.global_manager.present);
  for (const auto& g : s.grid.cpus) CHECK(g.site == 0);
}

TEST_CASE("sites: capacity and ports are checked per site", "[scenario][sites]") {
  json doc = three_sites();
  // Site b has 4 CPUs: s2 (3 + LB) fits exactly; one more initial server does not, though the grid has 11.
  CHECK(load_errors(kFile, doc).empty());
  doc["vsfs"][1]["tiers"][0]["initial"] = 4;
  auto errors = load_errors(kFile, doc);
  CHECK(has(errors, "/sites/1/grid/cpus: site \"b\" has 4 CPUs but the VSFs at home there need 5"));
  // b's 3 VLAN switches of 20 ports: 2 * 4 CPUs + 1 uplink + 4 trunk ports = 13 fit; 5 ports each do not.
  doc = three_sites();
  doc["sites"][1]["grid"]["vlan_switches"]["ports"] = 4;
  errors = load_errors(kFile, doc);
  CHECK(has(errors, "/sites/1/grid/vlan_switches: 13 ports are needed"));
  CHECK_FALSE(has(errors, "/sites/0/"));
}

TEST_CASE("sites: pinned CPUs must be at the VSF's site", "[scenario][sites]") {
  json doc = three_sites();
  doc["vsfs"][1]["tiers"][0]["cpus"] = {"x"};  // x is at site a, s2 at b
  auto errors = load_errors(kFile, doc);
  CHECK(has(errors, "/vsfs/1/tiers/0/cpus/0: CPU \"x\" is at site \"a\", not at the VSF's home site \"b\""));
  doc["vsfs"][1]["tiers"][0]["cpus"] = {"cpu-6"};  // at b
  CHECK(load_errors(kFile, doc).empty());
  doc["vsfs"][0]["lb"] = {{"cpu", "cpu-9"}};  // at c, s1 at a
  errors = load_errors(kFile, doc);
  CHECK(has(errors, "/vsfs/0/lb/cpu: CPU \"cpu-9\" is at site \"c\""));
  doc = three_sites();
  doc["actions"] = json::parse(R"([{"at": "1min", "op": "add", "vsf": "s1", "tier": "web", "cpu": "cpu-10"},
                                   {"at": "2min", "op": "add", "vsf": "s1", "tier": "web", "cpu": "y"}])");
  errors = load_errors(kFile, doc);
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors, "/actions/0/cpu: CPU \"cpu-10\" is at site \"c\", not at the VSF's home site \"a\""));
}

TEST_CASE("sites: errors of sites, wan and global_manager", "[scenario][sites]") {
  json doc = three_sites();
  doc["grid"] = doc["sites"][0]["grid"];
  auto errors = load_errors(kFile, doc);
  CHECK(has(errors, "/grid: a scenario with \"sites\" has no top-level \"grid\""));

  doc = three_sites();
  doc["sites"][2]["name"] = "a";
  doc["sites"][1]["name"] = "B!";
  errors = load_errors(kFile, doc);
  CHECK(has(errors, "/sites/2/name: duplicate site name \"a\" (also at /sites/0/name)"));
  CHECK(has(errors, "/sites/1/name: expected a site name"));

  doc = three_sites();
  doc["wan"].push_back({{"between", {"a", "b"}}});
  doc["wan"].push_back({{"between", {"c", "c"}}});
  doc["wan"].push_back({{"between", {"a", "londn"}}});
  doc["global_manager"]["site"] = "bb";
  doc["vsfs"][0]["site"] = "d";
  errors = load_errors(kFile, doc);
  INFO(join(errors));
  CHECK(has(errors, "/wan/2/between: the WAN link between \"a\" and \"b\" is given twice (also at /wan/0)"));
  CHECK(has(errors, "/wan/3/between: a WAN link joins two different sites; found \"c\" twice"));
  CHECK(has(errors, "/wan/4/between/1: unknown site \"londn\"; expected one of: \"a\", \"b\", \"c\""));
  CHECK(has(errors, "/global_manager/site: unknown site \"bb\"; did you mean \"b\"?"));
  CHECK(has(errors, "/vsfs/0/site: unknown site \"d\""));

  doc = three_sites();
  doc["sites"][1]["grid"]["storage"] = {{{"name", "sa"}}};
  doc["sites"][2]["grid"]["cpus"] = {{{"names", {"y", "z"}}}};
  errors = load_errors(kFile, doc);
  INFO(join(errors));
  CHECK(has(errors,
            "/sites/1/grid/storage/0/name: storage array name \"sa\" is used twice (also at "
            "/sites/0/grid/storage/0/name)"));
  CHECK(
      has(errors, "/sites/2/grid/cpus/0/names/0: CPU name \"y\" is used twice (also at /sites/0/grid/cpus/1/names/1)"));
}

TEST_CASE("sites: wan, global_manager and vsfs[].site need sites", "[scenario][sites]") {
  json doc = three_sites();
  doc["grid"] = doc["sites"][0]["grid"];
  doc.erase("sites");
  auto errors = load_errors(kFile, doc);
  INFO(join(errors));
  CHECK(has(errors, "/wan: WAN links join sites"));
  CHECK(has(errors, "/global_manager: a global grid manager lends CPUs between sites"));
  CHECK(has(errors, "/vsfs/1/site: a VSF names a site only in a scenario with \"sites\""));
  doc.erase("grid");
  CHECK(has(load_errors(kFile, doc), ": missing required key \"grid\" (or \"sites\""));
  // Sites given but unusable: their own error only, no "needs sites" noise.
  doc["sites"] = "three";
  errors = load_errors(kFile, doc);
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors, "/sites: expected an array"));
}

TEST_CASE("sites: wan and global_manager faults", "[scenario][sites]") {
  json doc = three_sites();
  doc["faults"] = json::parse(R"({"events": [
      {"at": "10min", "kind": "wan", "target": "a-b", "repair": "1h"},
      {"at": "20min", "kind": "global_manager", "repair": "5min"},
      {"at": "30min", "kind": "wan", "target": 1}]})");
  const Scenario s = load(doc);
  REQUIRE(s.faults.events.size() == 3);
  CHECK(s.faults.events[1].subject.kind == faults::FaultKind::GlobalManager);
  doc["faults"]["events"][0]["target"] = "a-bb";
  doc["faults"]["events"][2]["target"] = 2;
  auto errors = load_errors(kFile, doc);
  INFO(join(errors));
  CHECK(has(errors, "/faults/events/0/target: no WAN link named \"a-bb\"; did you mean \"a-b\"?"));
  CHECK(has(errors, "/faults/events/2/target: WAN link index 2 is out of range"));
  doc["faults"]["events"][0]["target"] = "a-b";
  doc["faults"]["events"][2]["target"] = 1;
  doc["faults"]["events"][1]["target"] = "global_manager";
  CHECK(has(load_errors(kFile, doc), "/faults/events/1"));
  doc["faults"]["events"][1].erase("target");
  doc.erase("global_manager");
  errors = load_errors(kFile, doc);
  CHECK(errors.size() == 1);
  CHECK(has(errors, "/faults/events/1/kind: a global_manager fault needs a global grid manager"));
}

TEST_CASE("sites: the schedule of wan and global_manager faults", "[scenario][sites]") {
  json doc = three_sites();
  doc["faults"] = json::parse(R"({"events": [
      {"at": "10min", "kind": "wan", "target": "a-c", "repair": "1h"},
      {"at": "20min", "kind": "global_manager", "repair": "5min"}]})");
  const Scenario s = load(doc);
  const auto events = faults::make_schedule(s.faults, fault_targets_of(s), s.duration_s, s.seed);
  REQUIRE(events.size() == 3);  // the WAN link's repair, at 70 min, is after the end of the run
  CHECK(events[0].kind == faults::FaultKind::Wan);
  CHECK(events[0].target == 1);
  CHECK(events[0].target_name == "a-c");
  CHECK(events[0].t_s == 600);
  CHECK(events[1].kind == faults::FaultKind::GlobalManager);
  CHECK(events[1].target_name == "global_manager");
  CHECK(events[1].transition == faults::Transition::Fail);
  CHECK(events[2].kind == faults::FaultKind::GlobalManager);
  CHECK(events[2].transition == faults::Transition::Heal);
  CHECK(events[2].t_s == 1500);
}

TEST_CASE("sites: two links cannot share a name", "[scenario][sites]") {
  // Site names may hold '-': "a-b" + "c" and "a" + "b-c" are both "a-b-c".
  json doc = three_sites();
  doc["sites"][1]["name"] = "b-c";
  doc["sites"][2]["name"] = "a-b";
  doc["sites"].push_back(doc["sites"][2]);
  doc["sites"][3]["name"] = "c";
  doc["wan"] = json::parse(R"([{"between": ["a", "b-c"]}, {"between": ["a-b", "c"]}])");
  doc["global_manager"].erase("site");
  doc["vsfs"][1]["site"] = "b-c";
  auto errors = load_errors(kFile, doc);
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors, "/wan/1/between: this link would be named \"a-b-c\" like the one at /wan/0; rename a site"));
}

TEST_CASE("sites: an ordered VSF has a site too", "[scenario][sites]") {
  json doc = three_sites();
  doc["orders"] = json::parse(R"([{"at": "10min", "vsf": {"name": "o1", "site": "c",
      "tiers": [{"role": "web", "initial": 1}], "traffic": {"type": "constant", "rate": 1}}}])");
  const Scenario s = load(doc);
  const VsfSpec* ordered = nullptr;
  for (const VsfSpec& v : s.vsfs)
    if (v.name == "o1") ordered = &v;
  REQUIRE(ordered);
  CHECK(ordered->site == 2);
  doc["orders"][0]["vsf"]["site"] = "cc";
  CHECK(has(load_errors(kFile, doc), "/orders/0/vsf/site: unknown site \"cc\"; did you mean \"c\"?"));
}

TEST_CASE("three-centers: three sites of 16 CPUs, three WAN links, lending from New York", "[scenario][sites]") {
  const Scenario s = load_scenario(std::string(VSFSIM_SOURCE_DIR) + "/scenarios/three-centers.json").scenario;
  const Grid& g = s.grid;
  REQUIRE(g.sites.size() == 3);
  std::vector<std::string> names, links;
  for (const SiteSpec& site : g.sites) {
    names.push_back(site.name);
    CHECK(site.cpus.count == 16);
    CHECK(site.vlan_switches.count == 2);
    CHECK(site.san_switches.count == 2);
    CHECK(site.arrays.count == 1);
    CHECK(site.control_hosts.count == 2);
  }
  CHECK(names == std::vector<std::string>{"sanjose", "newyork", "london"});
  std::vector<double> latencies;
  for (const WanLink& w : g.wan) {
    links.push_back(w.name);
    latencies.push_back(w.latency_s);
    CHECK(w.bandwidth_Bps == Approx(125e6));
  }
  CHECK(links == std::vector<std::string>{"sanjose-newyork", "newyork-london", "sanjose-london"});
  CHECK(latencies == std::vector<double>{0.035, 0.04, 0.07});
  CHECK(s.global_manager.present);
  CHECK(s.global_manager.site == 1);
  CHECK(s.global_manager.lending == Lending::WhenEmpty);
  std::vector<int> sites;
  for (const VsfSpec& v : s.vsfs) sites.push_back(v.site);
  CHECK(sites == std::vector<int>{0, 1, 2, 1});
  REQUIRE(s.faults.events.size() == 1);
  CHECK(s.faults.events[0].subject.kind == faults::FaultKind::Wan);
  CHECK(s.duration_s == 86400);
}
