// What the Recorder accumulates about faults, the control plane and rolling updates, private to
// src/metrics/: small time integrators, the control-plane counters, and the JSON / human-summary pieces
// that results.cpp places into summary.json and the CLI's summary.
#pragma once

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "metrics/recorder.hpp"
#include "model/faults_spec.hpp"

namespace vsf {

// Count, sum and max of samples; {"mean": null, "max": null} when there are none.
struct MeanMax {
  long count = 0;
  double sum = 0, max = 0;
  void add(double v);
  nlohmann::ordered_json to_json() const;
};

// Seconds a boolean condition held, from its first report on. Repeated reports of the same value keep
// the span that is open; times going backwards add nothing.
struct FlagSpan {
  bool seen = false;
  bool on = false;
  double first_t = 0;  // time of the first report
  double last_t = 0;   // latest time seen (after finish: the end of the run)
  double on_s = 0;     // closed time with the flag set
  void set(bool value, double t);
  void close(double t_end);  // integrates the open span up to t_end; idempotent
};

// Seconds-weighted integral of an integer level from t = 0 (the level is 0 before its first report).
struct LevelSpan {
  bool seen = false;
  int level = 0, max = 0;
  double last_t = 0, integral = 0;
  void set(int value, double t);
  void close(double t_end);
  nlohmann::ordered_json to_json() const;  // {mean over [0, last_t], max}; nulls if never reported
};

struct ControlPlaneStats {
  long elections = 0;
  int max_masters = 0;
  MeanMax detection, election, recovery;
  std::vector<FlagSpan> unmanaged;  // per VSF
  long restarts = 0, reassignments = 0, new_slaves = 0;
  LevelSpan hosts_on;
  double energy_j = 0;
  std::map<std::string, long> invariant_violations;    // sorted: deterministic output
  std::array<long, faults::kFaultKindCount> faults{};  // fail transitions, indexed by faults::FaultKind
  bool multi_site = false;                  // the scenario has `sites`: the WAN and global-manager kinds are listed too
  std::vector<Recorder::Rollout> rollouts;  // in call order

  double unmanaged_vsf_seconds() const;
  long fault_total() const;
  std::vector<std::pair<std::string, long>> fault_counts() const;  // every kind (see multi_site), in enum order
  void close(double t_end);
  nlohmann::ordered_json control_plane_json() const;
  nlohmann::ordered_json faults_json() const;  // every kind of faults::FaultKind, 0 by default, in its order
  nlohmann::ordered_json rollouts_json() const;
  std::string human_lines() const;  // "" when nothing of the above happened
};

}  // namespace vsf
