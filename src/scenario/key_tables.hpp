// The key table of every section of a scenario and of its model files (see util/key_table.hpp): the
// readers in this folder and in src/faults/ are built from them, a unit test holds them equal to
// scenarios/schema.json and scenarios/README.md, and key_tables() lists them all for tools that
// document or generate the format.
#pragma once

#include <string_view>
#include <vector>

#include "util/key_table.hpp"

namespace vsf {

struct SectionTable {
  std::string_view where;  // the objects it describes, such as "/vsfs/*/tiers/*"
  const KeyTable* keys;
  bool in_schema;                   // false for model files, which the schema does not describe
  std::string_view schema_pointer;  // its object in scenarios/schema.json ("" is the root)
};

// Every table, top level first, in the order of scenarios/README.md.
const std::vector<SectionTable>& key_tables();

namespace scenario_keys {
const KeyTable& top();
const KeyTable& outputs();
const KeyTable& flow();
const KeyTable& control_plane();
const KeyTable& action();
const KeyTable& image_update();
const KeyTable& provisioning();
const KeyTable& review_hours();
const KeyTable& order();
const KeyTable& order_arrival();
const KeyTable& arrival_template();
const KeyTable& api_call();
const KeyTable& api_rule();

const KeyTable& grid();
const KeyTable& cpu_group();
const KeyTable& vlan_switches();
const KeyTable& san_switches();
const KeyTable& storage_array();
const KeyTable& uplink();
const KeyTable& grid_control_plane();

// Several data centres (keys_sites.cpp): the top level's sites, wan and global_manager, their tables, and
// vsfs[].site.
KeyTable site_top_keys();
KeyTable::value_type vsf_site_key();
const KeyTable& site();
const KeyTable& wan_link();
const KeyTable& global_manager();
// A content distribution VSF (keys_cdn.cpp): vsfs[].cdn, its regions and its hit-ratio curve.
KeyTable::value_type vsf_cdn_key();
const KeyTable& cdn();
const KeyTable& cdn_region();
const KeyTable& cdn_hit_curve();

const KeyTable& vsf();
const KeyTable& lb();
const KeyTable& tier();
const KeyTable& policy();
const KeyTable& policy_target_tracking();
const KeyTable& tt_behavior();
const KeyTable& tt_scale_up();
const KeyTable& tt_scale_down();
const KeyTable& tt_rate_limit();
const KeyTable& policy_step();
const KeyTable& step_scale_in();
const KeyTable& step_adjustment();
const KeyTable& policy_scheduled();
const KeyTable& schedule_entry();
const KeyTable& policy_predictive();
const KeyTable& cpu_demand();
const KeyTable& shadow_policy();
const KeyTable& vary();
const KeyTable& vary_tier();
const KeyTable& vary_uniform();
const KeyTable& vary_lognormal();
const KeyTable& traffic_constant();
const KeyTable& traffic_steps();
const KeyTable& traffic_step();
const KeyTable& traffic_diurnal();
const KeyTable& traffic_flash_crowd();
const KeyTable& traffic_trace();

// Model files (not in the schema; their keys are documented in scenarios/README.md, "Model files").
const KeyTable& model_file();
const KeyTable& hardware();
const KeyTable& role();
const KeyTable& switch_profile();
const KeyTable& plan();
const KeyTable& plan_guarantee();  // plans.NAME.guaranteed[]
const KeyTable& control_value();   // vsfs[].control_values[]
}  // namespace scenario_keys

}  // namespace vsf
