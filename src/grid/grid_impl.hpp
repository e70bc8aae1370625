// Internals of GridModel shared by its .cpp files (construction and state, isolation, DOT): the
// Boost.Graph fabric, its vertex and edge kinds, and the indexes that keep the isolation check linear.
// Not part of the module's interface: include only from src/grid/*.cpp.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <climits>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "grid/grid_model.hpp"
#include "util/flat_set.hpp"

namespace vsf::grid::detail {

enum class Kind {
  Cpu,
  Nic,
  Hba,
  VlanPort,
  VlanSwitch,
  SanPort,
  SanSwitch,
  Array,
  Volume,
  Uplink,
  ControlHost,
  ControlPort
};
enum class Cable {
  Internal,  // inside a host: CPU to its NIC or HBA; array to its volume (LUN)
  Data,      // a data cable: interface to switch port
  PortOf,    // a port to its switch (the backplane)
  Trunk,     // switch to switch, carries every VLAN or zone
  Control,   // control-plane management path: never a data path, never traversed
};

// A SAN port cabled to a storage array carries every zone; the array's LUN masking decides.
constexpr int kAnyZone = INT_MIN;

// No name: a CPU's, interface's or port's name follows from its kind, index and parent (Impl::name_of), and
// a string in each of the 7 vertices per CPU was most of the graph's memory (issue 9). The few other
// vertices (switches, arrays, volumes, uplinks, control hosts) keep theirs in Impl::names.
struct Node {
  Kind kind = Kind::Cpu;
  int index = -1;     // CPU id, switch index, array index, control host index; a port's number on its
                      // switch; a NIC's number (0 front, 1 back); a volume's VSF
  int label = kIdle;  // VLAN (VLAN ports) or zone (SAN ports, volumes)
  int parent = -1;    // vertex: a port's switch, an interface's host, a volume's array
};
struct Link {
  Cable kind = Cable::Data;
  int wan = -1;  // a trunk standing for WanLink `wan` (sites only)
};
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, Node, Link>;
using Vertex = Graph::vertex_descriptor;

struct CpuVertices {
  Vertex cpu, nic[2], vport[2], hba, sport;
};

// A CPU's 7 vertices are built in a row (cpu, nic 0, its port, nic 1, its port, hba, its port): one
// number per CPU, not 7 (issue 9).
class CpuVertexTable {
 public:
  CpuVertices operator[](size_t cpu) const {
    const Vertex b = first_[cpu];
    return CpuVertices{b, {b + 1, b + 3}, {b + 2, b + 4}, b + 5, b + 6};
  }
  void push_back(const CpuVertices& v);  // checks the row
  void reserve(size_t n) { first_.reserve(n); }
  size_t size() const { return first_.size(); }

 private:
  std::vector<std::uint32_t> first_;
};

// Which of a switch's ports sit in which VLAN/zone: lets a search leave a switch only through the ports
// of its own label without scanning the whole switch (a switch may have thousands of ports).
// Keyed by label with hash maps, never iterated: a search looks up one label per switch it reaches, and a
// tree's walk down a thousand labels' cold nodes was most of an isolation search at 100,000 CPUs.
struct SwitchIndex {
  std::unordered_map<int, std::vector<Vertex>> by_label;
  std::vector<Vertex> any_zone;  // storage-facing SAN ports
  std::vector<Vertex> trunks;    // neighbouring switches
  int ports = 0;                 // ports created so far: the next port's number
};

struct ArrayIndex {
  std::vector<Vertex> ports;
  std::unordered_map<int, std::vector<Vertex>> volumes_by_zone;
};

}  // namespace vsf::grid::detail

namespace vsf::grid {

struct GridModel::Impl {
  detail::Graph g;
  std::vector<CpuInfo> cpus;
  detail::CpuVertexTable cv;
  std::vector<int> owner;
  // By VSF id: the CPUs it owns, in no order, and by CPU its place in its owner's list; kept by own(). An
  // isolation search finds its VSF's seeds from these (seeds_of): a few loads per CPU, where a walk from
  // the VSF's ports over the graph's edges to their CPUs was a dozen cache misses per port at 100,000 CPUs.
  std::vector<std::vector<CpuId>> owned;
  std::vector<std::uint32_t> owned_pos;
  void own(CpuId cpu, int vsf);                 // owner[cpu] = vsf, keeping `owned`
  void no_owners(size_t cpu_count);             // every CPU idle
  std::vector<char> firewall;                   // the CPU is a VSF's LB/firewall: its front NIC may face the Internet
  std::vector<CpuId> by_name;                   // CPU ids sorted by name (stable: the first of equal names wins)
  std::map<detail::Vertex, std::string> names;  // of the vertices name_of cannot derive
  std::string name_of(detail::Vertex v) const;
  std::vector<detail::Vertex> vlan_switches, san_switches;
  std::vector<detail::SwitchIndex> vlan_index, san_index;
  std::vector<StorageInfo> storage;
  std::vector<detail::Vertex> arrays;
  std::vector<detail::ArrayIndex> array_index;  // by array index; the registry array is the last one
  std::map<int, detail::Vertex> volumes;        // VSF -> its volume
  std::map<int, int> vsf_array;                 // VSF -> index into storage
  std::vector<std::string> control_host_names;
  std::vector<detail::Vertex> control_hosts, control_hbas;
  detail::Vertex uplink = 0;
  // The control plane's registry: by site (one without sites), each on its site's first SAN switch.
  std::vector<detail::Vertex> registry_arrays, registry_volumes;
  std::vector<detail::Vertex> uplinks;  // by site (one without sites: `uplink`)
  // Sites (sites.cpp). Without sites: one site, every switch in component 0, no WAN.
  std::vector<int> vlan_site, san_site, array_site;  // by switch / storage index
  std::vector<int> vlan_comp, san_comp;              // by switch: connected component of its kind's trunks
  bool vlan_split = false, san_split = false;        // more than one component (the holders filter)
  std::vector<int> array_switch;                     // by array_index index (registry included): SAN switch
  std::vector<std::pair<int, int>> vlan_trunk_list, san_trunk_list;
  std::vector<int> vlan_trunk_wan, san_trunk_wan;  // parallel: WanLink index or -1
  std::vector<WanLink> wan;
  int n_sites = 1;
  std::vector<int> vsf_site;                           // by Scenario::vsfs index
  std::map<int, std::vector<detail::Vertex>> mirrors;  // VSF -> its mirror volumes
  int component(detail::Vertex v) const;               // of a switch or array vertex
  void add_trunk(bool san, int a, int b, int wan_index);
  void cable_switches(bool san, int first, int end);      // trunks of switches [first, end): grid_model.cpp
  std::vector<std::vector<int>> vlan_parent, san_parent;  // [a][b]: b's parent on a BFS from a (switch_path)
  void find_paths();
  void find_components();
  void build_sites(const Scenario& scenario);
  void build_sites_control_plane(const Grid& grid);
  std::vector<std::uint32_t> pos;  // per vertex: position of a port in its switch's by_label vector
  // Per VLAN (zone): the VLAN (SAN) switches holding at least one port in it, kept by add_port and
  // set_label. Trunks chain every switch of a kind, so a search that reaches one switch reaches them all,
  // but only these add anything: it jumps to them instead of walking the chain (isolation.cpp). Per
  // zone: the storage arrays (cabled to storage-facing ports) holding a volume in it; a superset is
  // harmless (an array without the zone's volume adds nothing to a search). Sorted vectors: every search
  // walks one, a label's first or last port on a switch edits one.
  std::unordered_map<int, FlatSet<detail::Vertex>> vlan_holders, zone_holders, zone_arrays;
  std::unordered_map<int, FlatSet<detail::Vertex>>& holders(detail::Vertex sw) {
    return g[sw].kind == detail::Kind::VlanSwitch ? vlan_holders : zone_holders;
  }

  // Incremental isolation check (isolation.cpp). A search confined to label L depends only on the ports
  // in L, the seeds of L (interfaces of L's CPUs in L, L's volume) and the owner (and LB flag) of the
  // CPUs it reaches, whose ports are in L: so a change marks dirty the labels a port left and joined, an
  // owner change the old and new owner and the labels of the CPU's ports, create_vsf the new VSF. The
  // next check searches again only the dirty domains (VSFs with a volume, control plane), re-judges
  // the touched CPUs of the public VLAN's (below) and keeps every other domain's last findings.
  mutable std::map<int, std::vector<std::pair<detail::Vertex, Violation>>> found_by;  // non-empty only
  mutable std::set<int> dirty;
  mutable bool all_dirty = true;  // nothing searched yet
  void touch(int label) {
    if (!all_dirty) dirty.insert(label);
  }
  void touch_cpu(CpuId cpu);  // the labels of the CPU's three ports
  // The public VLAN's domain is kept CPU by CPU, not searched again: its search reaches every LB of the
  // grid, and every LB's join touched it, so searching it again cost the grid's VSFs at each of their
  // joins (a square in the grid, 2 % of a 100,000-CPU day). Its search reaches exactly the CPUs with a
  // port in the public VLAN on a switch the uplinks reach (public_switch), and it judges each by its LB
  // flag and owner: so a change of one CPU's public port, flag or owner re-judges that CPU alone
  // (update_public). The fabric (trunks, uplinks) never changes after it is built.
  mutable std::vector<CpuId> public_touched;
  void touch_label(int label, CpuId cpu) {  // `label` changed on one of cpu's ports, or cpu's judgement did
    if (label == kPublic) {
      if (!all_dirty) public_touched.push_back(cpu);
    } else {
      touch(label);
    }
  }
  mutable std::vector<char> public_switch;  // by VLAN switch index: reached by the public search
  bool publicly_reached(CpuId cpu) const;
  void update_public() const;  // found_by[kPublic] after the CPUs in public_touched changed
  // The violations of one domain's search, sorted by vertex; and its seeds.
  std::vector<std::pair<detail::Vertex, Violation>> judge(int from, const std::vector<detail::Vertex>& reached) const;
  std::vector<detail::Vertex> seeds_of(int domain) const;
  std::vector<Violation> check_all() const;  // IsolationCheck::Full

  // BFS scratch: a vertex is visited in the current search iff stamp[v] == search_id (no reset per search).
  mutable std::vector<unsigned> stamp;
  mutable unsigned search_id = 0;
  mutable std::vector<detail::Vertex> bfs_queue, bfs_next;  // a search's queue and a switch's next steps

  // `name` is kept only for the kinds name_of cannot derive (CPUs, interfaces and ports pass none).
  detail::Vertex add_vertex(detail::Kind kind, std::string name, int index, int label = kIdle, int parent = -1);
  // Before building: room for every vertex the scenario will have (VSF volumes and mirrors included), so
  // the vertex vector does not double past it; after: the name index.
  void reserve(const Scenario& scenario);
  void finish();
  void add_edge(detail::Vertex a, detail::Vertex b, detail::Cable kind);
  detail::Vertex add_port(bool vlan, int sw, int label);  // a new port on switch sw, cabled to it
  detail::SwitchIndex& index_of_switch(detail::Vertex sw);
  const detail::SwitchIndex& index_of_switch(detail::Vertex sw) const;
  int set_label(detail::Vertex port, int label, CpuId cpu);  // cpu's port: 1 if changed; keeps the switch index current
  void check_cpu(CpuId cpu) const;
  void check_vsf(int vsf) const;

  void build_cpu_on(const CpuGroup& group, int i, int vlan_switch, int san_switch, int site);
  void add_array(const Grid& grid, size_t k, int sw, int site);
  void add_registry(const std::string& name, int san_switch);
  // Construction steps, in this order (vertex ids follow it): switches and their trunks, CPUs with their
  // NICs, HBA and ports, the uplink, storage arrays, the control plane and its registry.
  void build_switches(int n_vlan, int n_san);
  void build_cpu(const CpuGroup& group, int i, int per_vlan, int per_san);
  void build_uplink_and_storage(const Grid& grid);
  void build_control_plane(const Grid& grid);

  // The DOT picture (dot.cpp): the VSF (or kIdle, kPublic, ...) a vertex's colour stands for, then the
  // nodes, the edges and the legend.
  int dot_colour_id(detail::Vertex v) const;
  void write_dot_nodes(std::ostream& os, const std::vector<std::string>& vsf_names) const;
  void write_dot_edges(std::ostream& os) const;
  void write_dot_legend(std::ostream& os, const std::vector<std::string>& vsf_names) const;

  // Every CPU, control host and volume reached from `seeds` (interfaces, volumes, the uplink) by a search
  // confined to VLAN/zone `label`, in discovery order. `indexed`: from a switch, jump to the switches and
  // arrays that hold `label` (vlan_holders, zone_holders, zone_arrays); otherwise walk every trunk and
  // storage port (the full check's reference). Both reach the same set.
  std::vector<detail::Vertex> reach_from(const std::vector<detail::Vertex>& seeds, int label,
                                         bool indexed = true) const;
  // The components (by switch kind) whose holders and arrays one indexed search has already queued: every
  // later switch of such a component would queue the same set again, all of it already visited. Without
  // this memo a search cost the square of the switches its VSF spans, which grows with the grid.
  struct SearchMemo {
    std::vector<int> vlan_holders, san_holders, san_arrays;
  };
  // Appends to `next` the vertices such a search may step onto from switch `sw`.
  void beyond_switch(detail::Vertex sw, int label, bool indexed, std::vector<detail::Vertex>& next,
                     SearchMemo& memo) const;
};

}  // namespace vsf::grid
