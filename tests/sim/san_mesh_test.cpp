// SAN switches are a full mesh (grid_model.cpp; patent: "multiple SAN switches are interconnected to form
// a mesh"): a transfer from an array to a CPU crosses only the trunk between their two switches. So two
// boots from one array to CPUs on two other switches share no trunk (each gets a port's bandwidth), and a
// third switch's failure cuts neither the CPU nor its boots. With the chain before it, both boots crossed
// trunk 0-1 at half the rate each, and a failure of switch 1 cut every CPU of switch 2.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <map>
#include <simgrid/s4u.hpp>

#include "sim/engine/world.hpp"
#include "sim/faults/fault_dataplane.hpp"
#include "sim_support.hpp"
#include "warm_start.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;
namespace sim = vsf::sim;
namespace sg4 = simgrid::s4u;

namespace {

// Six CPUs over three SAN switches (cpu-0,1 on ssw0, cpu-2,3 on ssw1, cpu-4,5 on ssw2); array0 (4 ports,
// so its link never limits two transfers) on ssw0, array1 on ssw1; one VSF, its volume on array0, its web
// server pinned to cpu-4 on ssw2.
vsf::Scenario three_san_switches() {
  vsf::Scenario s = base_scenario(6);
  s.grid.san_switches.count = 3;
  s.grid.storage = {vsf::StorageArray{"array0", 400e6, 300e6, 4}, vsf::StorageArray{"array1", 400e6, 300e6, 1}};
  vsf::Tier web = make_tier("web", 1, 1, 1, "round_robin");
  web.cpus = {"cpu-4"};
  s.vsfs.push_back(make_vsf("a", {web}, false));
  s.duration_s = 60;
  return s;
}

std::vector<std::string> link_names(sg4::Host* from, sg4::Host* to) {
  std::vector<sg4::Link*> links;
  double latency = 0;
  from->route_to(to, links, &latency);
  std::vector<std::string> out;
  for (const sg4::Link* l : links) out.push_back(l->get_name());
  return out;
}

}  // namespace

TEST_CASE("SAN switches form a full mesh: a transfer crosses one trunk, a third switch's failure cuts nothing") {
  const vsf::Scenario s = three_san_switches();
  vsf::test::WarmWorld bench(s);
  sim::World* wp = &bench.world();
  const sim::Platform& p = wp->platform;
  CHECK(wp->grid.san_trunks() == std::vector<std::pair<int, int>>{{0, 1}, {0, 2}, {1, 2}});
  CHECK(wp->grid.switch_path(true, 2, 0) == std::vector<int>{0, 2});
  CHECK(wp->grid.switch_path(true, 1, 1) == std::vector<int>{1});
  CHECK(wp->grid.switch_path(false, 0, 0) == std::vector<int>{0});  // one VLAN switch

  // array0 -> cpu-4: the array's link, the trunk 0-2, cpu-4's SAN port; nothing of switch 1.
  const std::vector<std::string> route = link_names(p.storage[0], p.hba[4]);
  CHECK(std::count(route.begin(), route.end(), "san-trunk:0-2_UP") == 1);
  for (const std::string& name : route) CHECK(name.find("san-trunk:0-1") == std::string::npos);
  for (const std::string& name : route) CHECK(name.find("san-trunk:1-2") == std::string::npos);

  // Two transfers from array0 at once, to cpu-2 (ssw1) and cpu-4 (ssw2): one trunk each, so each runs at
  // the SAN port bandwidth, as if alone.
  const double bytes = 2e9;
  std::map<std::string, double> done;
  for (int cpu : {2, 4})
    sg4::Actor::create(fmt::format("boot-{}", cpu), p.storage[0], [&done, &p, cpu, bytes] {
      sg4::this_actor::sleep_until(1);
      sg4::Comm::sendto_async(p.storage[0], p.hba[cpu], static_cast<uint64_t>(bytes))->wait();
      done[fmt::format("cpu-{}", cpu)] = sg4::Engine::get_clock() - 1;
    });

  // ssw1 fails at 20: its own CPUs are cut, cpu-4 (switch 2, array on switch 0) is not.
  std::vector<int> cut;
  sg4::Actor::create("script", p.fabric, [wp, &cut] {
    sim::World& w = *wp;
    for (auto& vp : w.vsfs) vsf::test::warm_start(w, *vp);
    sg4::this_actor::sleep_until(20);
    vsf::faults::FaultEvent e;
    e.kind = vsf::faults::FaultKind::SanSwitch;
    e.target = 1;
    e.transition = vsf::faults::Transition::Fail;
    sim::apply_dataplane_fault(w, e);
    for (const auto& c : w.cpus) cut.push_back(c.cut);
  });
  bench.start_clock();
  auto r = bench.run();

  const double alone = bytes / s.grid.san_switches.spec.port_bandwidth_Bps;  // 10 s
  REQUIRE(done.size() == 2);
  CHECK(done["cpu-2"] == Approx(alone).epsilon(1e-4));
  CHECK(done["cpu-4"] == Approx(alone).epsilon(1e-4));
  CHECK(cut == std::vector<int>{0, 0, 1, 1, 0, 0});
  CHECK(r.of("cpu_lost").empty());
}
