// The physical fabric: vertex and edge counts, where CPUs and storage are cabled, VLAN/zone join and
// leave (ports reconfigured), and the DOT output.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <climits>
#include <sstream>
#include <stdexcept>

#include "check_both.hpp"
#include "fixtures.hpp"
#include "grid/grid_model.hpp"

using namespace vsf;
using namespace vsf::grid;
using vsf::grid::test::GridShape;
using vsf::grid::test::make_scenario;

TEST_CASE("graph size of a one-switch grid", "[grid]") {
  GridShape shape;
  shape.cpus = 7;
  shape.array_ports = {2};
  Scenario s = make_scenario(shape);
  GridModel g(s);
  // Per CPU: CPU, 2 NICs, 2 VLAN ports, HBA, SAN port = 7 vertices; 2 CPU-NIC, 2 NIC-port, 2 port-switch,
  // CPU-HBA, HBA-port, port-switch = 9 edges.
  const int per_cpu_v = 7 * 7, per_cpu_e = 9 * 7;
  const int switches_v = 2 + 2;                // VLAN + SAN switch, and their control ports
  const int switches_e = 2;                    // control port - switch
  const int array_v = 1 + 2, array_e = 2 * 2;  // array + 2 ports; array-port, port-switch each
  const int uplink_v = 2, uplink_e = 2;        // internet + its port
  const int control_v = 3, control_e = 2 + 3;  // host, HBA, port; host to 2 control ports, host-HBA-port-switch
  const int registry_v = 3, registry_e = 3;    // array, port, volume
  CHECK(g.vertex_count() == per_cpu_v + switches_v + array_v + uplink_v + control_v + registry_v);
  CHECK(g.edge_count() == per_cpu_e + switches_e + array_e + uplink_e + control_e + registry_e);
  CHECK(g.cpu_count() == 7);
  CHECK(g.cpu(3).name == "cpu-3");
  CHECK(g.cpu(3).profile == "standard");

  const int v0 = g.vertex_count(), e0 = g.edge_count();
  g.create_vsf(0);
  CHECK(g.vertex_count() == v0 + 1);  // the VSF's volume (a LUN on the array)
  CHECK(g.edge_count() == e0 + 1);
  g.create_vsf(0);  // idempotent
  CHECK(g.vertex_count() == v0 + 1);
  // Moving CPUs changes logical state only.
  g.set_owner(2, 0);
  g.vlan_join(2, 0, false);
  g.zone_join(2, 0);
  CHECK(g.vertex_count() == v0 + 1);
  CHECK(g.edge_count() == e0 + 1);
}

TEST_CASE("multi-switch placement: CPUs in blocks, switches in a chain, arrays round-robin", "[grid]") {
  GridShape shape;
  shape.cpus = 10;
  shape.vlan_switches = 3;
  shape.san_switches = 2;
  shape.array_ports = {1, 3};
  shape.control_hosts = 2;
  shape.vsfs = 3;
  Scenario s = make_scenario(shape);
  GridModel g(s);
  std::vector<int> vlan_sw, san_sw;
  for (CpuId c = 0; c < g.cpu_count(); ++c) {
    vlan_sw.push_back(g.cpu(c).vlan_switch);
    san_sw.push_back(g.cpu(c).san_switch);
  }
  CHECK(vlan_sw == std::vector<int>{0, 0, 0, 0, 1, 1, 1, 1, 2, 2});  // ceil(10/3) = 4 per switch
  CHECK(san_sw == std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1});
  CHECK(g.vlan_switch_count() == 3);
  CHECK(g.san_switch_count() == 2);
  CHECK(g.vlan_trunks() == std::vector<std::pair<int, int>>{{0, 1}, {1, 2}});
  CHECK(g.san_trunks() == std::vector<std::pair<int, int>>{{0, 1}});
  REQUIRE(g.storage().size() == 2);
  CHECK(g.storage()[0].san_switch == 0);
  CHECK(g.storage()[1].san_switch == 1);
  CHECK(g.storage()[1].spec == &s.grid.storage[1]);
  CHECK(g.control_hosts() == std::vector<std::string>{"cp0", "cp1"});
  CHECK(g.uplink_vlan_switch() == 0);

  const int cpus_v = 7 * 10, cpus_e = 9 * 10;
  const int sw_v = 5 + 5, sw_e = 3 + 5;                    // switches + control ports; trunks + control-switch
  const int arrays_v = 2 + 4, arrays_e = 4 * 2;            // 2 arrays, 4 ports
  const int control_v = 2 * 3, control_e = 2 * 5 + 2 * 3;  // 2 hosts to 5 control ports each
  CHECK(g.vertex_count() == cpus_v + sw_v + arrays_v + 2 + control_v + 3);
  CHECK(g.edge_count() == cpus_e + sw_e + arrays_e + 2 + control_e + 3);

  for (int v = 0; v < 3; ++v) g.create_vsf(v);
  CHECK(g.vsf_storage(0) == 0);
  CHECK(g.vsf_storage(1) == 1);
  CHECK(g.vsf_storage(2) == 0);
  CHECK(g.vsf_storage(7) == -1);
  CHECK(test::check_both(g).empty());
}

// VLAN switches chain, SAN switches form a full mesh (grid_model.cpp); switch_path follows the trunks.
TEST_CASE("four switches of each kind: VLAN trunks a chain, SAN trunks a full mesh, paths over them", "[grid]") {
  GridShape shape;
  shape.cpus = 8;
  shape.vlan_switches = 4;
  shape.san_switches = 4;
  shape.array_ports = {1};
  Scenario s = make_scenario(shape);
  GridModel g(s);
  CHECK(g.vlan_trunks() == std::vector<std::pair<int, int>>{{0, 1}, {1, 2}, {2, 3}});
  CHECK(g.san_trunks() == std::vector<std::pair<int, int>>{{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}});
  CHECK(g.trunk_wans(true) == std::vector<int>(6, -1));
  CHECK(g.switch_path(false, 3, 0) == std::vector<int>{0, 1, 2, 3});  // b first, a last
  CHECK(g.switch_path(false, 1, 1) == std::vector<int>{1});
  CHECK(g.switch_path(true, 3, 0) == std::vector<int>{0, 3});
  CHECK(g.switch_path(true, 1, 2) == std::vector<int>{2, 1});
  // A VSF on SAN switches 0 and 3 reaches its volume (array0, switch 0) over the one trunk between them.
  g.create_vsf(0);
  test::join(g, 0, 0, true);
  test::join(g, 7, 0);
  REQUIRE(g.cpu(7).san_switch == 3);
  CHECK(g.reachable(0, 7));
  CHECK(test::check_both(g).empty());
}

TEST_CASE("VLAN and zone join/leave count only ports whose membership changed", "[grid]") {
  Scenario s = make_scenario(GridShape{});
  GridModel g(s);
  g.create_vsf(0);
  g.create_vsf(1);
  for (CpuId c = 0; c < g.cpu_count(); ++c) {
    CHECK(g.vlan_of_port(c, 0) == kIdle);
    CHECK(g.vlan_of_port(c, 1) == kIdle);
    CHECK(g.zone_of_cpu(c) == kIdle);
  }
  CHECK(g.vlan_join(0, 0, true) == 2);  // front to public, back to the VSF's VLAN
  CHECK(g.vlan_of_port(0, 0) == kPublic);
  CHECK(g.vlan_of_port(0, 1) == 0);
  CHECK(g.vlan_join(0, 0, true) == 0);   // already there
  CHECK(g.vlan_join(0, 0, false) == 1);  // now a server: only the front NIC moves
  CHECK(g.vlan_of_port(0, 0) == 0);
  CHECK(g.vlan_join(0, 1, false) == 2);
  CHECK(g.vlan_leave(0) == 2);
  CHECK(g.vlan_leave(0) == 0);
  CHECK(g.zone_join(0, 1) == 1);
  CHECK(g.zone_of_cpu(0) == 1);
  CHECK(g.zone_join(0, 1) == 0);
  CHECK(g.zone_leave(0) == 1);
  CHECK(g.zone_leave(0) == 0);
  CHECK(g.set_nic_vlan(0, 1, 1) == 1);
  CHECK(g.set_nic_vlan(0, 1, 1) == 0);
  CHECK(g.set_hba_zone(0, kIdle) == 0);
  // Programming errors are exceptions, not silent no-ops.
  CHECK_THROWS_AS(g.vlan_join(0, 5, false), std::invalid_argument);  // VSF 5 not created
  CHECK_THROWS_AS(g.zone_join(99, 0), std::out_of_range);
  CHECK_THROWS_AS(g.set_owner(0, 5), std::invalid_argument);
  CHECK_THROWS_AS(g.set_nic_vlan(0, 2, 0), std::invalid_argument);
}

TEST_CASE("idle_cpus and owners", "[grid]") {
  Scenario s = make_scenario(GridShape{});
  GridModel g(s);
  CHECK(g.idle_cpus() == std::vector<CpuId>{0, 1, 2, 3, 4, 5, 6});
  g.create_vsf(1);
  g.set_owner(4, 1);
  g.set_owner(1, 1);
  CHECK(g.idle_cpus() == std::vector<CpuId>{0, 2, 3, 5, 6});
  CHECK(g.owner(4) == 1);
  g.set_owner(4, kIdle);
  CHECK(g.idle_cpus() == std::vector<CpuId>{0, 2, 3, 4, 5, 6});
  CHECK(g.find_cpu("cpu-5") == std::optional<CpuId>{5});
  CHECK_FALSE(g.find_cpu("nope").has_value());
}

TEST_CASE("GridModel moves", "[grid]") {
  Scenario s = make_scenario(test::patent_shape());
  GridModel a(s);
  a.create_vsf(0);
  GridModel b(std::move(a));
  CHECK(b.vsf_exists(0));
  CHECK(b.find_cpu("D") == std::optional<CpuId>{3});
  GridModel c(s);
  c = std::move(b);
  CHECK(c.vsf_exists(0));
}

TEST_CASE("DOT output names every node and colours it by VSF", "[grid]") {
  Scenario s = make_scenario(test::patent_shape());
  auto build = [&] {
    GridModel g(s);
    g.create_vsf(0);
    g.create_vsf(1);
    g.set_owner(0, 0);
    g.vlan_join(0, 0, true);
    g.zone_join(0, 0);
    g.set_owner(5, 1);
    g.vlan_join(5, 1, false);
    g.zone_join(5, 1);
    return g;
  };
  GridModel g = build();
  const std::string dot = g.to_dot({"shop", "blog"});
  CHECK(dot.rfind("graph fabric {", 0) == 0);
  CHECK(dot.back() == '\n');
  CHECK(dot.find("}\n") != std::string::npos);
  for (const char* name : {"A", "B", "G", "vsw0", "ssw0", "array0", "internet", "cp0", "cp-registry/registry"}) {
    INFO(name);
    CHECK(dot.find(std::string("label=\"") + name) != std::string::npos);
  }
  // A is VSF 0's LB: owner colour on the CPU, VSF 0's colour and the public colour on its ports.
  CHECK(dot.find("label=\"A\\nshop\", shape=box, fillcolor=\"#1f77b4\"") != std::string::npos);
  CHECK(dot.find("label=\"F\\nblog\", shape=box, fillcolor=\"#ff7f0e\"") != std::string::npos);
  CHECK(dot.find("label=\"B\", shape=box, fillcolor=\"grey\"") != std::string::npos);
  CHECK(dot.find("label=\"cp0\", shape=box, fillcolor=\"black\"") != std::string::npos);
  CHECK(dot.find("label=\"A/front\", shape=ellipse, fillcolor=\"gold\"") != std::string::npos);
  CHECK(dot.find("label=\"A/back\", shape=ellipse, fillcolor=\"#1f77b4\"") != std::string::npos);
  CHECK(dot.find("label=\"shop\", fillcolor=\"#1f77b4\"") != std::string::npos);  // legend
  CHECK(dot.find("style=dashed") != std::string::npos);                           // control paths
  // One node line per vertex, one edge line per edge.
  const auto count = [&](const std::string& needle) {
    size_t n = 0;
    for (size_t p = dot.find(needle); p != std::string::npos; p = dot.find(needle, p + 1)) ++n;
    return static_cast<int>(n);
  };
  int node_lines = 0, edge_lines = 0;
  std::istringstream lines(dot);
  for (std::string line; std::getline(lines, line);) {
    const bool element =
        line.size() > 3 && line.compare(0, 3, "  n") == 0 && std::isdigit(static_cast<unsigned char>(line[3]));
    if (!element) continue;
    (line.find(" -- ") != std::string::npos ? edge_lines : node_lines) += 1;
  }
  CHECK(node_lines == g.vertex_count());
  CHECK(edge_lines == g.edge_count());
  CHECK(count(" -- ") == g.edge_count());
  // Deterministic: the same moves give the same bytes.
  CHECK(build().to_dot({"shop", "blog"}) == dot);
}

TEST_CASE("a port's name, derived from its switch and number, names it in an error", "[grid]") {
  vsf::grid::test::GridShape shape;
  shape.cpus = 2;
  vsf::Scenario s = vsf::grid::test::make_scenario(shape);
  vsf::grid::GridModel g(s);
  CHECK_THROWS_WITH(g.set_hba_zone(1, INT_MIN), "grid: storage-facing SAN port ssw0/p1 carries every zone");
}
