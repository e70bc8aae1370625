// Sites cut off from the global grid manager by control-network partitions (see ggm_reach.hpp).
#include "sim/managers/ggm_reach.hpp"

#include <xbt/log.h>

#include <algorithm>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_ggm_reach, vsf_control, "control-network partitions between sites and the GGM");

namespace vsf::sim {

void apply_ggm_partition(World& w, const faults::FaultEvent& e) {
  if (e.kind != faults::FaultKind::CpPartition || !w.has_sites()) return;
  if (e.transition == faults::Transition::Heal) {
    w.ggm_cut_off.erase(e.target);
    return;
  }
  // The schedule numbers the GGM's host after every control-plane host of the grid.
  const int ggm = static_cast<int>(w.grid.control_hosts().size());
  auto on = [](const std::vector<int>& side, int h) { return std::find(side.begin(), side.end(), h) != side.end(); };
  const int ggm_side = on(e.sides[0], ggm) ? 0 : on(e.sides[1], ggm) ? 1 : -1;
  if (ggm_side < 0) return;
  const std::vector<int>& other = e.sides[static_cast<size_t>(1 - ggm_side)];
  std::vector<int> cut;
  const auto& sites = w.scenario.grid.sites;
  for (size_t k = 0; k < sites.size(); ++k) {
    const IndexRange hosts = sites[k].control_hosts;
    bool all = hosts.count > 0;
    for (int h = hosts.first; all && h < hosts.first + hosts.count; ++h) all = on(other, h);
    if (all) cut.push_back(static_cast<int>(k));
  }
  XBT_VERB("partition %s cuts %zu sites off the global manager", e.target_name.c_str(), cut.size());
  w.ggm_cut_off[e.target] = std::move(cut);
}

bool ggm_reaches(const World& w, int site) {
  for (const auto& [partition, sites] : w.ggm_cut_off)
    if (std::find(sites.begin(), sites.end(), site) != sites.end()) return false;
  return true;
}

}  // namespace vsf::sim
