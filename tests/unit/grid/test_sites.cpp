// Two sites joined by a WAN link (issue 14): per-site cabling, the VLAN extended over the WAN trunk, an
// unbridged SAN that leaves a lent CPU only its VSF's mirror, a bridged one, the WAN paths, and the DOT.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "check_both.hpp"
#include "fixtures.hpp"
#include "grid/grid_model.hpp"
#include "grid/initial_plan.hpp"

using namespace vsf;
using namespace vsf::grid;
using vsf::grid::test::join;

namespace {

// Site "sj": CPUs 0-3, VLAN switches 0-1, SAN switch 0, array 0, control host 0. Site "ny": CPUs 4-6,
// VLAN switch 2, SAN switches 1-2, arrays 1-2, control host 1. VSF 0 (shop) lives at sj, VSF 1 (blog) at ny.
Scenario two_sites(LentBoot boot, int extra_sites = 0) {
  Scenario s;
  s.name = "sites-test";
  auto group = [&](int count, int site) {
    CpuGroup g;
    g.profile = "standard";
    g.count = count;
    g.site = site;
    s.grid.cpus.push_back(g);
  };
  group(4, 0);
  group(3, 1);
  for (int k = 0; k < 3; ++k) {
    StorageArray a;
    a.name = "array" + std::to_string(k);
    s.grid.storage.push_back(a);
  }
  SiteSpec sj, ny;
  sj.name = "sj";
  sj.cpus = {0, 4};
  sj.vlan_switches = {0, 2};
  sj.san_switches = {0, 1};
  sj.arrays = {0, 1};
  sj.control_hosts = {0, 1};
  ny.name = "ny";
  ny.cpus = {4, 3};
  ny.vlan_switches = {2, 1};
  ny.san_switches = {1, 2};
  ny.arrays = {1, 2};
  ny.control_hosts = {1, 1};
  s.grid.sites = {sj, ny};
  for (int k = 0; k < extra_sites; ++k) {  // sites with nothing but a switch of each kind, no WAN link
    SiteSpec lone;
    lone.name = "lone" + std::to_string(k);
    lone.vlan_switches = {3 + k, 1};
    lone.san_switches = {3 + k, 1};
    lone.cpus = {7, 0};
    lone.arrays = {3, 0};
    lone.control_hosts = {2, 0};
    s.grid.sites.push_back(lone);
  }
  s.grid.vlan_switches.count = 3 + extra_sites;
  s.grid.san_switches.count = 3 + extra_sites;
  s.grid.control_plane.hosts = 2;
  WanLink w;
  w.name = "sj-ny";
  w.a = 0;
  w.b = 1;
  w.latency_s = 0.035;
  w.bandwidth_Bps = 1e9;
  s.grid.wan = {w};
  s.global_manager.present = true;
  s.global_manager.lent_boot = boot;
  for (int v = 0; v < 2; ++v) {
    VsfSpec spec;
    spec.name = v == 0 ? "shop" : "blog";
    spec.site = v;
    s.vsfs.push_back(spec);
  }
  return s;
}

}  // namespace

TEST_CASE("sites: each site cabled on its own switches and arrays", "[grid][sites]") {
  Scenario s = two_sites(LentBoot::Mirror);
  GridModel g(s);
  std::vector<int> vlan_sw, san_sw, site;
  for (CpuId c = 0; c < g.cpu_count(); ++c) {
    vlan_sw.push_back(g.cpu(c).vlan_switch);
    san_sw.push_back(g.cpu(c).san_switch);
    site.push_back(g.cpu(c).site);
  }
  CHECK(vlan_sw == std::vector<int>{0, 0, 1, 1, 2, 2, 2});
  CHECK(san_sw == std::vector<int>{0, 0, 0, 0, 1, 1, 2});  // ceil(3 / 2) = 2 per SAN switch at ny
  CHECK(site == std::vector<int>{0, 0, 0, 0, 1, 1, 1});
  CHECK(g.site_count() == 2);
  CHECK(g.storage()[0].san_switch == 0);
  CHECK(g.storage()[1].san_switch == 1);
  CHECK(g.storage()[2].san_switch == 2);
  CHECK(g.site_of_array(0) == 0);
  CHECK(g.site_of_array(2) == 1);
  CHECK(g.site_of_switch(false, 2) == 1);
  CHECK(g.site_of_switch(true, 0) == 0);
  CHECK(g.uplink_vlan_switch(0) == 0);
  CHECK(g.uplink_vlan_switch(1) == 2);
  // Chains inside the sites, the WAN trunk between first VLAN switches; no SAN bridge with mirrors.
  CHECK(g.vlan_trunks() == std::vector<std::pair<int, int>>{{0, 1}, {0, 2}});
  CHECK(g.trunk_wans(false) == std::vector<int>{-1, 0});
  CHECK(g.san_trunks() == std::vector<std::pair<int, int>>{{1, 2}});
  CHECK(g.trunk_wans(true) == std::vector<int>{-1});
  g.create_vsf(0);
  g.create_vsf(1);
  CHECK(g.vsf_storage(0) == 0);  // each VSF's volume at its home site
  CHECK(g.site_of_array(g.vsf_storage(1)) == 1);
  CHECK(test::check_both(g).empty());
}

TEST_CASE("sites: a lent CPU joins its VSF over the WAN and stays isolated", "[grid][sites]") {
  Scenario s = two_sites(LentBoot::Mirror);
  GridModel g(s);
  g.create_vsf(0);
  g.create_vsf(1);
  join(g, 0, 0, true);       // shop's LB at sj
  join(g, 1, 0);             // a shop server at sj
  join(g, 5, 0);             // a ny CPU lent to shop
  join(g, 4, 1);             // blog's server at ny, on the same VLAN switch as the lent CPU
  CHECK(g.reachable(1, 5));  // over the VLAN extended across the WAN trunk
  CHECK(g.reachable(5, 0));
  CHECK_FALSE(g.reachable(4, 5));  // blog's CPU, next to the lent one, does not reach it
  CHECK_FALSE(g.reachable(5, 4));
  CHECK_FALSE(g.reachable(4, 1));
  // Unbridged SAN: the lent CPU's zone reaches nothing at sj; with a mirror at ny, that mirror only.
  CHECK(g.arrays_reached(1) == std::vector<int>{0});
  CHECK(g.arrays_reached(5).empty());
  g.add_mirror(0, 2);
  CHECK(g.arrays_reached(5) == std::vector<int>{2});
  CHECK(test::check_both(g).empty());
  CHECK(g.check_isolation(IsolationCheck::Verified).empty());

  // A blog port put into shop's VLAN at ny is reached from shop across the WAN.
  g.set_nic_vlan(6, 1, 0);
  g.set_owner(6, 1);
  const auto found = test::check_both(g);
  REQUIRE_FALSE(found.empty());
  CHECK(found.front().node == "cpu-6");
  CHECK(found.front().reached_from == 0);
  // A blog HBA put into shop's zone at ny is reached from shop (its mirror and the lent CPU there).
  g.set_nic_vlan(6, 1, kIdle);
  g.set_hba_zone(6, 0);
  const auto zone_found = test::check_both(g);
  REQUIRE(zone_found.size() == 1);
  CHECK(zone_found.front().node == "cpu-6");
  CHECK(zone_found.front().reached_from == 0);
  CHECK(g.arrays_reached(6) == std::vector<int>{2});  // the mirror, never the home volume at sj
}

TEST_CASE("sites: a bridged SAN lets a lent CPU reach its VSF's home volume", "[grid][sites]") {
  Scenario s = two_sites(LentBoot::BridgedSan);
  GridModel g(s);
  CHECK(g.san_trunks() == std::vector<std::pair<int, int>>{{1, 2}, {0, 1}});
  CHECK(g.trunk_wans(true) == std::vector<int>{-1, 0});
  g.create_vsf(0);
  g.create_vsf(1);
  join(g, 1, 0);
  join(g, 6, 0);  // lent from ny
  join(g, 4, 1);
  CHECK(g.arrays_reached(6) == std::vector<int>{0});
  CHECK(g.arrays_reached(4) == std::vector<int>{g.vsf_storage(1)});
  CHECK(test::check_both(g).empty());
}

TEST_CASE("sites: a site without a WAN link is an island", "[grid][sites]") {
  Scenario s = two_sites(LentBoot::BridgedSan, 1);
  GridModel g(s);
  CHECK(g.site_count() == 3);
  CHECK(g.wan_path(0, 1) == std::vector<int>{0});
  CHECK(g.wan_path(0, 2).empty());
  CHECK(g.wan_one_way_s(0, 1) == Approx(0.035));
  CHECK(g.wan_one_way_s(1, 1) == 0);
  CHECK(std::isinf(g.wan_one_way_s(0, 2)));
  CHECK(g.wan_bandwidth_Bps(1, 0) == 1e9);
  CHECK(std::isinf(g.wan_bandwidth_Bps(0, 0)));
  g.create_vsf(0);
  join(g, 0, 0);
  CHECK(test::check_both(g).empty());
}

TEST_CASE("sites: WAN paths over several hops", "[grid][sites]") {
  Scenario s = two_sites(LentBoot::Mirror, 1);
  WanLink w;
  w.name = "ny-lone0";
  w.a = 1;
  w.b = 2;
  w.latency_s = 0.04;
  w.bandwidth_Bps = 2e8;
  s.grid.wan.push_back(w);
  GridModel g(s);
  CHECK(g.wan_path(0, 2) == std::vector<int>{0, 1});
  CHECK(g.wan_path(2, 0) == std::vector<int>{1, 0});
  CHECK(g.wan_one_way_s(0, 2) == Approx(0.075));
  CHECK(g.wan_bandwidth_Bps(0, 2) == 2e8);
}

TEST_CASE("sites: DOT shows both sites and the WAN link", "[grid][sites]") {
  Scenario s = two_sites(LentBoot::Mirror);
  GridModel g(s);
  g.create_vsf(0);
  join(g, 5, 0);
  const std::string dot = g.to_dot({"shop", "blog"});
  for (const char* name : {"internet:sj", "internet:ny", "vsw2", "ssw2", "cp0", "cp1", "array2", "wan:sj-ny"}) {
    INFO(name);
    CHECK(dot.find(std::string("label=\"") + name) != std::string::npos);
  }
  CHECK(dot.find("label=\"cpu-5\\nshop\"") != std::string::npos);
}

TEST_CASE("sites: each site's registry is on its own SAN", "[grid][sites]") {
  Scenario s = two_sites(LentBoot::Mirror);  // unbridged: each site's SAN an island
  GridModel g(s);
  CHECK(g.registries_reached(0) == std::vector<int>{0});  // cp0, sj's host: sj's registry only
  CHECK(g.registries_reached(1) == std::vector<int>{1});  // cp1, ny's host: ny's, on ny's first SAN switch
  const std::string dot = g.to_dot({"shop", "blog"});
  for (const char* name : {"cp-registry:sj", "cp-registry:ny"}) {
    INFO(name);
    CHECK(dot.find(std::string("label=\"") + name) != std::string::npos);
  }
  g.create_vsf(0);
  join(g, 0, 0);
  CHECK(test::check_both(g).empty());  // both registries in the control plane's zone, out of every VSF's

  Scenario bridged = two_sites(LentBoot::BridgedSan);  // one private zone across the bridged SAN
  GridModel b(bridged);
  CHECK(b.registries_reached(1) == std::vector<int>{0, 1});
  CHECK(test::check_both(b).empty());
}

TEST_CASE("sites: incremental isolation check equals the full one on random sequences", "[grid][sites]") {
  const uint64_t seed = GENERATE(1, 2, 3, 4);
  const LentBoot boot = seed % 2 == 0 ? LentBoot::BridgedSan : LentBoot::Mirror;
  Scenario s = two_sites(boot, 1);
  GridModel g(s);
  g.create_vsf(0);
  g.create_vsf(1);
  g.create_vsf(2);  // beyond the scenario's VSFs: homed at site 0
  std::mt19937_64 rng(seed);
  size_t checks = 0, with_violations = 0;
  for (int step = 0; step < 300; ++step) {
    const CpuId c = static_cast<CpuId>(rng() % static_cast<uint64_t>(g.cpu_count()));
    const int v = static_cast<int>(rng() % 3);
    switch (rng() % 8) {
      case 0:
      case 1:
        join(g, c, v, rng() % 4 == 0);
        break;
      case 2:
      case 3:
        test::leave(g, c);
        break;
      case 4:
        g.set_nic_vlan(c, static_cast<int>(rng() % 2), rng() % 3 == 0 ? kPublic : v);
        break;
      case 5:
        g.set_hba_zone(c, v);
        break;
      case 6:
        g.set_owner(c, rng() % 3 == 0 ? kIdle : v);
        break;
      default:
        g.add_mirror(v, static_cast<int>(rng() % g.storage().size()));
        break;
    }
    if (rng() % 3 == 0) continue;
    INFO("seed " << seed << ", step " << step);
    ++checks;
    if (!test::check_both(g).empty()) ++with_violations;
  }
  CHECK(with_violations > checks / 10);
  CHECK(with_violations < checks);
}

TEST_CASE("sites: a VSF's anonymous initial CPUs come from its home site's pool", "[grid][sites]") {
  Scenario s = two_sites(LentBoot::Mirror);
  Tier tier;
  tier.role = "web";
  tier.initial = 2;
  s.vsfs[1].tiers = {tier};  // blog, at ny: CPUs 4.. rather than the lowest ids (sj's)
  tier.cpus = {"cpu-5"};     // shop names a ny CPU: named CPUs are taken wherever they are
  s.vsfs[0].tiers = {tier};
  s.vsfs[0].lb.enabled = s.vsfs[1].lb.enabled = false;
  GridModel g(s);
  const auto plan = plan_initial(s, g);
  REQUIRE(plan[0].size() == 2);
  CHECK(plan[0][0].cpu == std::optional<CpuId>{5});
  CHECK(plan[0][1].cpu == std::optional<CpuId>{0});
  REQUIRE(plan[1].size() == 2);
  CHECK(plan[1][0].cpu == std::optional<CpuId>{4});
  CHECK(plan[1][1].cpu == std::optional<CpuId>{6});
  tier.cpus.clear();
  tier.initial = 3;
  s.vsfs[1].tiers = {tier};  // ny has 3 CPUs, one named by shop: the third is denied, not taken at sj
  const auto short_plan = plan_initial(s, GridModel(s));
  REQUIRE(short_plan[1].size() == 3);
  CHECK_FALSE(short_plan[1][2].cpu.has_value());
}
