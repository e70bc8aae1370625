// run_simulation: the platform, the world, the actors, and the end of a run (the engine's settings and
// their reasons are in engine_config.cpp).
//
// How a run ends: every actor but the clock may run forever; the clock sleeps until the scenario's
// duration, closes the last output interval, reports the rollouts still under way, reads the energy,
// finishes the recorder and kills the rest (requests still in flight are not counted).
#include "sim/engine/run_simulation.hpp"

#include <fmt/format.h>
#include <simgrid/plugins/energy.h>
#include <unistd.h>
#include <xbt/log.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <simgrid/s4u.hpp>
#include <string>

#include "faults/schedule.hpp"
#include "scenario/fault_targets_of.hpp"
#include "sim/dataplane/flow_dataplane.hpp"
#include "sim/dataplane/requests.hpp"
#include "sim/engine/engine_config.hpp"
#include "sim/engine/interval_sampler.hpp"
#include "sim/engine/platform.hpp"
#include "sim/engine/world.hpp"
#include "sim/faults/fault_injector.hpp"
#include "sim/lifecycle/cpu_lifecycle.hpp"
#include "sim/managers/admin_actions.hpp"
#include "sim/managers/control_plane_runtime.hpp"
#include "sim/managers/decommission.hpp"
#include "sim/managers/global_manager.hpp"
#include "sim/managers/orders.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_run_simulation, vsf_engine, "vsfsim run: actors started, end of the run");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

volatile std::sig_atomic_t g_stop_signal = 0;
double g_stopped_at = -1;  // the simulated time the run was stopped at, or -1

extern "C" void on_stop_signal(int signal) { g_stop_signal = signal; }

// At a tick of the sampler: after SIGINT or SIGTERM, kill every other actor (engine.run() then returns).
bool stop_now() {
  if (g_stop_signal == 0) return false;
  g_stopped_at = sg4::Engine::get_clock();
  XBT_VERB("stopped by signal %d at %g s", static_cast<int>(g_stop_signal), g_stopped_at);
  sg4::Actor::kill_all();
  return true;
}

// The output intervals' clock: timeseries.csv samples (IntervalSampler) at every output interval.
class Sampler {
 public:
  static constexpr double kStopCheckS = 60;

  explicit Sampler(World& w) : w_(w), samples_(w) {}

  void sample(double t) { samples_.sample(t); }

  // Output intervals strictly before the end; the clock closes the last one at the end. The sampler's
  // ticks are also where a stop signal is noticed: with an output interval above 60 s (or none) it
  // ticks every 60 s and another actor samples.
  void operator()() {
    const double step = w_.scenario.outputs.interval_s;
    const bool sampling = step > 0 && step <= kStopCheckS;
    if (step > kStopCheckS)
      sg4::Actor::create("sampler:outputs", sg4::this_actor::get_host(), [this, step] { ticks(step, true); });
    ticks(sampling ? step : kStopCheckS, sampling);
  }

 private:
  void ticks(double step, bool sampling) {
    for (long k = 1;; ++k) {
      if (step <= kStopCheckS && stop_now()) return;  // the outputs actor leaves the check to the other
      const double t = static_cast<double>(k) * step;
      if (t >= w_.end_s * (1 - 1e-12)) return;
      sg4::this_actor::sleep_until(t);
      if (sampling) sample(t);
    }
  }

  World& w_;
  IntervalSampler samples_;
};

// "simulated 1234 s of 3600 s (34%), wall 3.2 s, 385 sim s/s, ETA 6.0 s" on stderr: on a terminal one
// line rewritten (\r, then erase to its end) about once per wall second; elsewhere (a batch log) a line
// of its own at every 5 % of the duration, at most one per kLineWallS wall seconds. Ends with a line at
// 100 % (or where the run was stopped). The rate and the ETA come from the last kWindowWallS wall seconds,
// not the whole run: a run's speed changes with its load (a peak of requests, a boot storm), and the
// ETA should follow what the run does now. Until the window spans kMinSpanWallS the rate is the average
// so far and the ETA "--". The wall clock is read only every 256 time advances.
class Progress {
 public:
  static constexpr double kLineWallS = 2;
  static constexpr double kWindowWallS = 30;
  static constexpr double kMinSpanWallS = 1;
  static constexpr double kNoteWallS = 0.25;  // between two points of the window

  Progress(bool enabled, double duration)
      : enabled_(enabled), terminal_(::isatty(STDERR_FILENO) != 0), duration_(duration) {
    if (!enabled_) return;
    start_ = last_ = std::chrono::steady_clock::now();
    window_.push_back({0, sg4::Engine::get_clock()});
    sg4::Engine::on_time_advance_cb([this](double) {
      if (++calls_ % 256 == 0) tick();
    });
  }
  void finish() {
    if (enabled_) print(true);
  }

 private:
  struct Point {
    double wall, sim;
  };

  double wall_now() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

  void note(double wall, double sim) {
    if (wall - window_.back().wall < kNoteWallS) return;
    window_.push_back({wall, sim});
    while (window_.size() > 2 && wall - window_[1].wall >= kWindowWallS) window_.pop_front();
  }

  // Simulated seconds per wall second over the window, or none while it is too short.
  std::optional<double> recent_rate() const {
    const Point& a = window_.front();
    const Point& b = window_.back();
    if (b.wall - a.wall < kMinSpanWallS) return std::nullopt;
    return (b.sim - a.sim) / (b.wall - a.wall);
  }

  void tick() {
    const auto now = std::chrono::steady_clock::now();
    note(wall_now(), sg4::Engine::get_clock());
    const double since = std::chrono::duration<double>(now - last_).count();
    if (since < (terminal_ ? 1.0 : kLineWallS)) return;
    if (!terminal_ && sg4::Engine::get_clock() < next_mark_s_) return;
    last_ = now;
    print(false);
  }

  void print(bool done) {
    const double sim_t = sg4::Engine::get_clock();
    const double wall = wall_now();
    note(wall, sim_t);
    const std::optional<double> recent = recent_rate();
    const double rate = recent ? *recent : wall > 0 ? sim_t / wall : 0;
    std::string eta = "ETA --";
    if (done)
      eta = "ETA 0.0 s";
    else if (recent && *recent > 0)
      eta = fmt::format("ETA {}", wall_text(std::max(0.0, duration_ - sim_t) / *recent));
    std::fprintf(stderr, "%ssimulated %.0f s of %.0f s (%3.0f%%), wall %s, %.0f sim s/s, %s%s%s", terminal_ ? "\r" : "",
                 sim_t, duration_, duration_ > 0 ? 100.0 * sim_t / duration_ : 100.0, wall_text(wall).c_str(), rate,
                 eta.c_str(), terminal_ ? "\x1b[K" : "", done || !terminal_ ? "\n" : "");  // erase a longer line
    std::fflush(stderr);
    while (duration_ > 0 && next_mark_s_ <= sim_t) next_mark_s_ += duration_ / 20;
  }

  // "3.2 s", "12 min 5 s", "2 h 3 min"
  static std::string wall_text(double s) {
    if (s < 60) return fmt::format("{:.1f} s", s);
    if (s < 3600) return fmt::format("{:.0f} min {:.0f} s", std::floor(s / 60), std::floor(std::fmod(s, 60)));
    return fmt::format("{:.0f} h {:.0f} min", std::floor(s / 3600), std::floor(std::fmod(s, 3600) / 60));
  }

  bool enabled_;
  bool terminal_;
  double duration_;
  double next_mark_s_ = 0;
  unsigned long calls_ = 0;
  std::chrono::steady_clock::time_point start_, last_;
  std::deque<Point> window_;  // (wall, simulated) seconds, at least kNoteWallS apart, spanning kWindowWallS
};

// The clock's work at the end of the run (see the top of this file).
void end_run(World& w, Sampler& sampler) {
  sampler.sample(w.end_s);  // accounts every flow VSF up to the end
  for (auto& v : w.vsfs) {
    ControlPlane& cp = *w.control_planes[static_cast<size_t>(v->spec->site)];
    rollout_finish(w, *v, cp.rollouts[static_cast<size_t>(v->index)], w.end_s);
  }
  double joules = 0;
  for (const CpuRuntime& c : w.cpus) joules += sg_host_get_consumed_energy(c.host);
  joules += flow_busy_joules(w);  // after the last sample: every flow VSF is accounted up to the end
  w.recorder.energy(joules);
  double cp_joules = 0;  // every segment's control-plane hosts
  for (const ControlPlane* cp : w.control_planes)
    for (size_t h = 0; h < cp->host_powered.size(); ++h)
      cp_joules += sg_host_get_consumed_energy(cp->host(static_cast<int>(h)));
  w.recorder.cp_energy(cp_joules);
  report_cdn(w);
  report_global_manager(w);
  w.recorder.finish(w.end_s);
  XBT_VERB("run ends at %g s: %zu request actors, %zu control planes", w.end_s, w.workers.size(),
           w.control_planes.size());
  sg4::Actor::kill_all();
}

}  // namespace

void run_simulation(const Scenario& scenario, grid::GridModel& grid, Recorder& recorder, const RunOptions& options) {
  SimEngine engine(options.log_settings);

  World w(scenario, grid, recorder, build_platform(scenario, grid));
  std::vector<std::string> cpu_names(w.cpus.size());
  for (const CpuRuntime& c : w.cpus) cpu_names[static_cast<size_t>(c.id)] = c.name;
  recorder.cpu_names(std::move(cpu_names));
  w.isolation_check = options.isolation_check;
  start_in_idle_pool(w);

  // One control plane per grid segment (site); the one of a single-site scenario is the whole grid's.
  std::vector<std::unique_ptr<ControlPlane>> segments;
  for (int k = 0; k < scenario.grid.site_count(); ++k) {
    segments.push_back(std::make_unique<ControlPlane>(w, k));
    w.control_planes.push_back(segments.back().get());
  }
  for (auto& cp : segments) start_managers(*cp);
  start_fault_injector(
      w, faults::make_schedule(scenario.faults, fault_targets_of(scenario), scenario.duration_s, scenario.seed));
  start_global_manager(w);
  start_admin_actions(w);
  start_orders(w);
  start_decommissions(w);
  start_api_refusals(w);
  for (auto& v : w.vsfs)
    if (v->spec->fidelity == Fidelity::Request && v->spec->cdn_edges.empty())
      start_traffic(w, *v);  // an origin: its edges' misses
  start_flow(w);             // the others
  Sampler sampler(w);
  sg4::Actor::create("sampler", w.platform.fabric, [&sampler] { sampler(); });
  World* wp = &w;
  sg4::Actor::create("clock", w.platform.fabric, [wp, &sampler] {
    sg4::this_actor::sleep_until(wp->end_s);
    end_run(*wp, sampler);
  });
  XBT_VERB("%zu CPUs, %zu VSFs: actors started", w.cpus.size(), w.vsfs.size());

  install_stop_handlers();  // after SimGrid's own SIGINT handler
  Progress progress(options.progress, scenario.duration_s);
  engine.run();
  progress.finish();
  if (g_stopped_at >= 0) throw Interrupted(g_stopped_at, g_stop_signal);
}

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // a second ^C ends the process at once
  if (g_stop_signal != 0) return;  // already asked to stop: leave the default action for the next
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int stop_signal() { return g_stop_signal; }

Interrupted::Interrupted(double sim_time_s, int signal)
    : std::runtime_error("interrupted by signal " + std::to_string(signal)), sim_time_s_(sim_time_s), signal_(signal) {}

void throw_if_stopped(double sim_time_s) {
  if (g_stop_signal != 0) throw Interrupted(sim_time_s, g_stop_signal);
}

}  // namespace vsf::sim
