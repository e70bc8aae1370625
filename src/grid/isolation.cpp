// The isolation check: reachability over the edges the VLAN and zone memberships allow. A search is
// confined to one VLAN/zone id: it enters a switch port only if the port is in that VLAN/zone (storage-
// facing SAN ports carry every zone; the array then exposes only that zone's volumes), crosses trunks
// freely (they carry every VLAN and zone), never follows control edges, and stops at hosts: a CPU does
// not forward between its interfaces, and a VSF's LB is a firewall. Each VSF's search starts from its own
// CPUs' interfaces in its VLAN/zone and from its volume; whatever it reaches that is not its own is a
// violation. The Internet (public VLAN) may reach only LBs; the control plane's private zone only itself.
#include <algorithm>
#include <map>
#include <tuple>

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

std::vector<Vertex> GridModel::Impl::reach_from(const std::vector<Vertex>& seeds, int label) const {
  const size_t n = boost::num_vertices(g);
  if (stamp.size() < n) stamp.resize(n, 0);
  if (++search_id == 0) {  // wrapped: old stamps could collide with new ids
    std::fill(stamp.begin(), stamp.end(), 0);
    search_id = 1;
  }
  std::vector<Vertex> queue, reached;
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
      case Kind::SanSwitch: {
        const detail::SwitchIndex& idx = index_of_switch(u);
        auto it = idx.by_label.find(label);
        if (it != idx.by_label.end()) {
          for (Vertex p : it->second) visit(p);
        }
        for (Vertex p : idx.any_zone) visit(p);
        for (Vertex s : idx.trunks) visit(s);
        break;
      }
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

std::vector<Violation> GridModel::check_isolation() const {
  const Impl& m = *impl_;
  std::map<int, std::vector<Vertex>> seeds;  // VSF -> its interfaces in its own VLAN/zone, its volume
  for (const auto& [vsf, volume] : m.volumes) seeds[vsf].push_back(volume);
  for (CpuId c = 0; c < cpu_count(); ++c) {
    const int o = m.owner[c];
    if (o < 0) continue;
    auto it = seeds.find(o);
    if (it == seeds.end()) continue;
    const detail::CpuVertices& v = m.cv[c];
    for (int nic = 0; nic < 2; ++nic) {
      if (m.g[v.vport[nic]].label == o) it->second.push_back(v.nic[nic]);
    }
    if (m.g[v.sport].label == o) it->second.push_back(v.hba);
  }

  std::vector<std::tuple<int, Vertex, Violation>> found;
  auto judge = [&](int from, const std::vector<Vertex>& reached) {
    for (Vertex r : reached) {
      const detail::Node& node = m.g[r];
      int owner = kIdle;
      bool allowed = false;
      switch (node.kind) {
        case Kind::Cpu:
          owner = m.owner[node.index];
          allowed = from == kPublic ? m.firewall[node.index] != 0 : owner == from;
          break;
        case Kind::ControlHost:
          owner = kControlPlane;
          allowed = from == kControlPlane;
          break;
        default:  // a volume: its VSF, or the control plane's registry
          owner = node.index;
          allowed = owner == from;
          break;
      }
      if (!allowed) found.emplace_back(from, r, Violation{node.name, owner, from});
    }
  };
  for (const auto& [vsf, s] : seeds) judge(vsf, m.reach_from(s, vsf));
  judge(kPublic, m.reach_from({m.uplink}, kPublic));
  std::vector<Vertex> cp_seeds = m.control_hbas;
  cp_seeds.push_back(m.registry_volume);
  judge(kControlPlane, m.reach_from(cp_seeds, kControlPlane));

  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  std::vector<Violation> out;
  out.reserve(found.size());
  for (auto& f : found) out.push_back(std::move(std::get<2>(f)));
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
