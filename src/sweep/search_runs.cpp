// The search's points and runs, kept sorted by (axes point, value, replication) so that sweep.json and the
// tables list them in reading order whatever order bisection probed them in.
#include "sweep/search_runs.hpp"

#include <fmt/format.h>

#include <map>
#include <tuple>

#include "sweep/record.hpp"
#include "sweep/stats.hpp"

namespace vsf::sweep {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

std::string safe(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '+' && c != '-') c = '_';
  return out;
}

// The part of a search point's id before its value.
std::string id_prefix(const Search& s, const Point& axes_point, bool no_axes) {
  return (no_axes ? std::string() : axes_point.id + ",") + safe(search_name(s)) + "=";
}

std::optional<int64_t> integer(const std::string& text) {
  try {
    size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used == text.size() && std::to_string(v) == text) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// Every search point and run so far, by (axes point index, value[, replication]).
struct SearchSet {
  std::map<std::pair<size_t, int64_t>, Point> points;
  std::map<std::tuple<size_t, int64_t, int>, RunSpec> runs;

  // True when the run is new.
  bool add(const SweepSpec& spec, const Expanded& axes, size_t a, int64_t v, int r, const json& scenario) {
    auto p = points.find({a, v});
    if (p == points.end())
      p = points.emplace(std::make_pair(a, v), search_point(*spec.search, axes.points[a], v)).first;
    if (runs.count({a, v, r})) return false;
    runs.emplace(std::make_tuple(a, v, r), make_run(spec, p->second, r, scenario));
    return true;
  }
  Expanded expanded() const {
    Expanded out;
    for (const auto& [key, p] : points) out.points.push_back(p);
    for (const auto& [key, r] : runs) out.runs.push_back(r);
    return out;
  }
};

SearchSet recorded_set(const SweepSpec& spec, const Expanded& axes, const json& scenario, const json& recorded) {
  SearchSet set;
  if (!spec.search || !recorded.is_object() || !recorded.contains("runs") || !recorded["runs"].is_array()) return set;
  std::map<std::string, size_t> prefixes;
  for (size_t a = 0; a < axes.points.size(); ++a)
    prefixes[id_prefix(*spec.search, axes.points[a], spec.axes.empty())] = a;
  for (const json& r : recorded["runs"]) {
    if (!r.is_object() || !r.contains("point") || !r["point"].is_string() || !r.contains("replication") ||
        !r["replication"].is_number_integer() || r["replication"].get<int>() < 1)
      continue;
    const std::string id = r["point"].get<std::string>();
    for (const auto& [prefix, a] : prefixes)
      if (id.rfind(prefix, 0) == 0)
        if (auto v = integer(id.substr(prefix.size())))
          set.add(spec, axes, a, *v, r["replication"].get<int>(), scenario);
  }
  return set;
}

std::vector<double> values_of(const Layout& layout, const std::vector<RunSpec>& runs, const std::string& metric) {
  std::vector<double> xs;
  for (const RunSpec& run : runs) {
    const auto record = read_record(layout, run);
    if (!record) throw SearchStopped{fmt::format("run {} did not finish", run.key())};
    if (record->status != RunStatus::Ok)
      throw SearchStopped{
          fmt::format("run {} {} (see {})", run.key(), to_string(record->status), layout.stderr_log(run).string())};
    const auto x = read_metric(layout, run, metric);
    if (!x) throw SearchStopped{fmt::format("run {} has no number at {} in its summary.json", run.key(), metric)};
    xs.push_back(*x);
  }
  return xs;
}

ordered_json optional_number(const std::optional<double>& x) { return x ? ordered_json(*x) : ordered_json(nullptr); }

const char* verdict(const Probe& p, double at_most) {
  if (p.passes) return "passes";
  return p.lower && *p.lower > at_most ? "fails" : "undecided";
}

ordered_json probe_json(const SweepSpec& spec, const Point& axes_point, const Probe& p) {
  const Search& s = *spec.search;
  const Point point = search_point(s, axes_point, p.value);
  ordered_json runs = ordered_json::array();
  for (size_t r = 1; r <= p.samples.size(); ++r) runs.push_back(point.id + "/r" + std::to_string(r));
  return {{"value", p.value},
          {"point", point.id},
          {"n", p.samples.size()},
          {"mean", p.mean},
          {"sd", optional_number(estimate(p.samples).sd)},
          {"upper_bound", optional_number(p.upper)},
          {"lower_bound", optional_number(p.lower)},
          {"verdict", verdict(p, s.at_most)},
          {"values", p.samples},
          {"runs", runs}};
}

// "cpus = 15: mean 0.09452, bounds [0.05537, 0.1337], n 10, fails": the lower bound decides a failure,
// the upper one a pass, so both are shown.
std::string probe_text(const Search& s, const Probe& p) {
  const auto text = [](const std::optional<double>& x) { return x ? fmt::format("{:.4g}", *x) : std::string("-"); };
  return fmt::format("{} = {}: mean {:.4g}, bounds [{}, {}], n {}, {}", search_name(s), p.value, p.mean, text(p.lower),
                     text(p.upper), p.samples.size(), verdict(p, s.at_most));
}

}  // namespace

std::string search_name(const Search& s) {
  const auto slash = s.pointer.rfind('/');
  std::string name = slash == std::string::npos ? s.pointer : s.pointer.substr(slash + 1);
  for (const auto& [from, to] : {std::pair<const char*, const char*>{"~1", "/"}, {"~0", "~"}})
    for (size_t at; (at = name.find(from)) != std::string::npos;) name.replace(at, 2, to);
  return name;
}

Point search_point(const Search& s, const Point& axes_point, int64_t v) {
  Point p = axes_point;
  const bool no_axes = axes_point.labels.empty();
  p.id = id_prefix(s, axes_point, no_axes) + std::to_string(v);
  p.labels.push_back(std::to_string(v));
  p.sets.emplace_back(s.pointer, json(v));
  return p;
}

SweepSpec with_search_axis(const SweepSpec& spec, const std::vector<Point>& points) {
  SweepSpec out = spec;
  out.baseline.reset();  // the search's values have no baseline to pair with: points.csv has no diff columns
  Axis a;
  a.name = search_name(*spec.search);
  a.pointers = {spec.search->pointer};
  for (const Point& p : points) {
    if (p.labels.size() != spec.axes.size() + 1) continue;
    const std::string& label = p.labels.back();
    if (std::find(a.labels.begin(), a.labels.end(), label) != a.labels.end()) continue;
    a.labels.push_back(label);
    a.values.push_back({p.sets.back().second});
  }
  out.axes.push_back(std::move(a));
  return out;
}

Expanded search_bounds(const SweepSpec& spec, const Expanded& axes, const json& scenario) {
  SearchSet set;
  for (size_t a = 0; a < axes.points.size(); ++a)
    for (int64_t v : {spec.search->low, spec.search->high}) set.add(spec, axes, a, v, 1, scenario);
  return set.expanded();
}

Expanded recorded_search_runs(const SweepSpec& spec, const Expanded& axes, const json& scenario, const json& recorded) {
  return recorded_set(spec, axes, scenario, recorded).expanded();
}

SearchRun run_search(const SweepSpec& spec, const Expanded& axes, const json& scenario, const Layout& layout,
                     const json& recorded, const SearchHooks& hooks) {
  const Search& s = *spec.search;
  SearchSet set = recorded_set(spec, axes, scenario, recorded);
  SearchRun out;
  for (size_t a = 0; a < axes.points.size(); ++a) {
    PointSearch ps;
    ps.axes_point = &axes.points[a];
    const Evaluate evaluate = [&](int64_t v, int n) {
      bool added = false;
      for (int r = 1; r <= n; ++r) added = set.add(spec, axes, a, v, r, scenario) || added;
      if (added) {  // recorded before anything runs, so a resumed sweep finds these runs in sweep.json
        const Expanded all = set.expanded();
        hooks.write_sweep_json(with_search_axis(spec, all.points), all);
      }
      std::vector<RunSpec> runs;
      for (int r = 1; r <= n; ++r) runs.push_back(set.runs.at({a, v, r}));
      const ExecResult result = hooks.run(runs);
      if (result.interrupted) throw SearchInterrupted{result.signal};
      return values_of(layout, runs, s.metric);
    };
    try {
      ps.result = search(s, evaluate);
    } catch (const SearchStopped& stopped) {
      ps.stopped = stopped.message;
    }
    out.searches.push_back(std::move(ps));
  }
  out.all = set.expanded();
  return out;
}

ordered_json search_json(const SweepSpec& spec, const SearchRun& run) {
  const Search& s = *spec.search;
  ordered_json doc;
  doc["search"] = {{"name", search_name(s)},
                   {"pointer", s.pointer},
                   {"low", s.low},
                   {"high", s.high},
                   {"target", {{"metric", s.metric}, {"at_most", s.at_most}, {"confidence", s.confidence}}},
                   {"replications", {{"min", s.min_replications}, {"max", s.max_replications}}}};
  doc["results"] = ordered_json::array();
  for (const PointSearch& ps : run.searches) {
    ordered_json labels = ordered_json::object();
    for (size_t i = 0; i < spec.axes.size() && i < ps.axes_point->labels.size(); ++i)
      labels[spec.axes[i].name] = ps.axes_point->labels[i];
    const SearchResult& r = ps.result;
    const auto probe = [&](const std::optional<Probe>& p) {
      return p ? probe_json(spec, *ps.axes_point, *p) : ordered_json(nullptr);
    };
    ordered_json probes = ordered_json::array();
    for (const Probe& p : r.probes) probes.push_back(probe_json(spec, *ps.axes_point, p));
    doc["results"].push_back({{"point", ps.axes_point->id},
                              {"labels", labels},
                              {"answer", r.answer && !ps.stopped ? ordered_json(*r.answer) : ordered_json(nullptr)},
                              {"stopped", ps.stopped ? ordered_json(*ps.stopped) : ordered_json(nullptr)},
                              {"at_answer", probe(r.at_answer)},
                              {"below_answer", probe(r.below_answer)},
                              {"probes", probes}});
  }
  return doc;
}

std::string search_summary(const SweepSpec& spec, const SearchRun& run) {
  const Search& s = *spec.search;
  std::string out = fmt::format("search {} in [{}, {}]: smallest with the {:g} % upper bound of {} <= {:g}\n",
                                search_name(s), s.low, s.high, 100 * s.confidence, s.metric, s.at_most);
  for (const PointSearch& ps : run.searches) {
    const std::string where = spec.axes.empty() ? "" : ps.axes_point->id + ": ";
    const SearchResult& r = ps.result;
    if (ps.stopped)
      out += fmt::format("  {}stopped: {}\n", where, *ps.stopped);
    else if (!r.answer)
      out += fmt::format("  {}no answer in the range ({})\n", where,
                         r.probes.empty() ? std::string("nothing probed") : probe_text(s, r.probes.front()));
    else
      out += fmt::format("  {}answer {} = {} ({}{})\n", where, search_name(s), *r.answer, probe_text(s, *r.at_answer),
                         r.below_answer ? "; " + probe_text(s, *r.below_answer) : std::string());
  }
  return out;
}

}  // namespace vsf::sweep
