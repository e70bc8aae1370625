// key_tables(): every section's table with where it applies and its object in scenarios/schema.json.
#include "scenario/key_tables.hpp"

#include "faults/fault_keys.hpp"

namespace vsf {

namespace {

// Model files' tables, last: they are not in the schema.
std::vector<SectionTable> model_file_tables() {
  using namespace scenario_keys;
  return {
      {"model file", &model_file(), false, ""},     {"model file: /hardware/*", &hardware(), false, ""},
      {"model file: /roles/*", &role(), false, ""}, {"model file: /switches/*", &switch_profile(), false, ""},
      {"model file: /plans/*", &plan(), false, ""}, {"model file: /plans/*/guaranteed/*", &plan_guarantee(), false, ""},
  };
}

// A VSF's tables: its own keys, its tiers, policies, demand, shadows, group variation and traffic.
std::vector<SectionTable> vsf_tables() {
  using namespace scenario_keys;
  return {
      {"/vsfs/*", &vsf(), true, "/$defs/vsf"},
      {"/vsfs/*/lb", &lb(), true, "/$defs/lb/oneOf/1"},
      {"/vsfs/*/tiers/*", &tier(), true, "/$defs/tier"},
      {"/vsfs/*/control_values/*", &control_value(), true, "/$defs/control_value"},
      {"/vsfs/*/policy (type none or threshold)", &policy(), true, "/$defs/policy_threshold"},
      {"/vsfs/*/policy (type target_tracking)", &policy_target_tracking(), true, "/$defs/policy_target_tracking"},
      {"/vsfs/*/policy/behavior", &tt_behavior(), true, "/$defs/policy_target_tracking/properties/behavior"},
      {"/vsfs/*/policy/behavior/scale_up", &tt_scale_up(), true, "/$defs/scaling_rules_up"},
      {"/vsfs/*/policy/behavior/scale_down", &tt_scale_down(), true, "/$defs/scaling_rules_down"},
      {"/vsfs/*/policy/behavior/*/policies/*", &tt_rate_limit(), true, "/$defs/rate_limit"},
      {"/vsfs/*/policy (type step)", &policy_step(), true, "/$defs/policy_step"},
      {"/vsfs/*/policy/scale_in", &step_scale_in(), true, "/$defs/policy_step/properties/scale_in"},
      {"/vsfs/*/policy/steps/*", &step_adjustment(), true, "/$defs/step_adjustment"},
      {"/vsfs/*/policy (type scheduled)", &policy_scheduled(), true, "/$defs/policy_scheduled"},
      {"/vsfs/*/policy/schedule/*", &schedule_entry(), true, "/$defs/schedule_entry"},
      {"/vsfs/*/policy (type predictive)", &policy_predictive(), true, "/$defs/policy_predictive"},
      {"/vsfs/*/cpu_demand", &cpu_demand(), true, "/$defs/cpu_demand"},
      {"/vsfs/*/cdn", &cdn(), true, "/$defs/cdn"},
      {"/vsfs/*/cdn/regions/*", &cdn_region(), true, "/$defs/cdn_region"},
      {"/vsfs/*/cdn/hit_ratio", &cdn_hit_curve(), true, "/$defs/cdn/properties/hit_ratio/oneOf/1"},
      {"/vsfs/*/shadow_policies/*", &shadow_policy(), true, "/$defs/shadow_policy"},
      {"/vsfs/*/api_rules/*", &api_rule(), true, "/$defs/api_rule"},
      {"/vsfs/*/vary", &vary(), true, "/$defs/vary"},
      {"/vsfs/*/vary/tiers/*", &vary_tier(), true, "/$defs/vary/properties/tiers/items"},
      {"/vsfs/*/vary/... (dist uniform)", &vary_uniform(), true, "/$defs/vary_distribution/oneOf/0"},
      {"/vsfs/*/vary/... (dist lognormal)", &vary_lognormal(), true, "/$defs/vary_distribution/oneOf/1"},
      {"/vsfs/*/traffic (type constant)", &traffic_constant(), true, "/$defs/traffic_constant"},
      {"/vsfs/*/traffic (type steps)", &traffic_steps(), true, "/$defs/traffic_steps"},
      {"/vsfs/*/traffic/steps/*", &traffic_step(), true, "/$defs/traffic_steps/properties/steps/items"},
      {"/vsfs/*/traffic (type diurnal)", &traffic_diurnal(), true, "/$defs/traffic_diurnal"},
      {"/vsfs/*/traffic (type flash_crowd)", &traffic_flash_crowd(), true, "/$defs/traffic_flash_crowd"},
      {"/vsfs/*/traffic (type trace)", &traffic_trace(), true, "/$defs/traffic_trace"},
  };
}

// The scenario's other tables, top level first (the VSFs' go after /grid), each with its object in the schema.
std::vector<SectionTable> scenario_tables() {
  using namespace scenario_keys;
  namespace fk = faults::fault_keys;
  std::vector<SectionTable> v = {
      {"", &top(), true, ""},
      {"/grid", &grid(), true, "/$defs/grid"},
      {"/grid/cpus/*", &cpu_group(), true, "/$defs/cpu_group"},
      {"/grid/vlan_switches", &vlan_switches(), true, "/$defs/grid/properties/vlan_switches"},
      {"/grid/san_switches", &san_switches(), true, "/$defs/grid/properties/san_switches"},
      {"/grid/storage/*", &storage_array(), true, "/$defs/grid/properties/storage/items"},
      {"/grid/uplink", &uplink(), true, "/$defs/grid/properties/uplink"},
      {"/grid/control_plane", &grid_control_plane(), true, "/$defs/grid/properties/control_plane"},
      {"/sites/*", &site(), true, "/$defs/site"},
      {"/wan/*", &wan_link(), true, "/$defs/wan_link"},
      {"/global_manager", &global_manager(), true, "/$defs/global_manager"},
  };
  const std::vector<SectionTable> vsfs = vsf_tables();
  v.insert(v.end(), vsfs.begin(), vsfs.end());
  const std::vector<SectionTable> rest = {
      {"/actions/*", &action(), true, "/$defs/action"},
      {"/outputs", &outputs(), true, "/$defs/outputs"},
      {"/flow", &flow(), true, "/$defs/flow"},
      {"/control_plane", &control_plane(), true, "/$defs/control_plane"},
      {"/image_updates/*", &image_update(), true, "/$defs/image_update"},
      {"/provisioning", &provisioning(), true, "/$defs/provisioning"},
      {"/provisioning/review_hours", &review_hours(), true, "/$defs/provisioning/properties/review_hours"},
      {"/orders/*", &order(), true, "/$defs/order"},
      {"/order_arrivals/*", &order_arrival(), true, "/$defs/order_arrival"},
      {"/order_arrivals/*/templates/*", &arrival_template(), true, "/$defs/order_template"},
      {"/api_calls/*", &api_call(), true, "/$defs/api_call"},
      {"/faults", &fk::section(), true, "/$defs/faults"},
      {"/faults/groups/*", &fk::group(), true, "/$defs/fault_group"},
      {"/faults/groups/*/members", &fk::members(), true, "/$defs/fault_group/properties/members/oneOf/1"},
      {"/faults/events/*", &fk::event(), true, "/$defs/fault_event"},
      {"/faults/processes/*", &fk::process(), true, "/$defs/fault_process"},
      {"/faults/.../repair, ttf, ttr (dist exponential)", &fk::exponential(), true,
       "/$defs/fault_distribution/oneOf/1"},
      {"/faults/.../repair, ttf, ttr (dist weibull)", &fk::weibull(), true, "/$defs/fault_distribution/oneOf/2"},
      {"/faults/.../repair, ttf, ttr (dist constant)", &fk::constant(), true, "/$defs/fault_distribution/oneOf/3"},
      {"/faults/.../repair, ttf, ttr (dist csv)", &fk::csv(), true, "/$defs/fault_distribution/oneOf/4"},
  };
  v.insert(v.end(), rest.begin(), rest.end());
  return v;
}

}  // namespace

const std::vector<SectionTable>& key_tables() {
  static const std::vector<SectionTable> tables = [] {
    std::vector<SectionTable> v = scenario_tables();
    const std::vector<SectionTable> models = model_file_tables();
    v.insert(v.end(), models.begin(), models.end());
    return v;
  }();
  return tables;
}

}  // namespace vsf
