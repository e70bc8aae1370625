// The tables are a pure function of the records and the summaries: rebuilt in full each time (at the
// end of a sweep, after a resume, by --collect), so they never disagree with what DIR holds.
#include "sweep/tables.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <map>
#include <optional>

#include "sweep/atomic_file.hpp"
#include "sweep/record.hpp"
#include "sweep/stats.hpp"

namespace vsf::sweep {

namespace {

// The project's CSV dialect (util/csv.hpp) trims unquoted fields and takes a leading '#' for a comment,
// so such fields are quoted as well as those holding a comma, a quote or a line break.
std::string field(const std::string& s) {
  const bool plain = !s.empty() && s.find_first_of(",\"\r\n") == std::string::npos && s.front() != '#' &&
                     s.front() != ' ' && s.front() != '\t' && s.back() != ' ' && s.back() != '\t';
  if (plain || s.empty()) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}
std::string number(const std::optional<double>& v) { return v ? number(*v) : ""; }

std::string line(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + field(cells[i]);
  return out + "\n";
}

std::vector<std::string> labels_of(const Point& p, size_t axes) {
  std::vector<std::string> labels = p.labels;
  labels.resize(axes);  // a point the search added may carry fewer labels than the sweep has axes
  return labels;
}

std::optional<std::string> baseline_id(const SweepSpec& spec, const Expanded& expanded) {
  if (!spec.baseline) return std::nullopt;
  for (const auto& p : expanded.points) {
    bool all = true;
    for (const auto& [axis, label] : *spec.baseline) {
      bool match = false;
      for (size_t a = 0; a < spec.axes.size() && a < p.labels.size(); ++a)
        if (spec.axes[a].name == axis && p.labels[a] == label) match = true;
      all = all && match;
    }
    if (all) return p.id;
  }
  return std::nullopt;
}

// What a point's finished runs gave: per replication, its status and each metric's value.
struct Finished {
  RunRecord record;
  std::vector<std::optional<double>> metrics;
};
using PointRuns = std::map<int, Finished>;  // by replication

using ByPoint = std::map<std::string, PointRuns>;

// runs.csv, filling `by_point` with what the points table needs.
std::string runs_table(const Layout& layout, const SweepSpec& spec, const Expanded& expanded, ByPoint& by_point) {
  std::vector<std::string> head{"point"};
  for (const auto& a : spec.axes) head.push_back(a.name);
  for (const char* c : {"replication", "seed", "status", "exit_code", "wall_s"}) head.push_back(c);
  for (const auto& m : spec.metrics) head.push_back(m.name);
  std::string out = line(head);
  std::map<std::string, const Point*> points;
  for (const auto& p : expanded.points) points[p.id] = &p;
  for (const auto& run : expanded.runs) {
    auto record = read_record(layout, run);
    if (!record) continue;
    Finished f{*record, {}};
    for (const auto& m : spec.metrics)
      f.metrics.push_back(record->status == RunStatus::Ok ? read_metric(layout, run, m.pointer) : std::nullopt);
    std::vector<std::string> row{run.point_id};
    const auto p = points.find(run.point_id);
    for (const auto& l :
         p != points.end() ? labels_of(*p->second, spec.axes.size()) : std::vector<std::string>(spec.axes.size()))
      row.push_back(l);
    row.push_back(std::to_string(run.replication));
    row.push_back(std::to_string(run.seed));
    row.push_back(to_string(record->status));
    const bool exited = record->status == RunStatus::Ok || record->status == RunStatus::Failed;
    row.push_back(exited ? std::to_string(record->exit_code) : "");  // a signal ended it: no exit code
    row.push_back(number(record->wall_s));
    for (const auto& v : f.metrics) row.push_back(number(v));
    out += line(row);
    by_point[run.point_id].emplace(run.replication, std::move(f));
  }
  return out;
}

// One metric's cells of a point: mean, sd, interval, and the paired differences against the baseline.
void metric_cells(const PointRuns& mine, const PointRuns* base_runs, size_t m, std::vector<std::string>& row) {
  std::vector<double> xs, diffs;
  for (const auto& [r, f] : mine) {
    if (!f.metrics[m]) continue;
    xs.push_back(*f.metrics[m]);
    if (!base_runs) continue;
    const auto b = base_runs->find(r);  // paired by replication: the same seed and draws at both points
    if (b != base_runs->end() && b->second.metrics[m]) diffs.push_back(*f.metrics[m] - *b->second.metrics[m]);
  }
  const Estimate e = estimate(xs);
  row.push_back(e.n > 0 ? number(e.mean) : "");
  row.push_back(number(e.sd));
  row.push_back(number(e.ci_low));
  row.push_back(number(e.ci_high));
  if (!base_runs) return;
  const Estimate d = estimate(diffs);
  row.push_back(d.n > 0 ? number(d.mean) : "");
  row.push_back(number(d.ci_low));
  row.push_back(number(d.ci_high));
}

std::string points_table(const SweepSpec& spec, const Expanded& expanded, const ByPoint& by_point) {
  const auto base = baseline_id(spec, expanded);
  std::vector<std::string> head{"point"};
  for (const auto& a : spec.axes) head.push_back(a.name);
  head.push_back("n");
  head.push_back("n_failed");
  for (const auto& m : spec.metrics) {
    for (const char* s : {"_mean", "_sd", "_ci_low", "_ci_high"}) head.push_back(m.name + s);
    if (base)
      for (const char* s : {"_diff_mean", "_diff_ci_low", "_diff_ci_high"}) head.push_back(m.name + s);
  }
  std::string out = line(head);
  const PointRuns none;
  const auto runs_of_point = [&](const std::string& id) -> const PointRuns& {
    const auto it = by_point.find(id);
    return it == by_point.end() ? none : it->second;
  };
  for (const auto& p : expanded.points) {
    const PointRuns& mine = runs_of_point(p.id);
    std::vector<std::string> row{p.id};
    for (const auto& l : labels_of(p, spec.axes.size())) row.push_back(l);
    int n = 0, n_failed = 0;
    for (const auto& [r, f] : mine) ++(f.record.status == RunStatus::Ok ? n : n_failed);
    row.push_back(std::to_string(n));
    row.push_back(std::to_string(n_failed));
    for (size_t m = 0; m < spec.metrics.size(); ++m) metric_cells(mine, base ? &runs_of_point(*base) : nullptr, m, row);
    out += line(row);
  }
  return out;
}

}  // namespace

void write_tables(const Layout& layout, const SweepSpec& spec, const Expanded& expanded) {
  ByPoint by_point;
  const std::string runs = runs_table(layout, spec, expanded, by_point);
  const std::string points = points_table(spec, expanded, by_point);
  write_file_atomically(layout.runs_csv(), runs);
  write_file_atomically(layout.points_csv(), points);
}

}  // namespace vsf::sweep
