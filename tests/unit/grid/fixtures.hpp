// Scenario builders for the grid tests: typed Scenario structs written directly in C++, so these tests
// depend on the grid module alone (not on the JSON loader).
#pragma once

#include <string>
#include <vector>

#include "grid/grid_model.hpp"
#include "model/scenario.hpp"

namespace vsf::grid::test {

struct GridShape {
  int cpus = 7;
  std::vector<std::string> names;  // empty: "cpu-<i>"
  int vlan_switches = 1;
  int san_switches = 1;
  std::vector<int> array_ports = {1};  // one storage array per entry, with that many SAN ports
  int control_hosts = 1;
  int vsfs = 2;  // VsfSpec entries, named vsf-a, vsf-b, ...
};

inline Scenario make_scenario(const GridShape& shape) {
  Scenario s;
  s.name = "grid-test";
  CpuGroup group;
  group.profile = "standard";
  group.count = shape.cpus;
  group.names = shape.names;
  s.grid.cpus.push_back(group);
  s.grid.vlan_switches.count = shape.vlan_switches;
  s.grid.san_switches.count = shape.san_switches;
  for (size_t k = 0; k < shape.array_ports.size(); ++k) {
    StorageArray a;
    a.name = "array" + std::to_string(k);
    a.ports = shape.array_ports[k];
    s.grid.storage.push_back(a);
  }
  s.grid.control_plane.hosts = shape.control_hosts;
  for (int v = 0; v < shape.vsfs; ++v) {
    VsfSpec spec;
    spec.name = std::string("vsf-") + static_cast<char>('a' + v);
    s.vsfs.push_back(spec);
  }
  return s;
}

// CPUs A..G of the patent's Fig. 5.
inline GridShape patent_shape() {
  GridShape shape;
  shape.cpus = 7;
  shape.names = {"A", "B", "C", "D", "E", "F", "G"};
  shape.array_ports = {1, 1};
  return shape;
}

// A CPU joins VSF `vsf` as the simulation does it: owner, VLAN port(s), SAN zone; and leaves it again.
inline void join(GridModel& g, CpuId c, int vsf, bool lb = false) {
  g.set_owner(c, vsf);
  g.vlan_join(c, vsf, lb);
  g.zone_join(c, vsf);
}

inline void leave(GridModel& g, CpuId c) {
  g.vlan_leave(c);
  g.zone_leave(c);
  g.set_owner(c, kIdle);
}

}  // namespace vsf::grid::test
