// Per-site control planes and idle pools (issue 14 §1): a two-site grid built in C++ (sites "sanjose"
// and "london", each with its own CPUs, switches, array and two control-plane hosts). Each site is a
// grid segment: its master grants only its own site's idle CPUs, elects its own master, and a fault
// of one site's master or control host leaves the other site's control plane untouched.
#include <catch2/catch.hpp>
#include <set>

#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

vsf::SiteSpec site(const std::string& name, int k, vsf::IndexRange cpus, const vsf::Scenario& s) {
  vsf::SiteSpec x;
  x.name = name;
  x.pointer = "/sites/" + std::to_string(k);
  x.cpus = cpus;
  x.vlan_switches = {k, 1};
  x.san_switches = {k, 1};
  x.arrays = {k, 1};
  x.control_hosts = {2 * k, 2};
  x.vlan = s.grid.vlan_switches.spec;
  x.san = s.grid.san_switches.spec;
  return x;
}

// `a` CPUs at sanjose (site 0), `b` at london (site 1), as the loader merges them: consecutive ranges.
vsf::Scenario two_sites(int a, int b) {
  vsf::Scenario s = base_scenario(a + b);
  s.grid.cpus = {vsf::CpuGroup{"standard", a, {}, 0}, vsf::CpuGroup{"standard", b, {}, 1}};
  s.grid.vlan_switches.count = 2;
  s.grid.san_switches.count = 2;
  s.grid.storage = {vsf::StorageArray{"array0", 400e6, 300e6, 1}, vsf::StorageArray{"array1", 400e6, 300e6, 1}};
  s.grid.control_plane.hosts = 4;
  s.grid.sites = {site("sanjose", 0, {0, a}, s), site("london", 1, {a, b}, s)};
  vsf::WanLink wan;
  wan.name = "sanjose-london";
  wan.a = 0;
  wan.b = 1;
  s.grid.wan = {wan};
  vsf::test::add_queueing_role(s, 0.1, 100);
  return s;
}

// A VSF of one "srv" tier at `home`, `initial` CPUs up to `max`, offered `rps`.
vsf::VsfSpec shop(const std::string& name, int home, int initial, int max, double rps) {
  vsf::VsfSpec v = make_vsf(name, {make_tier("srv", initial, initial, max, "round_robin")}, false);
  v.site = home;
  v.traffic = {vsf::test::constant_rate(rps)};
  return v;
}

double t_of(const nlohmann::json& e) { return e["t"].get<double>(); }

std::vector<nlohmann::json> at_site(const std::vector<nlohmann::json>& events, const std::string& site) {
  std::vector<nlohmann::json> out;
  for (const auto& e : events)
    if (e.value("site", "") == site) out.push_back(e);
  return out;
}

// A crash of the manager `role` named `target` at t, repaired `repair` later.
vsf::faults::ScheduledFault manager_crash(vsf::faults::ManagerRole role, const std::string& target, double t,
                                          double repair) {
  vsf::faults::ScheduledFault f;
  f.at_s = t;
  f.subject.kind = vsf::faults::FaultKind::Manager;
  f.subject.manager = role;
  f.subject.mode = vsf::faults::ManagerMode::Crash;
  f.subject.targets = {vsf::faults::TargetRef{target, -1, "/faults/events/0/target"}};
  vsf::faults::Distribution d;
  d.value_s = repair;
  f.repair = d;
  f.pointer = "/faults/events/0";
  return f;
}

}  // namespace

TEST_CASE("sites: a master grants only its own site's idle CPUs") {
  vsf::Scenario s = two_sites(2, 4);
  vsf::VsfSpec busy = shop("shop", 0, 2, 5, 40);  // 4 erlangs on 2 servers: asks for more at every tick
  busy.policy = vsf::test::threshold(30);
  s.vsfs = {busy, shop("news", 1, 1, 1, 1)};
  s.duration_s = 600;
  auto r = vsf::test::run(s);

  // shop holds sanjose's two CPUs; london's other three stay idle all along, and are never granted.
  for (const auto& e : r.of("cpu_allocated")) {
    const std::string cpu = e["cpu"];
    if (e["vsf"] == "shop") CHECK((cpu == "cpu-0" || cpu == "cpu-1"));
    if (e["vsf"] == "news") CHECK(cpu == "cpu-2");
  }
  const auto grants = r.of("scale_grant");
  REQUIRE(grants.size() >= 3);  // asks again once each cooldown has passed
  for (const auto& g : grants) {
    CHECK(g["site"] == "sanjose");
    CHECK(g["master"].get<std::string>().rfind("sanjose/slave", 0) == 0);
    CHECK(g["granted"] == 0);
    CHECK(g["round_pool"] == 0);
    CHECK(g["idle_pool"] == 0);  // sanjose's pool, while london's holds 3
  }
  const auto denials = r.of("denial");
  REQUIRE(denials.size() == grants.size());
  for (const auto& d : denials) {
    CHECK(d["vsf"] == "shop");
    CHECK(d["reason"] == "idle pool empty");
    CHECK(d["idle_pool"] == 0);
  }
  CHECK(r.of("cpu_idle").empty());
}

TEST_CASE("sites: each site elects its own master over its own hosts") {
  vsf::Scenario s = two_sites(2, 2);
  s.vsfs = {shop("shop", 0, 1, 1, 1), shop("news", 1, 1, 1, 1)};
  s.duration_s = 120;
  auto r = vsf::test::run(s);

  const auto elected = r.of("master_elected");
  REQUIRE(elected.size() == 2);
  std::set<std::string> sites;
  for (const auto& e : elected) {
    const std::string site = e["site"];
    sites.insert(site);
    CHECK(e["slave"].get<std::string>().rfind(site + "/slave", 0) == 0);
    CHECK(e["epoch"] == 1);
  }
  CHECK(sites == std::set<std::string>{"sanjose", "london"});
  CHECK(r.summary["control_plane"]["max_simultaneous_masters"] == 1);  // one per segment at a time
  CHECK(r.of("invariant_violation").empty());
}

TEST_CASE("sites: a master crash at london elects a new master at london only") {
  vsf::Scenario s = two_sites(2, 2);
  s.vsfs = {shop("shop", 0, 1, 1, 1), shop("news", 1, 1, 1, 1)};
  s.duration_s = 400;
  s.faults.events = {manager_crash(vsf::faults::ManagerRole::Master, "master:london", 100, 60)};
  auto r = vsf::test::run(s);

  const auto faults = r.of("fault");
  REQUIRE(faults.size() == 2);  // fail, heal
  CHECK(faults[0]["target"] == "master:london");
  const auto lost = r.of("master_lost");
  REQUIRE(lost.size() >= 1);
  for (const auto& e : lost) CHECK(e["site"] == "london");
  std::vector<nlohmann::json> later;
  for (const auto& e : r.of("master_elected"))
    if (t_of(e) > 100) later.push_back(e);
  REQUIRE(later.size() == 1);
  CHECK(later[0]["site"] == "london");
  CHECK(later[0]["epoch"] == 2);
  // sanjose's control plane saw nothing after its first election.
  for (const char* type : {"master_suspected", "election_entry", "master_elected", "master_lost", "manager_down"})
    for (const auto& e : at_site(r.of(type), "sanjose")) CHECK(t_of(e) < 100);
  CHECK(r.summary["control_plane"]["elections"] == 3);  // both first elections, london's second
}

TEST_CASE("sites: a control-host fault and a slave fault act on their own site") {
  vsf::Scenario s = two_sites(2, 2);
  s.vsfs = {shop("shop", 0, 1, 1, 1), shop("news", 1, 1, 1, 1)};
  s.duration_s = 300;
  vsf::faults::ScheduledFault host;
  host.at_s = 50;
  host.subject.kind = vsf::faults::FaultKind::ControlHost;
  host.subject.targets = {vsf::faults::TargetRef{"cp3", -1, "/faults/events/0/target"}};  // london's second
  host.pointer = "/faults/events/0";
  s.faults.events = {host, manager_crash(vsf::faults::ManagerRole::Slave, "sanjose/slave1", 150, 30)};
  auto r = vsf::test::run(s);

  const auto down = r.of("manager_down");
  REQUIRE(down.size() >= 2);
  CHECK(down.front()["manager"] == "london/slave1");  // the process on cp3, london's host 1
  CHECK(t_of(down.front()) == Approx(50));
  bool sanjose_slave1 = false;
  for (const auto& e : down) {
    const std::string site = e["site"], manager = e["manager"];
    CHECK(manager.rfind(site + "/", 0) == 0);  // each segment reports its own processes
    if (site == "sanjose") CHECK(t_of(e) >= 150);
    sanjose_slave1 = sanjose_slave1 || (manager == "sanjose/slave1" && t_of(e) == Approx(150));
  }
  CHECK(sanjose_slave1);
}
