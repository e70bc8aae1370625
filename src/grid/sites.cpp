// GridModel with sites (issue 14; patent "A wide area computing grid", Fig. 18): the merged grid's
// per-site cabling, the WAN trunks, the connected components the isolation check's shortcut respects,
// the WAN paths between sites, and the mirrors of a VSF's volume at lender sites.
#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <stdexcept>

#include "grid/grid_impl.hpp"

namespace vsf::grid {

using detail::Cable;
using detail::Kind;
using detail::Vertex;

namespace {

int ceil_div(int a, int b) { return (a + b - 1) / b; }

int range_end(const IndexRange& r) { return r.first + r.count; }

// The site whose range holds i (the last one that starts at or before it, for a range left empty).
template <class Get>
int site_holding(const std::vector<SiteSpec>& sites, int i, Get range) {
  for (size_t s = 0; s < sites.size(); ++s)
    if (range(sites[s]).contains(i)) return static_cast<int>(s);
  return 0;
}

}  // namespace

int GridModel::Impl::component(Vertex v) const {
  const detail::Node& n = g[v];
  if (n.kind == Kind::VlanSwitch) return vlan_comp[n.index];
  if (n.kind == Kind::SanSwitch) return san_comp[n.index];
  return san_comp[array_switch[n.index]];  // an array (the registry included)
}

// Components of each kind's trunk graph: the switches a search that reaches one switch can reach, numbered
// in the order of their lowest switch; those a BFS from that switch reaches (find_paths' parents).
void GridModel::Impl::find_components() {
  auto label = [](const std::vector<std::vector<int>>& parent, std::vector<int>& comp) {
    const size_t n = parent.size();
    comp.assign(n, -1);
    int next = 0;
    for (size_t s = 0; s < n; ++s) {
      if (comp[s] >= 0) continue;
      for (size_t t = 0; t < n; ++t)
        if (parent[s][t] >= 0) comp[t] = next;
      ++next;
    }
    return next > 1;
  };
  vlan_split = label(vlan_parent, vlan_comp);
  san_split = label(san_parent, san_comp);
}

void GridModel::Impl::build_sites(const Scenario& scenario) {
  const Grid& grid = scenario.grid;
  const std::vector<SiteSpec>& sites = grid.sites;
  n_sites = static_cast<int>(sites.size());
  wan = grid.wan;
  for (const VsfSpec& v : scenario.vsfs) vsf_site.push_back(v.site);
  int n_vlan = 1, n_san = 1;
  for (const SiteSpec& s : sites) {
    n_vlan = std::max(n_vlan, range_end(s.vlan_switches));
    n_san = std::max(n_san, range_end(s.san_switches));
  }
  build_switches(n_vlan, n_san);
  for (int s = 0; s < n_sites; ++s) {
    const SiteSpec& site = sites[s];
    for (int k = site.vlan_switches.first; k < range_end(site.vlan_switches); ++k) vlan_site[k] = s;
    for (int k = site.san_switches.first; k < range_end(site.san_switches); ++k) san_site[k] = s;
    cable_switches(false, site.vlan_switches.first, range_end(site.vlan_switches));
    cable_switches(true, site.san_switches.first, range_end(site.san_switches));
  }
  const bool bridged = scenario.global_manager.lent_boot == LentBoot::BridgedSan;
  for (size_t w = 0; w < wan.size(); ++w) {
    const SiteSpec& a = sites.at(wan[w].a);
    const SiteSpec& b = sites.at(wan[w].b);
    add_trunk(false, a.vlan_switches.first, b.vlan_switches.first, static_cast<int>(w));
    if (bridged) add_trunk(true, a.san_switches.first, b.san_switches.first, static_cast<int>(w));
  }
  // CPUs in blocks over their own site's switches, as a single-site grid over all of its own.
  for (const CpuGroup& group : grid.cpus) {
    const SiteSpec& site = sites.at(group.site);
    const int n_cpus = std::max(1, site.cpus.count);
    const int per_vlan = std::max(1, ceil_div(n_cpus, std::max(1, site.vlan_switches.count)));
    const int per_san = std::max(1, ceil_div(n_cpus, std::max(1, site.san_switches.count)));
    for (int i = 0; i < group.count; ++i) {
      const int local = std::max(0, static_cast<int>(cpus.size()) - site.cpus.first);
      const int vsw = site.vlan_switches.first + std::min(local / per_vlan, std::max(1, site.vlan_switches.count) - 1);
      const int ssw = site.san_switches.first + std::min(local / per_san, std::max(1, site.san_switches.count) - 1);
      build_cpu_on(group, i, vsw, ssw, group.site);
    }
  }
  no_owners(cpus.size());
  firewall.assign(cpus.size(), 0);
  for (int s = 0; s < n_sites; ++s) {
    Vertex up = add_vertex(Kind::Uplink, "internet:" + sites[s].name, s, kPublic);
    add_edge(up, add_port(true, sites[s].vlan_switches.first, kPublic), Cable::Data);
    uplinks.push_back(up);
  }
  uplink = uplinks.front();
  for (size_t k = 0; k < grid.storage.size(); ++k) {
    const int s = site_holding(sites, static_cast<int>(k), [](const SiteSpec& x) { return x.arrays; });
    const SiteSpec& site = sites[s];
    const int local = static_cast<int>(k) - site.arrays.first;
    add_array(grid, k, site.san_switches.first + local % std::max(1, site.san_switches.count), s);
  }
  build_sites_control_plane(grid);
}

// As build_control_plane, but each host on its own site's switches' control ports and SAN switches.
void GridModel::Impl::build_sites_control_plane(const Grid& grid) {
  std::vector<Vertex> control_ports;  // by vertex of the switch: VLAN switches, then SAN switches
  for (Vertex sw : vlan_switches)
    control_ports.push_back(add_vertex(Kind::ControlPort, {}, 0, kIdle, static_cast<int>(sw)));
  for (Vertex sw : san_switches)
    control_ports.push_back(add_vertex(Kind::ControlPort, {}, 0, kIdle, static_cast<int>(sw)));
  for (size_t k = 0; k < control_ports.size(); ++k) {
    Vertex sw = k < vlan_switches.size() ? vlan_switches[k] : san_switches[k - vlan_switches.size()];
    add_edge(control_ports[k], sw, Cable::Control);
  }
  const std::vector<SiteSpec>& sites = grid.sites;
  for (int s = 0; s < n_sites; ++s) {
    const SiteSpec& site = sites[s];
    for (int h = site.control_hosts.first; h < range_end(site.control_hosts); ++h) {
      std::string name = "cp" + std::to_string(h);
      Vertex host = add_vertex(Kind::ControlHost, name, h, kControlPlane);
      for (size_t k = 0; k < control_ports.size(); ++k) {
        const bool san = k >= vlan_switches.size();
        const int sw = static_cast<int>(san ? k - vlan_switches.size() : k);
        if ((san ? san_site : vlan_site)[sw] == s) add_edge(host, control_ports[k], Cable::Control);
      }
      Vertex hba = add_vertex(Kind::Hba, {}, 0, kControlPlane, static_cast<int>(host));
      add_edge(host, hba, Cable::Internal);
      const int local = h - site.control_hosts.first;
      const int ssw = site.san_switches.first + local % std::max(1, site.san_switches.count);
      add_edge(hba, add_port(false, ssw, kControlPlane), Cable::Data);
      control_host_names.push_back(std::move(name));
      control_hosts.push_back(host);
      control_hbas.push_back(hba);
    }
  }
  // Each segment's registry on its own SAN (its first switch): a site's SAN failure reaches its own only.
  for (int s = 0; s < n_sites; ++s) add_registry("cp-registry:" + sites[s].name, sites[s].san_switches.first);
}

// ---- queries ----

int GridModel::site_count() const { return impl_->n_sites; }

int GridModel::site_of_array(int array) const {
  if (array < 0 || array >= static_cast<int>(impl_->storage.size()))
    throw std::out_of_range("grid: no storage array " + std::to_string(array));
  return impl_->array_site[array];
}

int GridModel::site_of_switch(bool san, int k) const {
  const std::vector<int>& sites = san ? impl_->san_site : impl_->vlan_site;
  if (k < 0 || k >= static_cast<int>(sites.size())) throw std::out_of_range("grid: no switch " + std::to_string(k));
  return sites[k];
}

int GridModel::uplink_vlan_switch(int site) const {
  if (site < 0 || site >= impl_->n_sites) throw std::out_of_range("grid: no site " + std::to_string(site));
  const Vertex up = impl_->uplinks[site];
  for (auto [e, end] = boost::out_edges(up, impl_->g); e != end; ++e) {
    const Vertex port = boost::target(*e, impl_->g);
    return impl_->g[static_cast<Vertex>(impl_->g[port].parent)].index;
  }
  return 0;
}

std::vector<int> GridModel::wan_path(int site_a, int site_b) const {
  const Impl& m = *impl_;
  if (site_a < 0 || site_b < 0 || site_a >= m.n_sites || site_b >= m.n_sites)
    throw std::out_of_range("grid: no site " + std::to_string(std::max(site_a, site_b)));
  if (site_a == site_b) return {};
  // BFS over sites, links in index order: the same path the platform's trunk routing takes between two
  // sites' first switches when each site's chain is the only way through it.
  std::vector<int> via(m.n_sites, -1), from(m.n_sites, -1);
  from[site_a] = site_a;
  std::deque<int> queue{site_a};
  while (!queue.empty()) {
    const int u = queue.front();
    queue.pop_front();
    for (size_t w = 0; w < m.wan.size(); ++w) {
      const int other = m.wan[w].a == u ? m.wan[w].b : m.wan[w].b == u ? m.wan[w].a : -1;
      if (other < 0 || from[other] >= 0) continue;
      from[other] = u;
      via[other] = static_cast<int>(w);
      queue.push_back(other);
    }
  }
  std::vector<int> path;
  if (from[site_b] < 0) return path;
  for (int s = site_b; s != site_a; s = from[s]) path.insert(path.begin(), via[s]);
  return path;
}

double GridModel::wan_one_way_s(int site_a, int site_b) const {
  if (site_a == site_b) return 0;
  const std::vector<int> path = wan_path(site_a, site_b);
  if (path.empty()) return std::numeric_limits<double>::infinity();
  double s = 0;
  for (int w : path) s += impl_->wan[w].latency_s;
  return s;
}

double GridModel::wan_bandwidth_Bps(int site_a, int site_b) const {
  double bw = std::numeric_limits<double>::infinity();
  for (int w : wan_path(site_a, site_b)) bw = std::min(bw, impl_->wan[w].bandwidth_Bps);
  return bw;
}

// ---- mirrors ----

void GridModel::add_mirror(int vsf, int array) {
  Impl& m = *impl_;
  m.check_vsf(vsf);
  if (array < 0 || array >= static_cast<int>(m.storage.size()))
    throw std::out_of_range("grid: no storage array " + std::to_string(array));
  const Vertex a = m.arrays[array];
  if (m.zone_arrays[vsf].count(a) != 0) return;  // its volume or a mirror is there already
  m.touch(vsf);
  Vertex vol = m.add_vertex(Kind::Volume, m.storage[array].name + "/vsf" + std::to_string(vsf) + "-mirror", vsf, vsf,
                            static_cast<int>(a));
  m.add_edge(a, vol, Cable::Internal);
  m.array_index[array].volumes_by_zone[vsf].push_back(vol);
  m.zone_arrays[vsf].insert(a);
  m.mirrors[vsf].push_back(vol);
}

std::vector<int> GridModel::arrays_reached(CpuId cpu) const {
  const Impl& m = *impl_;
  m.check_cpu(cpu);
  const Vertex hba = m.cv[cpu].hba;
  std::vector<int> out;
  for (Vertex r : m.reach_from({hba}, m.g[m.cv[cpu].sport].label)) {
    const detail::Node& n = m.g[r];
    if (n.kind == Kind::Volume && n.parent >= 0) {
      const int a = m.g[static_cast<Vertex>(n.parent)].index;
      if (a < static_cast<int>(m.storage.size())) out.push_back(a);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<int> GridModel::registries_reached(int host) const {
  const Impl& m = *impl_;
  if (host < 0 || host >= static_cast<int>(m.control_hbas.size()))
    throw std::out_of_range("grid: no control-plane host " + std::to_string(host));
  std::vector<int> out;
  for (Vertex r : m.reach_from({m.control_hbas[host]}, kControlPlane)) {
    const auto it = std::find(m.registry_volumes.begin(), m.registry_volumes.end(), r);
    if (it != m.registry_volumes.end()) out.push_back(static_cast<int>(it - m.registry_volumes.begin()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace vsf::grid
