// From a SweepSpec to the runs: the cross product of the axes (first axis slowest) minus the excluded
// points, R replications each. Replication r has the seed replication_seed(seed, r) at every point, and
// its uncertainty draws come from its own stream, so they are the same at every point too (common random
// numbers: differences between points are not noise).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sweep/spec.hpp"

namespace vsf::sweep {

struct Expanded {
  std::vector<Point> points;
  std::vector<RunSpec> runs;  // point by point, replications 1..R in order
};

// SplitMix64 of (seed, r): stable across platforms and versions (recorded in sweep.json anyway).
uint64_t replication_seed(uint64_t seed, int replication);

// A point id from axis names and labels: "cpus=40,policy=tight", reduced to characters safe in a path.
std::string point_id(const std::vector<Axis>& axes, const std::vector<std::string>& labels);

// One run of a point: the sweep's sets, the point's, then the replication's uncertainty draws (which need
// the base scenario's VSF entries: their names and traffic_scale).
RunSpec make_run(const SweepSpec& spec, const Point& point, int replication, const nlohmann::json& scenario);

// Every point and run. `scenario` is the base scenario document (after the sweep's `set`): base_document.
// Throws InputError when an uncertainty names a VSF entry the scenario lacks, or when two points' labels
// reduce to the same id.
Expanded expand(const SweepSpec& spec, const nlohmann::json& scenario);

// The base scenario's JSON with the sweep's `set` applied (not validated: check_points does that, point by
// point); syntax errors and a `set` whose parent is missing are InputError.
nlohmann::json base_document(const SweepSpec& spec);

// Loads the base scenario with each point's values (and the first replication's draws) and checks that it
// is valid, as `vsfsim validate` would: every problem of every point at once (InputError), each naming the
// point, so that a bad axis value fails before any run starts.
void check_points(const SweepSpec& spec, const Expanded& expanded);

}  // namespace vsf::sweep
