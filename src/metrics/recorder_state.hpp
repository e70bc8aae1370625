// The Recorder's state (private to src/metrics/): what recorder.cpp accumulates during a run and
// results.cpp turns into summary.json, timeseries.csv and events.jsonl.
#pragma once

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "billing/ledger.hpp"
#include "metrics/api_stats.hpp"
#include "metrics/control_plane_stats.hpp"
#include "metrics/histogram.hpp"
#include "metrics/lending_stats.hpp"
#include "metrics/order_stats.hpp"
#include "metrics/recorder.hpp"
#include "metrics/shadow_tally.hpp"
#include "metrics/timeseries_rows.hpp"

namespace vsf {

constexpr size_t kCpuStates = 6;
using StateSeconds = std::array<double, kCpuStates>;  // indexed by CpuState

// Denied scale-outs: a need (a tier wanting CPUs it cannot get) opens at its first refused attempt and
// counts once however often it is retried; attempts and CPUs refused count every retry. met_at_once
// counts the needs no attempt refused (a request granted in full while its tier had no open need), so
// needs + met_at_once is every scale-out need: the denominator of denials_per_scale_out.
struct DenialStats {
  long needs = 0, attempts = 0, cpus_refused = 0;
  long met_at_once = 0;
  double open_total_s = 0, open_max_s = 0;  // seconds needs stayed open (closed ones)

  void add(const DenialStats& o) {
    needs += o.needs;
    met_at_once += o.met_at_once;
    attempts += o.attempts;
    cpus_refused += o.cpus_refused;
    open_total_s += o.open_total_s;
    open_max_s = std::max(open_max_s, o.open_max_s);
  }
};

struct OpenNeed {
  double since = 0;
  int attempts = 0;
};

// A tier's output interval in progress (timeseries.csv tier rows).
struct TierStats {
  std::string name;                               // its role
  double interval_visits = 0, interval_done = 0;  // counts (flow fidelity: expected, not integer)
  LogHistogram interval_local;                    // time from leaving the caller to the work at the tier done
};

// A predictive policy's forecasts over the run, over every tier's ticks (summary.json vsfs[].forecast).
struct ForecastStats {
  bool predictive = false;  // the VSF's policy is predictive: the summary has the object
  long ticks = 0, reactive_ticks = 0, scored = 0;
  double abs_error_rps = 0, observed_rps = 0;  // sums over the scored forecasts
};

struct VsfStats {
  std::string name;
  double sla_s = 0;
  double ended_s = std::numeric_limits<double>::infinity();  // decommissioned at (vsf_ended)
  double created_s = 0;  // max(0, start_s): the VSF's hours run from here to the end (sla_violation_s_per_vsf_hour)
  // Request counts: integers in request fidelity; expected counts (real) in flow fidelity, rounded on output.
  double offered = 0, served = 0, dropped = 0, timed_out = 0;
  double dropped_by_faults = 0;  // also counted in dropped
  double response_sum_s = 0;     // exact mean = sum / served
  // Whole run: the output intervals' histograms merged as each ends (one add per answer, not two);
  // run_responses() adds the interval in progress.
  LogHistogram responses;
  LogHistogram run_responses() const;
  // The output interval in progress.
  double interval_start = 0;
  double interval_offered = 0, interval_served = 0;
  LogHistogram interval_responses;
  long interval_denials = 0;
  std::vector<TierStats> tiers;  // in VsfSpec::tiers order
  double sla_violation_s = 0;
  StateSeconds cpu_seconds{};
  long scale_outs = 0, scale_ins = 0;
  DenialStats denials;
  std::map<int, OpenNeed> open_needs;  // by tier (-1: the LB)
  long cut_by_max = 0, cut_by_min = 0;
  ForecastStats forecast;
  long tts_count = 0;
  double tts_sum = 0, tts_max = 0;
  LogHistogram tts;       // time_to_serve_s quantiles
  long cpus_granted = 0;  // CPUs scale-outs added (policy, replacement, admin, cpu_demand): denial_probability
  FlagSpan available;     // from the first vsf_available() report (the VSF's creation) to the end
  // Shadow mode, only for a VSF with shadow_policies: each shadow's tally and the active policy's (same estimator),
  // beside lb_cpu_seconds, which the active policy's actual tier CPU-seconds leave out.
  std::vector<ShadowTally> shadows;
  std::vector<ShadowTally> active;  // one, or none without shadows
  double lb_cpu_seconds = 0;
  ApiStats api;                // the customer API's calls (api_stats.hpp)
  TierStats& tier(int index);  // throws std::out_of_range for a tier it does not have
};

struct CpuTrack {
  int vsf = -1;
  CpuState state = CpuState::Off;
  double since = 0;
  bool lb = false;  // the VSF's load balancer
  int tier = -1;    // its tier in the VSF (-1: none or the LB), for its boot image's bytes
};

// One line of timeseries.csv: the grid's (vsf -1), a VSF's (tier -1) or a tier's. Empty optionals are
// empty cells: the column does not apply to the row's kind (or, for p95, nothing was answered).
struct TimeseriesRow {
  double t = 0;
  int vsf = -1;
  int tier = -1;
  double offered_rps = 0, served_rps = 0;
  int serving = 0, booting = 0, allocated = 0;
  double utilization = 0;
  std::optional<double> p95_s;
  std::optional<int> idle_pool, idle_pool_min;  // grid rows (none before the pool's first report)
  std::optional<long> denials;                  // grid and VSF rows
};

// What a trace needs besides the events (kept only after keep_trace()). `event` is the number of
// events recorded before the call, so the trace can replay both in call order.
struct TraceLog {
  struct CpuChange {
    int cpu = 0, vsf = -1;
    CpuState state = CpuState::Off;
    double t = 0;
    size_t event = 0;
  };
  struct Scale {
    int vsf = 0, tier = 0, delta = 0;
    double t = 0;
    size_t event = 0;
  };
  bool enabled = false;
  std::vector<std::string> cpu_names;  // by CPU index
  std::vector<CpuChange> cpu_changes;
  std::vector<Scale> scales;
};

struct ReconfigCount {
  long operations = 0;
  long ports = 0;
};

struct Recorder::Impl {
  std::string scenario_name;
  uint64_t seed = 0;
  double duration_s = 0;
  double end_s = 0;  // finish()'s t_end (duration_s until then)
  int grid_cpus = 0;
  Outputs outputs;

  std::vector<VsfStats> vsfs;
  std::map<int, CpuTrack> cpus;     // by CPU index
  StateSeconds grid_cpu_seconds{};  // every CPU, idle pool included

  bool pool_seen = false;
  double pool_first_t = 0, pool_last_t = 0, pool_integral = 0, pool_zero_s = 0;
  int pool_size = 0, pool_min = 0;
  int pool_interval_min = 0;              // the lowest pool since the last grid row (valid once pool_seen)
  std::map<int, double> pool_seconds_at;  // seconds the pool had each size (idle_pool.percentiles)

  // grid cpu_hours.busy: each grid row's utilization x the serving CPU-seconds of its interval
  double busy_cpu_s = 0, serving_s_at_interval_start = 0;
  double serving_seconds(double t) const;  // every CPU's serving seconds up to t

  // the grid row's output interval in progress
  double grid_interval_start = 0;
  double grid_interval_offered = 0, grid_interval_served = 0;
  long grid_interval_denials = 0;

  std::array<ReconfigCount, kSwitchKinds.size()> reconfigurations{};  // indexed by SwitchKind
  double energy_j = 0;
  long isolation_violations = 0;
  ControlPlaneStats cp;  // faults, control plane, rollouts

  // Billing (recorder.cpp, "held"): each VSF's held CPUs and their MIPS, fed to the ledger as they change.
  std::optional<billing::Ledger> ledger;
  BillingSettings billing;
  bool any_end = false;          // some VSF may be decommissioned: summary vsfs[] carry ended_s
  bool billing_section = false;  // summary.json has "billing": some VSF has a plan, or energy has a price
  std::vector<double> cpu_mips;  // by CPU index
  std::vector<int> held_cpus;    // by VSF
  std::vector<double> held_mips;
  void init_billing(const Scenario& scenario);
  void held_change(int vsf, int delta, int cpu, double t, double image_bytes);
  // Billing's storage: each VSF's held boot-image bytes, and the image bytes of its tiers' roles and LB's role.
  std::vector<double> held_image_bytes;
  std::vector<std::vector<double>> tier_image_bytes;
  std::vector<double> lb_image_bytes;
  double image_bytes(int vsf, bool lb, int tier) const;

  std::optional<LendingStats> lending;  // summary.json's "lending" and "sites": only with sites
  std::optional<OrderStats> orders;     // summary.json's "orders": only when the scenario has orders
  nlohmann::ordered_json cdn;           // summary.json's "cdn": null without a CDN VSF

  // Only what timeseries.csv or the trace will read, kept in a temporary file, not in memory: a day of a
  // 100,000-CPU grid is 1.4 million rows (timeseries_rows.hpp).
  TimeseriesRows rows;
  bool keep_rows() const { return outputs.timeseries || trace.enabled; }
  std::vector<std::string> events;  // serialized lines, in call order
  TraceLog trace;

  VsfStats& vsf(int index);
};

}  // namespace vsf
