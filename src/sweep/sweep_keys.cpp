// The key tables of a sweep file. Docs are the schema's descriptions, word for word (a test checks it).
#include "sweep/sweep_keys.hpp"

#include "util/json_fields.hpp"

namespace vsf::sweep {

using namespace keys;

const std::vector<SectionTable>& sweep_key_tables() {
  using namespace sweep_keys;
  static const std::vector<SectionTable> tables = {
      {"", &top(), true, ""},
      {"/axes/*", &axis(), true, "/$defs/axis"},
      {"/axes/*/range", &range(), true, "/$defs/axis/properties/range"},
      {"/metrics/* (an object)", &metric(), true, "/$defs/metric/oneOf/1"},
      {"/uncertainty", &uncertainty(), true, "/$defs/uncertainty"},
      // One table per dist, for both keys: the schema has a copy per key (numbers for traffic_scale,
      // durations for phase), the loader one reader.
      {"/uncertainty/traffic_scale (dist uniform)", &draw_uniform(), true, "/$defs/scale_draw/oneOf/0"},
      {"/uncertainty/traffic_scale (dist normal)", &draw_normal(), true, "/$defs/scale_draw/oneOf/1"},
      {"/uncertainty/traffic_scale (dist lognormal)", &draw_lognormal(), true, "/$defs/scale_draw/oneOf/2"},
      {"/uncertainty/phase (dist uniform)", &draw_uniform(), true, "/$defs/phase_draw/oneOf/0"},
      {"/uncertainty/phase (dist normal)", &draw_normal(), true, "/$defs/phase_draw/oneOf/1"},
      {"/uncertainty/phase (dist lognormal)", &draw_lognormal(), true, "/$defs/phase_draw/oneOf/2"},
      {"/search", &search(), true, "/$defs/search"},
      {"/search/target", &target(), true, "/$defs/search/properties/target"},
      {"/search/replications", &search_replications(), true, "/$defs/search/properties/replications"},
      {"/slurm", &slurm(), true, "/$defs/slurm"},
  };
  return tables;
}

namespace sweep_keys {

const KeyTable& top() {
  static const KeyTable table = {
      {"$schema", string(), optional, none,
       "Ignored by vsfsim; \"../sweep.schema.json\" (or the path to it) lets editors validate and complete the file."},
      {"name", string(), optional, none,
       "The sweep's name: 1 to 64 letters, digits, '_', '-' or '.', not starting with '.'; the default output "
       "directory is out/sweeps/NAME. Default: the sweep file's name without .json."},
      {"description", text(), optional, "", "Free text about the sweep."},
      {"scenario", string(), required, none, "The base scenario file, relative to the sweep file's folder. Required."},
      {"set", object(), optional, "{}",
       "Fixed overrides for every run: an object of JSON pointer -> value, applied like --set POINTER=VALUE in the "
       "order of the pointers (so an object is set before keys inside it)."},
      {"axes", array(), optional, "[]",
       "The axes: each a JSON pointer (or several moving together) and its values. The points are their cross product, "
       "the first axis varying slowest; none: one point, \"all\"."},
      {"exclude", array(), optional, "[]",
       "Points to drop: each an object of axis name -> label; a point matching every pair of one entry is dropped."},
      {"replications", integer(1, kMaxReplications), optional, "1",
       "Runs per point, 1 to 10000, each with its own seed; replication r has the same seed at every point (common "
       "random numbers)."},
      {"seed", custom(), optional, "1",
       "The sweep's seed (0 to 2^64-1), from which every replication's seed and uncertainty draws derive."},
      {"metrics", array(), optional, none,
       "Summary figures to tabulate: each a JSON pointer into a run's summary.json, or {\"name\", \"pointer\"}. "
       "Default: the grid's denials, denials per scale-out, idle pool min, mean and empty fraction, SLA violation "
       "seconds per VSF-hour and energy."},
      {"baseline", object(), optional, none,
       "A point, as an object of axis name -> label for every axis, against which points.csv gives paired "
       "differences."},
      {"timeout", duration(positive), optional, none,
       "Wall-clock limit of each run: a duration > 0; a run past it is killed and recorded as timed_out. Absent: no "
       "limit."},
      {"uncertainty", object(), optional, none,
       "What a replication varies besides the random draws of the simulation: each VSF entry's traffic scale and "
       "phase, drawn per replication and entry."},
      {"search", object(), optional, none,
       "A capacity question: the smallest integer value of a scenario pointer whose metric meets a target with the "
       "given confidence."},
      {"slurm", object(), optional, "{}", "Settings of the Slurm backend (--backend slurm)."},
  };
  return table;
}

const KeyTable& axis() {
  static const KeyTable table = {
      {"name", string(), optional, none,
       "The axis's column name in runs.csv and points.csv and in point names; unique. Default: the last reference "
       "token of the (first) pointer."},
      {"pointer", string(), optional, none,
       "The JSON pointer (RFC 6901) into the scenario that the axis sets. Give pointer or pointers."},
      {"pointers", array(), optional, none,
       "Several JSON pointers that move together (a policy and its parameters): each value is then an array with one "
       "value per pointer. Give pointer or pointers."},
      {"values", array(), optional, none, "The values, in order: any JSON, applied like --set. Give values or range."},
      {"range", object(), optional, none,
       "Numbers from, from + step, ... up to to (included when hit exactly): only with pointer. Give values or range."},
      {"labels", array(), optional, none,
       "One label per value, unique, naming it in point names and the CSVs. Default: the value's compact JSON text "
       "(strings without quotes; with pointers, the values' texts joined by '+')."},
  };
  return table;
}

const KeyTable& range() {
  static const KeyTable table = {
      {"from", number(any), required, none, "The first value: a number. Required."},
      {"to", number(any), required, none, "The last value at most: a number >= from. Required."},
      {"step", number(positive), required, none, "The step: a number > 0. Required."},
  };
  return table;
}

const KeyTable& metric() {
  static const KeyTable table = {
      {"name", string(), optional, none,
       "The metric's column stem in the CSVs; unique. Default: the pointer without its leading '/', with '/' "
       "replaced by '.'."},
      {"pointer", string(), required, none,
       "A JSON pointer into a run's summary.json whose value is a number (null or absent: missing). Required."},
  };
  return table;
}

const KeyTable& uncertainty() {
  static const KeyTable table = {
      {"traffic_scale", custom(), optional, none,
       "A distribution of factors (>= 0) multiplying each selected VSF entry's traffic_scale, drawn per replication "
       "and entry."},
      {"phase", custom(), optional, none,
       "A distribution of durations (>= 0) by which each selected VSF entry's traffic is shifted later "
       "(traffic_shift), drawn per replication and entry."},
      {"vsfs", array(), optional, none,
       "The VSF entries it applies to, by name (a group entry gets one draw for the whole group). Default: all."},
  };
  return table;
}

const KeyTable& draw_uniform() {
  static const KeyTable table = {
      {"dist", choice(), required, none, "\"uniform\": every value of [min, max] alike. Required."},
      {"min", custom(), required, none,
       "Smallest value, >= 0: a number for traffic_scale, a duration for phase. Required."},
      {"max", custom(), required, none, "Largest value, >= min, in the unit of min. Required."},
  };
  return table;
}

const KeyTable& draw_normal() {
  static const KeyTable table = {
      {"dist", choice(), required, none,
       "\"normal\": mean + sd * z, z standard normal; a draw below 0 is taken as 0. Required."},
      {"mean", custom(), required, none, "The mean, >= 0: a number for traffic_scale, a duration for phase. Required."},
      {"sd", custom(), required, none, "The standard deviation, >= 0, in the unit of mean. Required."},
  };
  return table;
}

const KeyTable& draw_lognormal() {
  static const KeyTable table = {
      {"dist", choice(), required, none, "\"lognormal\": median * exp(sigma * z), z standard normal. Required."},
      {"median", custom(), required, none,
       "The median, > 0: a number for traffic_scale, a duration for phase. Required."},
      {"sigma", number(0, 10), required, none,
       "Standard deviation of the logarithm, 0 to 10 (0.2: most draws within a factor 1.5 of the median). Required."},
  };
  return table;
}

const KeyTable& search() {
  static const KeyTable table = {
      {"pointer", string(), required, none,
       "The JSON pointer into the scenario searched over (an integer such as /grid/cpus); not an axis's pointer. "
       "Required."},
      {"low", integer(-1e15, 1e15), required, none, "The smallest value tried: an integer. Required."},
      {"high", integer(-1e15, 1e15), required, none, "The largest value tried: an integer >= low. Required."},
      {"target", object(), required, none,
       "What the answer must meet: the metric's one-sided upper confidence bound at most at_most. Required."},
      {"replications", object(), optional, "{\"min\": 5, \"max\": 40}",
       "Replications at each value tried: min first, then more until the interval decides, at most max."},
  };
  return table;
}

const KeyTable& target() {
  static const KeyTable table = {
      {"metric", string(), required, none,
       "A JSON pointer into a run's summary.json, a number that falls as the searched value rises. Required."},
      {"at_most", number(any), required, none,
       "The target: the metric's upper confidence bound at most this. Required."},
      {"confidence", number(0, 1), optional, "0.95", "Confidence of the one-sided bound: a number in (0, 1)."},
  };
  return table;
}

const KeyTable& search_replications() {
  static const KeyTable table = {
      {"min", integer(2, kMaxReplications), optional, "5",
       "Replications at a value before its interval is judged: 2 to 10000."},
      {"max", integer(2, kMaxReplications), optional, "40",
       "The cap, >= min: a value still undecided there fails the target (the answer stays conservative)."},
  };
  return table;
}

const KeyTable& slurm() {
  static const KeyTable table = {
      {"partition", string(), optional, none, "sbatch --partition; default: the cluster's default partition."},
      {"time", string(), optional, none,
       "sbatch --time of each array task, such as \"00:30:00\"; default: the partition's limit."},
      {"memory", string(), optional, none, "sbatch --mem of each array task, such as \"2G\"; default: the cluster's."},
      {"max_parallel", integer(1, kMaxCount), optional, none,
       "Array tasks running at once (the %M of --array): 1 to 1000000; default: no limit."},
      {"runs_per_task", integer(1, kMaxCount), optional, none,
       "Runs each array task runs one after the other: 1 to 1000000; default: chosen so that the array has at most "
       "1000 tasks."},
      {"sbatch_args", array(), optional, "[]", "Further sbatch options, verbatim, such as [\"--account=x\"]."},
  };
  return table;
}

}  // namespace sweep_keys

}  // namespace vsf::sweep
