// The allocation the grid starts from, for `vsfsim graph`: every VSF created with its load balancer
// and its tiers' initial CPUs moved out of the idle pool (pinned CPUs by name, the rest lowest-id
// first), as the control plane does at t = start. Plain C++ over the grid model: no simulation.
#pragma once

#include "grid/grid_model.hpp"
#include "model/scenario.hpp"

namespace vsf::cli {

// Returns the number of CPUs that could not be allocated because the idle pool ran dry (VSFs that
// start at different times may share CPUs over time; the picture then shows the ones that fit).
int apply_initial_allocation(const Scenario& scenario, grid::GridModel& grid);

}  // namespace vsf::cli
