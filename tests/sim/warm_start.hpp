// A world that the test drives itself, without the control plane, for simulation tests that check one
// part of the sim layer alone (data-plane faults, rollouts): the engine, the platform and the idle pool
// set up as run_simulation sets them up, VSFs created warm the way a farm manager creates a warm VSF,
// and a clock that ends the run. One per process: SimGrid cannot be reset.
#pragma once

#include <functional>
#include <simgrid/s4u.hpp>
#include <string>
#include <vector>

#include "grid/grid_model.hpp"
#include "metrics/recorder.hpp"
#include "model/scenario.hpp"
#include "sim/dataplane/requests.hpp"
#include "sim/engine/engine_config.hpp"
#include "sim/engine/platform.hpp"
#include "sim/engine/world.hpp"
#include "sim/faults/fault_dataplane.hpp"
#include "sim/lifecycle/cpu_lifecycle.hpp"
#include "sim/managers/direct_allocation.hpp"
#include "sim_support.hpp"

namespace vsf::test {

// The engine, grid, recorder and world of scenario `s`, every CPU powered down in the idle pool.
class WarmWorld {
 public:
  explicit WarmWorld(const Scenario& s)
      : grid_(s), recorder_(s), world_(s, grid_, recorder_, sim::build_platform(s, grid_)) {
    sim::start_in_idle_pool(world_);
    world_.isolation_check = grid::IsolationCheck::Verified;  // the full check too, as sim_support's run
  }
  sim::World& world() { return world_; }

  // An actor on the fabric host that, at the end of the scenario, runs `at_end`, finishes the recorder
  // and ends the run. Start it after the test's own actors.
  void start_clock(std::function<void()> at_end = {}) {
    sim::World* wp = &world_;
    simgrid::s4u::Actor::create("clock", world_.platform.fabric, [wp, at_end] {
      simgrid::s4u::this_actor::sleep_until(wp->end_s);
      if (at_end) at_end();
      wp->recorder.finish(wp->end_s);
      simgrid::s4u::Actor::kill_all();
    });
  }

  // Runs the simulation to its end and reads the results back.
  RunResult run() {
    engine_.run();
    return results_of(recorder_);
  }

 private:
  sim::SimEngine engine_;  // first: the platform needs a live engine
  grid::GridModel grid_;
  Recorder recorder_;
  sim::World world_;
};

// Creates VSF v warm, now: its LB and each tier's `initial` CPUs taken by the simulation's rule
// (sim::take_initial) and configured and serving at once, one isolation check, its availability,
// and its traffic from its start time on. Inside an actor or before the engine runs.
inline void warm_start(sim::World& w, sim::VsfRuntime& v) {
  w.grid.create_vsf(v.index);
  v.exists = true;
  v.storage = std::max(0, w.grid.vsf_storage(v.index));
  for (sim::CpuRuntime* c : sim::take_initial(w, v)) sim::warm_join(w, *c);
  w.check_isolation("warm_start", v.index);
  sim::update_availability(w, v);
  sim::start_traffic(w, v);
}

}  // namespace vsf::test
