// The fault schedule of one run: a FaultSpec expanded, for a given grid, duration and seed, into a
// time-sorted list of fail/heal transitions that the simulation applies as they come.
//
// Causes and transitions. Each scheduled event, each renewal cycle of a process and each failure of a
// correlated group is a *cause* that holds its targets down from its start to its repair. A target is
// down while at least one cause holds it; the schedule holds only the transitions: `fail` when the
// first cause starts, `heal` when the last one ends. So a CPU already down from its own failure when
// its rack fails emits nothing at the rack failure, and heals only when both are repaired. Causes are
// independent: a process's clock keeps running while its target is down for another cause.
//
// Order. By time; at the same time by kind (FaultKind order), then manager role and mode, then target
// index; for the same target, causes starting are applied before causes ending, so a repair and a new
// failure at one instant leave the target down without a heal/fail flicker, while a zero repair time
// gives a fail immediately followed by its heal. Transitions at or after the run's duration are
// dropped; a target may therefore end the run down.
//
// Randomness. Every stream is a std::mt19937_64 seeded from (seed, entry, target): an event's repair
// draw from (seed, "event", event index); a process's draws for one target from (seed, "process",
// process index, hash of the target's name; a group's name for processes over groups). Adding a CPU,
// a target or a later process does not change the draws of the others.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "faults/fault_targets.hpp"
#include "model/faults_spec.hpp"

namespace vsf::faults {

enum class Transition { Fail, Heal };

struct FaultEvent {
  double t_s = 0;
  Transition transition = Transition::Fail;
  FaultKind kind = FaultKind::Cpu;
  ManagerRole manager = ManagerRole::Master;  // kind manager only
  ManagerMode mode = ManagerMode::Crash;      // kind manager only
  int target = 0;           // index into FaultTargets::names(kind, manager); cp_partition: the partition's
                            // number (its order among cp_partition entries, events first)
  std::string target_name;  // "cpu-12", "slave0", "cp0+cp1|cp2" for a partition
  // cp_partition: control-plane host indices on each side, sorted; the global manager's host, when a side
  // names it, is the index after the last host's (FaultTargets::names(CpPartition)).
  std::array<std::vector<int>, 2> sides;
  std::string group;  // the correlated group whose failure or repair made this transition, or ""
  std::string cause;  // JSON pointer of the event or process ("/faults/processes/0")
};

// A schedule longer than this is refused (an InputError naming the process): a time to failure far
// shorter than the run would otherwise fill memory.
constexpr size_t kMaxFaultCauses = 1000000;

// Throws InputError only for kMaxFaultCauses. Names and indices that do not resolve are skipped:
// call check_fault_targets first. `seed` is the scenario seed; spec.seed, when set, replaces it.
std::vector<FaultEvent> make_schedule(const FaultSpec& spec, const FaultTargets& targets, double duration_s,
                                      uint64_t seed);

// {"t": 7200, "transition": "fail", "kind": "cpu", "target": "cpu-12", "index": 12, ...} for events.jsonl.
nlohmann::json to_json(const FaultEvent& e);

// Seconds each target of `kind` (of `role`) is down within [0, duration_s), by target index, from the
// transitions of a schedule (a target down at the end counts until duration_s). For tests and summaries.
std::vector<double> downtime_by_target(const std::vector<FaultEvent>& schedule, FaultKind kind, ManagerRole role,
                                       ManagerMode mode, size_t target_count, double duration_s);

}  // namespace vsf::faults
