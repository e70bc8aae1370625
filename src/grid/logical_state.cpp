// GridModel's logical state: the VLAN of each VLAN port, the zone of each SAN port, each CPU's owner,
// and each VSF's volume; every change marks what the incremental isolation check must search again
// (grid_impl.hpp). The fabric itself is built in grid_model.cpp.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "grid/grid_impl.hpp"

namespace vsf::grid {

using detail::Cable;
using detail::Kind;
using detail::Vertex;

void GridModel::create_vsf(int vsf) {
  Impl& m = *impl_;
  if (vsf < 0) throw std::invalid_argument("grid: VSF index must be >= 0, got " + std::to_string(vsf));
  if (m.volumes.count(vsf)) return;
  m.touch(vsf);
  if (m.storage.empty()) {  // nowhere to put it: a volume cabled to nothing (reachable by nobody)
    m.volumes[vsf] = m.add_vertex(Kind::Volume, "vsf" + std::to_string(vsf) + "/volume", vsf, vsf);
    return;
  }
  int k = vsf % static_cast<int>(m.storage.size());
  const int site = vsf < static_cast<int>(m.vsf_site.size()) ? m.vsf_site[vsf] : 0;
  if (m.n_sites > 1) {  // on an array of its home site, if it has any
    const std::vector<int>& at = m.array_site;
    const int n_home = static_cast<int>(std::count(at.begin(), at.end(), site));
    if (n_home > 0) k = static_cast<int>(std::find(at.begin(), at.end(), site) - at.begin()) + vsf % n_home;
  }
  Vertex vol = m.add_vertex(Kind::Volume, m.storage[k].name + "/vsf" + std::to_string(vsf), vsf, vsf,
                            static_cast<int>(m.arrays[k]));
  m.add_edge(m.arrays[k], vol, Cable::Internal);
  m.array_index[k].volumes_by_zone[vsf].push_back(vol);
  m.zone_arrays[vsf].insert(m.arrays[k]);
  m.volumes[vsf] = vol;
  m.vsf_array[vsf] = k;
}

bool GridModel::vsf_exists(int vsf) const { return impl_->volumes.count(vsf) != 0; }

int GridModel::vsf_storage(int vsf) const {
  auto it = impl_->vsf_array.find(vsf);
  return it == impl_->vsf_array.end() ? -1 : it->second;
}

int GridModel::vlan_join(CpuId cpu, int vsf, bool is_lb) {
  Impl& m = *impl_;
  m.check_cpu(cpu);
  m.check_vsf(vsf);
  if (m.firewall[cpu] != static_cast<char>(is_lb)) m.touch_cpu(cpu);
  m.firewall[cpu] = is_lb;
  return m.set_label(m.cv[cpu].vport[0], is_lb ? kPublic : vsf, cpu) + m.set_label(m.cv[cpu].vport[1], vsf, cpu);
}

int GridModel::vlan_leave(CpuId cpu) {
  Impl& m = *impl_;
  m.check_cpu(cpu);
  if (m.firewall[cpu] != 0) m.touch_cpu(cpu);
  m.firewall[cpu] = 0;
  return m.set_label(m.cv[cpu].vport[0], kIdle, cpu) + m.set_label(m.cv[cpu].vport[1], kIdle, cpu);
}

int GridModel::zone_join(CpuId cpu, int vsf) {
  impl_->check_cpu(cpu);
  impl_->check_vsf(vsf);
  return impl_->set_label(impl_->cv[cpu].sport, vsf, cpu);
}

int GridModel::zone_leave(CpuId cpu) {
  impl_->check_cpu(cpu);
  return impl_->set_label(impl_->cv[cpu].sport, kIdle, cpu);
}

int GridModel::set_nic_vlan(CpuId cpu, int nic, int vlan) {
  impl_->check_cpu(cpu);
  if (nic != 0 && nic != 1) throw std::invalid_argument("grid: NIC must be 0 (front) or 1 (back)");
  return impl_->set_label(impl_->cv[cpu].vport[nic], vlan, cpu);
}

int GridModel::set_hba_zone(CpuId cpu, int zone) {
  impl_->check_cpu(cpu);
  return impl_->set_label(impl_->cv[cpu].sport, zone, cpu);
}

void GridModel::set_owner(CpuId cpu, int vsf) {
  impl_->check_cpu(cpu);
  if (vsf != kIdle) impl_->check_vsf(vsf);
  if (impl_->owner[cpu] == vsf) return;
  impl_->touch(impl_->owner[cpu]);
  impl_->touch(vsf);
  impl_->touch_cpu(cpu);
  impl_->own(cpu, vsf);
}

void GridModel::Impl::own(CpuId cpu, int vsf) {
  const auto c = static_cast<size_t>(cpu);
  if (const int old = owner[c]; old >= 0) {  // swap-remove from the old owner's list
    std::vector<CpuId>& list = owned[static_cast<size_t>(old)];
    const CpuId last = list.back();
    list[owned_pos[c]] = last;
    owned_pos[static_cast<size_t>(last)] = owned_pos[c];
    list.pop_back();
  }
  owner[c] = vsf;
  if (vsf < 0) return;
  if (owned.size() <= static_cast<size_t>(vsf)) owned.resize(static_cast<size_t>(vsf) + 1);
  std::vector<CpuId>& list = owned[static_cast<size_t>(vsf)];
  owned_pos[c] = static_cast<std::uint32_t>(list.size());
  list.push_back(cpu);
}

void GridModel::Impl::no_owners(size_t cpu_count) {
  owner.assign(cpu_count, kIdle);
  owned_pos.assign(cpu_count, 0);
  owned.clear();
}

int GridModel::owner(CpuId cpu) const {
  impl_->check_cpu(cpu);
  return impl_->owner[cpu];
}

int GridModel::vlan_of_port(CpuId cpu, int nic) const {
  impl_->check_cpu(cpu);
  if (nic != 0 && nic != 1) throw std::invalid_argument("grid: NIC must be 0 (front) or 1 (back)");
  return impl_->g[impl_->cv[cpu].vport[nic]].label;
}

int GridModel::zone_of_cpu(CpuId cpu) const {
  impl_->check_cpu(cpu);
  return impl_->g[impl_->cv[cpu].sport].label;
}

std::vector<CpuId> GridModel::idle_cpus() const {
  std::vector<CpuId> out;
  for (CpuId c = 0; c < cpu_count(); ++c) {
    if (impl_->owner[c] == kIdle) out.push_back(c);
  }
  return out;
}

}  // namespace vsf::grid
