// A sweep's search made of runs: for each point of the axes (or once, without axes) search() probes
// values of the search pointer; each value becomes a point "<axes id>,<name>=<v>" ("<name>=<v>" without
// axes) whose replications are ordinary runs (make_run: same seeds and draws as every other point). A
// probe's runs are added to sweep.json before they run, so a killed search resumes with the same runs;
// finished ones are never run again. The answers go to DIR/search.json (scenarios/SWEEPS.md, "Search").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sweep/executor.hpp"
#include "sweep/expand.hpp"
#include "sweep/layout.hpp"
#include "sweep/search.hpp"

namespace vsf::sweep {

// The search's name: the last reference token of its pointer ("/grid/cpus" -> "cpus"); its column in the
// tables and its part of the point ids.
std::string search_name(const Search& s);

// The point of `axes_point` at value v of the search pointer.
Point search_point(const Search& s, const Point& axes_point, int64_t v);

// The spec the tables and sweep.json see: the axes and, last, the search as one more axis (its labels the
// values of `points` in the order they first appear), so runs.csv and points.csv get its column; no
// baseline (a search's points have none to pair with).
SweepSpec with_search_axis(const SweepSpec& spec, const std::vector<Point>& points);

// What check_points must accept before anything runs: every axes point at `low` and at `high`.
Expanded search_bounds(const SweepSpec& spec, const Expanded& axes, const nlohmann::json& scenario);

// The search points and runs a sweep.json recorded (none if `recorded` is null or no sweep's), made again
// from this spec, so that check_compatible sees any change in their seeds or values. A recorded point
// that is not a search point of these axes is left out (check_compatible then reports it gone).
Expanded recorded_search_runs(const SweepSpec& spec, const Expanded& axes, const nlohmann::json& scenario,
                              const nlohmann::json& recorded);

// What the search needs of the command: run what has no record yet, and rewrite sweep.json.
struct SearchHooks {
  std::function<ExecResult(const std::vector<RunSpec>&)> run;
  std::function<void(const SweepSpec&, const Expanded&)> write_sweep_json;
};

// A run that failed or has no value of the metric: the search of that axes point stops.
struct SearchStopped {
  std::string message;
};

// The sweep was interrupted (SIGINT, SIGTERM) while a probe ran.
struct SearchInterrupted {
  int signal = 0;
};

struct PointSearch {
  const Point* axes_point = nullptr;
  SearchResult result;
  std::vector<std::string> probe_points;  // the point id of each probe, as result.probes
  std::optional<std::string> stopped;     // why the search of this point stopped early
};

struct SearchRun {
  std::vector<PointSearch> searches;  // one per axes point
  Expanded all;                       // every search point and run, for the tables and sweep.json
};

// Runs the search at every axes point, starting from the runs `recorded` (a sweep.json, or null) holds.
// Throws SearchInterrupted.
SearchRun run_search(const SweepSpec& spec, const Expanded& axes, const nlohmann::json& scenario, const Layout& layout,
                     const nlohmann::json& recorded, const SearchHooks& hooks);

// DIR/search.json's content, and the lines printed at the end.
nlohmann::ordered_json search_json(const SweepSpec& spec, const SearchRun& run);
std::string search_summary(const SweepSpec& spec, const SearchRun& run);

}  // namespace vsf::sweep
