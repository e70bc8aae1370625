// A world that the test drives itself, without the control plane, for simulation tests that check one
// part of the sim layer alone (data-plane faults, rollouts): the engine, the platform and the idle pool
// set up as run_simulation sets them up, VSFs created warm the way a farm manager creates a warm VSF,
// and a clock that ends the run. One per process: SimGrid cannot be reset.
#pragma once

#include <functional>
#include <simgrid/s4u.hpp>
#include <stdexcept>
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
#include "sim_support.hpp"

namespace vsf::test {

// The engine, grid, recorder and world of scenario `s`, every CPU powered down in the idle pool.
class WarmWorld {
 public:
  explicit WarmWorld(const Scenario& s)
      : grid_(s), recorder_(s), world_(s, grid_, recorder_, sim::build_platform(s, grid_)) {
    sim::start_in_idle_pool(world_);
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

// The CPU named `name`, or the idle CPU of lowest id when `name` is empty.
inline sim::CpuRuntime& take_cpu(sim::World& w, const std::string& name) {
  if (!name.empty()) return w.cpus[*w.grid.find_cpu(name)];
  for (sim::CpuRuntime& c : w.cpus)
    if (c.vsf < 0) return c;
  throw std::runtime_error("no idle CPU");
}

// Creates VSF v warm, now: its LB, then each tier's `initial` CPUs (those the tier names, else the idle
// ones of lowest id) allocated, configured and serving at once, one isolation check, its availability,
// and its traffic from its start time on. Inside an actor or before the engine runs.
inline void warm_start(sim::World& w, sim::VsfRuntime& v) {
  w.grid.create_vsf(v.index);
  v.exists = true;
  v.storage = std::max(0, w.grid.vsf_storage(v.index));
  std::vector<sim::CpuRuntime*> taken;
  if (v.lb_role != nullptr) {
    sim::CpuRuntime& c = take_cpu(w, v.spec->lb.cpu);
    sim::allocate(w, c, v.index, sim::kLbTier, "vsf_created");
    taken.push_back(&c);
  }
  for (size_t k = 0; k < v.tiers.size(); ++k) {
    const Tier& t = v.spec->tiers[k];
    for (int i = 0; i < t.initial; ++i) {
      sim::CpuRuntime& c = take_cpu(w, i < static_cast<int>(t.cpus.size()) ? t.cpus[i] : "");
      sim::allocate(w, c, v.index, static_cast<int>(k), "vsf_created");
      taken.push_back(&c);
    }
  }
  for (sim::CpuRuntime* c : taken) sim::warm_join(w, *c);
  w.check_isolation("warm_start", v.index);
  sim::update_availability(w, v);
  sim::start_traffic(w, v);
}

}  // namespace vsf::test
