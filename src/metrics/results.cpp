// The Recorder's results: summary.json, timeseries.csv, events.jsonl and the human summary.
//
// summary.json, keys in this order (nlohmann::ordered_json, so the order is part of the format):
//   scenario            scenario name
//   seed                the run's seed
//   duration_s          simulated duration asked for by the scenario
//   vsfs[]              one object per VSF, in scenario order:
//     name
//     requests          offered (arrived at the uplink), served (answered), dropped (a full queue
//                       refused it), timed_out (not answered within the VSF's timeout),
//                       in_flight_at_end (arrived, not ended when the run stopped: the rest of offered)
//     response_ms       mean (exact), p50, p95, p99 (nearest rank, within 0.4%) of served requests;
//                       null when nothing was served
//     sla_violation_s   total length of output intervals whose p95 exceeded the sla (intervals with
//                       nothing served do not count)
//     cpu_seconds       off, configuring, booting, serving, draining, stopping: CPU time spent in each
//                       lifecycle state while belonging to this VSF (load balancer included)
//     scale_outs        scaling actions that added CPUs (one per decision, whatever its step)
//     scale_ins         scaling actions that removed CPUs
//     denials           refused scale-outs: needs (a (VSF, tier) wanting CPUs it could not get,
//                       from its first refused attempt to a full grant or a tick asking for none; once
//                       however often retried), attempts (every refused request), cpus_refused (CPUs
//                       asked for and not given, over all attempts), open_s {total, max} (seconds the
//                       needs stayed open; a need open at the end counts until then; max null if none)
//     denial_probability  CPUs refused / CPUs asked for by the VSF's scale-outs; null with none asked
//     cpus_cut_by_max   CPUs the policy wanted beyond the tier's max (the decision's cut_by_max)
//     cpus_cut_by_min   CPUs the policy wanted to release below the tier's min (cut_by_min)
//     time_to_serve_s   mean, p50, p95, p99, max: from a scale-out decision to the new CPU serving;
//                       nulls if none (capacity_figures.hpp)
//     availability      seconds the VSF could serve / seconds from its first vsf_available() report to
//                       the end of the run; null if never reported (or reported only at the end)
//     dropped_by_faults requests lost to a fault (also counted in requests.dropped)
//     forecast          predictive policies only: wape (sum |forecast - observed| / sum observed over every
//                       scored forecast of every tier; null with none or nothing observed), scored, ticks
//                       (tier-ticks), reactive_fraction (tier-ticks provisioned reactively / ticks; null with none)
//     shadow_policies   only for a VSF with shadow_policies: active {policy, decisions, scale_outs
//                       {count, cpus}, scale_ins {count, cpus}, cpu_seconds_estimate, cpu_seconds_allocated},
//                       shadows[] {name, policy, decisions, scale_outs, scale_ins, cpu_seconds_estimate}
//                       (shadow_tally.hpp)
//     api               only for a VSF with api_calls or api_rules: calls (judged by its farm manager),
//                       by_outcome {accepted, cut, refused}, cpus_asked (of the master, accepted and cut asks),
//                       cpus_released (api_stats.hpp)
//   grid
//     cpus              CPUs in the grid
//     idle_pool         min, mean (time-weighted from its first report to the end), seconds_at_zero,
//                       fraction_at_zero (seconds_at_zero / duration_s); min and mean null if the pool
//                       was never reported; percentiles p5, p50, p95: pool size by time
//     denials           all VSFs together (open_s.max: the longest of any VSF)
//     scale_out_needs   every scale-out need: denied needs + needs met in full at their first request
//     denials_per_scale_out  denials.needs / scale_out_needs; null when there was no scale-out need
//     sla_violation_s_per_vsf_hour  sum of vsfs[].sla_violation_s / VSF-hours (each VSF from its
//                       creation, max(0, start), to duration_s); null with no VSF-hours
//     denial_probability  CPUs refused / CPUs asked for by scale-outs; null with none asked
//     time_to_serve_s   as the VSFs', over all of them
//     cpu_hours         allocated, serving, busy, utilization_of_allocated (capacity_figures.hpp)
//     reconfigurations  vlan, san: switch reconfiguration operations; vlan_ports, san_ports: ports
//                       they changed (other kinds reported get their own pair of keys after these)
//     energy_j          energy of the whole grid in joules
//     isolation_violations  violations found by the isolation check after reconfigurations
//     cpu_seconds       per lifecycle state, every CPU of the grid (idle pool included)
//   control_plane
//     elections                 masters elected (cp_election calls)
//     max_simultaneous_masters  highest cp_masters count reported (0 if never reported)
//     detection_latency_s       mean, max of cp_detection; election_duration_s: of cp_election;
//     recovery_s                of cp_recovery; each {null, null} without samples
//     unmanaged_vsf_seconds     sum over VSFs of the time each was unmanaged (open spans end at t_end)
//     restarts, reassignments, new_slaves   counts
//     hosts_on                  mean (time-weighted over [0, t_end], 0 before the first report), max;
//                               {null, null} if never reported
//     energy_j                  control-plane hosts' energy
//     invariant_violations      {what: count}, keys sorted; {} when none
//   faults              fail transitions by kind: every faults::FaultKind in enum order, 0 if none
//   rollouts[]          in report order: vsf, tier, role, version, published_s, completed_s (null if not
//                       completed), duration_s (completed_s - published_s, or null), rebooted,
//                       min_capacity_fraction
//   orders              only when the scenario has orders: order_stats.hpp
//   cdn[]               only with a CDN VSF: cdn_stats.hpp
//   billing             only when a VSF has a plan or energy_price_per_kwh > 0: billing_report.hpp
//   lending, sites      only with sites: lending_stats.hpp
//
// timeseries.csv: see timeseries.cpp.
//
// events.jsonl: one JSON object per line, {"t": seconds, "type": ..., fields...}, in the order the
// simulation reported them.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>

#include "billing/billing_report.hpp"
#include "metrics/capacity_figures.hpp"
#include "metrics/recorder_state.hpp"
#include "util/errors.hpp"

namespace vsf {

namespace {

using ojson = nlohmann::ordered_json;

ojson number_or_null(double v) { return std::isfinite(v) ? ojson(v) : ojson(nullptr); }

ojson denials_json(const DenialStats& d) {
  return {{"needs", d.needs},
          {"attempts", d.attempts},
          {"cpus_refused", d.cpus_refused},
          {"open_s", {{"total", d.open_total_s}, {"max", d.needs ? ojson(d.open_max_s) : ojson(nullptr)}}}};
}

// "needs (attempts)", as the human summary shows denials.
std::string needs_attempts(const DenialStats& d) { return fmt::format("{} ({})", d.needs, d.attempts); }

ojson state_seconds(const StateSeconds& s) {
  ojson o = ojson::object();
  for (size_t i = 0; i < kCpuStates; ++i) o[to_string(static_cast<CpuState>(i))] = s[i];
  return o;
}

double ms(double s) { return s * 1000; }
ojson ms_or_null(std::optional<double> s) { return s ? number_or_null(ms(*s)) : ojson(nullptr); }

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw InputError(path.string(), "", "cannot write the file");
}

// A request count: exact in request fidelity, an expected (real) count in flow fidelity.
int64_t count(double n) { return static_cast<int64_t>(std::llround(n)); }

// served, dropped, timed_out and in flight, adding up to offered. Flow fidelity's expected counts are
// apportioned by largest remainder, so their integers still add up to the rounded offered count.
std::array<int64_t, 4> outcome_counts(const VsfStats& v) {
  const std::array<double, 4> x{v.served, v.dropped, v.timed_out, v.offered - (v.served + v.dropped + v.timed_out)};
  std::array<int64_t, 4> n{};
  int64_t left = count(v.offered);
  for (size_t i = 0; i < x.size(); ++i) {
    n[i] = static_cast<int64_t>(std::floor(std::max(0.0, x[i])));
    left -= n[i];
  }
  if (x[3] < -0.5) left = 0;  // more ended than arrived: only reachable by feeding the Recorder by hand
  while (left > 0) {          // at most 3 rounds: each part's remainder is below 1
    size_t best = 0;
    for (size_t i = 1; i < x.size(); ++i)
      if (x[i] - static_cast<double>(n[i]) > x[best] - static_cast<double>(n[best])) best = i;
    ++n[best];
    --left;
  }
  return n;
}

std::string fixed(double v, const char* format_string) {
  return std::isfinite(v) ? fmt::format(fmt::runtime(format_string), v) : std::string("-");
}

// CPU-seconds the VSF's tiers held, in any lifecycle state: its LB left out, as shadow estimates leave it out.
double tier_cpu_seconds(const VsfStats& v) {
  double held = -v.lb_cpu_seconds;
  for (double s : v.cpu_seconds) held += s;
  return std::max(0.0, held);
}

// Shadow mode: each shadow's tally beside the active policy's, whose actual tier CPU-seconds the estimates are
// compared with.
ojson shadow_policies_json(const VsfStats& v, double end_s) {
  ojson active = v.active.front().json(end_s, false);
  active["cpu_seconds_allocated"] = tier_cpu_seconds(v);
  ojson shadows = ojson::array();
  for (const ShadowTally& t : v.shadows) shadows.push_back(t.json(end_s, true));
  return {{"active", std::move(active)}, {"shadows", std::move(shadows)}};
}

// The human summary's shadow-mode lines, one per VSF with shadows: each policy's decisions and CPU-hours.
std::string shadow_lines(const std::vector<VsfStats>& vsfs, double end_s) {
  std::string out;
  for (const VsfStats& v : vsfs) {
    if (v.active.empty()) continue;
    if (out.empty()) out = "shadow policies (never applied; CPU-hours of the tiers, estimated from the decisions):\n";
    const ShadowTally& a = v.active.front();
    out += fmt::format("  {}: active {} {} decisions, {:.1f} CPU-h ({:.1f} held)", v.name, a.policy(), a.decisions(),
                       a.cpu_seconds(end_s) / 3600, tier_cpu_seconds(v) / 3600);
    for (const ShadowTally& t : v.shadows)
      out += fmt::format("; {} ({}) {} decisions, {:.1f} CPU-h", t.name(), t.policy(), t.decisions(),
                         t.cpu_seconds(end_s) / 3600);
    out += "\n";
  }
  return out;
}

// One VSF's object of summary.json's vsfs[].
ojson vsf_json(const VsfStats& v, double end_s, bool any_end) {
  ojson o;
  o["name"] = v.name;
  if (any_end) o["ended_s"] = v.ended_s < end_s ? ojson(v.ended_s) : ojson(nullptr);
  // A request is counted offered at its arrival and once more when it ends; those the end of the run
  // caught in a queue or in service are the difference, so the four add up to offered.
  const std::array<int64_t, 4> n = outcome_counts(v);
  o["requests"] = {{"offered", count(v.offered)},
                   {"served", n[0]},
                   {"dropped", n[1]},
                   {"timed_out", n[2]},
                   {"in_flight_at_end", n[3]}};
  const double mean = v.served > 0 ? v.response_sum_s / v.served : NAN;
  const LogHistogram all = v.run_responses();
  o["response_ms"] = {{"mean", number_or_null(ms(mean))},
                      {"p50", ms_or_null(all.quantile(0.50))},
                      {"p95", ms_or_null(all.quantile(0.95))},
                      {"p99", ms_or_null(all.quantile(0.99))}};
  o["sla_violation_s"] = v.sla_violation_s;
  o["cpu_seconds"] = state_seconds(v.cpu_seconds);
  o["scale_outs"] = v.scale_outs;
  o["scale_ins"] = v.scale_ins;
  o["denials"] = denials_json(v.denials);
  o["denial_probability"] = denial_probability_json(v.cpus_granted, v.denials.cpus_refused);
  o["cpus_cut_by_max"] = v.cut_by_max;
  o["cpus_cut_by_min"] = v.cut_by_min;
  o["time_to_serve_s"] = time_to_serve_json(v.tts, v.tts_count, v.tts_sum, v.tts_max);
  const double lifetime = v.available.last_t - v.available.first_t;
  o["availability"] = v.available.seen && lifetime > 0 ? ojson(v.available.on_s / lifetime) : ojson(nullptr);
  o["dropped_by_faults"] = count(v.dropped_by_faults);
  if (v.forecast.predictive) {
    const ForecastStats& f = v.forecast;
    o["forecast"] = {{"wape", f.observed_rps > 0 ? ojson(f.abs_error_rps / f.observed_rps) : ojson(nullptr)},
                     {"scored", f.scored},
                     {"ticks", f.ticks},
                     {"reactive_fraction", f.ticks > 0 ? ojson(double(f.reactive_ticks) / f.ticks) : ojson(nullptr)}};
  }
  if (!v.active.empty()) o["shadow_policies"] = shadow_policies_json(v, end_s);
  if (v.api.shown) o["api"] = v.api.to_json();
  return o;
}

}  // namespace

nlohmann::json Recorder::summary() const { return nlohmann::json(summary_ordered()); }

// The sections after "grid": the control plane's, then those only some scenarios have.
void Recorder::add_sections_after_grid(ojson& s) const {
  const Impl& m = *impl_;
  s["control_plane"] = m.cp.control_plane_json();
  s["faults"] = m.cp.faults_json();
  s["rollouts"] = m.cp.rollouts_json();
  if (m.orders) s["orders"] = m.orders->to_json(m.end_s);
  if (m.lending) m.lending->add_sections(s);
  if (!m.cdn.is_null()) s["cdn"] = m.cdn;
  if (m.billing_section) s["billing"] = billing::billing_json(*m.ledger, m.billing, m.energy_j + m.cp.energy_j);
}

nlohmann::ordered_json Recorder::summary_ordered() const {
  const Impl& m = *impl_;
  ojson s;
  s["scenario"] = m.scenario_name;
  s["seed"] = m.seed;
  s["duration_s"] = m.duration_s;
  s["vsfs"] = ojson::array();
  for (const VsfStats& v : m.vsfs) s["vsfs"].push_back(vsf_json(v, m.end_s, m.any_end));
  ojson g;
  g["cpus"] = m.grid_cpus;
  const double pool_span = m.pool_last_t - m.pool_first_t;
  const double pool_mean = !m.pool_seen ? NAN : pool_span > 0 ? m.pool_integral / pool_span : m.pool_size;
  g["idle_pool"] = {
      {"min", m.pool_seen ? ojson(m.pool_min) : ojson(nullptr)},
      {"mean", number_or_null(pool_mean)},
      {"seconds_at_zero", m.pool_zero_s},
      {"fraction_at_zero", m.duration_s > 0 ? number_or_null(m.pool_zero_s / m.duration_s) : ojson(nullptr)},
      {"percentiles", pool_percentiles_json(m.pool_seconds_at)}};
  DenialStats all;
  double violation_s = 0, vsf_hours = 0;
  long cpus_granted = 0, tts_count = 0;
  double tts_sum = 0, tts_max = 0;
  LogHistogram tts;
  for (const VsfStats& v : m.vsfs) {
    all.add(v.denials);
    cpus_granted += v.cpus_granted;
    tts.merge(v.tts);
    tts_count += v.tts_count;
    tts_sum += v.tts_sum;
    if (v.tts_count > 0) tts_max = std::max(tts_max, v.tts_max);
    violation_s += v.sla_violation_s;
    vsf_hours += std::max(0.0, std::min(m.duration_s, v.ended_s) - v.created_s) / 3600;
  }
  g["denials"] = denials_json(all);
  const long scale_out_needs = all.needs + all.met_at_once;
  g["scale_out_needs"] = scale_out_needs;
  g["denials_per_scale_out"] = scale_out_needs > 0
                                   ? ojson(static_cast<double>(all.needs) / static_cast<double>(scale_out_needs))
                                   : ojson(nullptr);
  g["sla_violation_s_per_vsf_hour"] = vsf_hours > 0 ? number_or_null(violation_s / vsf_hours) : ojson(nullptr);
  g["denial_probability"] = denial_probability_json(cpus_granted, all.cpus_refused);
  g["time_to_serve_s"] = time_to_serve_json(tts, tts_count, tts_sum, tts_max);
  g["cpu_hours"] = cpu_hours_json(m.vsfs, m.busy_cpu_s);
  ojson r = ojson::object();
  for (SwitchKind k : kSwitchKinds) r[to_string(k)] = m.reconfigurations[static_cast<size_t>(k)].operations;
  for (SwitchKind k : kSwitchKinds)
    r[std::string(to_string(k)) + "_ports"] = m.reconfigurations[static_cast<size_t>(k)].ports;
  g["reconfigurations"] = std::move(r);
  g["energy_j"] = m.energy_j;
  g["isolation_violations"] = m.isolation_violations;
  g["cpu_seconds"] = state_seconds(m.grid_cpu_seconds);
  s["grid"] = std::move(g);
  add_sections_after_grid(s);
  return s;
}

std::string Recorder::events_jsonl() const {
  std::string out;
  for (const std::string& line : impl_->events) out += line + "\n";
  return out;
}

void Recorder::write(const std::string& dir) const {
  impl_->rows.throw_if_failed();  // rows lost to a full disk: no result at all, rather than a short timeseries.csv
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw InputError(dir, "",
                     fmt::format("cannot create the output directory ({})", ec ? ec.message() : "not a directory"));
  const std::filesystem::path base(dir);
  write_file(base / "summary.json", summary_ordered().dump(2) + "\n");
  if (impl_->outputs.timeseries) {
    const std::filesystem::path path = base / "timeseries.csv";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    write_timeseries_csv(out);
    out.close();
    if (!out) throw InputError(path.string(), "", "cannot write the file");
  }
  if (impl_->outputs.events) write_file(base / "events.jsonl", events_jsonl());
  if (impl_->outputs.billing && impl_->ledger->any_plan())
    write_file(base / "billing.csv", billing::billing_csv(*impl_->ledger));
}

std::string Recorder::human_summary() const {
  const Impl& m = *impl_;
  size_t name_w = 3;
  for (const VsfStats& v : m.vsfs) name_w = std::max(name_w, v.name.size());
  std::string out =
      fmt::format("scenario \"{}\", seed {}, {:g} s simulated\n\n", m.scenario_name, m.seed, m.duration_s);
  out += fmt::format("{:<{}}  {:>10} {:>10} {:>9} {:>9} {:>9} {:>9} {:>5} {:>5} {:>16}\n", "VSF", name_w, "offered",
                     "served", "dropped", "timed out", "mean ms", "p95 ms", "outs", "ins", "needs (attempts)");
  for (const VsfStats& v : m.vsfs) {
    const double mean = v.served > 0 ? v.response_sum_s / v.served : NAN;
    const std::optional<double> p95 = v.run_responses().quantile(0.95);
    out += fmt::format("{:<{}}  {:>10} {:>10} {:>9} {:>9} {:>9} {:>9} {:>5} {:>5} {:>16}\n", v.name, name_w,
                       count(v.offered), count(v.served), count(v.dropped), count(v.timed_out),
                       fixed(ms(mean), "{:.1f}"), p95 ? fixed(ms(*p95), "{:.1f}") : std::string("-"), v.scale_outs,
                       v.scale_ins, needs_attempts(v.denials));
  }
  const double pool_span = m.pool_last_t - m.pool_first_t;
  const double pool_mean = !m.pool_seen ? NAN : pool_span > 0 ? m.pool_integral / pool_span : m.pool_size;
  DenialStats all;
  for (const VsfStats& v : m.vsfs) all.add(v.denials);
  out += fmt::format("\ngrid: {} CPUs; idle pool min {}, mean {} ({:g} s at zero); denied needs {} ({} attempts)\n",
                     m.grid_cpus, m.pool_seen ? std::to_string(m.pool_min) : std::string("-"),
                     fixed(pool_mean, "{:.1f}"), m.pool_zero_s, all.needs, all.attempts);
  out += fmt::format("energy {:.3f} kWh; isolation violations {}\n", m.energy_j / 3.6e6, m.isolation_violations);
  out += m.cp.human_lines();
  out += shadow_lines(m.vsfs, m.end_s);
  ApiStats api;
  for (const VsfStats& v : m.vsfs) api.merge(v.api);
  if (api.shown) out += api.human_line();
  if (m.billing_section) {
    const auto b = billing::billing_json(*m.ledger, m.billing, m.energy_j + m.cp.energy_j);
    const auto& g = b["grid"];
    out += fmt::format("billing: revenue {:.2f} {}, energy cost {:.2f}, margin {:.2f}\n", g["revenue"].get<double>(),
                       m.billing.currency, g["energy_cost"].get<double>(), g["margin"].get<double>());
  }
  return out;
}

}  // namespace vsf

namespace vsf {

double Recorder::revenue_at(int vsf, double t) const {
  const auto& ledger = impl_->ledger;
  if (!ledger || vsf < 0 || vsf >= static_cast<int>(ledger->accounts().size())) return 0;
  return ledger->amount_at(vsf, t);
}

}  // namespace vsf
