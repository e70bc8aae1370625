// The patent's worked example (Figs. 5-8) at graph level: CPUs A-G; VSF1 = LB A + web B, C; D joins
// VSF1; VSF2 = LB E + web F, G; D leaves VSF1 for the idle pool, then joins VSF2. After every single
// reconfiguration the VLAN and zone of every CPU are checked, the isolation check must be clean, and D
// must never sit in two VSFs. Then the same move done in wrong orders must be caught by the check.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>

#include "check_both.hpp"
#include "fixtures.hpp"
#include "grid/grid_model.hpp"

using namespace vsf;
using namespace vsf::grid;

namespace {

constexpr int kVsf1 = 0, kVsf2 = 1;  // VSF indexes (VLAN and zone ids) of the patent's VSF 1 and VSF 2

struct Expected {
  int front, back, zone, owner;
};

// Checks every CPU of the grid against `want` (CPUs not listed must be idle everywhere).
void check_state(const GridModel& g, const std::map<std::string, Expected>& want, const std::string& step) {
  INFO("step: " << step);
  for (CpuId c = 0; c < g.cpu_count(); ++c) {
    const std::string& name = g.cpu(c).name;
    auto it = want.find(name);
    const Expected e = it == want.end() ? Expected{kIdle, kIdle, kIdle, kIdle} : it->second;
    INFO("cpu " << name);
    CHECK(g.vlan_of_port(c, 0) == e.front);
    CHECK(g.vlan_of_port(c, 1) == e.back);
    CHECK(g.zone_of_cpu(c) == e.zone);
    CHECK(g.owner(c) == e.owner);
  }
  const auto violations = test::check_both(g);
  for (const auto& v : violations) UNSCOPED_INFO(v.node << " owner " << v.owner << " reached from " << v.reached_from);
  CHECK(violations.empty());
  // D is never in two VSFs: its ports' VLANs and zone name at most one VSF, and that VSF is its owner.
  const CpuId d = *g.find_cpu("D");
  std::set<int> vsfs;
  for (int id : {g.vlan_of_port(d, 0), g.vlan_of_port(d, 1), g.zone_of_cpu(d)}) {
    if (id >= 0) vsfs.insert(id);
  }
  CHECK(vsfs.size() <= 1);
  if (!vsfs.empty()) CHECK(*vsfs.begin() == g.owner(d));
}

// The state of Fig. 7: VSF 1 = A (LB), B, C, D; VSF 2 = E (LB), F, G.
GridModel fig7_plus_vsf2(const Scenario& s) {
  GridModel g(s);
  g.create_vsf(kVsf1);
  g.create_vsf(kVsf2);
  auto add = [&](const char* name, int vsf, bool lb) {
    CpuId c = *g.find_cpu(name);
    g.set_owner(c, vsf);
    g.vlan_join(c, vsf, lb);
    g.zone_join(c, vsf);
  };
  add("A", kVsf1, true);
  add("B", kVsf1, false);
  add("C", kVsf1, false);
  add("D", kVsf1, false);
  add("E", kVsf2, true);
  add("F", kVsf2, false);
  add("G", kVsf2, false);
  return g;
}

bool names(const std::vector<Violation>& violations, const std::string& node) {
  for (const auto& v : violations) {
    if (v.node == node) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("patent walkthrough (Figs. 5-8): memberships and isolation after every step", "[grid][patent]") {
  Scenario s = make_scenario(test::patent_shape());
  GridModel g(s);
  const CpuId A = *g.find_cpu("A"), B = *g.find_cpu("B"), C = *g.find_cpu("C"), D = *g.find_cpu("D");
  const CpuId E = *g.find_cpu("E"), F = *g.find_cpu("F"), G = *g.find_cpu("G");
  std::map<std::string, Expected> want;
  check_state(g, want, "Fig. 5: all idle");

  // Fig. 6: VSF 1 = LB A, web B and C.
  g.create_vsf(kVsf1);
  g.set_owner(A, kVsf1);
  CHECK(g.vlan_join(A, kVsf1, true) == 2);
  CHECK(g.zone_join(A, kVsf1) == 1);
  want["A"] = {kPublic, kVsf1, kVsf1, kVsf1};
  check_state(g, want, "A is VSF 1's LB");
  for (CpuId c : {B, C}) {
    g.set_owner(c, kVsf1);
    CHECK(g.vlan_join(c, kVsf1, false) == 2);
    CHECK(g.zone_join(c, kVsf1) == 1);
    want[g.cpu(c).name] = {kVsf1, kVsf1, kVsf1, kVsf1};
    check_state(g, want, "web server " + g.cpu(c).name + " joins VSF 1");
  }
  CHECK(g.reachable(B, C));
  CHECK(g.reachable(A, B));  // through the LB's back NIC

  // Fig. 7: D joins VSF 1.
  g.set_owner(D, kVsf1);
  want["D"] = {kIdle, kIdle, kIdle, kVsf1};
  check_state(g, want, "D allocated to VSF 1");
  CHECK(g.vlan_join(D, kVsf1, false) == 2);
  want["D"] = {kVsf1, kVsf1, kIdle, kVsf1};
  check_state(g, want, "D's ports v8, v9 in VSF 1's VLAN");
  CHECK(g.zone_join(D, kVsf1) == 1);
  want["D"] = {kVsf1, kVsf1, kVsf1, kVsf1};
  check_state(g, want, "D's SAN port in VSF 1's zone");
  CHECK(g.reachable(B, D));

  // Fig. 8: VSF 2 = LB E, web F and G.
  g.create_vsf(kVsf2);
  for (CpuId c : {E, F, G}) {
    const bool lb = c == E;
    g.set_owner(c, kVsf2);
    CHECK(g.vlan_join(c, kVsf2, lb) == 2);
    CHECK(g.zone_join(c, kVsf2) == 1);
    want[g.cpu(c).name] = {lb ? kPublic : kVsf2, kVsf2, kVsf2, kVsf2};
    check_state(g, want, g.cpu(c).name + " joins VSF 2");
  }
  CHECK(g.reachable(F, G));
  CHECK_FALSE(g.reachable(B, F));
  CHECK_FALSE(g.reachable(F, B));
  CHECK(g.reachable(A, E));        // both LBs face the Internet on the shared public VLAN...
  CHECK_FALSE(g.reachable(A, F));  // ...but a firewall does not forward: what is behind it stays apart
  CHECK_FALSE(g.reachable(B, E));

  // VSF 1 shrinks: D powered off, ports back to the idle VLAN and zone, then back in the idle pool.
  CHECK(g.vlan_leave(D) == 2);
  want["D"] = {kIdle, kIdle, kVsf1, kVsf1};
  check_state(g, want, "D's VLAN ports idle");
  CHECK(g.zone_leave(D) == 1);
  want["D"] = {kIdle, kIdle, kIdle, kVsf1};
  check_state(g, want, "D's SAN port in the idle zone");
  g.set_owner(D, kIdle);
  want.erase("D");
  check_state(g, want, "D in the idle pool");
  CHECK(g.idle_cpus() == std::vector<CpuId>{D});

  // D joins VSF 2 (dashed path 802).
  g.set_owner(D, kVsf2);
  want["D"] = {kIdle, kIdle, kIdle, kVsf2};
  check_state(g, want, "D allocated to VSF 2");
  CHECK(g.vlan_join(D, kVsf2, false) == 2);
  want["D"] = {kVsf2, kVsf2, kIdle, kVsf2};
  check_state(g, want, "D's ports in VSF 2's VLAN");
  CHECK(g.zone_join(D, kVsf2) == 1);
  want["D"] = {kVsf2, kVsf2, kVsf2, kVsf2};
  check_state(g, want, "D's SAN port in VSF 2's zone");
  CHECK(g.reachable(F, D));
  CHECK(g.reachable(D, G));
  CHECK_FALSE(g.reachable(D, B));
  CHECK_FALSE(g.reachable(B, D));
  CHECK(g.idle_cpus().empty());
}

TEST_CASE("wrong order: D joins VSF 2's VLAN while still zoned in VSF 1", "[grid][patent]") {
  Scenario s = make_scenario(test::patent_shape());
  GridModel g = fig7_plus_vsf2(s);
  REQUIRE(test::check_both(g).empty());
  const CpuId D = *g.find_cpu("D");
  g.set_owner(D, kVsf2);
  g.vlan_join(D, kVsf2, false);  // the zone should have been left first
  const auto v = test::check_both(g);
  REQUIRE_FALSE(v.empty());
  CHECK(names(v, "D"));
  CHECK(v.front().node == "D");
  CHECK(v.front().owner == kVsf2);
  CHECK(v.front().reached_from == kVsf1);  // VSF 1 still reaches D over SAN zone 1
  CHECK(g.reachable(*g.find_cpu("B"), D));
  CHECK(g.reachable(*g.find_cpu("F"), D));
  // Finishing the move correctly clears it.
  g.zone_join(D, kVsf2);
  CHECK(test::check_both(g).empty());
}

TEST_CASE("wrong order: D zoned into VSF 2 while its ports are still in VSF 1's VLAN", "[grid][patent]") {
  Scenario s = make_scenario(test::patent_shape());
  GridModel g = fig7_plus_vsf2(s);
  const CpuId D = *g.find_cpu("D");
  g.set_owner(D, kVsf2);
  g.zone_join(D, kVsf2);
  const auto v = test::check_both(g);
  REQUIRE(v.size() == 1);
  CHECK(v[0].node == "D");
  CHECK(v[0].owner == kVsf2);
  CHECK(v[0].reached_from == kVsf1);  // over VLAN 2 (B, C and the LB A)
}

TEST_CASE("wrong order: D moved without changing its owner, or released before its ports", "[grid][patent]") {
  Scenario s = make_scenario(test::patent_shape());
  SECTION("ports moved to VSF 2 while D is still VSF 1's") {
    GridModel g = fig7_plus_vsf2(s);
    const CpuId D = *g.find_cpu("D");
    g.vlan_join(D, kVsf2, false);
    const auto v = test::check_both(g);
    REQUIRE(v.size() == 1);
    CHECK(v[0].node == "D");
    CHECK(v[0].owner == kVsf1);
    CHECK(v[0].reached_from == kVsf2);
  }
  SECTION("owner set idle before the ports leave VSF 1") {
    GridModel g = fig7_plus_vsf2(s);
    const CpuId D = *g.find_cpu("D");
    g.set_owner(D, kIdle);
    const auto v = test::check_both(g);
    REQUIRE(v.size() == 1);
    CHECK(v[0].node == "D");
    CHECK(v[0].owner == kIdle);
    CHECK(v[0].reached_from == kVsf1);
  }
  SECTION("D split across both VSFs while idle: reached from both") {
    GridModel g = fig7_plus_vsf2(s);
    const CpuId D = *g.find_cpu("D");
    g.vlan_leave(D);
    g.zone_leave(D);
    g.set_owner(D, kIdle);
    REQUIRE(test::check_both(g).empty());
    g.set_nic_vlan(D, 0, kVsf1);
    g.set_nic_vlan(D, 1, kVsf2);
    const auto v = test::check_both(g);
    REQUIRE(v.size() == 2);
    CHECK(v[0].node == "D");
    CHECK(v[0].reached_from == kVsf1);
    CHECK(v[1].node == "D");
    CHECK(v[1].reached_from == kVsf2);
    CHECK_FALSE(g.reachable(*g.find_cpu("B"), *g.find_cpu("F")));  // D does not bridge the two VSFs
  }
}

TEST_CASE("a server put on the public VLAN, or a CPU in the control plane's zone, is a violation", "[grid]") {
  Scenario s = make_scenario(test::patent_shape());
  GridModel g = fig7_plus_vsf2(s);
  const CpuId B = *g.find_cpu("B"), C = *g.find_cpu("C");
  SECTION("the Internet may reach LBs only") {
    g.set_nic_vlan(B, 0, kPublic);  // B's front NIC bypasses the firewall
    const auto v = test::check_both(g);
    REQUIRE(v.size() == 1);
    CHECK(v[0].node == "B");
    CHECK(v[0].owner == kVsf1);
    CHECK(v[0].reached_from == kPublic);
  }
  SECTION("the control plane's private zone holds only the control plane (Fig. 16)") {
    g.set_hba_zone(C, kControlPlane);
    const auto v = test::check_both(g);
    // C is VSF 1's and sits in the control plane's zone: the control plane's search reaches it. (VSF 1's own
    // search does not go on to cp0 through C: a CPU does not forward between its interfaces.)
    REQUIRE(v.size() == 1);
    CHECK(v[0].reached_from == kControlPlane);
    CHECK(v[0].node == "C");
    CHECK(v[0].owner == kVsf1);
    CHECK(g.reachable(C, *g.find_cpu("A")));
  }
}
