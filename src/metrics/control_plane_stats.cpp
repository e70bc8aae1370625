// Faults, control plane and rolling-update results: the integrators and the summary.json sections
// "control_plane", "faults" and "rollouts" (their keys are documented in results.cpp and the README).
//
// Integrals are closed by finish(t_end): a VSF still unmanaged at the end counts until t_end, and the
// control-plane hosts' mean is over [0, t_end] with 0 hosts on before the first report.
#include "metrics/control_plane_stats.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "model/faults_spec.hpp"

namespace vsf {

namespace {

using ojson = nlohmann::ordered_json;

std::string plural(long n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

}  // namespace

void MeanMax::add(double v) {
  max = count == 0 ? v : std::max(max, v);
  sum += v;
  ++count;
}

ojson MeanMax::to_json() const {
  if (count == 0) return ojson{{"mean", nullptr}, {"max", nullptr}};
  return ojson{{"mean", sum / static_cast<double>(count)}, {"max", max}};
}

void FlagSpan::set(bool value, double t) {
  if (!seen) {
    seen = true;
    first_t = last_t = t;
    on = value;
    return;
  }
  if (on) on_s += std::max(0.0, t - last_t);
  last_t = std::max(last_t, t);
  on = value;
}

void FlagSpan::close(double t_end) {
  if (seen) set(on, std::max(t_end, last_t));
}

void LevelSpan::set(int value, double t) {
  const double from = seen ? last_t : 0.0;  // before the first report, the level is 0
  integral += std::max(0.0, t - from) * level;
  last_t = std::max(from, t);
  max = seen ? std::max(max, value) : value;
  seen = true;
  level = value;
}

void LevelSpan::close(double t_end) {
  if (seen) set(level, std::max(t_end, last_t));
}

ojson LevelSpan::to_json() const {
  if (!seen) return ojson{{"mean", nullptr}, {"max", nullptr}};
  const double mean = last_t > 0 ? integral / last_t : level;
  return ojson{{"mean", mean}, {"max", max}};
}

double ControlPlaneStats::unmanaged_vsf_seconds() const {
  double total = 0;
  for (const FlagSpan& u : unmanaged) total += u.on_s;
  return total;
}

long ControlPlaneStats::fault_total() const {
  long total = 0;
  for (long n : faults) total += n;
  return total;
}

void ControlPlaneStats::close(double t_end) {
  for (FlagSpan& u : unmanaged) u.close(t_end);
  hosts_on.close(t_end);
}

ojson ControlPlaneStats::control_plane_json() const {
  ojson o;
  o["elections"] = elections;
  o["max_simultaneous_masters"] = max_masters;
  o["detection_latency_s"] = detection.to_json();
  o["election_duration_s"] = election.to_json();
  o["recovery_s"] = recovery.to_json();
  o["unmanaged_vsf_seconds"] = unmanaged_vsf_seconds();
  o["restarts"] = restarts;
  o["reassignments"] = reassignments;
  o["new_slaves"] = new_slaves;
  o["hosts_on"] = hosts_on.to_json();
  o["energy_j"] = energy_j;
  ojson v = ojson::object();
  for (const auto& [what, n] : invariant_violations) v[what] = n;
  o["invariant_violations"] = std::move(v);
  return o;
}

std::vector<std::pair<std::string, long>> ControlPlaneStats::fault_counts() const {
  std::vector<std::pair<std::string, long>> out;
  for (int k = 0; k < faults::kFaultKindCount; ++k) {
    if (k >= faults::kSingleSiteFaultKinds && !multi_site) break;  // single-site summaries stay as they were
    out.emplace_back(faults::kind_name(static_cast<faults::FaultKind>(k)), faults[static_cast<size_t>(k)]);
  }
  return out;
}

ojson ControlPlaneStats::faults_json() const {
  ojson o = ojson::object();
  for (const auto& [kind, n] : fault_counts()) o[kind] = n;
  return o;
}

ojson ControlPlaneStats::rollouts_json() const {
  ojson a = ojson::array();
  for (const Recorder::Rollout& r : rollouts) {
    const bool done = r.completed_s >= 0;
    ojson o;
    o["vsf"] = r.vsf;
    o["tier"] = r.tier;
    o["role"] = r.role;
    o["version"] = r.version;
    o["published_s"] = r.published_s;
    o["completed_s"] = done ? ojson(r.completed_s) : ojson(nullptr);
    o["duration_s"] = done ? ojson(r.completed_s - r.published_s) : ojson(nullptr);
    o["rebooted"] = r.rebooted;
    o["min_capacity_fraction"] = r.min_capacity_fraction;
    a.push_back(std::move(o));
  }
  return a;
}

std::string ControlPlaneStats::human_lines() const {
  const long total = fault_total();
  long violations = 0;
  for (const auto& [what, n] : invariant_violations) violations += n;
  // Runs without faults or control-plane activity keep the summary they always had.
  if (total == 0 && elections == 0 && restarts == 0 && reassignments == 0 && new_slaves == 0 && violations == 0 &&
      unmanaged_vsf_seconds() == 0)
    return "";
  std::string out =
      fmt::format("control plane: {}, max {}, {}, {}, {}; unmanaged {:.1f} VSF-s",
                  plural(elections, "election", "elections"), plural(max_masters, "master", "masters"),
                  plural(restarts, "restart", "restarts"), plural(reassignments, "reassignment", "reassignments"),
                  plural(new_slaves, "new slave", "new slaves"), unmanaged_vsf_seconds());
  if (violations > 0) out += fmt::format("; INVARIANT VIOLATIONS {}", violations);
  out += "\n";
  if (total > 0) {
    std::string parts;
    for (const auto& [kind, n] : fault_counts())
      if (n > 0) parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", kind, n);
    out += fmt::format("faults: {} ({})\n", total, parts);
  }
  return out;
}

}  // namespace vsf
