// Collects what a run measures and writes the results (summary.json, timeseries.csv, events.jsonl).
// Plain C++: the SimGrid layer calls it with explicit simulated times; it never calls SimGrid. Memory
// grows with VSFs, CPUs and events, never with requests (response times go into histograms).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/scenario.hpp"

namespace vsf {

// Where a CPU is in its lifecycle; cpu_seconds are integrated per state.
enum class CpuState { Off, Configuring, Booting, Serving, Draining, Stopping };
const char* to_string(CpuState s);

// What the sim layer reports at the end of each output interval for one VSF.
struct IntervalSample {
  int serving = 0;          // CPUs serving (all tiers, LB included)
  int booting = 0;          // CPUs configuring or booting
  double utilization = 0;   // busy core-seconds / serving core-seconds over the interval (servers, not LB)
};

class Recorder {
 public:
  explicit Recorder(const Scenario& scenario);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // data plane, one call per request outcome
  void offered(int vsf, double t);
  void served(int vsf, double t, double response_s);
  void dropped(int vsf, double t);
  void timed_out(int vsf, double t);

  // lifecycle: the CPU `cpu` enters state `s` at time t while belonging to `vsf` (-1: idle pool)
  void cpu_state(int cpu, int vsf, CpuState s, double t);
  void idle_pool(double t, int size);
  void time_to_serve(int vsf, double seconds);   // from scale-out decision to the CPU serving

  // control (these count; the sim layer writes the matching events.jsonl lines with event())
  void scale(int vsf, int tier, int delta, double t);
  void denial(int vsf, int tier, double t);
  void reconfiguration(const std::string& kind, int ports);  // kind: "vlan" or "san"
  void isolation_violations(int count);         // adds `count` (call after each check that found some)
  void energy(double joules);                   // grid total, set once at the end

  // periodic: called at t = k * outputs.interval_s (and at the end for a partial interval)
  void interval(int vsf, double t_end, const IntervalSample& sample);

  // events.jsonl: {"t": t, "type": type, ...fields}, in call order
  void event(double t, const std::string& type, nlohmann::json fields);

  // results
  void finish(double t_end);                    // closes every open state integration
  nlohmann::json summary() const;               // summary.json content (keys sorted by nlohmann::json)
  nlohmann::ordered_json summary_ordered() const;  // the same, keys in the documented order (results.cpp)
  std::string human_summary() const;            // what the CLI prints on stdout
  // Writes summary.json, timeseries.csv, events.jsonl (as outputs asks) into dir (created). A directory
  // that cannot be created or written throws InputError naming it.
  void write(const std::string& dir) const;
  std::string timeseries_csv() const;           // timeseries.csv content
  std::string events_jsonl() const;             // events.jsonl content

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace vsf
