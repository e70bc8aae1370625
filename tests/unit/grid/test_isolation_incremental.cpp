// The incremental isolation check against the full one: each kind of violation the checker knows
// (another VSF's or an idle CPU reached over a VLAN or over a SAN zone, a server reached from the
// Internet, a CPU in the control plane's private zone, a CPU whose owner changed under its ports),
// provoked and cleared, and seeded random sequences of joins, leaves, owner changes and single-port
// moves: after every step (and after several steps between checks) both give the same violations.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>

#include "check_both.hpp"
#include "fixtures.hpp"
#include "grid/grid_model.hpp"

using namespace vsf;
using namespace vsf::grid;

namespace {

using test::join;
using test::leave;

// 12 CPUs over 3 VLAN and 2 SAN switches, two arrays; VSFs 0 and 1 with an LB and two servers each.
struct Farm {
  Scenario s;
  GridModel g;
  Farm() : s(make()), g(s) {
    g.create_vsf(0);
    g.create_vsf(1);
    for (int i = 0; i < 3; ++i) join(g, i, 0, i == 0);
    for (int i = 3; i < 6; ++i) join(g, i, 1, i == 3);
  }
  static Scenario make() {
    test::GridShape shape;
    shape.cpus = 12;
    shape.vlan_switches = 3;
    shape.san_switches = 2;
    shape.array_ports = {2, 1};
    shape.control_hosts = 2;
    shape.vsfs = 0;
    return test::make_scenario(shape);
  }
};

}  // namespace

TEST_CASE("incremental isolation check: each kind of violation, provoked and cleared", "[grid][isolation]") {
  Farm f;
  GridModel& g = f.g;
  REQUIRE(test::check_both(g).empty());

  SECTION("another VSF's CPU over a VLAN") {
    g.set_nic_vlan(4, 1, 0);  // VSF 1's server 4: back NIC into VSF 0's VLAN
    auto v = test::check_both(g);
    REQUIRE(v.size() == 1);
    CHECK(v[0].node == "cpu-4");
    CHECK(v[0].owner == 1);
    CHECK(v[0].reached_from == 0);
    g.set_nic_vlan(4, 1, 1);
    CHECK(test::check_both(g).empty());
  }
  SECTION("another VSF's CPU over a SAN zone") {
    g.set_hba_zone(5, 0);
    auto v = test::check_both(g);
    REQUIRE(v.size() == 1);
    CHECK(v[0].node == "cpu-5");
    CHECK(v[0].reached_from == 0);
    g.set_hba_zone(5, 1);
    CHECK(test::check_both(g).empty());
  }
  SECTION("an idle CPU in a VSF's VLAN and zone") {
    g.set_nic_vlan(8, 0, 1);
    g.set_hba_zone(9, 0);
    auto v = test::check_both(g);
    REQUIRE(v.size() == 2);
    CHECK(v[0].node == "cpu-9");  // from VSF 0 first (sorted by reached_from)
    CHECK(v[0].owner == kIdle);
    CHECK(v[1].node == "cpu-8");
    CHECK(v[1].reached_from == 1);
  }
  SECTION("a server reached from the Internet, an LB losing its firewall flag") {
    g.set_nic_vlan(1, 0, kPublic);
    auto v = test::check_both(g);
    REQUIRE(v.size() == 1);
    CHECK(v[0].reached_from == kPublic);
    CHECK(v[0].node == "cpu-1");
    g.set_nic_vlan(1, 0, 0);
    REQUIRE(test::check_both(g).empty());
    g.vlan_join(3, 1, false);  // the LB re-joined as a server: front NIC leaves the public VLAN
    CHECK(test::check_both(g).empty());
    g.set_nic_vlan(3, 0, kPublic);  // ... and is put back there without the LB flag
    v = test::check_both(g);
    REQUIRE(v.size() == 1);
    CHECK(v[0].node == "cpu-3");
    CHECK(v[0].reached_from == kPublic);
    g.vlan_join(3, 1, true);  // the flag alone changes: the public VLAN's search must run again
    CHECK(test::check_both(g).empty());
  }
  SECTION("a CPU in the control plane's private zone") {
    g.set_hba_zone(10, kControlPlane);
    auto v = test::check_both(g);
    REQUIRE(v.size() == 1);
    CHECK(v[0].reached_from == kControlPlane);
    CHECK(v[0].owner == kIdle);
    g.set_owner(10, 1);  // the owner alone changes: still a violation, with the new owner
    v = test::check_both(g);
    REQUIRE(v.size() == 1);
    CHECK(v[0].owner == 1);
  }
  SECTION("owner changed under ports that did not move") {
    g.set_owner(2, 1);  // VSF 0's ports, VSF 1's CPU: VSF 0 reaches it
    auto v = test::check_both(g);
    REQUIRE(v.size() == 1);
    CHECK(v[0].owner == 1);
    CHECK(v[0].reached_from == 0);
    g.set_owner(2, kIdle);
    v = test::check_both(g);
    REQUIRE(v.size() == 1);
    CHECK(v[0].owner == kIdle);
    leave(g, 2);
    CHECK(test::check_both(g).empty());
  }
  SECTION("a VSF created while ports already sit in its VLAN") {
    g.set_hba_zone(7, 2);  // VSF 2 has no volume yet: not searched, nothing to report
    REQUIRE(test::check_both(g).empty());
    g.create_vsf(2);  // now it has: from its volume over the SAN it reaches idle CPU 7
    auto v = test::check_both(g);
    REQUIRE(v.size() == 1);
    CHECK(v[0].node == "cpu-7");
    CHECK(v[0].reached_from == 2);
  }
  SECTION("violations of one VSF are kept while another VSF changes") {
    g.set_hba_zone(4, 0);
    REQUIRE(test::check_both(g).size() == 1);
    join(g, 6, 1);  // VSF 1 changes, VSF 0 is not searched again: its finding stays
    CHECK(test::check_both(g).size() == 1);
    g.set_hba_zone(4, 1);
    CHECK(test::check_both(g).empty());
  }
}

namespace {

// One random change of any kind (ports to any label, owners, LB flags, new VSFs); rng() % n, so the
// sequence is the same with every standard library.
void random_step(GridModel& g, std::mt19937_64& rng, int cpus, int& vsfs) {
  const CpuId c = static_cast<CpuId>(rng() % static_cast<uint64_t>(cpus));
  auto label = [&] {
    const int k = static_cast<int>(rng() % static_cast<uint64_t>(vsfs + 3));
    return k < vsfs ? k : -1 - (k - vsfs);  // a VSF, kIdle, kPublic, kControlPlane
  };
  auto vsf = [&] { return static_cast<int>(rng() % static_cast<uint64_t>(vsfs)); };
  switch (rng() % 10) {
    case 0:
    case 1:
      join(g, c, vsf(), rng() % 4 == 0);
      break;
    case 2:
    case 3:
      leave(g, c);
      break;
    case 4:
      g.set_owner(c, rng() % 3 == 0 ? kIdle : vsf());
      break;
    case 5:
      g.vlan_join(c, vsf(), rng() % 2 == 0);
      break;
    case 6:
      g.zone_join(c, vsf());
      break;
    case 7:
      g.set_nic_vlan(c, static_cast<int>(rng() % 2), label());
      break;
    case 8:
      g.set_hba_zone(c, label());
      break;
    default:
      if (vsfs < 12) g.create_vsf(vsfs++);
      break;
  }
}

}  // namespace

TEST_CASE("incremental isolation check equals the full one on random sequences", "[grid][isolation]") {
  const uint64_t seed = GENERATE(1, 2, 3, 4, 5, 6, 7, 8);
  Farm f;
  GridModel& g = f.g;
  std::mt19937_64 rng(seed);
  int vsfs = 2;
  size_t checks_with_violations = 0, checks = 0;
  for (int step = 0; step < 400; ++step) {
    random_step(g, rng, f.g.cpu_count(), vsfs);
    if (rng() % 3 == 0) continue;  // several changes between some checks
    INFO("seed " << seed << ", step " << step);
    ++checks;
    if (!test::check_both(g).empty()) ++checks_with_violations;
    if (rng() % 25 == 0) {  // tidy up now and then, so clean states are checked too
      for (CpuId c = 0; c < g.cpu_count(); ++c) leave(g, c);
      REQUIRE(test::check_both(g).empty());
    }
  }
  // The sequences must provoke violations and clear them, or they would show nothing.
  CHECK(checks_with_violations > checks / 10);
  CHECK(checks_with_violations < checks);
}
