// The typed sweep file (`vsfsim sweep SWEEP.json`): a base scenario, axes of JSON-pointer values whose
// cross product gives the points, R replications per point on common random numbers, the summary metrics
// to tabulate, and optionally demand uncertainty, a search for the smallest value meeting a target, and
// the Slurm settings. sweep_file.hpp reads it (every error with its JSON pointer, all at once);
// expand.hpp turns it into the list of runs. Plain data: nothing here runs a simulation.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace vsf::sweep {

// One axis: one pointer and its values, or several pointers that move together (a policy and its
// parameters). values[k][p] is the value of pointers[p] at step k, as JSON (applied like --set).
struct Axis {
  std::string name;                                 // column name in runs.csv/points.csv; unique
  std::vector<std::string> pointers;                // RFC 6901 pointers into the scenario
  std::vector<std::vector<nlohmann::json>> values;  // one row per step, one value per pointer
  std::vector<std::string> labels;                  // one per step: how the step appears in names and CSVs
};

// A distribution of one uncertain input (uniform or lognormal, as a group's `vary`): in the key's unit.
struct Draw {
  enum class Type { Uniform, Normal, Lognormal };
  Type type = Type::Uniform;
  double min = 0, max = 0;       // uniform
  double mean = 0, sd = 0;       // normal
  double median = 1, sigma = 0;  // lognormal
};

// What a replication varies besides the Poisson draws: per VSF entry (a group entry gets one draw for
// the whole group), a factor on its traffic_scale and a shift of its traffic in time. Drawn from the
// replication's own stream, so replication r sees the same draws at every point (common random numbers).
struct Uncertainty {
  std::optional<Draw> traffic_scale;  // factor (>= 0) multiplying vsfs[i].traffic_scale
  std::optional<Draw> phase;          // seconds: vsfs[i].traffic_shift
  std::vector<std::string> vsfs;      // names of the VSF entries it applies to; empty: all
};

// A summary figure to tabulate: a pointer into summary.json whose value is a number (null: missing).
struct Metric {
  std::string name;     // column stem in the CSVs; default: the pointer without its leading '/', '/' -> '.'
  std::string pointer;  // e.g. "/grid/denials/needs"
};

// `search`: the smallest integer value of `pointer` in [low, high] whose metric's one-sided upper
// confidence bound is at most `at_most` (the metric must fall as the value rises).
struct Search {
  std::string pointer;
  int64_t low = 0, high = 0;
  std::string metric;  // a pointer into summary.json
  double at_most = 0;
  double confidence = 0.95;
  int min_replications = 5;   // at each probed value before its interval is judged
  int max_replications = 40;  // cap: a value still undecided there fails the target (conservative)
};

struct Slurm {
  std::string partition;                // empty: the cluster's default
  std::string time_limit;               // per array task, sbatch --time (e.g. "00:30:00"); empty: default
  std::string memory;                   // per array task, sbatch --mem (e.g. "2G"); empty: default
  int max_parallel = 0;                 // the %M of --array; 0: no limit
  int runs_per_task = 0;                // 0: chosen so that the array has at most 1000 tasks
  std::vector<std::string> extra_args;  // further sbatch options, verbatim
};

struct SweepSpec {
  std::string file;         // the sweep file, as given (for messages)
  nlohmann::json document;  // the sweep file as read: sweep.json echoes it
  std::string name;         // default: the file's stem
  std::string description;  // free text
  std::string scenario;     // the base scenario, resolved against the sweep file's folder
  std::vector<std::pair<std::string, nlohmann::json>> sets;  // `set`: fixed overrides for every run, in order
  std::vector<Axis> axes;  // may be empty (one point) when there is a search, or for replications only
  std::vector<std::vector<std::pair<std::string, std::string>>> exclude;  // points to drop: axis name -> label
  int replications = 1;
  uint64_t seed = 1;            // replication r's seed is replication_seed(seed, r) at every point
  std::vector<Metric> metrics;  // default_metrics() when the file gives none
  std::optional<std::vector<std::pair<std::string, std::string>>> baseline;  // axis name -> label
  std::optional<double> timeout_s;  // per run; a run past it is killed and recorded as timed out
  std::optional<Uncertainty> uncertainty;
  std::optional<Search> search;
  Slurm slurm;
};

// The default metrics when a sweep names none (all in summary.json's "grid" section).
std::vector<Metric> default_metrics();

// One point of the cross product (after exclusions), in a stable order: the first axis varies slowest.
struct Point {
  std::string id;                   // readable, stable, safe as a path component: "cpus=40,policy=tight"
  std::vector<std::string> labels;  // one per axis, in axis order
  std::vector<std::pair<std::string, nlohmann::json>> sets;  // the axis pointers' values at this point
};

// One simulation: a point and a replication (1-based).
struct RunSpec {
  std::string point_id;
  int replication = 1;
  uint64_t seed = 0;
  // Everything applied to the base scenario with --set, in order: the sweep's `set`, the point's axis
  // values, the replication's uncertainty draws.
  std::vector<std::pair<std::string, nlohmann::json>> sets;
  std::string key() const { return point_id + "/r" + std::to_string(replication); }  // runs/<key>/
};

}  // namespace vsf::sweep
