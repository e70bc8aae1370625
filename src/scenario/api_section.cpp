// The customer API (issue 13 §3): the top-level `api_calls` and each VSF's `api_rules`. Calls name VSFs of
// `vsfs` or of `orders` (an ordered VSF that is never built, or a call before a VSF exists or after it ended,
// is refused at run time, as the control plane would); everything that can be known before the run is
// checked here.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "util/json_util.hpp"
#include "util/suggest.hpp"

namespace vsf::scenario_detail {

namespace {

// The index of the tier named by `key` of `f` among `tiers` (absent: 0); -1 after reporting an unknown role.
int tier_of(const Source& src, const Fields& f, const std::string& vsf, const std::vector<Tier>& tiers,
            std::string& role) {
  if (!f.read("tier", role)) return 0;
  std::vector<std::string> roles;
  for (const Tier& t : tiers) roles.push_back(t.role);
  const auto it = std::find(roles.begin(), roles.end(), role);
  if (it != roles.end()) return static_cast<int>(it - roles.begin());
  src.error(f.at("tier"), fmt::format("VSF \"{}\" has no tier \"{}\"{}", vsf, role, suggestion_suffix(role, roles)));
  return -1;
}

}  // namespace

void read_api_rules(const Source& src, const json& value, const std::string& pointer, VsfSpec& s) {
  const json* arr = read_array(src, value, pointer, false);
  if (!arr) return;
  for (size_t i = 0; i < arr->size(); ++i) {
    ApiRule r;
    r.pointer = pointer_join(pointer, i);
    Fields f(src, (*arr)[i], r.pointer, scenario_keys::api_rule(), "an API rule");
    if (!f.ok()) continue;
    r.tier_index = tier_of(src, f, s.name, s.tiers, r.tier);
    const bool above = f.read("queue_above", r.queue_above);
    const bool below = f.read("queue_below", r.queue_below);
    f.read("ask", r.ask);
    f.read("release", r.release);
    f.read("interval", r.interval_s);
    f.read("cooldown", r.cooldown_s);
    if (!f.has("queue_above") && !f.has("queue_below"))
      src.error(r.pointer, "an API rule needs queue_above (to ask for CPUs), queue_below (to release them) or both");
    if (above && below && r.queue_below >= r.queue_above)
      src.error(f.at("queue_below"),
                fmt::format("expected queue_below less than queue_above ({}), found {}", r.queue_above, r.queue_below));
    if (r.tier_index >= 0) s.api_rules.push_back(std::move(r));
  }
}

void read_api_calls(const Source& src, const json& value, const std::string& pointer, Scenario& scenario,
                    const Parsed& parsed) {
  const json* arr = read_array(src, value, pointer, false);
  if (!arr) return;
  std::vector<std::string> names;
  for (const VsfSpec& v : scenario.vsfs) names.push_back(v.name);
  for (const Order& o : scenario.orders)
    if (std::find(names.begin(), names.end(), o.vsf) == names.end()) names.push_back(o.vsf);
  for (size_t i = 0; i < arr->size(); ++i) {
    ApiCall c;
    c.pointer = pointer_join(pointer, i);
    Fields f(src, (*arr)[i], c.pointer, scenario_keys::api_call(), "an API call");
    if (!f.ok()) continue;
    if (f.read("at", c.at_s) && c.at_s >= scenario.duration_s)
      src.error(f.at("at"), fmt::format("expected a call before the end of the run ({} s), found {} s",
                                        scenario.duration_s, c.at_s));
    if (f.read("change", c.delta) && c.delta == 0)
      src.error(f.at("change"), "expected a change other than 0: +N asks for N more CPUs, -N releases N");
    if (!f.read("vsf", c.vsf)) continue;
    const auto it =
        std::find_if(scenario.vsfs.begin(), scenario.vsfs.end(), [&c](const VsfSpec& v) { return v.name == c.vsf; });
    if (it != scenario.vsfs.end()) {
      c.vsf_index = static_cast<int>(it - scenario.vsfs.begin());
      c.tier_index = tier_of(src, f, c.vsf, it->tiers, c.tier);
    } else if (std::find(names.begin(), names.end(), c.vsf) != names.end()) {
      f.read("tier", c.tier);  // an ordered VSF never built: refused at run time, its tiers unknown
    } else if (parsed.vsfs) {
      src.error(f.at("vsf"), fmt::format("unknown VSF \"{}\"{}", c.vsf, suggestion_suffix(c.vsf, names)));
    }
    scenario.api_calls.push_back(std::move(c));
  }
  std::stable_sort(scenario.api_calls.begin(), scenario.api_calls.end(),
                   [](const ApiCall& a, const ApiCall& b) { return a.at_s < b.at_s; });
}

void read_customer_sections(const Source& src, const Fields& top, const std::string& base_dir, Scenario& scenario,
                            const Parsed& parsed) {
  read_provisioning_and_orders(src, top, base_dir, scenario, parsed);
  if (const json* calls = top.value("api_calls")) read_api_calls(src, *calls, "/api_calls", scenario, parsed);
  // vsfs may be empty when the VSFs are ordered; a scenario with neither has nothing to simulate.
  if (scenario.vsfs.empty() && scenario.orders.empty() && !top.has("order_arrivals"))
    src.error(top.has("vsfs") ? "/vsfs" : "",
              "expected at least one VSF: an entry of vsfs, or one ordered by orders or order_arrivals");
}

}  // namespace vsf::scenario_detail
