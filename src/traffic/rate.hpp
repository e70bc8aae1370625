// The offered request rate of a VSF as a function of simulated time, from its traffic components
// (constant, steps, diurnal, flash crowd, CSV trace), which add up, each times its `scale` (the VSF's
// traffic_scale). Arrivals are a non-homogeneous Poisson process at this rate, drawn by thinning against
// an upper bound. Plain C++.
#pragma once

#include <random>
#include <vector>

#include "model/traffic_spec.hpp"
#include "util/errors.hpp"

namespace vsf {

class RateFunction {
 public:
  explicit RateFunction(std::vector<TrafficComponent> components);
  double rate(double t) const;                   // requests per second at time t (>= 0)
  double max_rate(double t0, double t1) const;   // an upper bound of rate() over [t0, t1]
  double mean_rate(double t0, double t1) const;  // integral / (t1 - t0), exact (closed forms)
  double peak_rate() const;  // an upper bound of rate() over all t >= 0, without max_rate's rounding margin
  // The first time after t where rate() may jump (a step, a trace's next point, a weekend day's edge);
  // +inf when it is continuous from t on. The flow fidelity steps its rates there exactly.
  double next_break(double t) const;
  const std::vector<TrafficComponent>& components() const { return components_; }

 private:
  std::vector<TrafficComponent> components_;
};

// Shifts the component later in time by shift_s: its rate at t becomes its rate at t - shift_s as written
// (diurnal phase and weeks, steps, flash crowd start, trace start; a constant has nothing to shift). A
// group copy's drawn phase. Before t = 0 nothing arrives, and a looped trace runs on backwards.
void shift_in_time(TrafficComponent& c, double shift_s);

// Next arrival strictly after t (Poisson at rate(t), by thinning), or +infinity if none before `end`.
// The RateFunction must outlive the process. Same seed and same calls => same arrivals, everywhere.
class ArrivalProcess {
 public:
  ArrivalProcess(const RateFunction& rate, uint64_t seed);
  double next(double t, double end);

  static constexpr double kWindowS = 60;  // thinning window: the rate bound is recomputed this often

 private:
  const RateFunction& rate_;
  std::mt19937_64 rng_;
  double window_start_ = 0, window_end_ = 0, bound_ = 0;  // current window and its rate bound
};

// Reads a CSV trace into the component's points (time from trace start in simulated seconds, rate in
// requests/s, scaled). Problems go to `diags` with file, line and column name.
// component.file must already be resolved (relative to the scenario's folder) by the caller; it is the
// name shown in messages. Points are piecewise constant and end with a point of rate 0 marking the end
// of the trace (see trace.cpp). `points` stays empty when the file has any problem, or when the
// component's own keys (bucket, time_scale, rate_scale) are invalid: the scenario loader reports those.
void load_trace(TrafficComponent& component, const std::string& scenario_file, const std::string& pointer,
                Diagnostics& diags);

}  // namespace vsf
