// Initial allocation for the graph picture (see initial_allocation.hpp).
#include "cli/initial_allocation.hpp"

#include <set>

namespace vsf::cli {

namespace {

// Pinned CPUs of every VSF are set aside first, so an unpinned request of an earlier VSF never takes
// a CPU a later VSF named.
std::set<grid::CpuId> pinned_cpus(const Scenario& scenario, const grid::GridModel& grid) {
  std::set<grid::CpuId> pinned;
  auto pin = [&](const std::string& name) {
    if (name.empty()) return;
    if (auto id = grid.find_cpu(name)) pinned.insert(*id);
  };
  for (const auto& vsf : scenario.vsfs) {
    if (vsf.lb.enabled) pin(vsf.lb.cpu);
    for (const auto& tier : vsf.tiers)
      for (const auto& name : tier.cpus) pin(name);
  }
  return pinned;
}

}  // namespace

int apply_initial_allocation(const Scenario& scenario, grid::GridModel& grid) {
  const std::set<grid::CpuId> pinned = pinned_cpus(scenario, grid);
  int missing = 0;
  auto take = [&](int vsf, const std::string& name, bool is_lb) {
    std::optional<grid::CpuId> cpu;
    if (!name.empty()) {
      cpu = grid.find_cpu(name);
      if (cpu && grid.owner(*cpu) != grid::kIdle) cpu.reset();
    } else {
      for (grid::CpuId id : grid.idle_cpus())
        if (!pinned.count(id)) {
          cpu = id;
          break;
        }
    }
    if (!cpu) {
      ++missing;
      return;
    }
    // The patent's order: decide the owner, then move the ports (never two VSFs on one CPU).
    grid.set_owner(*cpu, vsf);
    grid.vlan_join(*cpu, vsf, is_lb);
    grid.zone_join(*cpu, vsf);
  };
  for (int v = 0; v < static_cast<int>(scenario.vsfs.size()); ++v) {
    const VsfSpec& spec = scenario.vsfs[v];
    grid.create_vsf(v);
    if (spec.lb.enabled) take(v, spec.lb.cpu, true);
    for (const auto& tier : spec.tiers)
      for (int i = 0; i < tier.initial; ++i)
        take(v, i < static_cast<int>(tier.cpus.size()) ? tier.cpus[i] : std::string(), false);
  }
  return missing;
}

}  // namespace vsf::cli
