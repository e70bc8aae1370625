// The tables' defaults (as a user writes them) against the structs of src/model/, which hold the values
// the simulation uses: reading each default_text as a user's value must give the struct's default.
// Every key whose default is a number, quantity, boolean or choice must be checked here, so a default
// changed in one place only fails this test.
#include <catch2/catch.hpp>
#include <set>

#include "../key_table_checks.hpp"
#include "faults/fault_keys.hpp"
#include "model/scenario.hpp"
#include "scenario/key_tables.hpp"
#include "util/json_fields.hpp"

using namespace vsf;
namespace sk = vsf::scenario_keys;
namespace fk = vsf::faults::fault_keys;

using namespace key_table_checks;

namespace {

// The defaults of one table, checked key by key; done() checks that none with a simple kind was left out.
class DefaultsOf {
 public:
  explicit DefaultsOf(const KeyTable& table) : table_(table) {}

  template <typename T>
  void is(const std::string& key, const T& expected) {
    auto [value, diags] = read<T>(key, [&](const Fields& f, T& out) { return f.read(key, out); });
    if constexpr (std::is_same_v<T, double>)
      CHECK(value == Approx(expected).epsilon(1e-12));
    else
      CHECK(value == expected);
  }
  template <typename E, size_t N>
  void is(const std::string& key, E expected, const std::array<E, N>& values) {
    auto [value, diags] = read<E>(key, [&](const Fields& f, E& out) { return f.read(key, out, values); });
    CHECK(value == expected);
  }
  // A key the section reads itself: its default must be `expected`, as JSON.
  void is_json(const std::string& key, const json& expected) { CHECK(default_json(text(key)) == expected); }

  void done() const {
    for (const KeySpec& k : table_) {
      const ValueKind kind = k.type.kind;
      if (!k.has_default() || kind == ValueKind::String || kind == ValueKind::Text || kind == ValueKind::Array ||
          kind == ValueKind::Object || kind == ValueKind::Custom)
        continue;
      INFO("default of key " << k.key << " is not checked against its struct");
      CHECK(checked_.count(std::string(k.key)) == 1);
    }
  }

 private:
  std::string_view text(const std::string& key) {
    checked_.insert(key);
    const KeySpec* k = find_key(table_, key);
    REQUIRE(k);
    REQUIRE(k->has_default());
    return k->default_text;
  }
  template <typename T, typename ReadFn>
  std::pair<T, std::string> read(const std::string& key, ReadFn read_fn) {
    INFO("key " << key);
    const json obj = {{key, default_json(text(key))}};
    Diagnostics diags;
    Source src{"defaults", &diags};
    Fields f(src, obj, "", table_, "the defaults");
    T out{};
    CHECK(read_fn(f, out));
    CHECK(diags.format() == "");
    return {out, diags.format()};
  }

  const KeyTable& table_;
  std::set<std::string> checked_;
};

}  // namespace

TEST_CASE("run-wide defaults: top level, outputs, control plane, actions, image updates", "[key_tables][defaults]") {
  // One default-constructed Scenario, not a temporary per check: g++ 12 -O2 warned (maybe-uninitialized, a
  // false positive) about the temporaries' destructors.
  const Scenario defaults;
  const BillingSettings billing;
  DefaultsOf top(sk::top());
  top.is_json("seed", defaults.seed);
  top.is("description", std::string());
  top.is("traffic_scale", defaults.traffic_scale);
  top.is("fidelity", defaults.fidelity, kFidelities);
  top.is_json("flow", {{"resolution", "60s"}});
  top.is("energy_price_per_kwh", billing.energy_price_per_kwh);
  top.is("currency", billing.currency);
  top.done();

  DefaultsOf flow(sk::flow());
  flow.is("resolution", FlowSettings{}.resolution_s);
  flow.done();

  const Outputs o;
  DefaultsOf outputs(sk::outputs());
  outputs.is("interval", o.interval_s);
  outputs.is("events", o.events);
  outputs.is("timeseries", o.timeseries);
  outputs.is("billing", o.billing);
  outputs.done();

  const ControlPlaneSpec c;
  DefaultsOf cp(sk::control_plane());
  cp.is("slaves", c.slaves);
  cp.is("vsfs_per_farm_manager", c.vsfs_per_farm_manager);
  cp.is("max_vsfs_per_slave", c.max_vsfs_per_slave);
  cp.is("health_check_interval", c.health_check_interval_s);
  cp.is("health_check_timeout", c.health_check_timeout_s);
  cp.is("restart_timeout", c.restart_timeout_s);
  cp.is("manager_restart", c.manager_restart_s);
  cp.is("ping_interval", c.ping_interval_s);
  cp.is("ping_timeout", c.ping_timeout_s);
  cp.is("freshness", c.freshness_s);
  cp.is_json("quorum", to_string(c.quorum));
  cp.is("lease", c.lease_s);
  cp.is("reassign", c.reassign, kReassigns);
  cp.is("takeover", c.takeover_s);
  cp.is("host_boot", c.host_boot_s);
  cp.is("registry_read", c.registry_read_s);
  cp.is("registry_write", c.registry_write_s);
  cp.is("message_size", c.message_bytes);
  cp.is("power_off_idle_hosts", c.power_off_idle_hosts);
  cp.is("registry_host", c.registry_host);
  cp.done();

  DefaultsOf action(sk::action());
  action.is("count", AdminAction{}.count);
  action.done();

  DefaultsOf update(sk::image_update());
  update.is_json("max_unavailable", ImageUpdate{}.max_unavailable);
  update.done();
}

TEST_CASE("grid defaults", "[key_tables][defaults]") {
  DefaultsOf grid(sk::grid());
  grid.done();  // cpu_profile's "standard" is the loader's, as no struct holds the name before it is resolved
  for (const KeyTable* t : {&sk::vlan_switches(), &sk::san_switches()}) {
    DefaultsOf set(*t);
    set.is("count", SwitchSet{}.count);
    set.done();
  }
  const StorageArray a;
  DefaultsOf storage(sk::storage_array());
  storage.is("read_bandwidth", a.read_Bps);
  storage.is("write_bandwidth", a.write_Bps);
  storage.is("ports", a.ports);
  storage.done();
  DefaultsOf uplink(sk::uplink());
  uplink.is("bandwidth", Uplink{}.bandwidth_Bps);
  uplink.is("latency", Uplink{}.latency_s);
  uplink.done();
  DefaultsOf cp(sk::grid_control_plane());
  cp.is("hosts", ControlPlane{}.hosts);
  cp.done();
  DefaultsOf cpu_group(sk::cpu_group());
  cpu_group.done();
}

TEST_CASE("VSF defaults: the VSF, its LB, tiers, policy and traffic", "[key_tables][defaults]") {
  const VsfSpec v;
  DefaultsOf vsf(sk::vsf());
  vsf.is("description", std::string());
  vsf.is("start", v.start_s);
  vsf.is("warm", v.warm);
  vsf.is("sla", v.sla_s);
  vsf.is("timeout", v.timeout_s);
  vsf.is("traffic_scale", v.traffic_scale);
  vsf.is("storage", v.storage_bytes);
  vsf.is("traffic_shift", 0.0);  // the loader shifts the traffic by what it reads: 0 leaves it as written
  CHECK(TrafficComponent{}.scale == v.traffic_scale);  // what the loader gives a component when no factor is set
  vsf.done();
  DefaultsOf lb(sk::lb());
  lb.is("role", v.lb.role);
  lb.is("reconfig_latency", v.lb.reconfig_s);
  lb.done();
  const Tier t;
  DefaultsOf tier(sk::tier());
  tier.is("dispatch", t.dispatch, kDispatches);
  tier.is("calls", t.calls);
  tier.done();
  const PolicySpec p;
  DefaultsOf policy(sk::policy());
  policy.is("interval", p.interval_s);
  policy.is("high", p.high);
  policy.is("low", p.low);
  policy.is("window", p.window_s);
  policy.is("step", p.step);
  policy.is("cooldown", p.cooldown_s);
  policy.is("week_start_day", p.schedule.week_start_day);
  policy.done();
  const TargetTrackingSpec tt;
  DefaultsOf target_tracking(sk::policy_target_tracking());
  target_tracking.is("interval", p.interval_s);
  target_tracking.is("metric", tt.metric, kPolicyMetrics);
  target_tracking.is("tolerance", tt.tolerance);
  target_tracking.is("week_start_day", p.schedule.week_start_day);
  target_tracking.done();
  // The HPA's default behavior: the array defaults are written out as JSON in the tables.
  auto rules_json = [](const ScalingRules& r) {
    json out = json::array();
    for (const RateLimit& l : r.policies) {
      CHECK(l.period_s == 15);  // written "15s" below
      out.push_back({{"type", to_string(l.type)}, {"value", l.value}, {"period", "15s"}});
    }
    return out;
  };
  DefaultsOf scale_up(sk::tt_scale_up());
  scale_up.is("stabilization_window", tt.scale_up.stabilization_s);
  scale_up.is("select_policy", tt.scale_up.select, kSelectPolicies);
  scale_up.is_json("policies", rules_json(tt.scale_up));
  scale_up.done();
  DefaultsOf scale_down(sk::tt_scale_down());
  scale_down.is("stabilization_window", tt.scale_down.stabilization_s);
  scale_down.is("select_policy", tt.scale_down.select, kSelectPolicies);
  scale_down.is_json("policies", rules_json(tt.scale_down));
  scale_down.done();
  const StepAlarm alarm;
  DefaultsOf step(sk::policy_step());
  step.is("interval", p.interval_s);
  step.is("metric", StepScalingSpec{}.metric, kPolicyMetrics);
  step.is("evaluation_periods", alarm.evaluation_periods);
  step.is("adjustment_type", alarm.adjustment_type, kAdjustmentTypes);
  step.is("min_adjustment_magnitude", alarm.min_adjustment_magnitude);
  step.is("cooldown", alarm.cooldown_s);
  step.is("cooldown", p.cooldown_s);  // the loader copies the policy's cooldown into each alarm
  step.is("week_start_day", p.schedule.week_start_day);
  step.done();
  DefaultsOf scheduled(sk::policy_scheduled());
  scheduled.is("interval", p.interval_s);
  scheduled.is("week_start_day", p.schedule.week_start_day);
  scheduled.done();
  DefaultsOf scale_in(sk::step_scale_in());
  scale_in.is("evaluation_periods", alarm.evaluation_periods);
  scale_in.is("adjustment_type", alarm.adjustment_type, kAdjustmentTypes);
  scale_in.is("min_adjustment_magnitude", alarm.min_adjustment_magnitude);
  scale_in.done();

  const TrafficComponent c;
  DefaultsOf diurnal(sk::traffic_diurnal());
  diurnal.is("period", c.period_s);
  diurnal.is("phase", c.phase_s);
  diurnal.is("weekend_scale", c.weekend_scale);
  diurnal.is("week_start_day", c.week_start_day);
  diurnal.done();
  DefaultsOf flash(sk::traffic_flash_crowd());
  flash.is("ramp", c.ramp_s);
  flash.done();
  DefaultsOf trace(sk::traffic_trace());
  trace.is("time_format", c.time_format, kTraceTimeFormats);
  trace.is("value", c.value_kind, kTraceValueKinds);
  trace.is("bucket", c.bucket_s);
  trace.is("time_scale", c.time_scale);
  trace.is("rate_scale", c.rate_scale);
  trace.is("loop", c.loop);
  trace.done();
  for (const KeyTable* table : {&sk::traffic_constant(), &sk::traffic_steps(), &sk::traffic_step()})
    DefaultsOf(*table).done();
}

TEST_CASE("model file defaults", "[key_tables][defaults]") {
  const HardwareProfile h;
  DefaultsOf hw(sk::hardware());
  hw.is("speed", h.speed_flops);
  hw.is("cores", h.cores);
  hw.is("post", h.post_s);
  hw.is("shutdown", h.shutdown_s);
  hw.is("idle_power", h.idle_w);
  hw.is("peak_power", h.peak_w);
  hw.is("off_power", h.off_w);
  hw.done();
  const RoleBlueprint r;
  DefaultsOf role(sk::role());
  role.is("boot_image", r.boot_image_bytes);
  role.is("os_init", r.os_init_s);
  role.is("work", r.work_flops);
  role.is("work_distribution", r.work_distribution, kWorkDistributions);
  role.is("san_io", r.san_bytes);
  role.is("request_size", r.request_bytes);
  role.is("response_size", r.response_bytes);
  role.is("queue_limit", r.queue_limit);
  role.done();
  const SwitchProfile s;
  DefaultsOf sw(sk::switch_profile());
  sw.is("ports", s.ports);
  sw.is("port_bandwidth", s.port_bandwidth_Bps);
  sw.is("port_latency", s.port_latency_s);
  sw.is("reconfig_latency", s.reconfig_s);
  sw.done();
  const ServicePlan p;
  DefaultsOf plan(sk::plan());
  plan.is("flat_fee", p.flat_fee);
  plan.is("included_cpus", p.included_cpus);
  plan.is("rate", p.rate);
  plan.is("unit", p.unit, kBillingUnits);
  plan.is("sizing", p.sizing, kPlanSizings);
  plan.is("storage_price_per_gb_month", p.storage_price_per_gb_month);
  plan.done();
  CHECK_FALSE(p.billing_period_s);  // absent: the run's duration
  CHECK_FALSE(p.min_cpus);          // absent: no limit
  CHECK_FALSE(p.max_cpus);
  const PlanGuarantee g;
  DefaultsOf guarantee(sk::plan_guarantee());
  guarantee.is("weekdays_only", g.weekdays_only);
  guarantee.done();
  DefaultsOf(sk::model_file()).done();
}

TEST_CASE("fault defaults", "[key_tables][defaults]") {
  const faults::FaultSubject subject;
  for (const KeyTable* t : {&fk::event(), &fk::process()}) {
    DefaultsOf d(*t);
    d.is_json("mode", faults::mode_name(subject.mode));
    d.done();
  }
  DefaultsOf process(fk::process());
  process.is_json("start", "0s");  // FaultProcess::start_s is 0: the run's start
  CHECK(faults::FaultProcess{}.start_s == 0);
  process.is_json("targets", "all");
  process.is_json("mode", "crash");
  process.done();
  DefaultsOf csv(fk::csv());
  csv.is_json("values", "durations");  // samples are durations unless "instants" is given
  csv.done();
  for (const KeyTable* t :
       {&fk::section(), &fk::group(), &fk::members(), &fk::exponential(), &fk::weibull(), &fk::constant()})
    DefaultsOf(*t).done();
}

TEST_CASE("customer API defaults: an API call and an API rule", "[key_tables][defaults]") {
  DefaultsOf call(sk::api_call());
  call.done();
  const ApiRule r;
  DefaultsOf rule(sk::api_rule());
  rule.is("ask", r.ask);
  rule.is("release", r.release);
  rule.is("interval", r.interval_s);
  rule.is("cooldown", r.cooldown_s);
  rule.done();
}

TEST_CASE("sites defaults: a site, a WAN link, the global manager", "[key_tables][defaults]") {
  DefaultsOf site(sk::site());
  site.is("cpu_hour_cost", SiteSpec{}.cpu_hour_cost);
  site.done();

  const WanLink w;
  DefaultsOf wan(sk::wan_link());
  wan.is("bandwidth", w.bandwidth_Bps);
  wan.is("latency", w.latency_s);
  wan.is("cost_per_gb", w.cost_per_gb);
  wan.done();

  const GlobalManagerSpec g;
  DefaultsOf gm(sk::global_manager());
  gm.is("interval", g.interval_s);
  gm.is("lending", g.lending, kLendings);
  gm.is("lent_boot", g.lent_boot, kLentBoots);
  gm.done();

  DefaultsOf top(sk::top());
  top.is_json("wan", json::array());
}
