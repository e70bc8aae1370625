// run_simulation: the SimGrid engine's configuration, the platform, the actors, and the end of a run.
//
// Engine settings: network/model CM02 without cross traffic, so a message takes exactly latency +
// size / bandwidth under max-min fair sharing (the default LV08 model multiplies latencies by 13 and
// bandwidths by 0.97 to mimic TCP slow start, which would turn a 20 ms uplink into 260 ms per request).
// SimGrid's TCP window bound stays (network/TCP-gamma, 4 MiB: a flow gets at most 4 MiB / (2 x route
// latency), ~100 MB/s over a 20 ms uplink). contexts/guard-size 0: a guard page per actor stack costs
// mprotect calls and a memory mapping each, and Linux caps a process at ~65k mappings, fewer than the
// requests a saturated grid can hold in its queues (request stacks are small instead: dataplane.cpp).
// How a run ends: every actor but the clock may run forever; the clock sleeps until the scenario's
// duration, closes the last output interval, reads the energy, finishes the recorder and kills the
// rest (requests still in flight are not counted).
#include "sim/engine/run_simulation.hpp"

#include <simgrid/plugins/energy.h>

#include <chrono>
#include <cstdio>
#include <simgrid/s4u.hpp>

#include "faults/schedule.hpp"
#include "scenario/fault_targets_of.hpp"
#include "sim/control_plane.hpp"
#include "sim/dataplane/requests.hpp"
#include "sim/farm_manager.hpp"
#include "sim/fault_injector.hpp"
#include "sim/engine/platform.hpp"
#include "sim/engine/engine_config.hpp"
#include "sim/engine/world.hpp"

namespace sg4 = simgrid::s4u;

namespace vsf {

namespace {

using sim::World;

// Per-VSF samples for timeseries.csv at every output interval.
class Sampler {
 public:
  explicit Sampler(World& w) : w_(w), busy0_(w.vsfs.size(), 0), cap0_(w.vsfs.size(), 0) {}

  void sample(double t) {
    for (auto& vp : w_.vsfs) {
      sim::VsfRuntime& v = *vp;
      IntervalSample s;
      auto tally = [&s](const sim::CpuRuntime* c) {
        if (c->state == CpuState::Serving) ++s.serving;
        if (c->state == CpuState::Configuring || c->state == CpuState::Booting) ++s.booting;
      };
      if (v.lb_cpu != nullptr) tally(v.lb_cpu);
      for (const auto& tier : v.tiers)
        for (const sim::CpuRuntime* c : tier.members) tally(c);
      const double busy = v.busy.cumulative(t), cap = v.capacity.cumulative(t);
      const size_t i = static_cast<size_t>(v.index);
      s.utilization = cap - cap0_[i] > 0 ? std::min(1.0, (busy - busy0_[i]) / (cap - cap0_[i])) : 0.0;
      busy0_[i] = busy;
      cap0_[i] = cap;
      w_.recorder.interval(v.index, t, s);
    }
  }

  // Output intervals strictly before the end; the clock closes the last one at the end.
  void operator()() {
    const double step = w_.scenario.outputs.interval_s;
    if (step <= 0) return;
    for (long k = 1;; ++k) {
      const double t = static_cast<double>(k) * step;
      if (t >= w_.end_s * (1 - 1e-12)) return;
      sg4::this_actor::sleep_until(t);
      sample(t);
    }
  }

 private:
  World& w_;
  std::vector<double> busy0_, cap0_;
};

// "simulated 1234 s of 3600 s (34%), wall 3.2 s" on stderr about once per wall second.
class Progress {
 public:
  Progress(bool enabled, double duration) : enabled_(enabled), duration_(duration) {
    if (!enabled_) return;
    start_ = last_ = std::chrono::steady_clock::now();
    sg4::Engine::on_time_advance_cb([this](double) {
      if (++calls_ % 256 != 0) return;
      auto t = std::chrono::steady_clock::now();
      if (t - last_ < std::chrono::seconds(1)) return;
      last_ = t;
      print(false);
    });
  }
  void finish() {
    if (enabled_) print(true);
  }

 private:
  void print(bool done) const {
    const double sim_t = sg4::Engine::get_clock();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::fprintf(stderr, "\rsimulated %.0f s of %.0f s (%3.0f%%), wall %.1f s%s", sim_t, duration_,
                 duration_ > 0 ? 100.0 * sim_t / duration_ : 100.0, wall, done ? "\n" : "");
    std::fflush(stderr);
  }

  bool enabled_;
  double duration_;
  unsigned long calls_ = 0;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace

void run_simulation(const Scenario& scenario, grid::GridModel& grid, Recorder& recorder, const RunOptions& options) {
  sim::SimEngine engine(options.log_settings);

  World w(scenario, grid, recorder, sim::build_platform(scenario, grid));
  // The idle pool is powered down (patent): every CPU starts there.
  for (sim::CpuRuntime& c : w.cpus) {
    c.host->turn_off();
    recorder.cpu_state(c.id, -1, CpuState::Off, 0);
  }
  recorder.idle_pool(0, w.idle_count);

  sim::ControlPlane cp(w);
  sim::start_managers(cp);
  sim::start_fault_injector(cp, faults::make_schedule(scenario.faults, fault_targets_of(scenario), scenario.duration_s,
                                                      scenario.seed));
  sim::start_admin_actions(w);
  for (auto& v : w.vsfs) sim::start_traffic(w, *v);
  Sampler sampler(w);
  sg4::Actor::create("sampler", w.platform.fabric, [&sampler] { sampler(); });
  World* wp = &w;
  sim::ControlPlane* cpp = &cp;
  sg4::Actor::create("clock", w.platform.fabric, [wp, cpp, &sampler] {
    sg4::this_actor::sleep_until(wp->end_s);
    sampler.sample(wp->end_s);
    for (auto& v : wp->vsfs) sim::rollout_finish(*wp, *v, cpp->rollouts[static_cast<size_t>(v->index)], wp->end_s);
    double joules = 0;
    for (const sim::CpuRuntime& c : wp->cpus) joules += sg_host_get_consumed_energy(c.host);
    wp->recorder.energy(joules);
    double cp_joules = 0;
    for (size_t h = 0; h < cpp->host_powered.size(); ++h) cp_joules += sg_host_get_consumed_energy(cpp->host(static_cast<int>(h)));
    wp->recorder.cp_energy(cp_joules);
    wp->recorder.finish(wp->end_s);
    sg4::Actor::kill_all();
  });

  Progress progress(options.progress, scenario.duration_s);
  engine.run();
  progress.finish();
}

}  // namespace vsf
