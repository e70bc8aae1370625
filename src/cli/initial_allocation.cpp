// Initial allocation for the graph picture (see initial_allocation.hpp).
#include "cli/initial_allocation.hpp"

#include "grid/initial_plan.hpp"

namespace vsf::cli {

int apply_initial_allocation(const Scenario& scenario, grid::GridModel& grid) {
  const std::vector<std::vector<grid::InitialPick>> plan = grid::plan_initial(scenario, grid);
  int missing = 0;
  for (int v : grid::creation_order(scenario)) {
    grid.create_vsf(v);
    for (const grid::InitialPick& pick : plan[static_cast<size_t>(v)]) {
      if (!pick.cpu) {
        ++missing;
        continue;
      }
      // The patent's order: decide the owner, then move the ports (never two VSFs on one CPU).
      grid.set_owner(*pick.cpu, v);
      grid.vlan_join(*pick.cpu, v, pick.tier == grid::kLbPick);
      grid.zone_join(*pick.cpu, v);
    }
  }
  return missing;
}

}  // namespace vsf::cli
