// Data-plane faults: a crash drops exactly the requests on the CPU, a switch cuts the CPUs its chain
// position puts behind it, storage fails over to a replica (boots then run at the replica's speed),
// the uplink drops every arrival, a reboot takes its steps' durations, eviction returns a lost CPU to
// the idle pool cleanly. These tests drive the sim layer directly (VSFs created warm by the script,
// faults applied at set times) so that they check the data plane alone, not the control plane.
#include "sim/faults/fault_dataplane.hpp"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <map>
#include <simgrid/s4u.hpp>

#include "sim/engine/rng.hpp"
#include "sim/engine/world.hpp"
#include "sim/lifecycle/cpu_lifecycle.hpp"
#include "sim_support.hpp"
#include "warm_start.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;
using vsf::test::types_of;
namespace sim = vsf::sim;
namespace sg4 = simgrid::s4u;
using vsf::faults::FaultKind;

namespace {

struct Step {
  double t;
  std::function<void(sim::World&)> run;
};

// Creates every VSF of `s` warm at t = 0 and runs `script` at its times, in an actor on the fabric host.
vsf::test::RunResult run_script(const vsf::Scenario& s, std::vector<Step> script) {
  vsf::test::WarmWorld bench(s);
  sim::World* wp = &bench.world();
  sg4::Actor::create("script", wp->platform.fabric, [wp, script] {
    sim::World& w = *wp;
    for (auto& vp : w.vsfs) vsf::test::warm_start(w, *vp);
    for (const Step& st : script) {
      sg4::this_actor::sleep_until(st.t);
      st.run(w);
    }
  });
  bench.start_clock();
  return bench.run();
}

vsf::faults::FaultEvent fault(FaultKind kind, int target, bool fail) {
  vsf::faults::FaultEvent e;
  e.kind = kind;
  e.target = target;
  e.transition = fail ? vsf::faults::Transition::Fail : vsf::faults::Transition::Heal;
  return e;
}

// Arrivals of VSF `v` of `s` in [t0, t1), replayed from the same seeded stream as the generator.
int arrivals(const vsf::Scenario& s, int v, double t0, double t1) {
  vsf::RateFunction rate(s.vsfs[v].traffic);
  vsf::ArrivalProcess p(rate, sim::stream_seed(s.seed, sim::Stream::Arrivals, v));
  int n = 0;
  for (double t = s.vsfs[v].start_s;;) {
    t = p.next(t, s.duration_s);
    if (!std::isfinite(t) || t >= s.duration_s || t >= t1) return n;
    if (t >= t0) ++n;
  }
}

// Image read time of one CPU alone from array `a`: its disk and the SAN path (with its latencies) work at
// once, the slower sets the time.
double image_time(const vsf::Scenario& s, int a, double bytes) {
  const auto& san = s.grid.san_switches.spec;
  const auto& array = s.grid.storage[a];
  const double path = bytes / std::min(san.port_bandwidth_Bps * array.ports, san.port_bandwidth_Bps);
  return std::max(bytes / array.read_Bps, path + 2 * san.port_latency_s);
}

}  // namespace

TEST_CASE("a CPU crash drops the requests on it as dropped by fault and the other server keeps serving") {
  vsf::Scenario s = base_scenario(3);
  s.models.roles["web"].work_flops = 1e9;  // 1 s mean: requests are in flight and queued when it crashes
  vsf::VsfSpec v = make_vsf("a", {make_tier("web", 2, 2, 2, "round_robin")}, false);
  v.traffic = {vsf::test::constant_rate(2.2)};  // above the two CPUs' capacity: both always busy
  v.timeout_s = 1000;
  s.vsfs.push_back(v);
  s.duration_s = 60;

  int on_crashed = -1, left_after = -1, busy_after = -1, active_after = -1;
  std::vector<std::string> lost;
  double busy31 = 0, busy59 = 0;
  sim::Server* crashed_server = nullptr;
  auto r = run_script(s, {{30,
                           [&](sim::World& w) {
                             crashed_server = w.cpus[1].server;
                             on_crashed = crashed_server->outstanding;
                             sim::apply_dataplane_fault(w, fault(FaultKind::Cpu, 1, true));
                           }},
                          {31, [&](sim::World& w) { busy31 = w.vsfs[0]->tiers[0].busy.cumulative(31); }},
                          {59, [&](sim::World& w) {
                             sim::TierRuntime& t = w.vsfs[0]->tiers[0];
                             busy59 = t.busy.cumulative(59);
                             left_after = crashed_server->outstanding;
                             busy_after = static_cast<int>(t.busy.value());
                             active_after = static_cast<int>(t.active.size());
                             for (auto* c : sim::lost_cpus(w, *w.vsfs[0])) lost.push_back(c->name);
                           }}});

  REQUIRE(on_crashed >= 2);  // one executing and some queued: the test means something
  CHECK(r.vsf(0)["dropped_by_faults"] == on_crashed);
  CHECK(r.vsf(0)["requests"]["dropped"] == on_crashed);  // no other drop
  CHECK(left_after == 0);                                // every request on it gave its slot back
  CHECK(busy_after == 1);                                // cpu-0's one core, no core leaked by the failed requests
  CHECK(active_after == 1);                              // round robin no longer sends to cpu-1
  CHECK(busy59 - busy31 == Approx(28).epsilon(1e-3));    // cpu-0 kept serving all along
  CHECK(lost == std::vector<std::string>{"cpu-1"});
  CHECK(r.of("cpu_lost", "cpu-1").at(0)["reason"] == "crash");
  CHECK(r.vsf(0)["availability"].get<double>() == Approx(1.0));
}

TEST_CASE("with a shared queue, the requests waiting for the tier's last server are lost with it") {
  vsf::Scenario s = base_scenario(2);
  s.models.roles["web"].work_flops = 1e9;
  vsf::VsfSpec v = make_vsf("a", {make_tier("web", 1, 1, 1, "shared_queue")}, false);
  v.traffic = {vsf::test::constant_rate(1.5)};
  v.timeout_s = 1000;
  s.vsfs.push_back(v);
  s.duration_s = 60;

  int waiting = -1, on_server = -1;
  auto r = run_script(s, {{30, [&](sim::World& w) {
                             waiting = static_cast<int>(w.vsfs[0]->tiers[0].shared.size());
                             on_server = w.cpus[0].server->outstanding;
                             sim::apply_dataplane_fault(w, fault(FaultKind::Cpu, 0, true));
                           }}});
  REQUIRE(waiting >= 2);
  // Then every later arrival finds no server while the VSF is in its fault outage.
  CHECK(r.vsf(0)["dropped_by_faults"] == waiting + on_server + arrivals(s, 0, 30, 60));
  CHECK(r.vsf(0)["requests"]["timed_out"] == 0);
  CHECK(r.vsf(0)["availability"].get<double>() == Approx(0.5));
}

TEST_CASE("a VLAN switch failure cuts exactly the CPUs the chain puts behind it, and they come back") {
  vsf::Scenario s = base_scenario(9);
  s.grid.vlan_switches.count = 3;  // chain vsw0 - vsw1 - vsw2, uplink on vsw0; cpu-i on vsw(i / 3)
  vsf::Tier web = make_tier("web", 2, 1, 2, "round_robin");
  web.cpus = {"cpu-1", "cpu-7"};
  vsf::VsfSpec v = make_vsf("a", {web}, true);
  v.lb.cpu = "cpu-0";
  s.vsfs.push_back(v);
  s.duration_s = 100;

  std::vector<int> cut_at_10;
  std::vector<std::string> lost;
  int idle_10 = -1, idle_45 = -1, idle_60 = -1, owner_45 = 0;
  auto r = run_script(
      s, {{10,
           [&](sim::World& w) {
             sim::apply_dataplane_fault(w, fault(FaultKind::VlanSwitch, 1, true));
             for (const auto& c : w.cpus) cut_at_10.push_back(c.cut);
             for (auto* c : sim::lost_cpus(w, *w.vsfs[0])) lost.push_back(c->name);
             idle_10 = w.idle_count;
           }},
          {20, [&](sim::World& w) { sim::start_evict(w, w.cpus[7], "test"); }},
          {45,
           [&](sim::World& w) {
             idle_45 = w.idle_count;
             owner_45 = w.grid.owner(7);
           }},
          {50, [&](sim::World& w) { sim::apply_dataplane_fault(w, fault(FaultKind::VlanSwitch, 1, false)); }},
          {60, [&](sim::World& w) { idle_60 = w.idle_count; }}});

  CHECK(cut_at_10 == std::vector<int>{0, 0, 0, 1, 1, 1, 1, 1, 1});
  std::vector<std::string> cut_names;
  for (const auto& e : r.of("cpu_cut")) {
    cut_names.push_back(e["cpu"]);
    CHECK(e["cut_by"] == nlohmann::json::array({"vsw1"}));
    CHECK(e["t"].get<double>() == 10);
  }
  CHECK(cut_names == std::vector<std::string>{"cpu-3", "cpu-4", "cpu-5", "cpu-6", "cpu-7", "cpu-8"});
  CHECK(lost == std::vector<std::string>{"cpu-7"});
  CHECK(r.of("cpu_lost").size() == 1);
  CHECK(idle_10 == 1);  // of the idle cpu-2..6 and cpu-8, only cpu-2 is in front of vsw1
  // Evicted (shutdown, VLAN and zone back to idle), still cut: in the pool but not allocatable.
  CHECK(owner_45 == vsf::grid::kIdle);
  CHECK(idle_45 == 1);
  CHECK(r.of("cpu_idle", "cpu-7").at(0)["t"].get<double>() ==
        Approx(20 + s.models.hardware.at("standard").shutdown_s + s.grid.vlan_switches.spec.reconfig_s +
               s.grid.san_switches.spec.reconfig_s));
  CHECK(r.of("cpu_restored").size() == 6);
  CHECK(idle_60 == 7);
  CHECK(r.summary["grid"]["isolation_violations"] == 0);
  CHECK(r.vsf(0)["availability"].get<double>() == Approx(1.0));  // cpu-0 and cpu-1 are in front of vsw1
}

TEST_CASE("a storage failure fails over to the replica: boots read from it at its speed") {
  vsf::Scenario s = base_scenario(4);
  s.grid.storage = {vsf::StorageArray{"array0", 400e6, 300e6, 1}, vsf::StorageArray{"array1", 100e6, 100e6, 1}};
  s.vsfs.push_back(make_vsf("a", {make_tier("web", 1, 1, 3, "round_robin")}, true));  // volume on array0
  s.duration_s = 400;
  const double bytes = s.models.roles.at("web").boot_image_bytes;

  int storage_end = -1;
  auto r =
      run_script(s, {{0,
                      [&](sim::World& w) {
                        sim::allocate(w, w.cpus[2], 0, 0, "test");
                        sim::start_join(w, w.cpus[2], 0);  // its image read runs over 70 .. 75.4
                      }},
                     {72, [&](sim::World& w) { sim::apply_dataplane_fault(w, fault(FaultKind::Storage, 0, true)); }},
                     {100,
                      [&](sim::World& w) {
                        sim::allocate(w, w.cpus[3], 0, 0, "test");
                        sim::start_join(w, w.cpus[3], 100);
                      }},
                     {300, [&](sim::World& w) { sim::apply_dataplane_fault(w, fault(FaultKind::Storage, 0, false)); }},
                     {399, [&](sim::World& w) { storage_end = w.vsfs[0]->storage; }}});

  auto failover = r.of("storage_failover");
  REQUIRE(failover.size() == 1);
  CHECK(failover[0]["vsf"] == "a");
  CHECK(failover[0]["from"] == "array0");
  CHECK(failover[0]["to"] == "array1");
  CHECK(failover[0]["t"].get<double>() == 72);
  // cpu-2's read from array0 is cut at 72 and read again, whole, from array1.
  CHECK(r.of("boot_read_failed", "cpu-2").size() == 1);
  auto read2 = r.of("boot_image_read", "cpu-2");
  REQUIRE(read2.size() == 1);
  CHECK(read2[0]["array"] == "array1");
  CHECK(read2[0]["t"].get<double>() == Approx(72 + image_time(s, 1, bytes)).epsilon(1e-6));
  // cpu-3 boots later, from the replica only: at array1's disk speed, twice array0's SAN-port-bound time.
  auto read3 = r.of("boot_image_read", "cpu-3");
  REQUIRE(read3.size() == 1);
  CHECK(read3[0]["array"] == "array1");
  CHECK(read3[0]["duration_s"].get<double>() == Approx(image_time(s, 1, bytes)).epsilon(1e-6));
  CHECK(image_time(s, 1, bytes) > 1.9 * image_time(s, 0, bytes));
  CHECK(r.of("cpu_serving", "cpu-2").size() == 1);
  CHECK(r.of("cpu_serving", "cpu-3").size() == 1);
  CHECK(storage_end == 1);  // no failback after the repair
}

TEST_CASE("while the uplink is down every arrival is dropped by fault") {
  vsf::Scenario s = base_scenario(3);
  vsf::VsfSpec v = make_vsf("a", {make_tier("web", 1, 1, 1, "round_robin")}, true);
  v.traffic = {vsf::test::constant_rate(5)};
  s.vsfs.push_back(v);
  s.duration_s = 120;
  const int uplink = 2 * 3;  // VLAN port targets: <cpu>/front, <cpu>/back for each CPU, then "uplink"

  int in_flight = -1;
  auto r = run_script(
      s, {{40,
           [&](sim::World& w) {
             in_flight = w.vsfs[0]->lb_tier.active.at(0)->outstanding;
             sim::apply_dataplane_fault(w, fault(FaultKind::VlanPort, uplink, true));
           }},
          {70, [&](sim::World& w) { sim::apply_dataplane_fault(w, fault(FaultKind::VlanPort, uplink, false)); }}});

  const int window = arrivals(s, 0, 40, 70);
  REQUIRE(window > 100);
  // Those arriving meanwhile, and those in flight at 40 (their responses cross the uplink).
  CHECK(r.vsf(0)["dropped_by_faults"] == window + in_flight);
  CHECK(r.vsf(0)["requests"]["dropped"] == window + in_flight);
  CHECK(r.vsf(0)["availability"].get<double>() == Approx(90.0 / 120.0));
  auto avail = r.of("vsf_availability");
  REQUIRE(avail.size() == 2);
  CHECK(avail[0]["available"] == false);
  CHECK(avail[1]["available"] == true);
  CHECK(avail[1]["t"].get<double>() == 70);
}

TEST_CASE("a reboot drains, shuts down, powers on the new image, POSTs, reads it, inits the OS and serves") {
  vsf::Scenario s = base_scenario(3);
  s.vsfs.push_back(make_vsf("a", {make_tier("web", 1, 1, 1, "round_robin")}, true));  // LB cpu-0, web cpu-1
  s.duration_s = 400;

  std::string image_end;
  auto r = run_script(s, {{100, [&](sim::World& w) { sim::start_reboot(w, w.cpus[1], "v2"); }},
                          {399, [&](sim::World& w) { image_end = w.cpus[1].image; }}});

  const auto& hw = s.models.hardware.at("standard");
  const auto& web = s.models.roles.at("web");
  const double lb = s.vsfs[0].lb.reconfig_s;
  const double expected = lb + hw.shutdown_s + hw.post_s + image_time(s, 0, web.boot_image_bytes) + web.os_init_s + lb;
  CHECK(types_of(r, "cpu-1", 100) == std::vector<std::string>{"reboot_start", "drain_start", "drained", "lb_remove",
                                                              "shutdown", "power_off", "boot_image_set", "power_on",
                                                              "post", "boot_image_read", "os_init", "lb_add",
                                                              "reboot_done"});
  auto done = r.of("reboot_done", "cpu-1");
  REQUIRE(done.size() == 1);
  CHECK(done[0]["duration_s"].get<double>() == Approx(expected).epsilon(1e-6));
  CHECK(done[0]["t"].get<double>() == Approx(100 + expected).epsilon(1e-6));
  CHECK(r.of("boot_image_set", "cpu-1").at(0)["version"] == "v2");
  CHECK(image_end == "v2");
  // Its only web server was out from the drain to the end of lb_add.
  CHECK(r.vsf(0)["availability"].get<double>() == Approx(1 - expected / s.duration_s).epsilon(1e-6));
  CHECK(r.of("vsf_availability").empty());  // not a fault
}

TEST_CASE("a join cut short by a crash ends cleanly and eviction returns the CPU to the idle pool") {
  vsf::Scenario s = base_scenario(5);
  s.vsfs.push_back(make_vsf("a", {make_tier("web", 1, 1, 3, "round_robin")}, true));  // LB cpu-0, web cpu-1
  s.duration_s = 200;

  std::vector<std::string> lost_41;
  int idle_41 = -1, idle_61 = -1, idle_81 = -1, members_61 = -1;
  bool isolated_61 = false, powered_61 = true;
  auto r = run_script(s, {{0,
                           [&](sim::World& w) {
                             sim::allocate(w, w.cpus[2], 0, 0, "test");
                             sim::start_join(w, w.cpus[2], 0);  // POST over 10 .. 70
                           }},
                          {40, [&](sim::World& w) { sim::apply_dataplane_fault(w, fault(FaultKind::Cpu, 2, true)); }},
                          {41,
                           [&](sim::World& w) {
                             for (auto* c : sim::lost_cpus(w, *w.vsfs[0])) lost_41.push_back(c->name);
                             idle_41 = w.idle_count;
                           }},
                          {50, [&](sim::World& w) { sim::start_evict(w, w.cpus[2], "crash"); }},
                          {61,
                           [&](sim::World& w) {
                             idle_61 = w.idle_count;
                             members_61 = static_cast<int>(w.vsfs[0]->tiers[0].members.size());
                             isolated_61 = w.grid.check_isolation().empty() && w.grid.owner(2) == vsf::grid::kIdle &&
                                           w.grid.vlan_of_port(2, 0) == vsf::grid::kIdle &&
                                           w.grid.vlan_of_port(2, 1) == vsf::grid::kIdle &&
                                           w.grid.zone_of_cpu(2) == vsf::grid::kIdle;
                             powered_61 = w.cpus[2].powered || w.cpus[2].host->is_on();
                           }},
                          {80, [&](sim::World& w) { sim::apply_dataplane_fault(w, fault(FaultKind::Cpu, 2, false)); }},
                          {81, [&](sim::World& w) { idle_81 = w.idle_count; }}});

  CHECK(lost_41 == std::vector<std::string>{"cpu-2"});
  CHECK(idle_41 == 2);  // cpu-3, cpu-4
  CHECK(types_of(r, "cpu-2", 40) ==
        std::vector<std::string>{"cpu_lost", "evict", "vlan_leave", "zone_leave", "cpu_idle", "join_aborted"});
  auto aborted = r.of("join_aborted", "cpu-2");
  REQUIRE(aborted.size() == 1);
  CHECK(aborted[0]["t"].get<double>() == 70);  // at the end of its POST step
  CHECK(aborted[0]["vsf"] == "a");             // the VSF it was joining, though idle by then
  CHECK(r.of("cpu_idle", "cpu-2").at(0)["t"].get<double>() ==
        50 + s.grid.vlan_switches.spec.reconfig_s + s.grid.san_switches.spec.reconfig_s);  // no shutdown: crashed
  CHECK(idle_61 == 2);  // back in the pool, still crashed: not allocatable
  CHECK(members_61 == 1);
  CHECK(isolated_61);
  CHECK_FALSE(powered_61);
  CHECK(idle_81 == 3);  // repaired
  CHECK(r.summary["grid"]["isolation_violations"] == 0);
  CHECK(r.of("cpu_serving", "cpu-2").empty());
}

TEST_CASE("a VSF whose only server crashes is unavailable until its replacement serves") {
  vsf::Scenario s = base_scenario(4);
  vsf::VsfSpec v = make_vsf("a", {make_tier("web", 1, 1, 2, "round_robin")}, true);  // LB cpu-0, web cpu-1
  v.traffic = {vsf::test::constant_rate(2)};
  s.vsfs.push_back(v);
  s.duration_s = 300;

  int at_web = -1, at_lb = -1;
  auto r = run_script(s, {{50,
                           [&](sim::World& w) {
                             at_web = w.cpus[1].server->outstanding;
                             at_lb = w.cpus[0].server->outstanding;
                             sim::apply_dataplane_fault(w, fault(FaultKind::Cpu, 1, true));
                           }},
                          {60, [&](sim::World& w) {
                             for (auto* c : sim::lost_cpus(w, *w.vsfs[0])) sim::start_evict(w, *c, "crash");
                             sim::allocate(w, w.cpus[2], 0, 0, "replace");
                             sim::start_join(w, w.cpus[2], 60);
                           }}});

  const auto& hw = s.models.hardware.at("standard");
  const auto& web = s.models.roles.at("web");
  const double back = 60 + s.grid.vlan_switches.spec.reconfig_s + s.grid.san_switches.spec.reconfig_s + hw.post_s +
                      image_time(s, 0, web.boot_image_bytes) + web.os_init_s + s.vsfs[0].lb.reconfig_s;
  auto avail = r.of("vsf_availability");
  REQUIRE(avail.size() == 2);
  CHECK(avail[0]["t"].get<double>() == 50);
  CHECK(avail[0]["available"] == false);
  CHECK(avail[1]["t"].get<double>() == Approx(back).epsilon(1e-9));
  CHECK(avail[1]["available"] == true);
  CHECK(r.vsf(0)["availability"].get<double>() == Approx(1 - (back - 50) / s.duration_s).epsilon(1e-6));
  // Everything that found no web server during the outage is a fault's loss.
  // (Requests at the LB at 50 are lost unless their web response was already on its way back.)
  const int lost = r.vsf(0)["dropped_by_faults"];
  CHECK(lost >= at_web + arrivals(s, 0, 50, back));
  CHECK(lost <= at_lb + arrivals(s, 0, 50, back));
  CHECK(r.vsf(0)["requests"]["dropped"] == r.vsf(0)["dropped_by_faults"]);
}

TEST_CASE("array ports down take their share of the array's bandwidth, all down make it unreachable") {
  vsf::Scenario s = base_scenario(5);
  s.grid.storage = {vsf::StorageArray{"array0", 400e6, 300e6, 2}, vsf::StorageArray{"array1", 400e6, 300e6, 2}};
  s.vsfs.push_back(make_vsf("a", {make_tier("web", 1, 1, 4, "round_robin")}, true));  // LB cpu-0, web cpu-1
  s.duration_s = 400;
  const double bytes = s.models.roles.at("web").boot_image_bytes;
  // SAN port targets: <cpu>/hba for each CPU, <control host>/hba for each, then <array>/port<k>.
  const int port0 = 5 + 1, port1 = 5 + 1 + 1;

  auto r = run_script(
      s, {{0,
           [&](sim::World& w) {
             sim::apply_dataplane_fault(w, fault(FaultKind::SanPort, port0, true));
             for (int id : {2, 3}) {
               sim::allocate(w, w.cpus[id], 0, 0, "test");
               sim::start_join(w, w.cpus[id], 0);
             }
           }},
          {200, [&](sim::World& w) { sim::apply_dataplane_fault(w, fault(FaultKind::SanPort, port1, true)); }},
          {210, [&](sim::World& w) {
             sim::allocate(w, w.cpus[4], 0, 0, "test");
             sim::start_join(w, w.cpus[4], 210);
           }}});

  // Two boots share array0's one remaining port (200 MB/s): 100 MB/s each, where two ports gave each
  // its own HBA's 200 MB/s.
  const auto& san = s.grid.san_switches.spec;
  for (const char* cpu : {"cpu-2", "cpu-3"}) {
    auto read = r.of("boot_image_read", cpu);
    REQUIRE(read.size() == 1);
    CHECK(read[0]["array"] == "array0");
    CHECK(read[0]["duration_s"].get<double>() == Approx(bytes / (san.port_bandwidth_Bps / 2)).epsilon(1e-4));
  }
  auto failover = r.of("storage_failover");
  REQUIRE(failover.size() == 1);
  CHECK(failover[0]["reason"] == "array_unreachable");
  CHECK(failover[0]["to"] == "array1");
  auto read4 = r.of("boot_image_read", "cpu-4");
  REQUIRE(read4.size() == 1);
  CHECK(read4[0]["array"] == "array1");
  CHECK(read4[0]["duration_s"].get<double>() == Approx(image_time(s, 1, bytes)).epsilon(1e-6));
}

TEST_CASE("a SAN switch failure cuts the CPUs behind it and fails storage over when its array is behind it") {
  vsf::Scenario s = base_scenario(4);
  s.grid.san_switches.count = 2;  // cpu-0, cpu-1 on ssw0; cpu-2, cpu-3 on ssw1; array0 on ssw0, array1 on ssw1
  s.grid.storage = {vsf::StorageArray{"array0", 400e6, 300e6, 1}, vsf::StorageArray{"array1", 400e6, 300e6, 1}};
  vsf::Tier web = make_tier("web", 1, 1, 1, "round_robin");
  web.cpus = {"cpu-2"};
  vsf::VsfSpec v = make_vsf("a", {web}, true);
  v.lb.cpu = "cpu-0";
  s.vsfs.push_back(v);  // volume on array0
  s.duration_s = 100;

  std::vector<int> cut_10, cut_30;
  std::vector<std::string> lost;
  int storage_30 = -1;
  auto r =
      run_script(s, {{10,
                      [&](sim::World& w) {
                        sim::apply_dataplane_fault(w, fault(FaultKind::SanSwitch, 0, true));
                        for (const auto& c : w.cpus) cut_10.push_back(c.cut);
                        for (auto* c : sim::lost_cpus(w, *w.vsfs[0])) lost.push_back(c->name);
                      }},
                     {20, [&](sim::World& w) { sim::apply_dataplane_fault(w, fault(FaultKind::SanSwitch, 0, false)); }},
                     {30, [&](sim::World& w) {
                        for (const auto& c : w.cpus) cut_30.push_back(c.cut);
                        storage_30 = w.vsfs[0]->storage;
                      }}});

  // cpu-2 follows its VSF's volume to array1 on its own switch: not cut. cpu-0 and cpu-1 are.
  CHECK(cut_10 == std::vector<int>{1, 1, 0, 0});
  CHECK(lost == std::vector<std::string>{"cpu-0"});
  auto failover = r.of("storage_failover");
  REQUIRE(failover.size() == 1);
  CHECK(failover[0]["from"] == "array0");
  CHECK(failover[0]["to"] == "array1");
  CHECK(failover[0]["reason"] == "array_unreachable");
  CHECK(cut_30 == std::vector<int>{0, 0, 0, 0});
  CHECK(storage_30 == 1);
  // The LB is lost: the VSF cannot serve from 10 on (until a farm manager replaces it).
  CHECK(r.vsf(0)["availability"].get<double>() == Approx(0.1));
}

// Non-blocking switches have no backplane link (platform.cpp), so a switch fault must cut its traffic
// through its port links and trunks; these are held like any other fault's, so a heal leaves off what
// another fault still holds.
TEST_CASE("a switch fault turns off every port link and trunk at the switch and a heal keeps other faults' links off") {
  vsf::Scenario s = base_scenario(6);
  s.grid.vlan_switches.count = 2;  // cpu-0..2 on vsw0 (with the uplink), cpu-3..5 on vsw1
  s.grid.san_switches.count = 2;   // cpu-0..2 and array0 on ssw0, cpu-3..5 and array1 on ssw1
  s.grid.storage = {vsf::StorageArray{"array0", 400e6, 300e6, 1}, vsf::StorageArray{"array1", 400e6, 300e6, 1}};
  s.duration_s = 60;
  // Never started; a request-fidelity VSF gives every CPU its LAN host and NIC link, which this test watches.
  s.vsfs.push_back(make_vsf("r", {make_tier("web", 1, 1, 1, "round_robin")}, false));

  // Transfers in flight from t = 5 (20 s each alone at the SAN port bandwidth): how and when they end.
  std::map<std::string, std::string> ended;
  auto transfer = [&ended](const std::string& name, sg4::Host* from, sg4::Host* to) {
    sg4::Actor::create(name, from, [&ended, name, from, to] {
      sg4::this_actor::sleep_until(5);
      try {
        sg4::Comm::sendto_async(from, to, 4000000000)->wait();
        ended[name] = fmt::format("done at {:.0f}", sg4::Engine::get_clock());
      } catch (const simgrid::NetworkFailureException&) {
        ended[name] = fmt::format("failed at {:.0f}", sg4::Engine::get_clock());
      }
    });
  };
  auto on2 = [](sg4::Link* up, sg4::Link* down) {
    return std::string(up->is_on() ? "U" : "u") + (down->is_on() ? "D" : "d");
  };
  auto on = [&on2](sg4::SplitDuplexLink* l) { return on2(l->get_link_up(), l->get_link_down()); };
  auto port_on = [&on2](const sim::PortLink& l) { return on2(l.up, l.down); };
  // The links a test can see switch: LAN ports of cpu-2 (vsw0) and cpu-3, cpu-4 (vsw1), the VLAN trunk,
  // the uplink, SAN ports of cpu-2 and cpu-3, the SAN trunk, both array links.
  auto links = [&on, &port_on](const sim::World& w) {
    const sim::Platform& p = w.platform;
    return port_on(p.lan_port[2]) + port_on(p.lan_port[3]) + port_on(p.lan_port[4]) + on(p.vlan_trunks[1].at(0)) +
           on(p.uplink) + " " + port_on(p.san_port[2]) + port_on(p.san_port[3]) + on(p.san_trunks[1].at(0)) +
           on(p.array_link[0]) + on(p.array_link[1]);
  };

  std::vector<std::string> seen;
  vsf::test::WarmWorld bench(s);
  sim::World* wp = &bench.world();
  const sim::Platform& p = wp->platform;
  REQUIRE(p.vlan_backplane == std::vector<sg4::Link*>{nullptr, nullptr});
  REQUIRE(p.san_backplane == std::vector<sg4::Link*>{nullptr, nullptr});
  transfer("same-switch", p.hba[4], p.hba[5]);   // crosses only ports of ssw1
  transfer("across", p.storage[0], p.hba[4]);    // array0's link, the trunk, cpu-4's port
  transfer("other-switch", p.hba[0], p.hba[1]);  // ssw0 only: untouched
  sg4::Actor::create("script", p.fabric, [wp, &seen, &links] {
    sim::World& w = *wp;
    sg4::this_actor::sleep_until(10);
    seen.push_back(links(w));
    sim::apply_dataplane_fault(w, fault(FaultKind::Cpu, 3, true));
    sim::apply_dataplane_fault(w, fault(FaultKind::Storage, 1, true));
    sim::apply_dataplane_fault(w, fault(FaultKind::VlanSwitch, 1, true));
    sim::apply_dataplane_fault(w, fault(FaultKind::SanSwitch, 1, true));
    seen.push_back(links(w));
    sg4::this_actor::sleep_until(30);
    sim::apply_dataplane_fault(w, fault(FaultKind::VlanSwitch, 1, false));
    sim::apply_dataplane_fault(w, fault(FaultKind::SanSwitch, 1, false));
    seen.push_back(links(w));  // cpu-3 still crashed, array1 still failed
    sim::apply_dataplane_fault(w, fault(FaultKind::Cpu, 3, false));
    sim::apply_dataplane_fault(w, fault(FaultKind::Storage, 1, false));
    seen.push_back(links(w));
    sim::apply_dataplane_fault(w, fault(FaultKind::VlanSwitch, 0, true));  // the uplink's switch
    seen.push_back(links(w));
    sim::apply_dataplane_fault(w, fault(FaultKind::VlanSwitch, 0, false));
    seen.push_back(links(w));
  });
  bench.start_clock();
  bench.run();

  CHECK(seen == std::vector<std::string>{
                    "UDUDUDUDUD UDUDUDUDUD",  // all on
                    "UDudududUD UDududUDud",  // vsw1, ssw1 (and cpu-3, array1)
                    "UDudUDUDUD UDudUDUDud",  // cpu-3 still crashed, array1 still failed
                    "UDUDUDUDUD UDUDUDUDUD",
                    "udUDUDudud UDUDUDUDUD",  // vsw0: cpu-2's port, the trunk, the uplink
                    "UDUDUDUDUD UDUDUDUDUD",
                });
  CHECK(ended["same-switch"] == "failed at 10");
  CHECK(ended["across"] == "failed at 10");
  CHECK(ended["other-switch"] == "done at 25");
}

TEST_CASE("a finite switch backplane is shared by the transfers through the switch") {
  vsf::Scenario s = base_scenario(4);  // one SAN switch: ports of 200 MB/s
  s.grid.san_switches.spec.backplane_Bps = 200e6;
  s.duration_s = 60;
  // Never started; a request-fidelity VSF keeps the HBA hosts apart from the (powered-off) CPU hosts.
  s.vsfs.push_back(make_vsf("r", {make_tier("web", 1, 1, 1, "round_robin")}, false));
  std::vector<double> ended;
  vsf::test::WarmWorld bench(s);
  const sim::Platform& p = bench.world().platform;
  REQUIRE(p.san_backplane.at(0) != nullptr);
  CHECK(p.vlan_backplane.at(0) == nullptr);  // the VLAN switch is non-blocking
  // Two transfers on disjoint ports: alone each would take 1e9 / 200e6 = 5 s; the backplane halves them.
  for (auto [from, to] : {std::pair{0, 1}, std::pair{2, 3}})
    sg4::Actor::create("transfer", p.hba[from], [&ended, &p, from = from, to = to] {
      sg4::Comm::sendto_async(p.hba[from], p.hba[to], 1000000000)->wait();
      ended.push_back(sg4::Engine::get_clock());
    });
  bench.start_clock();
  bench.run();
  const double latency = 2 * s.grid.san_switches.spec.port_latency_s;
  REQUIRE(ended.size() == 2);
  CHECK(ended[0] == Approx(10 + latency));
  CHECK(ended[1] == Approx(10 + latency));
}

TEST_CASE("in a grid of flow VSFs a CPU is one host: its SAN port fault cuts its boot read, its NIC fault cuts it") {
  vsf::Scenario s = base_scenario(4);
  vsf::VsfSpec v = make_vsf("a", {make_tier("web", 1, 1, 3, "round_robin")}, true);
  v.fidelity = vsf::Fidelity::Flow;
  s.vsfs.push_back(v);
  s.duration_s = 300;
  const double bytes = s.models.roles.at("web").boot_image_bytes;

  bool one_host = false;
  std::vector<int> cut_at_200;
  auto join = [](int cpu) {
    return [cpu](sim::World& w) {
      sim::allocate(w, w.cpus[cpu], 0, 0, "test");
      sim::start_join(w, w.cpus[cpu], sim::now());  // its image read starts 70 s later
    };
  };
  auto r = run_script(
      s, {{0,
           [&](sim::World& w) {
             const sim::Platform& p = w.platform;
             one_host = !p.cpu_lan && p.cpu[2] == p.hba[2] && p.lan_port[2].up == nullptr &&
                        p.san_port[2].down == nullptr && p.san_port[2].up->get_name() == "san:cpu-2";
             join(2)(w);
           }},
          {100, join(3)},
          {172, [&](sim::World& w) { sim::apply_dataplane_fault(w, fault(FaultKind::SanPort, 3, true)); }},
          {190, [&](sim::World& w) { sim::apply_dataplane_fault(w, fault(FaultKind::VlanPort, 2 * 2, true)); }},
          {200, [&](sim::World& w) {
             for (const auto& c : w.cpus) cut_at_200.push_back(c.cut);
           }}});

  CHECK(one_host);
  // cpu-2's read alone takes the hand time over its plain SAN port link, as over a split-duplex one.
  auto read = r.of("boot_image_read", "cpu-2");
  REQUIRE(read.size() == 1);
  CHECK(read[0]["duration_s"].get<double>() == Approx(image_time(s, 0, bytes)).epsilon(1e-9));
  // cpu-3's read crosses its port link: the fault cuts the CPU and ends its join in the boot at once.
  auto aborted = r.of("join_aborted", "cpu-3");
  REQUIRE(aborted.size() == 1);
  CHECK(aborted[0]["at"] == "boot");
  CHECK(aborted[0]["t"].get<double>() == 172);
  CHECK(r.of("boot_image_read", "cpu-3").empty());
  // cpu-2's front NIC has no SimGrid link here; its fault still cuts it (fabric state, not a link).
  CHECK(cut_at_200 == std::vector<int>{0, 0, 1, 1});
}
