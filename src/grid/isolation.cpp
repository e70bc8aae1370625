// The isolation check: reachability over the edges the VLAN and zone memberships allow. A search is
// confined to one VLAN/zone id: it enters a switch port only if the port is in that VLAN/zone (storage-
// facing SAN ports carry every zone; the array then exposes only that zone's volumes), crosses trunks
// freely (they carry every VLAN and zone), never follows control edges, and stops at hosts: a CPU does
// not forward between its interfaces, and a VSF's LB is a firewall. Each VSF's search starts from its own
// CPUs' interfaces in its VLAN/zone and from its volume; whatever it reaches that is not its own is a
// violation. The Internet (public VLAN) may reach only LBs; the control plane's private zone only itself.
#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "grid/grid_impl.hpp"

namespace vsf::grid {

using detail::Cable;
using detail::Kind;
using detail::Vertex;

namespace {

// May a search confined to `label` step onto vertex w?
bool enterable(const detail::Node& w, int label) {
  switch (w.kind) {
    case Kind::VlanPort:
    case Kind::SanPort:
      return w.label == label || w.label == detail::kAnyZone;
    case Kind::Volume:
      return w.label == label;
    case Kind::ControlPort:
      return false;
    default:
      return true;
  }
}

}  // namespace

// What a search confined to `label` may step onto from switch `sw` (see reach_from).
void GridModel::Impl::beyond_switch(Vertex sw, int label, bool indexed, std::vector<Vertex>& next,
                                    SearchMemo& memo) const {
  const detail::SwitchIndex& idx = index_of_switch(sw);
  if (auto it = idx.by_label.find(label); it != idx.by_label.end())
    next.insert(next.end(), it->second.begin(), it->second.end());
  if (!indexed) {  // the reference: every storage port and trunk walked
    next.insert(next.end(), idx.any_zone.begin(), idx.any_zone.end());
    next.insert(next.end(), idx.trunks.begin(), idx.trunks.end());
    return;
  }
  const bool san = g[sw].kind == Kind::SanSwitch;
  // With sites, trunks join only the switches of one component (a site's chain, and the sites the WAN
  // joins it to; an unbridged SAN is one component per site): only those are reachable from here.
  const bool split = san ? san_split : vlan_split;
  const int here = split ? component(sw) : 0;
  auto first_time = [here](std::vector<int>& done) {  // a handful of components: a linear scan
    if (std::find(done.begin(), done.end(), here) != done.end()) return false;
    done.push_back(here);
    return true;
  };
  auto add_in_component = [&](const FlatSet<Vertex>& to) {
    if (!split) {
      next.insert(next.end(), to.begin(), to.end());
      return;
    }
    for (Vertex v : to)
      if (component(v) == here) next.push_back(v);
  };
  // The trunks connect every switch of this kind (of the component): all are reachable from here, and of
  // them only those with ports in `label` add anything (their storage ports are taken next).
  if (!idx.trunks.empty() && first_time(san ? memo.san_holders : memo.vlan_holders)) {
    const auto& holders = san ? zone_holders : vlan_holders;
    if (auto h = holders.find(label); h != holders.end()) add_in_component(h->second);
  }
  // Every storage array's ports sit on these connected switches, so every array is reachable; of them
  // only those with a volume in `label` add anything (a storage port leads only to its array and back to
  // its switch).
  if (!san || !first_time(memo.san_arrays)) return;
  if (auto a = zone_arrays.find(label); a != zone_arrays.end()) add_in_component(a->second);
}

std::vector<Vertex> GridModel::Impl::reach_from(const std::vector<Vertex>& seeds, int label, bool indexed) const {
  const size_t n = boost::num_vertices(g);
  if (stamp.size() < n) stamp.resize(n, 0);
  if (++search_id == 0) {  // wrapped: old stamps could collide with new ids
    std::fill(stamp.begin(), stamp.end(), 0);
    search_id = 1;
  }
  std::vector<Vertex>& queue = bfs_queue;  // scratch kept between searches, as stamp is
  std::vector<Vertex>& next = bfs_next;
  queue.clear();
  std::vector<Vertex> reached;
  SearchMemo memo;
  auto visit = [&](Vertex w) {
    if (stamp[w] == search_id) return;
    stamp[w] = search_id;
    queue.push_back(w);
  };
  for (Vertex s : seeds) visit(s);
  for (size_t head = 0; head < queue.size(); ++head) {
    const Vertex u = queue[head];
    const detail::Node& node = g[u];
    switch (node.kind) {
      case Kind::Cpu:
      case Kind::ControlHost:
        reached.push_back(u);  // hosts do not forward
        break;
      case Kind::VlanSwitch:
      case Kind::SanSwitch:
        next.clear();
        beyond_switch(u, label, indexed, next, memo);
        for (Vertex w : next) visit(w);
        break;
      case Kind::Array: {
        const detail::ArrayIndex& idx = array_index[node.index];
        for (Vertex p : idx.ports) {
          if (enterable(g[p], label)) visit(p);
        }
        auto it = idx.volumes_by_zone.find(label);
        if (it != idx.volumes_by_zone.end()) {
          for (Vertex v : it->second) visit(v);
        }
        break;
      }
      case Kind::Volume:
        reached.push_back(u);
        if (node.parent >= 0) visit(static_cast<Vertex>(node.parent));
        break;
      default:  // interfaces, ports, the uplink: a handful of edges each
        for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) {
          if (g[*e].kind == Cable::Control) continue;
          const Vertex w = boost::target(*e, g);
          if (enterable(g[w], label)) visit(w);
        }
        break;
    }
  }
  return reached;
}

void GridModel::Impl::touch_cpu(CpuId cpu) {
  const detail::CpuVertices& v = cv[cpu];
  touch_label(g[v.vport[0]].label, cpu);
  touch_label(g[v.vport[1]].label, cpu);
  touch_label(g[v.sport].label, cpu);
}

// Whether the public search would reach the CPU: a port of it in the public VLAN on a switch that search
// reaches. Those switches (public_switch) are the uplinks' and, from one with trunks, every switch of its
// trunk component (every switch when trunks do not split the grid), as beyond_switch steps; each site
// has its uplink, so in the grids vsfsim builds that is every switch.
bool GridModel::Impl::publicly_reached(CpuId cpu) const {
  if (public_switch.empty()) {
    public_switch.assign(vlan_switches.size(), 0);
    for (Vertex up : uplinks)
      for (auto [e, end] = boost::out_edges(up, g); e != end; ++e) {
        const int sw = g[static_cast<Vertex>(g[boost::target(*e, g)].parent)].index;
        public_switch[static_cast<size_t>(sw)] = 1;
        if (vlan_index[static_cast<size_t>(sw)].trunks.empty()) continue;
        for (size_t k = 0; k < vlan_switches.size(); ++k)
          if (!vlan_split || vlan_comp[k] == vlan_comp[static_cast<size_t>(sw)]) public_switch[k] = 1;
      }
  }
  const detail::CpuVertices& v = cv[static_cast<size_t>(cpu)];
  for (const Vertex port : v.vport) {
    const detail::Node& p = g[port];
    if (p.label == kPublic && public_switch[static_cast<size_t>(g[static_cast<Vertex>(p.parent)].index)] != 0)
      return true;
  }
  return false;
}

// Each touched CPU judged again as judge() would judge it, were the public search run again: its violation
// (reached, not an LB) replaced in found_by[kPublic], which stays sorted by vertex.
void GridModel::Impl::update_public() const {
  std::sort(public_touched.begin(), public_touched.end());
  public_touched.erase(std::unique(public_touched.begin(), public_touched.end()), public_touched.end());
  auto& list = found_by[kPublic];
  for (const CpuId cpu : public_touched) {
    const Vertex v = cv[static_cast<size_t>(cpu)].cpu;
    auto at = std::lower_bound(list.begin(), list.end(), v, [](const auto& f, Vertex x) { return f.first < x; });
    if (at != list.end() && at->first == v) at = list.erase(at);
    if (publicly_reached(cpu) && firewall[static_cast<size_t>(cpu)] == 0)
      list.insert(at, {v, Violation{name_of(v), owner[static_cast<size_t>(cpu)], kPublic}});
  }
  if (list.empty()) found_by.erase(kPublic);
  public_touched.clear();
}

// Whatever `reached` holds that a search from `from` may not reach, sorted by vertex.
std::vector<std::pair<Vertex, Violation>> GridModel::Impl::judge(int from, const std::vector<Vertex>& reached) const {
  std::vector<std::pair<Vertex, Violation>> found;
  for (Vertex r : reached) {
    const detail::Node& node = g[r];
    int who = kIdle;
    bool allowed = false;
    switch (node.kind) {
      case Kind::Cpu:
        who = owner[node.index];
        allowed = from == kPublic ? firewall[node.index] != 0 : who == from;
        break;
      case Kind::ControlHost:
        who = kControlPlane;
        allowed = from == kControlPlane;
        break;
      default:  // a volume: its VSF, or the control plane's registry
        who = node.index;
        allowed = who == from;
        break;
    }
    if (!allowed) found.emplace_back(r, Violation{name_of(r), who, from});
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return found;
}

// The seeds of one search domain: for a VSF, its volume and mirrors and the interfaces of its own CPUs
// (GridModel::Impl::owned) whose ports are in its VLAN/zone; the reference (check_all) finds the same by a
// walk over every CPU.
std::vector<Vertex> GridModel::Impl::seeds_of(int domain) const {
  if (domain == kPublic) return uplinks;
  if (domain == kControlPlane) {
    std::vector<Vertex> s = control_hbas;
    s.insert(s.end(), registry_volumes.begin(), registry_volumes.end());
    return s;
  }
  std::vector<Vertex> s = {volumes.at(domain)};
  if (auto mirror = mirrors.find(domain); mirror != mirrors.end())
    s.insert(s.end(), mirror->second.begin(), mirror->second.end());
  if (domain < 0 || static_cast<size_t>(domain) >= owned.size()) return s;
  for (const CpuId c : owned[static_cast<size_t>(domain)]) {
    const detail::CpuVertices& v = cv[static_cast<size_t>(c)];
    for (int nic = 0; nic < 2; ++nic)
      if (g[v.vport[nic]].label == domain) s.push_back(v.nic[nic]);
    if (g[v.sport].label == domain) s.push_back(v.hba);
  }
  return s;
}

// The reference: every domain searched, its seeds found by a walk over every CPU (not the switch indexes
// the incremental check uses), each search walking every trunk and storage port (not the label index),
// nothing cached.
std::vector<Violation> GridModel::Impl::check_all() const {
  std::map<int, std::vector<Vertex>> seeds;  // VSF -> its interfaces in its own VLAN/zone, its volume
  for (const auto& [vsf, volume] : volumes) seeds[vsf].push_back(volume);
  for (const auto& [vsf, copies] : mirrors) seeds[vsf].insert(seeds[vsf].end(), copies.begin(), copies.end());
  for (CpuId c = 0; c < static_cast<CpuId>(cpus.size()); ++c) {
    auto it = seeds.find(owner[c]);
    if (it == seeds.end()) continue;
    const detail::CpuVertices& v = cv[c];
    for (int nic = 0; nic < 2; ++nic) {
      if (g[v.vport[nic]].label == owner[c]) it->second.push_back(v.nic[nic]);
    }
    if (g[v.sport].label == owner[c]) it->second.push_back(v.hba);
  }
  seeds[kPublic] = uplinks;
  seeds[kControlPlane] = control_hbas;
  seeds[kControlPlane].insert(seeds[kControlPlane].end(), registry_volumes.begin(), registry_volumes.end());
  std::vector<Violation> out;
  for (const auto& [from, s] : seeds)  // ascending: control plane, public, then VSFs
    for (auto& f : judge(from, reach_from(s, from, false))) out.push_back(std::move(f.second));
  return out;
}

std::vector<Violation> GridModel::check_isolation(IsolationCheck how) const {
  const Impl& m = *impl_;
  if (how == IsolationCheck::Full) return m.check_all();
  if (how == IsolationCheck::Verified) {
    std::vector<Violation> inc = check_isolation(IsolationCheck::Incremental), full = m.check_all();
    auto same = [](const Violation& a, const Violation& b) {
      return a.node == b.node && a.owner == b.owner && a.reached_from == b.reached_from;
    };
    if (!std::equal(inc.begin(), inc.end(), full.begin(), full.end(), same))
      throw std::logic_error("grid: the incremental isolation check found " + std::to_string(inc.size()) +
                             " violations, the full one " + std::to_string(full.size()));
    return inc;
  }
  auto search = [&m](int d) {
    auto list = m.judge(d, m.reach_from(m.seeds_of(d), d));
    if (list.empty()) {
      m.found_by.erase(d);
    } else {
      m.found_by[d] = std::move(list);
    }
  };
  if (m.all_dirty) {
    for (const auto& [vsf, volume] : m.volumes) search(vsf);
    search(kPublic);
    search(kControlPlane);
    m.all_dirty = false;
  } else {
    for (int d : m.dirty) {
      if (d == kPublic || d == kControlPlane || m.volumes.count(d)) search(d);
    }
  }
  m.dirty.clear();
  m.update_public();  // after a search of the public VLAN (the first check), a no-op
  std::vector<Violation> out;
  for (const auto& [from, list] : m.found_by)
    for (const auto& f : list) out.push_back(f.second);
  return out;
}

bool GridModel::reachable(CpuId a, CpuId b) const {
  const Impl& m = *impl_;
  m.check_cpu(a);
  m.check_cpu(b);
  if (a == b) return true;
  const detail::CpuVertices& v = m.cv[a];
  const std::pair<Vertex, Vertex> interfaces[3] = {{v.nic[0], v.vport[0]}, {v.nic[1], v.vport[1]}, {v.hba, v.sport}};
  for (const auto& [iface, port] : interfaces) {
    for (Vertex r : m.reach_from({iface}, m.g[port].label)) {
      if (r == m.cv[b].cpu) return true;
    }
  }
  return false;
}

}  // namespace vsf::grid
