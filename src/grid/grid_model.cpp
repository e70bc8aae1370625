// GridModel: building the physical fabric from the scenario (CPUs, switches, storage, uplink, control
// plane) and its inventory. Changing its logical state (VLAN of each VLAN port, zone of each SAN port,
// CPU owners) is in logical_state.cpp, the isolation check in isolation.cpp, the DOT writer in dot.cpp,
// the trunks between switches in trunks.cpp.
#include <algorithm>
#include <stdexcept>
#include <utility>

#include "grid/grid_impl.hpp"

namespace vsf::grid {

using detail::Cable;
using detail::Kind;
using detail::Vertex;

// ---- Impl helpers ----

Vertex GridModel::Impl::add_vertex(Kind kind, std::string name, int index, int label, int parent) {
  Vertex v = boost::add_vertex(detail::Node{kind, index, label, parent}, g);
  pos.resize(boost::num_vertices(g), 0);
  switch (kind) {
    case Kind::Cpu:
    case Kind::Nic:
    case Kind::Hba:
    case Kind::VlanPort:
    case Kind::SanPort:
    case Kind::ControlPort:
      break;  // name_of derives it
    default:
      names.emplace(v, std::move(name));
  }
  return v;
}

std::string GridModel::Impl::name_of(Vertex v) const {
  const detail::Node& n = g[v];
  switch (n.kind) {
    case Kind::Cpu:
      return cpus[n.index].name;
    case Kind::Nic:
      return cpus[g[static_cast<Vertex>(n.parent)].index].name + (n.index == 0 ? "/front" : "/back");
    case Kind::Hba:  // a CPU's or a control host's
      return name_of(static_cast<Vertex>(n.parent)) + "/hba";
    case Kind::VlanPort:
    case Kind::SanPort:
      return names.at(static_cast<Vertex>(n.parent)) + "/p" + std::to_string(n.index);
    case Kind::ControlPort:
      return names.at(static_cast<Vertex>(n.parent)) + "/ctl";
    default:
      return names.at(v);
  }
}

void detail::CpuVertexTable::push_back(const CpuVertices& v) {
  const Vertex b = v.cpu;
  if (v.nic[0] != b + 1 || v.vport[0] != b + 2 || v.nic[1] != b + 3 || v.vport[1] != b + 4 || v.hba != b + 5 ||
      v.sport != b + 6 || b > UINT32_MAX)
    throw std::logic_error("grid: a CPU's vertices are not in a row");
  first_.push_back(static_cast<std::uint32_t>(b));
}

void GridModel::Impl::reserve(const Scenario& scenario) {
  const Grid& grid = scenario.grid;
  const size_t sites = std::max<size_t>(1, grid.sites.size());
  size_t n_vlan = std::max(1, grid.vlan_switches.count), n_san = std::max(1, grid.san_switches.count);
  for (const SiteSpec& s : grid.sites) {
    n_vlan = std::max<size_t>(n_vlan, s.vlan_switches.first + s.vlan_switches.count);
    n_san = std::max<size_t>(n_san, s.san_switches.first + s.san_switches.count);
  }
  const size_t n_cpus = static_cast<size_t>(grid.total_cpus());
  size_t n = 2 * (n_vlan + n_san) + 7 * n_cpus + 2 * sites;  // switches and control ports, CPUs, uplinks
  for (const StorageArray& a : grid.storage) n += 1 + static_cast<size_t>(std::max(1, a.ports));
  n += 3 * static_cast<size_t>(std::max(0, grid.control_plane.hosts)) + 3 * sites;  // hosts, registries
  n += scenario.vsfs.size() * sites;  // volumes, and mirrors at the other sites
  g.m_vertices.reserve(n);
  pos.reserve(n);
  cpus.reserve(n_cpus);
  cv.reserve(n_cpus);
}

void GridModel::Impl::finish() {
  find_paths();
  find_components();
  by_name.resize(cpus.size());
  for (size_t c = 0; c < cpus.size(); ++c) by_name[c] = static_cast<CpuId>(c);
  std::stable_sort(by_name.begin(), by_name.end(), [this](CpuId a, CpuId b) { return cpus[a].name < cpus[b].name; });
}

void GridModel::Impl::add_edge(Vertex a, Vertex b, Cable kind) { boost::add_edge(a, b, detail::Link{kind}, g); }

detail::SwitchIndex& GridModel::Impl::index_of_switch(Vertex sw) {
  const detail::Node& n = g[sw];
  return n.kind == Kind::VlanSwitch ? vlan_index[n.index] : san_index[n.index];
}

const detail::SwitchIndex& GridModel::Impl::index_of_switch(Vertex sw) const {
  const detail::Node& n = g[sw];
  return n.kind == Kind::VlanSwitch ? vlan_index[n.index] : san_index[n.index];
}

Vertex GridModel::Impl::add_port(bool vlan, int sw, int label) {
  Vertex sw_vertex = vlan ? vlan_switches[sw] : san_switches[sw];
  detail::SwitchIndex& idx = vlan ? vlan_index[sw] : san_index[sw];
  const int number = idx.ports++;
  Vertex p = add_vertex(vlan ? Kind::VlanPort : Kind::SanPort, {}, number, label, static_cast<int>(sw_vertex));
  add_edge(p, sw_vertex, Cable::PortOf);
  if (label == detail::kAnyZone) {
    idx.any_zone.push_back(p);
  } else {
    auto& members = idx.by_label[label];
    if (members.empty()) holders(sw_vertex)[label].insert(sw_vertex);
    pos[p] = members.size();
    members.push_back(p);
  }
  return p;
}

int GridModel::Impl::set_label(Vertex port, int label, CpuId cpu) {
  detail::Node& n = g[port];
  if (n.label == label) return 0;
  if (n.label == detail::kAnyZone || label == detail::kAnyZone) {
    throw std::invalid_argument("grid: storage-facing SAN port " + name_of(port) + " carries every zone");
  }
  const Vertex sw = static_cast<Vertex>(n.parent);
  detail::SwitchIndex& idx = index_of_switch(sw);
  // O(1) removal: the last member takes the leaving port's slot.
  auto& old_members = idx.by_label[n.label];
  Vertex last = old_members.back();
  old_members[pos[port]] = last;
  pos[last] = pos[port];
  old_members.pop_back();
  if (old_members.empty()) {
    idx.by_label.erase(n.label);
    auto held = holders(sw).find(n.label);
    held->second.erase(sw);
    if (held->second.empty()) holders(sw).erase(held);
  }
  touch_label(n.label, cpu);
  touch_label(label, cpu);
  auto& members = idx.by_label[label];
  if (members.empty()) holders(sw)[label].insert(sw);
  pos[port] = members.size();
  members.push_back(port);
  n.label = label;
  return 1;
}

void GridModel::Impl::check_cpu(CpuId cpu) const {
  if (cpu < 0 || cpu >= static_cast<int>(cpus.size())) {
    throw std::out_of_range("grid: no CPU with id " + std::to_string(cpu));
  }
}

void GridModel::Impl::check_vsf(int vsf) const {
  if (volumes.count(vsf) == 0) throw std::invalid_argument("grid: VSF " + std::to_string(vsf) + " not created");
}

// ---- construction ----

namespace {

int ceil_div(int a, int b) { return (a + b - 1) / b; }

}  // namespace

void GridModel::Impl::build_switches(int n_vlan, int n_san) {
  vlan_index.resize(n_vlan);
  san_index.resize(n_san);
  for (int k = 0; k < n_vlan; ++k) vlan_switches.push_back(add_vertex(Kind::VlanSwitch, "vsw" + std::to_string(k), k));
  for (int k = 0; k < n_san; ++k) san_switches.push_back(add_vertex(Kind::SanSwitch, "ssw" + std::to_string(k), k));
  vlan_site.assign(n_vlan, 0);
  san_site.assign(n_san, 0);
}

// The i-th CPU of `group`, cabled to the given switches.
void GridModel::Impl::build_cpu_on(const CpuGroup& group, int i, int vlan_switch, int san_switch, int site) {
  const CpuId id = static_cast<CpuId>(cpus.size());
  CpuInfo info;
  info.name = static_cast<int>(group.names.size()) == group.count ? group.names[i] : "cpu-" + std::to_string(id);
  info.profile = group.profile;
  info.vlan_switch = vlan_switch;
  info.san_switch = san_switch;
  info.site = site;
  detail::CpuVertices v{};
  v.cpu = add_vertex(Kind::Cpu, {}, id);
  for (int nic = 0; nic < 2; ++nic) {
    v.nic[nic] = add_vertex(Kind::Nic, {}, nic, kIdle, static_cast<int>(v.cpu));
    add_edge(v.cpu, v.nic[nic], Cable::Internal);
    v.vport[nic] = add_port(true, info.vlan_switch, kIdle);
    add_edge(v.nic[nic], v.vport[nic], Cable::Data);
  }
  v.hba = add_vertex(Kind::Hba, {}, 0, kIdle, static_cast<int>(v.cpu));
  add_edge(v.cpu, v.hba, Cable::Internal);
  v.sport = add_port(false, info.san_switch, kIdle);
  add_edge(v.hba, v.sport, Cable::Data);
  cpus.push_back(std::move(info));
  cv.push_back(v);
}

// The i-th CPU of `group`; CPUs sit on switches in blocks: the first per_vlan on VLAN switch 0, and so on.
void GridModel::Impl::build_cpu(const CpuGroup& group, int i, int per_vlan, int per_san) {
  const CpuId id = static_cast<CpuId>(cpus.size());
  build_cpu_on(group, i, std::min(id / per_vlan, static_cast<int>(vlan_switches.size()) - 1),
               std::min(id / per_san, static_cast<int>(san_switches.size()) - 1), 0);
}

void GridModel::Impl::add_array(const Grid& grid, size_t k, int sw, int site) {
  storage.push_back(StorageInfo{grid.storage[k].name, sw, &grid.storage[k]});
  array_site.push_back(site);
  array_switch.push_back(sw);
  Vertex a = add_vertex(Kind::Array, grid.storage[k].name, static_cast<int>(k), detail::kAnyZone);
  arrays.push_back(a);
  array_index.emplace_back();
  for (int p = 0; p < std::max(1, grid.storage[k].ports); ++p) {
    Vertex port = add_port(false, sw, detail::kAnyZone);
    add_edge(a, port, Cable::Data);
    array_index.back().ports.push_back(port);
  }
}

void GridModel::Impl::build_uplink_and_storage(const Grid& grid) {
  uplink = add_vertex(Kind::Uplink, "internet", 0, kPublic);
  add_edge(uplink, add_port(true, 0, kPublic), Cable::Data);
  uplinks = {uplink};
  const int n_san = static_cast<int>(san_switches.size());
  for (size_t k = 0; k < grid.storage.size(); ++k) add_array(grid, k, static_cast<int>(k) % n_san, 0);
}

// The control plane (Fig. 16): hosts on the switches' control ports and, through their HBAs, in the
// private zone with the registry, on ports that are never placed in any other zone.
void GridModel::Impl::build_control_plane(const Grid& grid) {
  std::vector<Vertex> control_ports;
  for (Vertex sw : vlan_switches)
    control_ports.push_back(add_vertex(Kind::ControlPort, {}, 0, kIdle, static_cast<int>(sw)));
  for (Vertex sw : san_switches)
    control_ports.push_back(add_vertex(Kind::ControlPort, {}, 0, kIdle, static_cast<int>(sw)));
  for (size_t k = 0; k < control_ports.size(); ++k) {
    Vertex sw = k < vlan_switches.size() ? vlan_switches[k] : san_switches[k - vlan_switches.size()];
    add_edge(control_ports[k], sw, Cable::Control);
  }
  const int n_san = static_cast<int>(san_switches.size());
  for (int h = 0; h < std::max(0, grid.control_plane.hosts); ++h) {
    std::string name = "cp" + std::to_string(h);
    Vertex host = add_vertex(Kind::ControlHost, name, h, kControlPlane);
    for (Vertex port : control_ports) add_edge(host, port, Cable::Control);
    Vertex hba = add_vertex(Kind::Hba, {}, 0, kControlPlane, static_cast<int>(host));
    add_edge(host, hba, Cable::Internal);
    add_edge(hba, add_port(false, h % n_san, kControlPlane), Cable::Data);
    control_host_names.push_back(std::move(name));
    control_hosts.push_back(host);
    control_hbas.push_back(hba);
  }
  add_registry("cp-registry", 0);
}

// A control plane's registry array on SAN switch `san_switch`, in the control plane's private zone (its
// index follows the storage arrays' and any registry added before it).
void GridModel::Impl::add_registry(const std::string& name, int san_switch) {
  const Vertex array = add_vertex(Kind::Array, name, static_cast<int>(array_index.size()), kControlPlane);
  array_index.emplace_back();
  array_switch.push_back(san_switch);
  Vertex registry_port = add_port(false, san_switch, kControlPlane);
  add_edge(array, registry_port, Cable::Data);
  array_index.back().ports.push_back(registry_port);
  const Vertex volume =
      add_vertex(Kind::Volume, name + "/registry", kControlPlane, kControlPlane, static_cast<int>(array));
  add_edge(array, volume, Cable::Internal);
  array_index.back().volumes_by_zone[kControlPlane].push_back(volume);
  registry_arrays.push_back(array);
  registry_volumes.push_back(volume);
}

GridModel::GridModel(const Scenario& scenario) : impl_(new Impl) {
  Impl& m = *impl_;
  const Grid& grid = scenario.grid;
  m.reserve(scenario);
  if (!grid.sites.empty()) {
    m.build_sites(scenario);
    m.finish();
    return;
  }
  const int n_cpus = grid.total_cpus();
  const int n_vlan = std::max(1, grid.vlan_switches.count);
  const int n_san = std::max(1, grid.san_switches.count);
  m.build_switches(n_vlan, n_san);
  m.cable_switches(false, 0, n_vlan);
  m.cable_switches(true, 0, n_san);
  const int per_vlan = std::max(1, ceil_div(n_cpus, n_vlan));
  const int per_san = std::max(1, ceil_div(n_cpus, n_san));
  for (const CpuGroup& group : grid.cpus)
    for (int i = 0; i < group.count; ++i) m.build_cpu(group, i, per_vlan, per_san);
  m.no_owners(m.cpus.size());
  m.firewall.assign(m.cpus.size(), 0);
  m.build_uplink_and_storage(grid);
  m.build_control_plane(grid);
  m.finish();
}

GridModel::~GridModel() { delete impl_; }
GridModel::GridModel(GridModel&& other) noexcept : impl_(std::exchange(other.impl_, nullptr)) {}
GridModel& GridModel::operator=(GridModel&& other) noexcept {
  std::swap(impl_, other.impl_);
  return *this;
}

// ---- inventory ----

int GridModel::cpu_count() const { return static_cast<int>(impl_->cpus.size()); }
const CpuInfo& GridModel::cpu(CpuId id) const {
  impl_->check_cpu(id);
  return impl_->cpus[id];
}
std::optional<CpuId> GridModel::find_cpu(const std::string& name) const {
  const auto& cpus = impl_->cpus;
  auto it = std::lower_bound(impl_->by_name.begin(), impl_->by_name.end(), name,
                             [&cpus](CpuId c, const std::string& n) { return cpus[c].name < n; });
  if (it == impl_->by_name.end() || cpus[*it].name != name) return std::nullopt;
  return *it;
}
int GridModel::vlan_switch_count() const { return static_cast<int>(impl_->vlan_switches.size()); }
int GridModel::san_switch_count() const { return static_cast<int>(impl_->san_switches.size()); }
const std::vector<StorageInfo>& GridModel::storage() const { return impl_->storage; }
int GridModel::uplink_vlan_switch() const { return uplink_vlan_switch(0); }
int GridModel::vertex_count() const { return static_cast<int>(boost::num_vertices(impl_->g)); }
int GridModel::edge_count() const { return static_cast<int>(boost::num_edges(impl_->g)); }

std::vector<std::pair<int, int>> GridModel::vlan_trunks() const { return impl_->vlan_trunk_list; }
std::vector<std::pair<int, int>> GridModel::san_trunks() const { return impl_->san_trunk_list; }
std::vector<int> GridModel::trunk_wans(bool san) const { return san ? impl_->san_trunk_wan : impl_->vlan_trunk_wan; }
const std::vector<std::string>& GridModel::control_hosts() const { return impl_->control_host_names; }

}  // namespace vsf::grid
