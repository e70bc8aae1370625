// Helpers for the simulation tests: a small scenario built in C++ (no files), and one run of it whose
// results (summary.json, events.jsonl) are read back. Each TEST_CASE runs in its own process (SimGrid
// cannot be reset), so a test case calls run() once.
#pragma once

#include <stdlib.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "flow/mmc.hpp"
#include "grid/grid_model.hpp"
#include "metrics/recorder.hpp"
#include "model/scenario.hpp"
#include "sim/engine/run_simulation.hpp"

namespace vsf::test {

// The choice spelled `name` in a scenario file ("round_robin", "add"), so tests read like scenarios.
template <typename E, size_t N>
E choice_named(const std::array<E, N>& values, const std::string& name) {
  for (E e : values)
    if (name == to_string(e)) return e;
  throw std::invalid_argument("no such choice: " + name);
}

// A grid of `cpus` one-core 1 Gf/s CPUs, one VLAN and one SAN switch (the models' defaults), one array,
// roles "web" (10 Mf exponential, 1 GiB image) and "lb" (no work), no VSF yet.
inline Scenario base_scenario(int cpus) {
  Scenario s;
  s.name = "sim-test";
  s.seed = 7;
  s.duration_s = 600;
  HardwareProfile hw;
  hw.name = "standard";
  hw.speed_flops = 1e9;
  hw.cores = 1;
  hw.post_s = 60;
  hw.shutdown_s = 10;
  s.models.hardware["standard"] = hw;
  RoleBlueprint web;
  web.name = "web";
  web.boot_image_bytes = 1024.0 * 1024 * 1024;
  web.os_init_s = 20;
  web.work_flops = 1e7;
  web.request_bytes = 2048;
  web.response_bytes = 16384;
  web.queue_limit = 1000;
  s.models.roles["web"] = web;
  RoleBlueprint lb;
  lb.name = "lb";
  lb.boot_image_bytes = 256.0 * 1024 * 1024;
  lb.os_init_s = 15;
  lb.work_flops = 0;
  s.models.roles["lb"] = lb;

  s.grid.cpus = {CpuGroup{"standard", cpus, {}}};
  SwitchProfile vlan;
  vlan.name = "gige";
  vlan.kind = SwitchKind::Vlan;
  vlan.ports = 96;
  vlan.port_bandwidth_Bps = 125e6;
  vlan.port_latency_s = 50e-6;
  vlan.reconfig_s = 5;
  s.grid.vlan_switches = SwitchSet{"gige", 1, vlan};
  SwitchProfile san;
  san.name = "fc";
  san.kind = SwitchKind::San;
  san.ports = 64;
  san.port_bandwidth_Bps = 200e6;
  san.port_latency_s = 20e-6;
  san.reconfig_s = 5;
  s.grid.san_switches = SwitchSet{"fc", 1, san};
  s.grid.storage = {StorageArray{"array0", 400e6, 300e6, 1}};
  s.grid.uplink = Uplink{125e6, 0.02};
  s.grid.control_plane = ControlPlane{1, "standard"};
  s.outputs.interval_s = 60;
  return s;
}

inline Tier make_tier(const std::string& role, int initial, int min, int max, const std::string& dispatch) {
  Tier t;
  t.role = role;
  t.initial = initial;
  t.min = min;
  t.max = max;
  t.dispatch = choice_named(kDispatches, dispatch);
  return t;
}

inline VsfSpec make_vsf(const std::string& name, std::vector<Tier> tiers, bool lb) {
  VsfSpec v;
  v.name = name;
  v.lb.enabled = lb;
  v.tiers = std::move(tiers);
  return v;
}

// Adds role "srv" to s: exponential work of mean service_s on a "standard" core, no network or SAN bytes
// (a pure queueing server), queue_limit waiting places per server.
inline void add_queueing_role(Scenario& s, double service_s, int queue_limit) {
  RoleBlueprint srv;
  srv.name = "srv";
  srv.work_flops = service_s * s.models.hardware.at("standard").speed_flops;
  srv.work_distribution = WorkDistribution::Exponential;
  srv.request_bytes = srv.response_bytes = srv.san_bytes = 0;
  srv.queue_limit = queue_limit;
  s.models.roles["srv"] = srv;
}

// A threshold policy at `interval_s`: out above 0.7, in below 0.3, each held for one interval, cooldown two.
inline PolicySpec threshold(double interval_s) {
  PolicySpec p;
  p.type = PolicyType::Threshold;
  p.interval_s = interval_s;
  p.high = 0.7;
  p.low = 0.3;
  p.window_s = interval_s;
  p.cooldown_s = 2 * interval_s;
  return p;
}

inline TrafficComponent constant_rate(double rate) {
  TrafficComponent c;
  c.kind = TrafficKind::Constant;
  c.rate = rate;
  return c;
}

struct RunResult {
  nlohmann::json summary;
  std::vector<nlohmann::json> events;
  std::string dir;  // where the results are, when run() was given a directory
  // events of one type (and, if given, one CPU), in order
  std::vector<nlohmann::json> of(const std::string& type, const std::string& cpu = "") const {
    std::vector<nlohmann::json> out;
    for (const auto& e : events)
      if (e.value("type", "") == type && (cpu.empty() || e.value("cpu", "") == cpu)) out.push_back(e);
    return out;
  }
  const nlohmann::json& vsf(int i) const { return summary["vsfs"][i]; }  // summary of VSF i
};

// The types of one CPU's events from time `from` on, in order.
inline std::vector<std::string> types_of(const RunResult& r, const std::string& cpu, double from) {
  std::vector<std::string> out;
  for (const auto& e : r.events)
    if (e.value("cpu", "") == cpu && e["t"].get<double>() >= from) out.push_back(e["type"]);
  return out;
}

// The summary and events the recorder holds (after Recorder::finish), without writing files.
// CPUs of tier `tier` serving at time t, from cpu_serving and cpu_release events (a release ends serving).
inline int serving_at(const RunResult& r, double t, const std::string& tier = "srv") {
  int n = 0;
  for (const auto& e : r.events) {
    if (e["t"].get<double>() > t) break;
    if (e.value("tier", "") != tier) continue;
    if (e["type"] == "cpu_serving") ++n;
    if (e["type"] == "cpu_release") --n;
  }
  return n;
}

inline RunResult results_of(const Recorder& recorder) {
  RunResult r;
  r.summary = recorder.summary();
  const std::string lines = recorder.events_jsonl();
  for (size_t pos = 0; pos < lines.size();) {
    size_t end = lines.find('\n', pos);
    if (end == std::string::npos) end = lines.size();
    if (end > pos) r.events.push_back(nlohmann::json::parse(lines.substr(pos, end - pos)));
    pos = end + 1;
  }
  return r;
}

inline std::string make_temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "vsfsim-simtest-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  const char* dir = mkdtemp(buf.data());
  return dir ? std::string(dir) : std::string();
}

// Runs the scenario (once per process) and reads its results back. `prepare` may alter the grid's
// logical state before the run (fault injection).
inline RunResult run(const Scenario& s, const std::string& out_dir = "",
                     const std::function<void(grid::GridModel&)>& prepare = {}) {
  grid::GridModel grid(s);
  if (prepare) prepare(grid);
  Recorder recorder(s);
  sim::RunOptions options;
  options.isolation_check = grid::IsolationCheck::Verified;  // every sim test also runs the full check
  sim::run_simulation(s, grid, recorder, options);
  RunResult r;
  const std::string tmp = out_dir.empty() ? make_temp_dir() : "";
  r.dir = out_dir.empty() ? tmp + "/out" : out_dir;
  recorder.write(r.dir);
  r.summary = recorder.summary();
  {
    std::ifstream in(r.dir + "/events.jsonl");
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) r.events.push_back(nlohmann::json::parse(line));
  }
  if (!tmp.empty()) {  // results read back: leave nothing behind in /tmp
    std::error_code ec;
    std::filesystem::remove_all(tmp, ec);
    r.dir.clear();
  }
  return r;
}

// Mean response time (wait + service) of M/M/c with arrival rate lambda and mean service time s: the
// analytic queueing library's Erlang C (src/flow/, checked to 1e-9 in tests/unit/flow/).
inline double erlang_c_response(int c, double lambda, double s) { return flow::mmc(c, lambda, 1 / s).mean_response; }

// The rows of timeseries.csv in `dir`, each as column name -> cell (empty when the file is missing).
inline std::vector<std::map<std::string, std::string>> timeseries_rows(const std::string& dir) {
  std::ifstream in(dir + "/timeseries.csv");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::stringstream ss(line); std::getline(ss, line, ',');) header.push_back(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::map<std::string, std::string> row;
    std::stringstream ss(line);
    size_t i = 0;
    for (std::string c; std::getline(ss, c, ',') && i < header.size(); ++i) row[header[i]] = c;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace vsf::test
