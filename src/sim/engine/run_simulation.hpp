// The one entry point into the SimGrid layer: builds the platform from the grid model, starts the
// actors (traffic, load balancers, servers, farm managers, lifecycle) and runs to the scenario's
// duration, reporting everything to the Recorder. SimGrid cannot be reset: call once per process.
#pragma once

#include <string>
#include <vector>

#include "grid/grid_model.hpp"
#include "metrics/recorder.hpp"
#include "model/scenario.hpp"

namespace vsf::sim {

struct RunOptions {
  std::vector<std::string> log_settings;  // --log values, passed to SimGrid as --log=...
  bool progress = false;                  // print simulated/wall time to stderr while running
};

void run_simulation(const Scenario& scenario, grid::GridModel& grid, Recorder& recorder, const RunOptions& options);

}  // namespace vsf::sim
