// --trace: the run as a Chrome Trace Event Format file (the JSON object form), which ui.perfetto.dev and
// chrome://tracing open. Built after the run from what the Recorder kept: the events (as in
// events.jsonl), the CPU state changes and scaling actions (the very calls that make summary.json's
// cpu_seconds and scale_outs, so the trace's totals are the summary's), and the timeseries rows.
//
// Layout (README "Trace"): process 1 "CPUs", a track per CPU: a complete ("X") slice per stretch of a
// lifecycle state while the CPU belongs to a VSF, named "<vsf> <role>" with the state in args; time in
// the idle pool has no slice (a gap), so the busy part of the grid stands out. Fault events of a CPU
// (cut, restored, lost, failed boot) are instants on its track.
// Process 2 "control plane": a "faults and hosts" track (the fault schedule's transitions, control-plane
// hosts powered on and off, invariant violations) and a track per
// manager (slave<k>, fm:<vsf>) with its role ("slave", "farm manager") as slices while it runs,
// "master (epoch N)" nested inside (from master_elected to master_lost), "down" slices (from
// manager_down to the restart that brings it back, or the end) and the control plane's events as
// instants (elections, restarts, health checks, reassignments, ...).
// Process 3 "VSFs": a track per VSF with instants for scaling decisions (the policy's inputs in args),
// scale-outs and scale-ins (the actions counted in summary.json), requests, grants and denials;
// "unmanaged" slices on a track of their own; counters from the timeseries rows.
// Timestamps are microseconds of simulated time. Output: metadata first, then the events sorted by
// time (stable: call order within an instant), one per line; same run, same bytes.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "metrics/recorder_state.hpp"
#include "metrics/trace_format.hpp"

namespace vsf {

namespace {

using ojson = nlohmann::ordered_json;

constexpr int kCpusPid = 1, kControlPid = 2, kVsfsPid = 3;

// Events that are faults of one CPU, or its loan to another site: instants on its track. The other CPU events are the
// lifecycle the slices already show.
const std::set<std::string>& cpu_instant_types() {
  static const std::set<std::string> types = {
      "cpu_cut", "cpu_restored",        "cpu_lost", "boot_failed",   "boot_read_failed",
      "evict",   "isolation_violation", "cpu_lent", "loan_returned", "loan_lost"};
  return types;
}

// Events of the control plane, on the track of the manager they are about.
const std::set<std::string>& manager_types() {
  static const std::set<std::string> types = {
      "manager_down",       "restart",         "restart_confirmed",   "health_check_failed",
      "reassign",           "reassign_failed", "takeover_done",       "slave_deregistered",
      "slave_created",      "slave_removed",   "rebalance",           "master_suspected",
      "election_entry",     "master_elected",  "master_stepped_down", "master_lost",
      "invariant_violation"};
  return types;
}

// The manager an event is about: the restarted or ended one, the farm manager moved, the slave acting.
std::string subject(const nlohmann::json& e) {
  for (const char* key : {"manager", "fm", "slave", "master"}) {
    auto it = e.find(key);
    if (it != e.end() && it->is_string()) return it->get<std::string>();
  }
  return "";
}

// Where "fm:" starts in a farm manager's name ("fm:<vsf>", or "<site>/fm:<vsf>" in a multi-site grid,
// whose slaves are "<site>/slave<k>"), npos for a segment manager's.
size_t fm_at(const std::string& name) {
  if (name.rfind("fm:", 0) == 0) return 0;
  const size_t slash = name.find('/');
  return slash != std::string::npos && name.compare(slash + 1, 3, "fm:") == 0 ? slash + 1 : std::string::npos;
}
bool is_fm(const std::string& name) { return fm_at(name) != std::string::npos; }

// slave2 before slave10: a name's trailing number compares as a number.
bool manager_order(const std::string& a, const std::string& b) {
  auto split = [](const std::string& s) {
    size_t i = s.size();
    while (i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]))) --i;
    const bool fm = is_fm(s);  // slaves (segment managers) first
    return std::make_tuple(fm, s.substr(0, i), i < s.size() && s.size() - i < 10 ? std::stol(s.substr(i)) : -1L, s);
  };
  return split(a) < split(b);
}

}  // namespace

class TraceBuilder {
 public:
  explicit TraceBuilder(const Recorder::Impl& m) : m_(m) {}

  std::string build() {
    std::vector<nlohmann::json> events;
    events.reserve(m_.events.size());
    for (const std::string& line : m_.events) events.push_back(nlohmann::json::parse(line));
    collect_managers(events);
    metadata();
    replay(events);
    // Only CPUs that left the idle pool get a named track: a grid of thousands then lists its busy part.
    for (int cpu : cpus_seen_) w_.name_thread(kCpusPid, cpu_tid(cpu), cpu_name(cpu));
    counters();
    return output();
  }

 private:
  struct Open {  // a slice begun and not yet ended
    std::string name;
    double t = 0;
    ojson args;
  };

  void collect_managers(const std::vector<nlohmann::json>& events) {
    std::vector<std::string> names;
    std::map<std::string, double> first_seen;
    for (const auto& e : events) {
      const std::string type = e.value("type", "");
      if (manager_types().count(type) == 0) continue;
      const std::string who = subject(e);
      if (!who.empty() && first_seen.count(who) == 0) {
        names.push_back(who);
        // a slave created during the run runs from then on; the others from the start (or their VSF's)
        first_seen[who] = type == "slave_created" ? e.value("t", 0.0) : -1;
      }
    }
    std::sort(names.begin(), names.end(), manager_order);
    for (const std::string& who : names) {
      double since = std::max(0.0, first_seen[who]);
      if (is_fm(who) && vsf_index(who.substr(fm_at(who) + 3)) >= 0)
        since = m_.vsfs[static_cast<size_t>(vsf_index(who.substr(fm_at(who) + 3)))].created_s;
      managers_[who].role = Open{role_of(who), since, ojson::object()};
    }
    // Track ids are unique across processes (Perfetto's JSON import takes a tid seen under another pid
    // for a reused thread): CPUs 1..n, then the faults track, the managers, the VSFs' tracks.
    cpu_count_ = std::max(m_.trace.cpu_names.size(), m_.cpus.empty() ? 0 : size_t(m_.cpus.rbegin()->first + 1));
    faults_tid_ = static_cast<int>(cpu_count_) + 1;
    for (size_t i = 0; i < names.size(); ++i) manager_tid_[names[i]] = faults_tid_ + 1 + static_cast<int>(i);
    vsf_base_ = faults_tid_ + 1 + static_cast<int>(names.size());
    for (size_t i = 0; i < m_.trace.cpu_names.size(); ++i) cpu_index_[m_.trace.cpu_names[i]] = static_cast<int>(i);
  }

  void metadata() {
    w_.name_process(kCpusPid, "CPUs", 1);
    w_.name_process(kControlPid, "control plane", 2);
    w_.name_thread(kControlPid, faults_tid_, "faults and hosts");
    for (const auto& [name, tid] : manager_tid_)
      w_.name_thread(kControlPid, tid, is_fm(name) ? name + " (farm manager)" : name + " (segment manager)");
    w_.name_process(kVsfsPid, "VSFs", 3);
    for (size_t v = 0; v < m_.vsfs.size(); ++v) w_.name_thread(kVsfsPid, vsf_tid(static_cast<int>(v)), m_.vsfs[v].name);
  }

  int cpu_tid(int cpu) {
    cpus_seen_.insert(cpu);
    return cpu + 1;
  }
  int vsf_tid(int vsf) const { return vsf_base_ + 2 * vsf; }
  int unmanaged_tid(int vsf) const { return vsf_base_ + 2 * vsf + 1; }

  std::string cpu_name(int cpu) const {
    return static_cast<size_t>(cpu) < m_.trace.cpu_names.size() ? m_.trace.cpu_names[static_cast<size_t>(cpu)]
                                                                : fmt::format("cpu {}", cpu);
  }

  int vsf_index(const std::string& name) const {
    for (size_t v = 0; v < m_.vsfs.size(); ++v)
      if (m_.vsfs[v].name == name) return static_cast<int>(v);
    return -1;
  }

  static ojson fields(const nlohmann::json& e) {
    ojson args;
    for (auto& [key, value] : e.items())
      if (key != "t" && key != "type") args[key] = ojson(value);
    return args;
  }

  // A CPU's state change ends the slice of its previous state (if it belonged to a VSF).
  void cpu_change(const TraceLog::CpuChange& c) {
    auto it = cpu_open_.find(c.cpu);
    if (it != cpu_open_.end()) {
      const TraceLog::CpuChange& was = it->second;
      if (was.vsf >= 0 && static_cast<size_t>(was.vsf) < m_.vsfs.size()) {
        const std::string& vsf = m_.vsfs[static_cast<size_t>(was.vsf)].name;
        const std::string role = role_[{cpu_name(c.cpu), vsf}];
        w_.slice(kCpusPid, cpu_tid(c.cpu), role.empty() ? vsf : vsf + " " + role, "cpu", was.t, c.t,
                 {{"state", to_string(was.state)}, {"vsf", vsf}, {"role", role}});
      }
    }
    cpu_open_[c.cpu] = c;
  }

  void scale(const TraceLog::Scale& s) {
    const VsfStats& v = m_.vsfs[static_cast<size_t>(s.vsf)];
    const std::string tier =
        s.tier >= 0 && static_cast<size_t>(s.tier) < v.tiers.size() ? v.tiers[static_cast<size_t>(s.tier)].name : "";
    w_.instant(kVsfsPid, vsf_tid(s.vsf), s.delta > 0 ? "scale-out" : "scale-in", "scaling", s.t,
               {{"vsf", v.name}, {"tier", tier}, {"cpus", s.delta}});
  }

  // A manager's track: its role ("slave" or "farm manager") while it runs, with "master (epoch N)"
  // nested inside while it acts as master, and "down" between its end and its return.
  struct ManagerTrack {
    std::optional<Open> role, master, down;
  };

  static const char* role_of(const std::string& who) { return is_fm(who) ? "farm manager" : "slave"; }

  void close(const std::string& who, std::optional<Open>& open, double t) {
    if (!open) return;
    w_.slice(kControlPid, manager_tid_.at(who), open->name, "control", open->t, t, std::move(open->args));
    open.reset();
  }

  void close_manager(const std::string& who, double t) {
    ManagerTrack& m = managers_[who];
    close(who, m.master, t);
    close(who, m.role, t);
    close(who, m.down, t);
  }

  void manager_event(const std::string& type, const nlohmann::json& e, double t) {
    const std::string who = subject(e);
    if (who.empty()) return;
    ManagerTrack& m = managers_[who];
    const bool back = type == "restart_confirmed" || (type == "takeover_done" && e.value("fm", "") == who) ||
                      (type == "restart" && e.value("reason", "") != "health check");
    if (type == "manager_down") {
      close_manager(who, t);
      m.down = Open{"down", t, {{"reason", e.value("reason", "")}, {"incarnation", e.value("incarnation", 0)}}};
    } else if (m.down && (back || type == "master_elected")) {
      // back: a slave the master restarted confirms; a farm manager taken over, or restarted by its slave
      // or a slave by its host's supervisor (their start, manager_restart later, has no event of its own)
      close(who, m.down, t);
      m.role = Open{role_of(who), t, ojson::object()};
    }
    if (type == "master_elected") {
      close(who, m.master, t);
      if (!m.role) m.role = Open{role_of(who), t, ojson::object()};
      m.master = Open{fmt::format("master (epoch {})", e.value("epoch", 0)), t, {{"epoch", e.value("epoch", 0)}}};
    } else if (type == "master_lost") {
      close(who, m.master, t);
    }
    w_.instant(kControlPid, manager_tid_.at(who), type, "control", t, fields(e));
  }

  void unmanaged(const nlohmann::json& e, double t) {
    const int v = vsf_index(e.value("vsf", ""));
    if (v < 0) return;
    auto it = unmanaged_since_.find(v);
    if (e.value("unmanaged", false)) {
      if (it == unmanaged_since_.end()) unmanaged_since_[v] = {"unmanaged", t, fields(e)};
      unmanaged_seen_.insert(v);
    } else if (it != unmanaged_since_.end()) {
      w_.slice(kVsfsPid, unmanaged_tid(v), "unmanaged", "control", it->second.t, t, std::move(it->second.args));
      unmanaged_since_.erase(it);
    }
  }

  void event(const nlohmann::json& e) {
    const std::string type = e.value("type", "");
    const double t = e.value("t", 0.0);
    const std::string cpu = e.value("cpu", "");
    const std::string vsf = e.value("vsf", "");
    if (!cpu.empty()) {
      const std::string tier = e.value("tier", "");
      if (vsf != "idle" && !tier.empty()) role_[{cpu, vsf}] = tier;
      auto it = cpu_index_.find(cpu);
      if (it != cpu_index_.end() && cpu_instant_types().count(type))
        w_.instant(kCpusPid, cpu_tid(it->second), type, "fault", t, fields(e));
      return;
    }
    if (type == "fault" || type == "fault_no_target" || type == "host_power" || type == "global_report" ||
        (manager_types().count(type) && subject(e).empty())) {
      const std::string name = type == "fault" ? fmt::format("{} {} {}", e.value("kind", ""), e.value("transition", ""),
                                                             e.value("target", ""))
                                               : type;
      w_.instant(kControlPid, faults_tid_, name, type.rfind("fault", 0) == 0 ? "fault" : "control", t, fields(e));
    } else if (manager_types().count(type)) {
      manager_event(type, e, t);
    } else if (type == "unmanaged") {
      unmanaged(e, t);
    } else if (const int v = vsf_index(vsf); v >= 0) {
      w_.instant(kVsfsPid, vsf_tid(v), type, type == "denial" ? "denial" : "vsf", t, fields(e));
    }
  }

  // Events and the Recorder's own calls in the order they were made.
  void replay(const std::vector<nlohmann::json>& events) {
    const auto& changes = m_.trace.cpu_changes;
    const auto& scales = m_.trace.scales;
    size_t c = 0, s = 0;
    for (size_t i = 0; i <= events.size(); ++i) {
      for (; c < changes.size() && changes[c].event <= i; ++c) cpu_change(changes[c]);
      for (; s < scales.size() && scales[s].event <= i; ++s) scale(scales[s]);
      if (i < events.size()) event(events[i]);
    }
    double end = m_.duration_s;
    for (const auto& [cpu, c0] : cpu_open_) end = std::max(end, c0.t);
    for (auto& [who, m] : managers_) close_manager(who, end);
    for (auto& [v, o] : unmanaged_since_)
      w_.slice(kVsfsPid, unmanaged_tid(v), "unmanaged", "control", o.t, end, std::move(o.args));
    for (int v : unmanaged_seen_)
      w_.name_thread(kVsfsPid, unmanaged_tid(v), m_.vsfs[static_cast<size_t>(v)].name + ": unmanaged");
  }

  // A counter holds its value until the next sample, so each interval's value is placed at the
  // interval's start: the step then covers the interval it measures.
  void counters() {
    std::map<int, double> start;  // by VSF (-1: the grid)
    for (size_t v = 0; v < m_.vsfs.size(); ++v) start[static_cast<int>(v)] = m_.vsfs[v].created_s;
    start[-1] = 0;
    m_.rows.for_each([&](const TimeseriesRow& r) {
      if (r.tier >= 0) return;
      const double t0 = std::min(start[r.vsf], r.t);
      start[r.vsf] = r.t;
      if (r.vsf < 0) {
        if (r.idle_pool) w_.counter(kVsfsPid, "grid: idle pool", t0, {{"idle CPUs (end of interval)", *r.idle_pool}});
        w_.counter(kVsfsPid, "grid: CPUs", t0, {{"serving", r.serving}, {"booting", r.booting}});
        return;
      }
      const std::string& name = m_.vsfs[static_cast<size_t>(r.vsf)].name;
      w_.counter(kVsfsPid, name + ": requests/s", t0, {{"offered", r.offered_rps}, {"served", r.served_rps}});
      w_.counter(kVsfsPid, name + ": CPUs", t0, {{"serving", r.serving}, {"booting", r.booting}});
      w_.counter(kVsfsPid, name + ": utilization", t0, {{"utilization", r.utilization}});
      if (r.p95_s) w_.counter(kVsfsPid, name + ": p95 ms", t0, {{"p95_ms", *r.p95_s * 1000}});
    });
  }

  std::string output() {
    ojson other;
    other["scenario"] = m_.scenario_name;
    other["seed"] = m_.seed;
    other["duration_s"] = m_.duration_s;
    other["time_unit"] = "ts and dur in microseconds of simulated time";
    return w_.json(other);
  }

  const Recorder::Impl& m_;
  size_t cpu_count_ = 0;
  std::set<int> cpus_seen_;  // CPUs with a slice or an instant
  int faults_tid_ = 0, vsf_base_ = 0;
  std::map<std::string, int> manager_tid_;
  std::map<std::string, int> cpu_index_;
  std::map<std::pair<std::string, std::string>, std::string> role_;  // (cpu, vsf) -> role
  std::map<int, TraceLog::CpuChange> cpu_open_;
  std::map<std::string, ManagerTrack> managers_;
  std::map<int, Open> unmanaged_since_;
  std::set<int> unmanaged_seen_;
  TraceWriter w_;
};

std::string Recorder::chrome_trace() const { return TraceBuilder(*impl_).build(); }

}  // namespace vsf
