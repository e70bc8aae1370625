// The physical grid as a Boost.Graph graph, and its logical state: the VLAN of every VLAN port and the
// SAN zone of every SAN port (patent: "The Computing Grid", Figs. 5-8, 16). Moving a CPU between the
// idle pool and a VSF changes only logical state, never the graph. After each reconfiguration the
// isolation check proves that nothing of one VSF is reachable from another VSF. Plain C++: no SimGrid.
//
// Topology: several VLAN switches form a CHAIN (switch k trunked to switch k+1), several SAN switches a
// FULL MESH (a trunk between every two; patent: "multiple SAN switches are interconnected to form a mesh");
// a trunk carries every VLAN or zone, and the loader's port count takes the trunks' ports. CPU i is cabled to VLAN
// switch and SAN switch i / ceil(cpus / switches). Storage array k sits on SAN switch k % san_switches; its SAN ports
// carry every zone (LUN-level zoning: each volume is in exactly one zone, the array masks the rest).
// The control plane's hosts reach the switches only through control ports (never a data path) and the
// SAN only in the control plane's private zone, where its registry volume lives (patent Fig. 16).
//
// Move order the isolation check expects (the patent's): to acquire a CPU, set_owner first, then
// reconfigure; to release it, vlan_leave/zone_leave first, then set_owner(kIdle).
//
// Sites (issue 14; Grid::sites non-empty): each site's switches form their own chain and mesh, its CPUs are cabled
// in blocks over its own switches, its arrays round-robin over its own SAN switches, its control hosts on
// its own switches, and it has its own uplink on its first VLAN switch. A WAN link is a trunk between the
// two sites' first VLAN switches (it carries every VLAN: a VSF's VLAN, and the public one, extended over
// the WAN) and, only when the global manager's lent_boot is bridged_san, between their first SAN switches
// (else each site's SAN is an island of its own). A VSF's volume is on an array of its home site;
// add_mirror() gives it copies on other arrays (a lender site's mirror). Each site's control plane has its
// own registry array ("cp-registry:<site>") on the site's first SAN switch. Without sites the graph, its
// vertex and edge order, and every result are those of a single-site grid.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/scenario.hpp"

namespace vsf::grid {

using CpuId = int;
constexpr int kIdle = -1;          // owner of idle CPUs, VLAN/zone id of the idle VLAN and zone
constexpr int kPublic = -2;        // VLAN id of the public (Internet) VLAN; Violation::reached_from
                                   // when a non-LB CPU is reachable from the Internet
constexpr int kControlPlane = -3;  // owner of control-plane hosts and registry; id of its private zone
// A VSF's VLAN id and zone id are its index (>= 0).

// What the platform builder needs to know about each physical piece.
struct CpuInfo {
  std::string name;
  std::string profile;  // key of Models::hardware
  int vlan_switch;      // index of the VLAN switch its two NICs are cabled to
  int san_switch;       // index of the SAN switch its HBA is cabled to
  int site = 0;         // Grid::sites index (0 without sites)
};
struct StorageInfo {
  std::string name;
  int san_switch;
  const StorageArray* spec;
};

struct Violation {
  std::string node;  // the CPU or volume reachable from the wrong VSF
  int owner;         // VSF it belongs to (kIdle for idle, kControlPlane)
  int reached_from;  // VSF that can reach it (or kPublic, kControlPlane)
};

// Verified: both, and std::logic_error if they differ (the tests run every simulation so; not a CLI value).
enum class IsolationCheck { Incremental, Full, Verified };

// The Scenario must outlive the model (StorageInfo::spec points into it). Not thread-safe, even the const
// queries (the isolation check reuses scratch space).
class GridModel {
 public:
  explicit GridModel(const Scenario& scenario);
  ~GridModel();
  GridModel(GridModel&&) noexcept;
  GridModel& operator=(GridModel&&) noexcept;

  // physical inventory
  int cpu_count() const;
  const CpuInfo& cpu(CpuId id) const;
  std::optional<CpuId> find_cpu(const std::string& name) const;
  int vlan_switch_count() const;
  int san_switch_count() const;
  const std::vector<StorageInfo>& storage() const;
  int uplink_vlan_switch() const;  // where the Internet uplink is cabled (site 0's with sites)
  int uplink_vlan_switch(int site) const;
  int vertex_count() const;
  int edge_count() const;
  std::vector<std::pair<int, int>> vlan_trunks() const;  // (switch a, switch b): a chain per site
  std::vector<std::pair<int, int>> san_trunks() const;   // a full mesh per site
  // The switches of a kind on the fewest-trunk path from switch a to switch b, b first and a last (ties
  // to the lower trunks); {a} when not connected. The platform's routes between switches take these paths.
  std::vector<int> switch_path(bool san, int a, int b) const;
  // Parallel to vlan_trunks() / san_trunks(): the WanLink index (Grid::wan) a trunk stands for, -1 for a
  // trunk inside a site. Without sites, all -1.
  std::vector<int> trunk_wans(bool san) const;
  const std::vector<std::string>& control_hosts() const;  // names, one per grid.control_plane.hosts

  // sites: 1 without sites. site_of_switch(false, k): VLAN switch k's site; (true, k): SAN switch k's.
  int site_count() const;
  int site_of_array(int array) const;
  int site_of_switch(bool san, int k) const;
  // The WAN between two sites: the WanLink indices on the path the fabric routes (fewest hops, ties to
  // the lower link indices), empty for one site or none; the sum of their one-way latencies (0 for one
  // site, infinity when not connected); the narrowest bandwidth on it (infinity for one site or none).
  std::vector<int> wan_path(int site_a, int site_b) const;
  double wan_one_way_s(int site_a, int site_b) const;
  double wan_bandwidth_Bps(int site_a, int site_b) const;

  // logical state. VSF index = position in Scenario::vsfs.
  // create_vsf gives VSF `vsf` its private VLAN, its SAN zone and a data/boot volume on a storage array.
  // idempotent; volume on array vsf % storage().size() (with sites: the vsf % n-th of its home site's)
  void create_vsf(int vsf);
  // A second volume of VSF `vsf`'s zone on array `array` (a mirror at a lender site, from which lent CPUs
  // boot and read); the isolation check searches from it as from the VSF's own volume. Idempotent.
  void add_mirror(int vsf, int array);
  // The arrays holding a volume in the CPU's zone that its HBA reaches (ascending).
  std::vector<int> arrays_reached(CpuId cpu) const;
  // The registries (by site; 0 without sites) control-plane host `host` reaches over the SAN in the control
  // plane's private zone (ascending). Each site's registry is on its own first SAN switch.
  std::vector<int> registries_reached(int host) const;
  bool vsf_exists(int vsf) const;
  int vsf_storage(int vsf) const;  // index into storage() of the VSF's volume; -1 if none
  // The CPU's NICs join the VSF: an LB's front NIC joins the public (Internet) VLAN and its back NIC the
  // VSF's VLAN; a server's NICs both join the VSF's VLAN. Returns the number of ports reconfigured.
  int vlan_join(CpuId cpu, int vsf, bool is_lb);
  int vlan_leave(CpuId cpu);          // both NICs back to the idle VLAN
  int zone_join(CpuId cpu, int vsf);  // the CPU's SAN port joins the VSF's zone
  int zone_leave(CpuId cpu);          // back to the idle zone
  // One port at a time, any id (kIdle, kPublic, kControlPlane, a VSF): for step-by-step reconfiguration
  // and fault injection. Return 1 if the membership changed, else 0. Do not change the LB flag.
  int set_nic_vlan(CpuId cpu, int nic, int vlan);
  int set_hba_zone(CpuId cpu, int zone);
  // Ownership: which VSF a CPU is allocated to (kIdle when in the idle pool). Set by the control plane
  // when it decides a move, before reconfiguring; the isolation check compares reachability with it.
  void set_owner(CpuId cpu, int vsf);
  int owner(CpuId cpu) const;
  int vlan_of_port(CpuId cpu, int nic) const;  // nic 0 = front, 1 = back; kIdle = idle VLAN
  int zone_of_cpu(CpuId cpu) const;            // kIdle = idle zone
  std::vector<CpuId> idle_cpus() const;        // ascending ids

  // Reachability over the edges the memberships allow: a node owned by one VSF (or idle) that is
  // reachable from another VSF's nodes is a violation. Empty = isolated. Every violation of the current
  // state, sorted by reached_from, then by vertex: both ways give the same list.
  // Incremental (the default): searches again only the VSFs, public VLAN and control plane a change since
  // the last incremental check may have affected (the labels a port left and joined, a CPU's old and new
  // owner), each search O(switches + storage ports + that domain's ports); the first call searches all.
  // Full: searches every domain, O(VSFs x (switches + storage ports) + V + E); the reference.
  // Verified: incremental, checked against full.
  std::vector<Violation> check_isolation(IsolationCheck how = IsolationCheck::Incremental) const;
  // Can some interface of `a` reach CPU `b` over the allowed edges (each interface in its own VLAN or
  // zone, idle included)? A CPU does not forward between its interfaces. reachable(a, a) is true.
  bool reachable(CpuId a, CpuId b) const;

  // Graphviz DOT of the fabric, nodes coloured by VSF (idle grey, control plane black).
  std::string to_dot(const std::vector<std::string>& vsf_names) const;

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace vsf::grid
