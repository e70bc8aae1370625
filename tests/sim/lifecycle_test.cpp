// CPU lifecycle: a join and a release take exactly the steps of the patent with the models' durations,
// a boot storm shares the storage path fairly, and idle CPUs are powered down.
#include <catch2/catch.hpp>

#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;
using vsf::test::types_of;

namespace {

vsf::AdminAction action(double at, const std::string& op, const std::string& cpu, int count = 1) {
  vsf::AdminAction a;
  a.at_s = at;
  a.op = vsf::test::choice_named(vsf::kAdminOps, op);
  a.vsf = "a";
  a.tier = "web";
  a.cpu = cpu;
  a.count = count;
  return a;
}

// One warm VSF (LB cpu-0, web cpu-1), no traffic; `extra` more web CPUs allowed.
vsf::Scenario one_vsf(int cpus, int extra) {
  vsf::Scenario s = base_scenario(cpus);
  s.vsfs.push_back(make_vsf("a", {make_tier("web", 1, 1, 1 + extra, "round_robin")}, true));
  s.duration_s = 400;
  return s;
}

// Image read time of one CPU alone: the slower of the array's disk and the SAN path, plus latencies.
double image_time(const vsf::Scenario& s, double bytes) {
  const auto& san = s.grid.san_switches.spec;
  const double path_bw = std::min(san.port_bandwidth_Bps * s.grid.storage[0].ports, san.port_bandwidth_Bps);
  const double bw = std::min(path_bw, s.grid.storage[0].read_Bps);
  return bytes / bw + 2 * san.port_latency_s;
}

}  // namespace

TEST_CASE("a CPU joins a VSF by the patent's steps and each step lasts what the models say") {
  vsf::Scenario s = one_vsf(4, 1);
  s.actions.push_back(action(100, "add", "cpu-2"));
  auto r = vsf::test::run(s);

  const auto& hw = s.models.hardware.at("standard");
  const auto& web = s.models.roles.at("web");
  const double img = image_time(s, web.boot_image_bytes);
  const double expected = s.grid.vlan_switches.spec.reconfig_s + s.grid.san_switches.spec.reconfig_s + hw.post_s + img +
                          web.os_init_s + s.vsfs[0].lb.reconfig_s;

  CHECK(types_of(r, "cpu-2", 100) == std::vector<std::string>{"admin_action", "cpu_allocated", "vlan_join", "zone_join",
                                                              "boot_image_set", "power_on", "post", "boot_image_read",
                                                              "os_init", "lb_add", "cpu_serving"});
  auto serving = r.of("cpu_serving", "cpu-2");
  REQUIRE(serving.size() == 1);
  CHECK(serving[0]["t"].get<double>() == Approx(100 + expected).epsilon(0.01));
  CHECK(serving[0]["time_to_serve_s"].get<double>() == Approx(expected).epsilon(0.01));
  CHECK(r.of("boot_image_read", "cpu-2")[0]["duration_s"].get<double>() == Approx(img).epsilon(1e-6));
  CHECK(r.summary["vsfs"][0]["time_to_serve_s"]["max"].get<double>() == Approx(expected).epsilon(0.01));

  // Membership after each reconfiguration: both NICs in the VSF's VLAN, the HBA in its zone.
  auto vlan = r.of("vlan_join", "cpu-2");
  REQUIRE(vlan.size() == 1);
  CHECK(vlan[0]["vlan_front"] == "a");
  CHECK(vlan[0]["vlan_back"] == "a");
  CHECK(r.of("zone_join", "cpu-2")[0]["zone"] == "a");
  // The LB's front NIC faces the Internet.
  CHECK(r.of("vlan_join", "cpu-0")[0]["vlan_front"] == "public");
  CHECK(r.summary["grid"]["isolation_violations"] == 0);
  CHECK(r.summary["vsfs"][0]["scale_outs"] == 1);
}

TEST_CASE("a released CPU drains then leaves the LB then powers off and returns to the idle VLAN and zone") {
  vsf::Scenario s = one_vsf(4, 1);
  s.actions.push_back(action(10, "add", "cpu-2"));
  s.actions.push_back(action(300, "remove", "cpu-2"));
  auto r = vsf::test::run(s);

  CHECK(types_of(r, "cpu-2", 300) == std::vector<std::string>{"admin_action", "cpu_release", "drain_start", "drained",
                                                              "lb_remove", "shutdown", "power_off", "vlan_leave",
                                                              "zone_leave", "cpu_idle"});
  const auto& hw = s.models.hardware.at("standard");
  const double expected = s.vsfs[0].lb.reconfig_s + hw.shutdown_s + s.grid.vlan_switches.spec.reconfig_s +
                          s.grid.san_switches.spec.reconfig_s;
  auto idle = r.of("cpu_idle", "cpu-2");
  REQUIRE(idle.size() == 1);
  CHECK(idle[0]["t"].get<double>() == Approx(300 + expected).epsilon(1e-9));
  auto leave = r.of("vlan_leave", "cpu-2");
  CHECK(leave[0]["vlan_front"] == "idle");
  CHECK(leave[0]["vlan_back"] == "idle");
  CHECK(r.of("zone_leave", "cpu-2")[0]["zone"] == "idle");
  CHECK(r.summary["vsfs"][0]["scale_ins"] == 1);
  CHECK(r.summary["grid"]["isolation_violations"] == 0);
  CHECK(r.summary["grid"]["idle_pool"]["min"] == 1);
}

TEST_CASE("a boot storm of 8 CPUs reading from one storage port takes about 8 times one boot") {
  vsf::Scenario s = one_vsf(12, 8);
  s.actions.push_back(action(100, "add", "", 8));
  auto r = vsf::test::run(s);

  const double one = image_time(s, s.models.roles.at("web").boot_image_bytes);
  auto reads = r.of("boot_image_read");
  int storm = 0;
  for (const auto& e : reads) {
    if (e["t"].get<double>() < 100) continue;
    ++storm;
    // Fair sharing: all eight progress together and finish together, each after ~8 single boots.
    CHECK(e["duration_s"].get<double>() / one == Approx(8).epsilon(0.03));
  }
  CHECK(storm == 8);
}

TEST_CASE("a boot storm limited by the array's disk is also shared fairly") {
  vsf::Scenario s = one_vsf(8, 4);
  s.grid.storage[0].read_Bps = 50e6;  // slower than the 200 MB/s SAN port
  s.actions.push_back(action(100, "add", "", 4));
  auto r = vsf::test::run(s);

  const double one = image_time(s, s.models.roles.at("web").boot_image_bytes);
  int storm = 0;
  for (const auto& e : r.of("boot_image_read")) {
    if (e["t"].get<double>() < 100) continue;
    ++storm;
    CHECK(e["duration_s"].get<double>() / one == Approx(4).epsilon(0.03));
  }
  CHECK(storm == 4);
}

TEST_CASE("idle CPUs are powered down and serving ones draw their idle power") {
  vsf::Scenario s = one_vsf(5, 0);
  s.duration_s = 1000;
  auto r = vsf::test::run(s);
  const auto& hw = s.models.hardware.at("standard");
  // LB and web are on (idle: no traffic), the 3 others off from t = 0.
  const double expected = (2 * hw.idle_w + 3 * hw.off_w) * s.duration_s;
  CHECK(r.summary["grid"]["energy_j"].get<double>() == Approx(expected).epsilon(1e-6));
}

TEST_CASE("a miscabled VLAN port is reported as an isolation violation") {
  vsf::Scenario s = one_vsf(4, 0);
  s.duration_s = 10;
  // The idle cpu-3's back NIC is left in VSF a's VLAN: a's servers can reach an idle CPU.
  auto r = vsf::test::run(s, "", [](vsf::grid::GridModel& g) {
    g.create_vsf(0);
    g.set_nic_vlan(3, 1, 0);
  });
  CHECK(r.summary["grid"]["isolation_violations"].get<int>() > 0);
  auto found = r.of("isolation_violation");
  REQUIRE(!found.empty());
  CHECK(found[0]["violations"][0]["node"].get<std::string>().rfind("cpu-3", 0) == 0);
}
