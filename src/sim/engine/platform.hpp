// The SimGrid platform of a scenario, built in C++ from the grid model (no XML): which SimGrid host,
// disk and link stands for which piece of the computing grid. See platform.cpp for the construction.
#pragma once

#include <vector>

#include "grid/grid_model.hpp"
#include "model/scenario.hpp"

namespace simgrid::s4u {
class Host;
class Disk;
class Link;
class SplitDuplexLink;
}  // namespace simgrid::s4u

namespace vsf::sim {

// A port's link as a fault turns it off: a split-duplex link's two directions, or a plain link (`down`
// nullptr) where traffic only ever crosses the port one way (a CPU's SAN port in a grid without
// request-fidelity VSFs: platform.cpp). Both nullptr: no link (such a CPU's LAN NIC).
struct PortLink {
  simgrid::s4u::Link* up = nullptr;
  simgrid::s4u::Link* down = nullptr;
};

struct Platform {
  simgrid::s4u::Host* internet = nullptr;    // the clients, behind the uplink
  std::vector<simgrid::s4u::Host*> control;  // control-plane hosts (farm managers, lifecycle)
  std::vector<simgrid::s4u::Host*> cpu;      // by CpuId: the CPU on the LAN (VLAN) side (see cpu_lan)
  std::vector<simgrid::s4u::Host*> hba;      // by CpuId: the same CPU's SAN endpoint (HBA)
  // Whether CPUs have a LAN host and NIC link. Without request-fidelity VSFs nothing crosses a CPU's NIC
  // (flow fidelity times its messages from the route), so a CPU is then one host on its SAN switch
  // (cpu[id] == hba[id]) and its LAN messages are timed through its VLAN switch's stand-ins (lan_end).
  bool cpu_lan = true;
  std::vector<simgrid::s4u::Host*> storage;  // by storage index: the array's SAN endpoint
  std::vector<simgrid::s4u::Disk*> disk;     // by storage index: the array's disks
  // Where lifecycle actors run: the switches' and servers' own management agents, which carry out a
  // reconfiguration (ports, zoning, power, boot) once the control plane has commanded it. Passive and
  // never failed, so a control-plane host crash cannot cut a join or a release in half.
  simgrid::s4u::Host* fabric = nullptr;
  simgrid::s4u::Host* global_manager = nullptr;     // "control:global-manager" (multi-site, with a global_manager)
  std::vector<simgrid::s4u::SplitDuplexLink*> wan;  // by Grid::wan index: "wan:<name>"
  // The links a data-plane fault turns off (or, for array ports, slows down); see sim/faults/.
  std::vector<PortLink> lan_port;                          // by CpuId: "lan:<name>" (both NICs); none without cpu_lan
  std::vector<PortLink> san_port;                          // by CpuId: "san:<name>" (the HBA); plain without cpu_lan
  std::vector<simgrid::s4u::SplitDuplexLink*> array_link;  // by storage index: "san-array:<name>"
  simgrid::s4u::SplitDuplexLink* uplink = nullptr;
  // By site (one entry without sites: `internet`, `uplink`): each site's clients and Internet uplink.
  // (`wan`, above: one link per WAN link, shared by the LAN and the bridged SAN routes across it.)
  std::vector<simgrid::s4u::Host*> internet_of_site;
  std::vector<simgrid::s4u::SplitDuplexLink*> uplink_of_site;
  std::vector<simgrid::s4u::Link*> vlan_backplane, san_backplane;  // by switch; nullptr: non-blocking, no link
  // By switch: every port link attached to it (CPU NICs or HBAs, array links, the uplink, control-plane NICs).
  std::vector<std::vector<PortLink>> vlan_ports, san_ports;
  // By VLAN switch, without cpu_lan: two passive hosts "lan-stand-in:vlan<k>:src|dst" behind port links
  // of the switch's profile, the twins of its CPUs' NICs; they carry no traffic.
  std::vector<std::pair<simgrid::s4u::Host*, simgrid::s4u::Host*>> lan_stand_in;

  // The host standing for `h` at the `dst` (else source) end of a LAN route: `h` itself, but for a CPU
  // without a LAN host its VLAN switch's stand-in. A route between two stand-ins has the same links,
  // latencies and bandwidths, in the same order, as the one between the CPUs would have.
  const simgrid::s4u::Host* lan_end(const simgrid::s4u::Host* h, bool dst) const;
  // By switch: trunks at it (WAN links included: a switch's failure cuts the WAN links it ends).
  std::vector<std::vector<simgrid::s4u::SplitDuplexLink*>> vlan_trunks, san_trunks;
};

// Requires a live simgrid::s4u::Engine; calls sg_host_energy_plugin_init() itself, before any host
// exists. CPU hosts start powered on; the engine turns idle ones off at t = 0.
Platform build_platform(const Scenario& scenario, const grid::GridModel& grid);

}  // namespace vsf::sim
