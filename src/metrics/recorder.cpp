// Recorder: accumulating what the simulation reports (the results side is in results.cpp).
//
// SLA: sla_violation_s is the total length of the output intervals whose p95 response time (over the
// requests served in that interval) exceeded the VSF's sla; an interval in which nothing was served
// does not count, whatever its cause (see timeseries.csv: its p95_ms is empty then).
// cpu_seconds: time integrated per lifecycle state between cpu_state() calls, per VSF for the time a
// CPU belongs to it, and grid-wide for every CPU ever reported (idle-pool CPUs are reported with vsf -1).
// Held (billing): a CPU is held by a VSF while it belongs to it, in any state: from its allocation out of
// the idle pool (its first state there: configuring, or stopping if it was still on) through booting,
// serving, draining and stopping until it is back in the idle pool, and off too (a crashed CPU awaiting
// eviction: the pool cannot lend it to anyone else). So a VSF's held CPU-seconds are the sum of its
// cpu_seconds, the CPU-hours grid.cpu_hours.allocated calls "what a tenant pays for".
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "metrics/recorder_state.hpp"

namespace vsf {

const char* to_string(CpuState s) {
  switch (s) {
    case CpuState::Off:
      return "off";
    case CpuState::Configuring:
      return "configuring";
    case CpuState::Booting:
      return "booting";
    case CpuState::Serving:
      return "serving";
    case CpuState::Draining:
      return "draining";
    case CpuState::Stopping:
      return "stopping";
  }
  return "unknown";
}

namespace {

bool held(int vsf, CpuState) { return vsf >= 0; }

}  // namespace

void Recorder::Impl::init_billing(const Scenario& scenario) {
  std::vector<billing::Account> accounts;
  bool any_plan = false;
  for (const VsfSpec& v : scenario.vsfs) {
    auto plan = scenario.models.plans.find(v.plan);
    // An ordered VSF is billed from its creation, which may come after its start (waiting for the pool) or
    // never (refused): order_built opens its account.
    const double created = v.order >= 0 ? std::numeric_limits<double>::infinity() : std::max(0.0, v.start_s);
    billing::Account a{v.name, v.customer, std::nullopt, created, v.storage_bytes};
    if (!v.plan.empty() && plan != scenario.models.plans.end()) a.plan = plan->second;
    any_plan = any_plan || a.plan.has_value();
    accounts.push_back(std::move(a));
  }
  ledger.emplace(std::move(accounts), scenario.duration_s);
  billing = scenario.billing;
  billing_section = any_plan || scenario.billing.energy_price_per_kwh > 0;
  for (const CpuGroup& g : scenario.grid.cpus) {
    auto hw = scenario.models.hardware.find(g.profile);
    const double mips = hw == scenario.models.hardware.end() ? 0 : billing::mips_of(hw->second);
    cpu_mips.insert(cpu_mips.end(), static_cast<size_t>(std::max(0, g.count)), mips);
  }
  held_cpus.assign(scenario.vsfs.size(), 0);
  held_mips.assign(scenario.vsfs.size(), 0);
  held_image_bytes.assign(scenario.vsfs.size(), 0);
  const auto image_of = [&](const std::string& role) {
    const auto r = scenario.models.roles.find(role);
    return r == scenario.models.roles.end() ? 0.0 : r->second.boot_image_bytes;
  };
  for (const VsfSpec& v : scenario.vsfs) {
    lb_image_bytes.push_back(image_of(v.lb.role));
    std::vector<double> tiers;
    for (const Tier& t : v.tiers) tiers.push_back(image_of(t.role));
    tier_image_bytes.push_back(std::move(tiers));
  }
}

double Recorder::Impl::image_bytes(int vsf, bool lb, int tier) const {
  const auto k = static_cast<size_t>(vsf);
  if (k >= lb_image_bytes.size()) return 0;
  if (lb) return lb_image_bytes[k];
  const auto& tiers = tier_image_bytes[k];
  return tier >= 0 && static_cast<size_t>(tier) < tiers.size() ? tiers[static_cast<size_t>(tier)] : 0;
}

void Recorder::Impl::held_change(int vsf, int delta, int cpu, double t, double image) {
  const double mips = cpu >= 0 && static_cast<size_t>(cpu) < cpu_mips.size() ? cpu_mips[cpu] : 0;
  held_cpus[vsf] += delta;
  held_mips[vsf] += delta * mips;
  held_image_bytes[vsf] += delta * image;
  if (held_cpus[vsf] == 0) held_mips[vsf] = held_image_bytes[vsf] = 0;  // no rounding residue once nothing is held
  ledger->held(vsf, t, held_cpus[vsf], held_mips[vsf], held_image_bytes[vsf]);
}

VsfStats& Recorder::Impl::vsf(int index) {
  if (index < 0 || static_cast<size_t>(index) >= vsfs.size())
    throw std::out_of_range(fmt::format("Recorder: no VSF with index {} (there are {})", index, vsfs.size()));
  return vsfs[index];
}

Recorder::Recorder(const Scenario& scenario) : impl_(new Impl) {
  impl_->scenario_name = scenario.name;
  impl_->seed = scenario.seed;
  impl_->duration_s = scenario.duration_s;
  impl_->end_s = scenario.duration_s;
  impl_->grid_cpus = scenario.grid.total_cpus();
  impl_->outputs = scenario.outputs;
  for (const auto& v : scenario.vsfs) {
    VsfStats s;
    s.name = v.name;
    s.sla_s = v.sla_s;
    s.created_s = std::max(0.0, v.start_s);
    s.interval_start = s.created_s;
    impl_->any_end = impl_->any_end || v.end_s < scenario.duration_s;
    s.forecast.predictive = v.policy.type == PolicyType::Predictive;
    for (const Tier& t : v.tiers) s.tiers.push_back(TierStats{t.role, 0, 0, {}});
    if (!v.shadow_policies.empty()) {
      std::vector<int> initial;
      for (const Tier& t : v.tiers) initial.push_back(t.initial);
      s.active.emplace_back("", to_string(v.policy.type), initial, s.created_s);
      for (const ShadowPolicy& p : v.shadow_policies)
        s.shadows.emplace_back(p.name, to_string(p.policy.type), initial, s.created_s);
    }
    s.api.shown = !v.api_rules.empty();
    impl_->vsfs.push_back(std::move(s));
  }
  for (const ApiCall& c : scenario.api_calls)
    if (c.vsf_index >= 0) impl_->vsf(c.vsf_index).api.shown = true;
  impl_->cp.unmanaged.resize(impl_->vsfs.size());
  impl_->cp.multi_site = !scenario.grid.sites.empty();
  impl_->init_billing(scenario);
  if (!scenario.orders.empty()) impl_->orders.emplace(scenario.orders);
  if (!scenario.grid.sites.empty()) impl_->lending.emplace(scenario.grid.sites);
}

LendingStats* Recorder::lending() { return impl_->lending ? &*impl_->lending : nullptr; }
Recorder::~Recorder() { delete impl_; }

void Recorder::offered(int vsf, double) {
  VsfStats& s = impl_->vsf(vsf);
  ++s.offered;
  ++s.interval_offered;
  ++impl_->grid_interval_offered;
}

void Recorder::served(int vsf, double, double response_s) {
  VsfStats& s = impl_->vsf(vsf);
  ++s.served;
  ++s.interval_served;
  ++impl_->grid_interval_served;
  s.response_sum_s += response_s;
  s.interval_responses.add(response_s);
}

void Recorder::dropped(int vsf, double) { ++impl_->vsf(vsf).dropped; }

void Recorder::timed_out(int vsf, double) { ++impl_->vsf(vsf).timed_out; }

void Recorder::cpu_state(int cpu, int vsf, CpuState s, double t, bool lb, int tier) {
  if (vsf >= 0) impl_->vsf(vsf);  // validates the index before anything changes
  auto it = impl_->cpus.find(cpu);
  const bool was_held = it != impl_->cpus.end() && held(it->second.vsf, it->second.state);
  if (it != impl_->cpus.end()) {
    CpuTrack& c = it->second;
    const double span = std::max(0.0, t - c.since);
    impl_->grid_cpu_seconds[static_cast<size_t>(c.state)] += span;
    // A decommissioned VSF's CPU-seconds stop at its end, while its CPUs still drain and leave.
    const double vsf_span = c.vsf >= 0 ? std::max(0.0, std::min(t, impl_->vsfs[c.vsf].ended_s) - c.since) : 0;
    if (c.vsf >= 0) impl_->vsfs[c.vsf].cpu_seconds[static_cast<size_t>(c.state)] += vsf_span;
    if (c.vsf >= 0 && c.lb) impl_->vsfs[c.vsf].lb_cpu_seconds += vsf_span;
    if (was_held && (c.vsf != vsf || !held(vsf, s)))
      impl_->held_change(c.vsf, -1, cpu, t, impl_->image_bytes(c.vsf, c.lb, c.tier));
  }
  if (held(vsf, s) && (!was_held || it->second.vsf != vsf))
    impl_->held_change(vsf, +1, cpu, t, impl_->image_bytes(vsf, lb, tier));
  impl_->cpus[cpu] = CpuTrack{vsf, s, t, lb, tier};
  if (impl_->trace.enabled) impl_->trace.cpu_changes.push_back({cpu, vsf, s, t, impl_->events.size()});
}

void Recorder::idle_pool(double t, int size) {
  Impl& m = *impl_;
  if (!m.pool_seen) {
    m.pool_seen = true;
    m.pool_first_t = m.pool_last_t = t;
    m.pool_min = m.pool_interval_min = size;
  } else {
    const double span = std::max(0.0, t - m.pool_last_t);
    m.pool_integral += span * m.pool_size;
    if (m.pool_size == 0) m.pool_zero_s += span;
    if (span > 0) m.pool_seconds_at[m.pool_size] += span;
    m.pool_last_t = std::max(m.pool_last_t, t);
    m.pool_min = std::min(m.pool_min, size);
    m.pool_interval_min = std::min(m.pool_interval_min, size);
  }
  m.pool_size = size;
}

void Recorder::time_to_serve(int vsf, double seconds) {
  VsfStats& s = impl_->vsf(vsf);
  ++s.tts_count;
  s.tts_sum += seconds;
  s.tts_max = s.tts_count == 1 ? seconds : std::max(s.tts_max, seconds);
  s.tts.add(seconds);
}

void Recorder::scale(int vsf, int tier, int delta, double t) {
  VsfStats& s = impl_->vsf(vsf);
  if (impl_->trace.enabled && delta != 0) impl_->trace.scales.push_back({vsf, tier, delta, t, impl_->events.size()});
  if (delta > 0) ++s.scale_outs;
  if (delta > 0) s.cpus_granted += delta;
  if (delta < 0) ++s.scale_ins;
}

int Recorder::denial(int vsf, int tier, double t, int cpus) {
  VsfStats& s = impl_->vsf(vsf);
  ++s.denials.attempts;
  s.denials.cpus_refused += std::max(0, cpus);
  ++s.interval_denials;  // timeseries.csv (timeseries.cpp): refused attempts in the interval
  ++impl_->grid_interval_denials;
  auto [it, opened] = s.open_needs.try_emplace(tier, OpenNeed{t, 0});
  if (opened) ++s.denials.needs;
  return ++it->second.attempts;
}

void Recorder::need_closed(int vsf, int tier, double t) {
  VsfStats& s = impl_->vsf(vsf);
  auto it = s.open_needs.find(tier);
  if (it == s.open_needs.end()) return;
  const double open_s = std::max(0.0, t - it->second.since);
  s.denials.open_total_s += open_s;
  s.denials.open_max_s = std::max(s.denials.open_max_s, open_s);
  s.open_needs.erase(it);
}

void Recorder::granted_in_full(int vsf, int tier, double t) {
  VsfStats& s = impl_->vsf(vsf);
  if (s.open_needs.count(tier))
    need_closed(vsf, tier, t);
  else
    ++s.denials.met_at_once;
}

void Recorder::forecast(int vsf, double observed_rps, std::optional<double> forecast_rps, bool reactive) {
  ForecastStats& f = impl_->vsf(vsf).forecast;
  ++f.ticks;
  f.reactive_ticks += reactive ? 1 : 0;
  if (!forecast_rps) return;
  ++f.scored;
  f.abs_error_rps += std::abs(*forecast_rps - observed_rps);
  f.observed_rps += observed_rps;
}

void Recorder::decision_cut(int vsf, int, int by_max, int by_min) {
  VsfStats& s = impl_->vsf(vsf);
  s.cut_by_max += std::max(0, by_max);
  s.cut_by_min += std::max(0, by_min);
}

void Recorder::shadow_decision(int vsf, int shadow, int tier, double t, int observed, int applied, int min, int max) {
  VsfStats& s = impl_->vsf(vsf);
  if (s.active.empty()) return;  // no shadows: nothing to compare with
  if (shadow >= static_cast<int>(s.shadows.size()))
    throw std::out_of_range(fmt::format("Recorder: VSF {} has no shadow {}", s.name, shadow));
  ShadowTally& tally = shadow < 0 ? s.active.front() : s.shadows[static_cast<size_t>(shadow)];
  tally.decision(tier, t, observed, applied, min, max);
}

void Recorder::reconfiguration(SwitchKind kind, int ports) {
  ReconfigCount& r = impl_->reconfigurations[static_cast<size_t>(kind)];
  ++r.operations;
  r.ports += ports;
}

void Recorder::isolation_violations(int count) { impl_->isolation_violations += count; }

void Recorder::energy(double joules) { impl_->energy_j = joules; }

void Recorder::cdn(nlohmann::ordered_json section) { impl_->cdn = std::move(section); }

void Recorder::fault(faults::FaultKind kind) { ++impl_->cp.faults[static_cast<size_t>(kind)]; }

void Recorder::dropped_by_fault(int vsf, double) {
  VsfStats& s = impl_->vsf(vsf);
  ++s.dropped;
  ++s.dropped_by_faults;
}

void Recorder::api_call(int vsf, ApiOutcome outcome, int asked, int released) {
  impl_->vsf(vsf).api.add(outcome, asked, released);
}

void Recorder::vsf_available(int vsf, bool available, double t) { impl_->vsf(vsf).available.set(available, t); }

bool Recorder::order_serving(size_t order, double t) {
  if (!impl_->orders || impl_->orders->served(order)) return false;
  impl_->orders->serving(order, t);
  return true;
}

void Recorder::order_built(size_t order, int vsf, double t, double pool_wait_s) {
  if (impl_->orders) impl_->orders->built(order, pool_wait_s);
  impl_->ledger->created(vsf, t);
}

bool Recorder::order_refused(size_t order, bool set) {
  if (!impl_->orders) return false;
  if (set) impl_->orders->refuse(order);
  return impl_->orders->refused(order);
}

void Recorder::order_decommission(size_t order, bool carried_out) {
  if (impl_->orders) impl_->orders->decommission(order, carried_out);
}

void Recorder::vsf_ended(int vsf, double t) {
  VsfStats& s = impl_->vsf(vsf);
  s.available.close(t);
  s.ended_s = t;
  while (!s.open_needs.empty()) need_closed(vsf, s.open_needs.begin()->first, t);  // nothing is asked any more
  impl_->ledger->ended(vsf, t);
}

void Recorder::cp_masters(double, int count) { impl_->cp.max_masters = std::max(impl_->cp.max_masters, count); }

void Recorder::cp_detection(double latency_s) { impl_->cp.detection.add(latency_s); }

void Recorder::cp_election(double duration_s) {
  ++impl_->cp.elections;
  impl_->cp.election.add(duration_s);
}

void Recorder::cp_recovery(double recovery_s) { impl_->cp.recovery.add(recovery_s); }

void Recorder::cp_unmanaged(int vsf, bool unmanaged, double t) {
  impl_->vsf(vsf);  // validates the index
  impl_->cp.unmanaged[vsf].set(unmanaged, t);
}

void Recorder::cp_restart() { ++impl_->cp.restarts; }

void Recorder::cp_reassignment() { ++impl_->cp.reassignments; }

void Recorder::cp_new_slave() { ++impl_->cp.new_slaves; }

void Recorder::cp_hosts_on(double t, int count) { impl_->cp.hosts_on.set(count, t); }

void Recorder::cp_energy(double joules) { impl_->cp.energy_j = joules; }

void Recorder::cp_invariant_violation(const std::string& what) { ++impl_->cp.invariant_violations[what]; }

void Recorder::rollout(const Rollout& r) { impl_->cp.rollouts.push_back(r); }

// Not written and no trace: events are neither kept nor serialised (memory, time).
bool Recorder::keeps_events() const { return impl_->outputs.events || impl_->trace.enabled; }
void Recorder::event(double t, const std::string& type, nlohmann::json fields) {
  if (!keeps_events()) return;
  nlohmann::ordered_json line;
  line["t"] = t;
  line["type"] = type;
  if (fields.is_object()) {
    // nlohmann::json keeps keys sorted, so the field order is stable; "t" and "type" are ours.
    for (auto& [key, value] : fields.items())
      if (key != "t" && key != "type") line[key] = nlohmann::ordered_json(value);
  } else if (!fields.is_null()) {
    line["value"] = nlohmann::ordered_json(fields);
  }
  impl_->events.push_back(line.dump());
}

void Recorder::keep_trace() { impl_->trace.enabled = true; }

void Recorder::cpu_names(std::vector<std::string> names) { impl_->trace.cpu_names = std::move(names); }

double Recorder::Impl::serving_seconds(double t) const {
  double s = grid_cpu_seconds[static_cast<size_t>(CpuState::Serving)];
  for (const auto& [cpu, c] : cpus)
    if (c.state == CpuState::Serving) s += std::max(0.0, t - c.since);
  return s;
}

void Recorder::finish(double t_end) {
  Impl& m = *impl_;
  m.end_s = t_end;
  for (auto& [cpu, c] : m.cpus) cpu_state(cpu, c.vsf, c.state, std::max(t_end, c.since), c.lb);
  if (m.pool_seen) idle_pool(std::max(t_end, m.pool_last_t), m.pool_size);
  for (size_t i = 0; i < m.vsfs.size(); ++i) {
    if (!(m.vsfs[i].ended_s < t_end)) m.vsfs[i].available.close(t_end);  // an ended VSF's closed at its end
    while (!m.vsfs[i].open_needs.empty()) need_closed(static_cast<int>(i), m.vsfs[i].open_needs.begin()->first, t_end);
  }
  m.cp.close(t_end);
  if (m.lending) m.lending->finish(t_end);
  m.ledger->finish(t_end);
}

}  // namespace vsf
