// The allocation the grid starts from, for `vsfsim graph`: every VSF created, in creation order, with
// its load balancer and its tiers' initial CPUs moved out of the idle pool by the simulation's own rule
// (grid/initial_plan.hpp), as if nothing but the creations happened. Plain C++ over the grid model.
#pragma once

#include "grid/grid_model.hpp"
#include "model/scenario.hpp"

namespace vsf::cli {

// Returns the number of CPUs that could not be allocated (VSFs that start at different times may
// share CPUs over time; the picture then shows the ones that fit).
int apply_initial_allocation(const Scenario& scenario, grid::GridModel& grid);

}  // namespace vsf::cli
