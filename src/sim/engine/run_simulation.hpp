// The one entry point into the SimGrid layer: builds the platform from the grid model, starts the
// actors (traffic, load balancers, servers, farm managers, lifecycle) and runs to the scenario's
// duration, reporting everything to the Recorder. SimGrid cannot be reset: call once per process.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "grid/grid_model.hpp"
#include "metrics/recorder.hpp"
#include "model/scenario.hpp"

namespace vsf::sim {

struct RunOptions {
  std::vector<std::string> log_settings;  // --log values, passed to SimGrid as --log=...
  bool progress = false;                  // print simulated/wall time to stderr while running
  grid::IsolationCheck isolation_check = grid::IsolationCheck::Incremental;  // --check-isolation
};

// Throws Interrupted when SIGINT or SIGTERM arrived during the run (see install_stop_handlers).
void run_simulation(const Scenario& scenario, grid::GridModel& grid, Recorder& recorder, const RunOptions& options);

// SIGINT and SIGTERM only set a flag (a second one of either kills the process as usual); the run
// checks it at its sampling ticks (every output interval, at least every 60 simulated seconds), kills
// every actor and throws Interrupted, so nothing is written. Call before loading (so an early ^C is
// caught too); run_simulation calls it again once SimGrid, which has a handler of its own, is set up.
void install_stop_handlers();
int stop_signal();  // the signal received, or 0

// Thrown by run_simulation, or by whoever checks stop_signal() later (throw_if_stopped).
class Interrupted : public std::runtime_error {
 public:
  Interrupted(double sim_time_s, int signal);
  double sim_time_s() const { return sim_time_s_; }
  int signal() const { return signal_; }

 private:
  double sim_time_s_;
  int signal_;
};

void throw_if_stopped(double sim_time_s);

}  // namespace vsf::sim
