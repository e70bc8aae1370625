// The two-site grid of the lending tests (tests/sim/lending*_test.cpp): "sj" (CPUs 0-1) and "ny" (CPUs 2-5)
// joined by one WAN link, the global grid manager at sj. VSF "shop" lives at sj and needs more CPUs than sj
// has; VSF "blog" lives at ny with one CPU and little traffic.
#pragma once

#include <optional>

#include "sim_support.hpp"

namespace vsf::test {

inline constexpr double kWanLatency = 0.035;

// shop: one web tier, 1 to 5 CPUs, threshold policy every 30 s (out above 70 %), a load of 1.5 CPUs (150
// requests/s of 10 ms) from t = 0 to `busy_until`, then one request a second: it grows to sj's two CPUs,
// then, at 75 %, asks for a third, which only a loan gives. blog: one CPU at ny, 2 requests/s.
inline Scenario two_sites(Lending lending, double busy_until = 1e9) {
  Scenario s = vsf::test::base_scenario(6);
  s.duration_s = 900;
  s.grid.cpus = {CpuGroup{"standard", 2, {}}, CpuGroup{"standard", 4, {}}};
  s.grid.cpus[0].site = 0;
  s.grid.cpus[1].site = 1;
  s.grid.vlan_switches.count = 2;
  s.grid.san_switches.count = 2;
  s.grid.storage = {StorageArray{"array-sj", 400e6, 300e6, 1}, StorageArray{"array-ny", 400e6, 300e6, 1}};
  s.grid.control_plane.hosts = 2;
  SiteSpec sj, ny;
  sj.name = "sj";
  sj.cpus = {0, 2};
  sj.vlan_switches = sj.san_switches = sj.arrays = sj.control_hosts = {0, 1};
  ny.name = "ny";
  ny.cpus = {2, 4};
  ny.vlan_switches = ny.san_switches = ny.arrays = ny.control_hosts = {1, 1};
  sj.vlan = ny.vlan = s.grid.vlan_switches.spec;
  sj.san = ny.san = s.grid.san_switches.spec;
  sj.cpu_hour_cost = 1.0;
  ny.cpu_hour_cost = 0.6;
  s.grid.sites = {sj, ny};
  WanLink link;
  link.name = "sj-ny";
  link.a = 0;
  link.b = 1;
  link.latency_s = kWanLatency;
  link.bandwidth_Bps = 1.25e9;
  link.cost_per_gb = 0.01;
  s.grid.wan = {link};
  s.global_manager.present = true;
  s.global_manager.site = 0;
  s.global_manager.interval_s = 60;
  s.global_manager.lending = lending;
  s.global_manager.lent_boot = LentBoot::Mirror;
  s.global_manager.profile = "standard";

  VsfSpec shop = make_vsf("shop", {make_tier("web", 1, 1, 5, "round_robin")}, false);
  shop.site = 0;
  shop.policy = vsf::test::threshold(30);
  TrafficComponent load;
  load.kind = TrafficKind::Steps;
  load.steps = {{0, 150}, {busy_until, 1}};
  shop.traffic = {load};
  shop.timeout_s = 30;
  s.vsfs.push_back(shop);
  VsfSpec blog = make_vsf("blog", {make_tier("web", 1, 1, 1, "round_robin")}, false);
  blog.site = 1;
  blog.traffic = {vsf::test::constant_rate(2)};
  s.vsfs.push_back(blog);
  return s;
}

inline faults::ScheduledFault fault_at(faults::FaultKind kind, double at, std::optional<double> repair_after = {}) {
  faults::ScheduledFault f;
  f.at_s = at;
  f.subject.kind = kind;
  faults::TargetRef ref;
  ref.index = 0;
  f.subject.targets = {ref};
  if (repair_after) f.repair = faults::Distribution::constant(*repair_after);
  f.pointer = "/faults/events/0";
  return f;
}

}  // namespace vsf::test
