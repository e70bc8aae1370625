// Each site's control-plane hosts are its own (issue 14 §1): they draw the power of their own site's
// grid.control_plane.profile, checked against the energy by hand (no manager computes on a control host,
// so a host powered all along draws its idle power for the whole run).
#include <catch2/catch.hpp>

#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

vsf::HardwareProfile control_box(const std::string& name, double idle_w) {
  vsf::HardwareProfile hw;
  hw.name = name;
  hw.speed_flops = 1e9;
  hw.cores = 1;
  hw.idle_w = idle_w;
  hw.peak_w = 2 * idle_w;
  hw.off_w = 1;
  return hw;
}

vsf::SiteSpec site(const std::string& name, int k, const std::string& control_profile, const vsf::Scenario& s) {
  vsf::SiteSpec x;
  x.name = name;
  x.pointer = "/sites/" + std::to_string(k);
  x.cpus = {2 * k, 2};
  x.vlan_switches = x.san_switches = x.arrays = {k, 1};
  x.control_hosts = {2 * k, 2};
  x.vlan = s.grid.vlan_switches.spec;
  x.san = s.grid.san_switches.spec;
  x.control_profile = control_profile;
  return x;
}

}  // namespace

TEST_CASE("sites: each site's control hosts draw the power of their own site's profile") {
  vsf::Scenario s = base_scenario(4);
  s.models.hardware["cp-small"] = control_box("cp-small", 100);
  s.models.hardware["cp-big"] = control_box("cp-big", 300);
  s.grid.cpus = {vsf::CpuGroup{"standard", 2, {}, 0}, vsf::CpuGroup{"standard", 2, {}, 1}};
  s.grid.vlan_switches.count = 2;
  s.grid.san_switches.count = 2;
  s.grid.storage = {vsf::StorageArray{"array0", 400e6, 300e6, 1}, vsf::StorageArray{"array1", 400e6, 300e6, 1}};
  s.grid.control_plane =
      vsf::ControlPlane{4, "cp-small"};  // the merged grid's: the first site's, as the loader sets it
  s.grid.sites = {site("sanjose", 0, "cp-small", s), site("london", 1, "cp-big", s)};
  vsf::WanLink wan;
  wan.name = "sanjose-london";
  wan.a = 0;
  wan.b = 1;
  s.grid.wan = {wan};
  vsf::test::add_queueing_role(s, 0.1, 100);
  for (int k = 0; k < 2; ++k) {
    vsf::VsfSpec v = make_vsf(k == 0 ? "shop" : "news", {make_tier("srv", 1, 1, 1, "round_robin")}, false);
    v.site = k;
    v.traffic = {vsf::test::constant_rate(1)};
    s.vsfs.push_back(v);
  }
  s.duration_s = 600;
  auto r = vsf::test::run(s);

  // One slave per host (control_plane.slaves 0), so no host is idle and powered off: all four run all along.
  REQUIRE(r.of("manager_down").empty());
  const double by_hand = (2 * 100.0 + 2 * 300.0) * s.duration_s;  // sanjose's two, london's two
  CHECK(r.summary["control_plane"]["energy_j"].get<double>() == Approx(by_hand).epsilon(1e-9));
}
