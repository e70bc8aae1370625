// The loader's sections, each reading one part of the scenario document into the typed Scenario and
// reporting what is wrong with it. Internal to src/scenario/; loader.cpp calls them in order: models,
// grid, VSFs (with their traffic), actions, outputs, control plane, image updates, faults (its slave
// targets depend on the control plane's slave count), then the cross checks that need several sections.
#pragma once

#include <array>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/scenario.hpp"
#include "util/json_fields.hpp"

namespace vsf::scenario_detail {

// What parsed well enough for the cross checks to be meaningful; a check whose inputs are broken stays
// silent rather than adding noise on top of the real error.
struct Parsed {
  bool models = false;   // every model file was read (names in it can be checked)
  bool cpus = false;     // grid.cpus
  bool vlan = false;     // grid.vlan_switches
  bool san = false;      // grid.san_switches
  bool storage = false;  // grid.storage
  bool control_plane = false;
  bool vsfs = false;         // the vsfs array (elements may still have errors)
  bool slaves = true;        // control_plane.slaves is valid or defaulted (the fault targets' slave slots)
  bool site_names = false;   // every site's name read well: an unknown site name is worth reporting
  bool sites_given = false;  // the scenario has "sites" (even unusable ones: then no "needs sites" errors)
  std::set<std::string> switches_without_kind;  // switch profiles whose "kind" is unusable: they match no kind
};

// "models": reads every file (relative to base_dir) into scenario.models.
void read_models(const Source& src, const json& value, const std::string& pointer, const std::string& base_dir,
                 Models& models, Parsed& parsed);
// Turns "a/../b.json" into "b.json": the path shown in messages and used to open files.
std::string resolve_path(const std::string& base_dir, const std::string& path);

void read_grid(const Source& src, const json& value, const std::string& pointer, const Models& models, Grid& grid,
               Parsed& parsed);
// "sites" (sites_section.cpp): each site's grid read as read_grid does, merged into `grid` (Grid::sites holds
// each site's index ranges); the Parsed flags of the grid are those of every site together.
void read_sites(const Source& src, const json& value, const std::string& pointer, const Models& models, Grid& grid,
                Parsed& parsed);
// A site's name at `ptr`: its index, or nullopt and "unknown site" (with the known ones).
std::optional<int> read_site_reference(const Source& src, const json& v, const std::string& ptr, const Grid& grid,
                                       const Parsed& parsed);
// vsfs[].site of the VSF whose Fields is `f` (an error without sites).
void read_vsf_site(const Source& src, const Fields& f, const Grid& grid, const Parsed& parsed, VsfSpec& s);
// The JSON pointer of grid.cpus[g]: "/grid/cpus/<g>", or its site's "/sites/<k>/grid/cpus/<g in the site>".
std::string cpu_group_pointer(const Grid& grid, size_t g);
// "wan" and "global_manager" (wan_section.cpp), after the sites; each an error without them.
void read_wan(const Source& src, const json& value, const std::string& pointer, const Parsed& parsed, Grid& grid);
void read_global_manager(const Source& src, const json& value, const std::string& pointer, const Scenario& scenario,
                         const Parsed& parsed, GlobalManagerSpec& gm);
// Checks of a grid with sites (site_checks.cpp): each VSF's initial CPUs from its home site's, and the CPUs a
// VSF pins, or an action adds to it, at its home site.
void check_site_capacity(const Source& src, const Scenario& scenario);
void check_pinned_sites(const Source& src, const Scenario& scenario);

// vsfs[].traffic, or vsfs[].cdn (cdn_section.cpp), after the VSF's tiers, policy and site: the traffic, required
// without cdn; a CDN read into s.cdn, with the checks of what a CDN VSF cannot have. expand_cdn turns a CDN VSF
// (first_index: where it goes in Scenario::vsfs) into its origin and edges (model/cdn_spec.hpp), each edge's traffic
// scaled as scale_traffic does; any other VSF is returned as it is. An ordered VSF cannot be a CDN
// (refuse_ordered_cdn).
void read_traffic_or_cdn(const Source& src, const Fields& vf, const std::string& vsf_ptr, const std::string& base_dir,
                         const Grid& grid, const Parsed& parsed, VsfSpec& s);
std::vector<VsfSpec> expand_cdn(const Source& src, VsfSpec def, int first_index, const Grid& grid,
                                double scenario_scale);
void refuse_ordered_cdn(const Source& src, const json& v, const std::string& ptr);

void read_vsfs(const Source& src, const json& value, const std::string& pointer, const std::string& base_dir,
               Scenario& scenario, Parsed& parsed);
// A VSF's "policy" (policy_section.cpp): its type chooses the key table.
void read_policy(const Source& src, const json& v, const std::string& ptr, PolicySpec& p);
// A policy's "schedule" and "week_start_day" (policy_schedule.cpp), each entry alone; then, with the VSF's
// tiers, tiers resolved by role and the bounds in force over time checked (`policy`: the policy's JSON).
void read_schedule(const Source& src, const Fields& f, bool required, ScheduleSpec& s);
void check_schedule(const Source& src, const json& policy, const std::vector<Tier>& tiers, ScheduleSpec& s);
// A "predictive" policy's own keys (policy_predictive_section.cpp); the period is checked against the interval
// only when both read well.
void read_predictive(const Source& src, const Fields& f, double interval_s, bool interval_ok, PredictiveSpec& p);
// A VSF's "shadow_policies" (shadow_section.cpp), after its policy: `active` gives the interval every shadow
// runs at (`active_interval_ok`: it is valid or defaulted, so a mismatch is worth reporting).
void read_shadow_policies(const Source& src, const json& v, const std::string& ptr, const PolicySpec& active,
                          bool active_interval_ok, std::vector<ShadowPolicy>& out);
// A VSF's or a shadow's name: 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit.
bool valid_name(const std::string& s);

void read_traffic(const Source& src, const json& value, const std::string& pointer, const std::string& base_dir,
                  std::vector<TrafficComponent>& out);
// traffic_scale: gives every traffic component of `vsf` the factor scenario_scale * vsf.traffic_scale, and
// reports at `pointer` a factor > 1 that takes the VSF's peak rate beyond the largest rate (1e9 requests/s).
void scale_traffic(const Source& src, double scenario_scale, const std::string& pointer, VsfSpec& vsf);
void read_actions(const Source& src, const json& value, const std::string& pointer, Scenario& scenario,
                  const Parsed& parsed);
// The VSF of an order (orders_section.cpp): a `vsfs` entry without start and count.
VsfSpec read_ordered_vsf(const Source& src, const json& value, const std::string& pointer, const std::string& base_dir,
                         const Scenario& scenario, const Parsed& parsed);
// "provisioning" and "orders" (after the VSFs, whose names orders must not reuse): each order is resolved
// (review, credit check) from its own stream, and an approved order built before the end adds its VSF to
// scenario.vsfs, created when the order is built.
void read_provisioning_and_orders(const Source& src, const Fields& top, const std::string& base_dir, Scenario& scenario,
                                  const Parsed& parsed);
// A plan's sizing keys (plan_section.cpp): sizing, min_cpus, max_cpus, guaranteed, storage_price_per_gb_month.
void read_plan_sizing(const Source& src, const Fields& f, ServicePlan& plan);
// A VSF's "control_values" (after its tiers, which they name), sorted by time.
void read_control_values(const Source& src, const json& value, const std::string& pointer, VsfSpec& s);
// A VSF against its plan (initial size within min_cpus..max_cpus, a fixed plan's policy, guaranteed tiers),
// reported at `ptr`; check_plans (from check_scenario) does it for the VSFs of `vsfs` (an order's VSF is
// checked by read_orders).
void check_vsf_plan(const Source& src, const Models& models, const VsfSpec& v, const std::string& ptr);
void check_plans(const Source& src, const Scenario& scenario);
// A VSF's "api_rules" (api_section.cpp), after its tiers, which they name by role.
void read_api_rules(const Source& src, const json& value, const std::string& pointer, VsfSpec& s);
// "api_calls", after the VSFs and orders, whose VSFs they name; sorted by time (stable).
void read_api_calls(const Source& src, const json& value, const std::string& pointer, Scenario& scenario,
                    const Parsed& parsed);
// The customers' side of the top level (issue 13), after the VSFs: provisioning and orders, then api_calls.
void read_customer_sections(const Source& src, const Fields& top, const std::string& base_dir, Scenario& scenario,
                            const Parsed& parsed);
void read_outputs(const Source& src, const json& value, const std::string& pointer, Outputs& outputs);
// "flow": flow fidelity's settings (its resolution's bound against the run is a cross check).
void read_flow(const Source& src, const json& value, const std::string& pointer, FlowSettings& flow);

// Checks across sections: CPU names, pinned CPUs, capacity, switch ports, VSF timing.
void check_scenario(const Source& src, const Scenario& scenario, const Parsed& parsed);

// "control_plane": the control plane's timing and policies into scenario.control, with the checks that
// need only it and grid.control_plane (registry host, timeouts vs periods, lease, freshness, quorum).
void read_control_plane(const Source& src, const json& value, const std::string& pointer, Scenario& scenario,
                        Parsed& parsed);
// "image_updates": after the models and the VSFs (roles must be those of some tier); sorted by time.
void read_image_updates(const Source& src, const json& value, const std::string& pointer, Scenario& scenario,
                        const Parsed& parsed);

// "faults": parsed by src/faults/ into scenario.faults (CSV files relative to the scenario's folder).
void read_faults(const Source& src, const json& value, const std::string& pointer, Scenario& scenario);
// The fault targets against the grid's names; then, when the whole input is clean, the schedule is built
// once (a process that would fail more often than a run can hold is bad input).
void check_faults(const Source& src, const Scenario& scenario, const Parsed& parsed);

// Names of a model map, for "did you mean" suggestions and "known: ..." lists.
template <typename Map>
std::vector<std::string> names_of(const Map& m) {
  std::vector<std::string> out;
  for (const auto& kv : m) out.push_back(kv.first);
  return out;
}

// Reports `name` at `pointer` when it is not a key of `m` ("unknown role \"webb\"; did you mean ...").
template <typename Map>
bool check_reference(const Source& src, const Map& m, const std::string& name, const std::string& pointer,
                     const char* what, bool models_ok);

// A choice outside a Fields object (a traffic component's "type", read to choose its key table), read
// once into its enum: the names accepted are to_string of `values`, offered in that order.
template <typename E, size_t N>
std::optional<E> read_enum_choice(const Source& src, const json& v, const std::string& pointer,
                                  const std::array<E, N>& values);
template <typename E, size_t N>
std::vector<std::string> enum_names(const std::array<E, N>& values);

}  // namespace vsf::scenario_detail

#include "scenario/sections_inl.hpp"
