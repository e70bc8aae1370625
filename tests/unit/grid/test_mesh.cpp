// Several switches of a kind (a chain of trunks carrying every VLAN and zone): a VSF spread over switches
// stays connected, two VSFs on different switches stay apart. And the check's cost on a 10,000-CPU grid.
#include <catch2/catch.hpp>
#include <chrono>

#include "check_both.hpp"
#include "fixtures.hpp"
#include "grid/grid_model.hpp"

using namespace vsf;
using namespace vsf::grid;

namespace {

using test::join;

}  // namespace

TEST_CASE("a mesh of 3 VLAN switches connects a VSF across switches and isolates two VSFs", "[grid]") {
  test::GridShape shape;
  shape.cpus = 6;
  shape.vlan_switches = 3;
  shape.san_switches = 3;
  shape.array_ports = {1, 1};
  Scenario s = make_scenario(shape);
  GridModel g(s);
  // CPUs 0,1 on switch 0; 2,3 on switch 1; 4,5 on switch 2 (VLAN and SAN alike).
  REQUIRE(g.cpu(0).vlan_switch == 0);
  REQUIRE(g.cpu(2).vlan_switch == 1);
  REQUIRE(g.cpu(4).vlan_switch == 2);
  REQUIRE(g.cpu(4).san_switch == 2);
  g.create_vsf(0);
  g.create_vsf(1);
  // VSF 0 on switches 0 and 2: its traffic must cross switch 1 over the trunks.
  join(g, 0, 0, true);
  join(g, 4, 0);
  // VSF 1 on switches 1 and 2, sharing switch 2 with VSF 0.
  join(g, 2, 1, true);
  join(g, 5, 1);
  CHECK(test::check_both(g).empty());
  CHECK(g.reachable(0, 4));
  CHECK(g.reachable(4, 0));
  CHECK(g.reachable(2, 5));
  CHECK(g.reachable(5, 2));
  CHECK(g.reachable(0, 2));  // the two LBs share the public VLAN (and firewall what is behind them)
  CHECK_FALSE(g.reachable(0, 5));
  CHECK_FALSE(g.reachable(2, 4));
  CHECK_FALSE(g.reachable(4, 5));  // same switch, different VLANs and zones
  CHECK_FALSE(g.reachable(5, 4));
  CHECK_FALSE(g.reachable(0, 5));
  CHECK(g.reachable(1, 3));  // idle CPUs share the idle VLAN across switches
  CHECK_FALSE(g.reachable(1, 4));

  SECTION("only the SAN connects them: VLANs moved, zones kept") {
    g.vlan_leave(4);
    CHECK(g.reachable(0, 4));  // still over zone 0 across the SAN trunks
    g.zone_leave(4);
    CHECK_FALSE(g.reachable(0, 4));
    CHECK_FALSE(g.reachable(4, 0));
    CHECK(test::check_both(g).empty());  // owner is still VSF 0: nothing foreign reached
  }
  SECTION("a port of VSF 1 on switch 0 is found across two trunks") {
    g.set_nic_vlan(1, 1, 1);  // idle CPU 1 on switch 0 joins VSF 1's VLAN
    CHECK(g.reachable(5, 1));
    const auto v = test::check_both(g);
    REQUIRE(v.size() == 1);
    CHECK(v[0].node == "cpu-1");
    CHECK(v[0].owner == kIdle);
    CHECK(v[0].reached_from == 1);
  }
}

TEST_CASE("isolation check on 10,000 CPUs stays linear", "[grid][scale]") {
  test::GridShape shape;
  shape.cpus = 10000;
  shape.vlan_switches = 40;
  shape.san_switches = 20;
  shape.array_ports = {4, 4, 4, 4};
  shape.control_hosts = 3;
  shape.vsfs = 0;
  Scenario s = make_scenario(shape);
  GridModel g(s);
  constexpr int kVsfs = 500, kPerVsf = 15;  // 7,500 CPUs in VSFs, spread over the switches
  for (int v = 0; v < kVsfs; ++v) {
    g.create_vsf(v);
    for (int i = 0; i < kPerVsf; ++i) join(g, v * kPerVsf + i, v, i == 0);
  }
  REQUIRE(g.idle_cpus().size() == 10000 - kVsfs * kPerVsf);
  const auto start = std::chrono::steady_clock::now();
  constexpr int kChecks = 50;
  size_t violations = 0;
  for (int k = 0; k < kChecks; ++k) {
    // A release and an acquisition between checks, as the engine does.
    const CpuId c = kVsfs * kPerVsf + k;
    join(g, c, k);
    violations += g.check_isolation().size();  // incremental, as a run does by default
  }
  const double per_check_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / kChecks;
  CHECK(violations == 0);
  CHECK(test::check_both(g).empty());
  CHECK(g.reachable(1, 2));
  CHECK(g.reachable(0, kPerVsf));  // LBs on the public VLAN
  CHECK_FALSE(g.reachable(1, kPerVsf + 1));
  CHECK_FALSE(g.reachable(0, kPerVsf + 1));
  // Generous bound (a Release build does one in a few ms): catches a quadratic check, not a slow machine.
  CHECK(per_check_s < 0.5);
}
