// Collects what a run measures and writes the results (summary.json, timeseries.csv, events.jsonl).
// Plain C++: the SimGrid layer calls it with explicit simulated times; it never calls SimGrid. Memory
// grows with VSFs, tiers, CPUs, events and output intervals (a timeseries.csv row per interval and per
// VSF, tier and grid), never with requests (response and visit times go into histograms).
#pragma once

#include <iosfwd>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.hpp"

namespace vsf {

// Where a CPU is in its lifecycle; cpu_seconds are integrated per state.
enum class CpuState { Off, Configuring, Booting, Serving, Draining, Stopping };
const char* to_string(CpuState s);

// What the sim layer reports at the end of each output interval (timeseries.csv; see timeseries.cpp).
// CPU counts are taken at the end of the interval; "allocated" is every CPU that belongs to the VSF or
// tier, whatever its state (configuring ... stopping, or off between its allocation and configuring).
struct TierSample {
  int serving = 0;         // CPUs of the tier serving
  int booting = 0;         // CPUs of the tier configuring or booting
  int allocated = 0;       // CPUs of the tier in any state
  double utilization = 0;  // busy / serving core-seconds of the tier's servers over the interval
};

// One VSF: its row, and one row per tier in VsfSpec::tiers order (tiers may be empty: no tier rows).
struct IntervalSample {
  int serving = 0;         // CPUs serving (all tiers, LB included)
  int booting = 0;         // CPUs configuring or booting
  double utilization = 0;  // busy core-seconds / serving core-seconds over the interval (servers, not LB)
  int allocated = 0;       // CPUs of the VSF in any state (LB included)
  std::vector<TierSample> tiers;
};

// The whole grid: counted over every CPU (not summed from the VSFs' samples).
struct GridSample {
  int serving = 0, booting = 0, allocated = 0;
  double utilization = 0;  // busy / serving core-seconds of every VSF's tier servers over the interval
};

// Flow fidelity: a VSF's request outcomes over an interval, in bulk (expected counts, not integers).
struct FlowOutcomes {
  double offered = 0, served = 0, timed_out = 0;
  double dropped = 0;            // every drop, dropped_by_faults included (as dropped() and dropped_by_fault())
  double dropped_by_faults = 0;  // of which lost to a fault
  double response_sum_s = 0;     // of the served
  // Equally likely samples of an answered request's response time; those <= timeout_s stand for the served.
  const std::vector<double>* samples = nullptr;
  double timeout_s = 0;
};

class LendingStats;

class Recorder {
 public:
  explicit Recorder(const Scenario& scenario);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // data plane, one call per request outcome
  void offered(int vsf, double t);
  void served(int vsf, double t, double response_s);
  void dropped(int vsf, double t);
  void timed_out(int vsf, double t);

  // lifecycle: the CPU `cpu` enters state `s` at time t while belonging to `vsf` (-1: idle pool), as its
  // load balancer (`lb`) or a tier's CPU
  // `tier`: the CPU's tier in the VSF (its role's boot image is billed as storage; -1 for the LB or none).
  void cpu_state(int cpu, int vsf, CpuState s, double t, bool lb = false, int tier = -1);
  void idle_pool(double t, int size);
  void time_to_serve(int vsf, double seconds);  // from scale-out decision to the CPU serving

  // control (these count; the sim layer writes the matching events.jsonl lines with event())
  void scale(int vsf, int tier, int delta, double t);
  // Scale-out denials, by (VSF, tier); tier is the tier's index, or -1 for the load balancer. A retried
  // need counts once: denial() is one refused attempt (a scale-out request given `cpus` CPUs fewer than
  // it asked for); it opens the tier's need if none is open and returns the attempt's number within it
  // (1: the need opened). need_closed() ends the tier's open need, if any: an attempt got every CPU it
  // asked for, or a farm manager's tick asked for none. A need still open at finish() ends there.
  int denial(int vsf, int tier, double t, int cpus = 1);
  void need_closed(int vsf, int tier, double t);
  // A scale-out request got every CPU it asked for: it ends the tier's open need, or, when none was open,
  // it is a need met at once (counted in grid.scale_out_needs, the denominator of denials_per_scale_out).
  void granted_in_full(int vsf, int tier, double t);
  // A policy decision's CPUs that the tier's bounds cut: a scale-out's beyond `max`, a scale-in's below `min`.
  void decision_cut(int vsf, int tier, int by_max, int by_min);
  // A predictive policy's tick for one tier: the rate observed over the interval, the forecast made earlier for
  // it (none: no forecast), whether the tier was provisioned reactively (summary.json vsfs[].forecast).
  void forecast(int vsf, double observed_rps, std::optional<double> forecast_rps, bool reactive);
  // Shadow mode (vsfs[].shadow_policies): a logged decision of the VSF's shadow `shadow` (its index in
  // shadow_policies; -1: the active policy's scale_decision) for tier `tier`: `applied` CPUs (signed, within
  // [min, max]) on top of the `observed` serving + pending. Counted and estimated (metrics/shadow_tally.hpp)
  // only for a VSF with shadows.
  void shadow_decision(int vsf, int shadow, int tier, double t, int observed, int applied, int min, int max);
  void reconfiguration(SwitchKind kind, int ports);  // one operation on a switch of `kind`, changing `ports`
  void isolation_violations(int count);              // adds `count` (call after each check that found some)
  void energy(double joules);                        // grid total, set once at the end
  void cdn(nlohmann::ordered_json section);          // summary.json's "cdn" (metrics/cdn_stats.hpp), at the end

  // faults: a `fail` transition of a component of `kind`
  void fault(faults::FaultKind kind);
  // a request lost to a fault (its CPU crashed or was cut off mid-request, the uplink was down, its
  // SAN path failed): counted in dropped and in dropped_by_faults
  void dropped_by_fault(int vsf, double t);
  // the VSF can serve (every tier, and its LB if it has one, has a serving CPU, and the uplink is up)
  // or not, from t; availability = available seconds / seconds since the VSF was created
  void vsf_available(int vsf, bool available, double t);
  // The VSF of order `order` (Scenario::orders) serves for the first time: true the first time only.
  bool order_serving(size_t order, double t);
  // The VSF (index `vsf`) of the order is created at t, after waiting pool_wait_s for the idle pool.
  void order_built(size_t order, int vsf, double t, double pool_wait_s);
  // Whether the order was refused for want of idle CPUs; `set` records it.
  bool order_refused(size_t order, bool set = false);
  // Decommission order `order` was carried out (true) or had nothing to end (false).
  void order_decommission(size_t order, bool carried_out);
  // The VSF is decommissioned at t: its availability, hours, held CPU-seconds and bill stop there.
  void vsf_ended(int vsf, double t);
  // A customer API call to VSF `vsf` judged by its farm manager: `asked` CPUs asked of the master, `released`
  // released (summary.json vsfs[].api; the sim layer writes the api_call event).
  void api_call(int vsf, ApiOutcome outcome, int asked, int released);

  // control plane: counts here, the matching events.jsonl lines come from the sim layer
  void cp_masters(double t, int count);                  // managers acting as master now (max tracked)
  void cp_detection(double latency_s);                   // a manager failure detected, this long after it
  void cp_election(double duration_s);                   // a new master, this long after its election began
  void cp_recovery(double recovery_s);                   // a failure repaired by the control plane (restart,
                                                         // reassignment or new master), this long after it
  void cp_unmanaged(int vsf, bool unmanaged, double t);  // integrates unmanaged_vsf_seconds
  void cp_restart();                                     // a manager restarted (confirmed)
  void cp_reassignment();                                // a VSF moved to another slave
  void cp_new_slave();                                   // a slave instantiated after t = 0
  void cp_hosts_on(double t, int count);                 // control-plane hosts powered on, from t
  void cp_energy(double joules);                         // control-plane hosts, set once at the end
  void cp_invariant_violation(const std::string& what);  // a broken invariant (see README); never expected

  // Cross-site lending and the sites' pools (lending_stats.hpp): nullptr for a scenario without sites.
  LendingStats* lending();
  // VSF vsf's bill so far at t (billing::Ledger::amount_at); 0 without billing or a plan.
  double revenue_at(int vsf, double t) const;

  // rolling boot-image updates: one result per (update, VSF tier) rollout
  struct Rollout {
    std::string vsf, tier, role, version;
    double published_s = 0;
    double completed_s = -1;           // -1: not completed by the end of the run
    int rebooted = 0;                  // CPUs rebooted onto the new version
    double min_capacity_fraction = 1;  // lowest serving CPUs / serving CPUs before the rollout
  };
  void rollout(const Rollout& r);

  // data plane, per tier (timeseries.csv tier rows): a request leaves its caller for tier `tier` (one
  // call per visit: a tier called `calls` times per request is visited that often); its work at the
  // tier is done (core obtained, work and SAN read finished), `local_s` after it left its caller
  void tier_visit(int vsf, int tier, double t);
  void tier_done(int vsf, int tier, double t, double local_s);

  // flow fidelity: the same counts in bulk, over an interval ending at t. tier_flow: `visits` arrived,
  // `done` done, their local times spread as the equally likely `local` samples.
  void flow_outcomes(int vsf, double t, const FlowOutcomes& o);
  void tier_flow(int vsf, int tier, double t, double visits, double done, const std::vector<double>& local);

  // periodic: called at t = k * outputs.interval_s (and at the end for a partial interval), for every
  // VSF and once for the grid; the grid row also takes the idle pool and denials from the calls above
  void interval(int vsf, double t_end, const IntervalSample& sample);
  void grid_interval(double t_end, const GridSample& sample);

  // events.jsonl: {"t": t, "type": type, ...fields}, in call order; not kept when outputs.events is off
  // (unless keep_trace() was called: the trace is built from them, events.jsonl is still not written)
  void event(double t, const std::string& type, nlohmann::json fields);
  // Whether event() keeps anything: callers that build costly fields (a CPU's names, a decision's inputs)
  // skip building them when not (most of a data-centre run's events are never written).
  bool keeps_events() const;

  // --trace (trace.cpp): call keep_trace() before the run to keep what chrome_trace() needs (events,
  // CPU state changes, scaling actions; memory grows with them as with events.jsonl); cpu_names gives
  // the tracks their names (by CPU index). chrome_trace() is the Chrome Trace Event JSON, after finish().
  void keep_trace();
  // Where timeseries.csv's rows wait for the end of the run (a file with no name, timeseries_rows.hpp):
  // made now in `dir`, when the run keeps rows (call after keep_trace()); otherwise in $TMPDIR or /tmp.
  // A directory where it cannot be made throws InputError naming it.
  void spill_rows_in(const std::string& dir);
  void cpu_names(std::vector<std::string> names);
  std::string chrome_trace() const;

  // results
  void finish(double t_end);                       // closes every open state integration
  nlohmann::json summary() const;                  // summary.json content (keys sorted by nlohmann::json)
  nlohmann::ordered_json summary_ordered() const;  // the same, keys in the documented order (results.cpp)
  std::string human_summary() const;               // what the CLI prints on stdout
  // Writes summary.json, timeseries.csv, events.jsonl, billing.csv (as outputs asks) into dir (created). A directory
  // that cannot be created or written throws InputError naming it.
  void write(const std::string& dir) const;
  void write_timeseries_csv(std::ostream& out) const;  // timeseries.csv content, row by row
  std::string timeseries_csv() const;                  // the same as a string
  std::string events_jsonl() const;                    // events.jsonl content

 private:
  friend class TraceBuilder;  // trace.cpp: reads what the run kept
  struct Impl;
  void add_sections_after_grid(nlohmann::ordered_json& s) const;  // results.cpp
  Impl* impl_;
};

}  // namespace vsf
