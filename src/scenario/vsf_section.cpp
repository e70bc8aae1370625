// "vsfs": each Virtual Server Farm — its name and start time, the load balancer/firewall in front, one
// to three tiers, the response-time target, the scaling policy and the offered traffic — and "actions",
// the administrator's scheduled CPU moves (the patent's "privileged Web page").
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "scenario/vsf_groups.hpp"
#include "traffic/rate.hpp"
#include "util/json_util.hpp"
#include "util/list_cut.hpp"
#include "util/suggest.hpp"

namespace vsf::scenario_detail {

bool valid_name(const std::string& s) {
  // Names end up in file names, CSV cells and DOT identifiers: keep them plain.
  if (s.empty() || s.size() > 64) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '-' && c != '.'))) return false;
  }
  return true;
}

namespace {

void read_lb(const Source& src, const json* v, const std::string& ptr, const Models& models, bool models_ok,
             LoadBalancer& lb) {
  if (v && v->is_boolean()) {
    lb.enabled = v->get<bool>();
  } else if (v) {
    Fields f(src, *v, ptr, scenario_keys::lb(), "a load balancer (or false for none)");
    f.read("role", lb.role);
    f.read("cpu", lb.cpu);
    f.read("reconfig_latency", lb.reconfig_s);
  }
  if (lb.enabled)
    check_reference(src, models.roles, lb.role, v && v->is_object() && v->contains("role") ? ptr + "/role" : ptr,
                    "role", models_ok);
}

void read_tier(const Source& src, const json& v, const std::string& ptr, const Models& models, bool models_ok,
               Tier& t) {
  Fields f(src, v, ptr, scenario_keys::tier(), "a tier");
  if (!f.ok()) return;
  if (f.read("role", t.role)) check_reference(src, models.roles, t.role, f.at("role"), "role", models_ok);
  // Defaults: a tier that only says "initial" has a fixed size; one that only says "min" starts at min.
  bool has_initial = f.read("initial", t.initial);
  bool has_min = f.read("min", t.min);
  bool has_max = f.read("max", t.max);
  if (!f.has("initial")) t.initial = has_min ? t.min : 1;
  if (!f.has("min")) t.min = has_initial ? (has_max ? std::min(t.initial, t.max) : t.initial) : 1;
  if (!f.has("max")) t.max = std::max(t.initial, t.min);
  // Compare only values that are valid or defaulted, so one bad value gives one message.
  const bool ok_i = has_initial || !f.has("initial"), ok_min = has_min || !f.has("min");
  const bool ok_max = has_max || !f.has("max");
  auto where = [&](const char* preferred, const char* other) { return f.at(f.has(preferred) ? preferred : other); };
  if (ok_max && t.max < 1) {
    src.error(where("max", "initial"), "max must be >= 1: a tier that can never hold a server cannot serve");
  } else if (ok_min && ok_max && t.min > t.max) {
    src.error(where("min", "max"), fmt::format("min ({}) must be <= max ({})", t.min, t.max));
  } else {
    if (ok_i && ok_min && t.initial < t.min)
      src.error(where("initial", "min"), fmt::format("initial ({}) must be >= min ({})", t.initial, t.min));
    if (ok_i && ok_max && t.initial > t.max)
      src.error(where("initial", "max"), fmt::format("initial ({}) must be <= max ({})", t.initial, t.max));
  }
  f.read("dispatch", t.dispatch, kDispatches);
  f.read("calls", t.calls);
  if (const json* cpus = f.value("cpus")) {
    if (const json* arr = read_array(src, *cpus, f.at("cpus"), false)) {
      for (size_t i = 0; i < arr->size(); ++i)
        if (auto s = read_string(src, (*arr)[i], pointer_join(f.at("cpus"), i))) t.cpus.push_back(*s);
      if (static_cast<int>(arr->size()) > t.initial)
        src.error(f.at("cpus"),
                  fmt::format("{} CPUs named for a tier whose initial size is {}", arr->size(), t.initial));
    }
  }
}

void read_cpu_demand(const Source& src, const json& v, const std::string& ptr, std::optional<CpuDemand>& out) {
  Fields f(src, v, ptr, scenario_keys::cpu_demand(), "a CPU demand");
  if (!f.ok()) return;
  CpuDemand d;
  f.read("rate", d.rate_per_s);
  f.read("hold", d.hold_s);
  out = d;
}

// The VSF's policy and shadow policies (after its tiers): their schedules name the VSF's tiers, so they are
// checked once the tiers are read, the shadows' too (one per array element).
void read_policies(const Source& src, const Fields& f, VsfSpec& s) {
  const size_t before_policy = src.diags->size();
  const json* policy = f.value("policy");
  if (policy) read_policy(src, *policy, f.at("policy"), s.policy);
  const json* shadows = f.value("shadow_policies");
  if (shadows)
    read_shadow_policies(src, *shadows, f.at("shadow_policies"), s.policy, src.diags->size() == before_policy,
                         s.shadow_policies);
  if (policy) check_schedule(src, *policy, s.tiers, s.policy.schedule);
  if (shadows && shadows->is_array())
    for (size_t i = 0; i < s.shadow_policies.size() && i < shadows->size(); ++i)
      if (const json* p = member((*shadows)[i], "policy"))
        check_schedule(src, *p, s.tiers, s.shadow_policies[i].policy.schedule);
}

void read_vsf(const Source& src, const json& v, const std::string& ptr, const std::string& base_dir,
              const Scenario& scenario, const Parsed& parsed, VsfEntry& entry) {
  const Models& models = scenario.models;
  const bool models_ok = parsed.models;
  VsfSpec& s = entry.spec;
  s.fidelity = scenario.fidelity;  // the effective fidelity, even of an entry too broken to read
  Fields f(src, v, ptr, scenario_keys::vsf(), "a VSF");
  if (!f.ok()) return;
  f.read("fidelity", s.fidelity, kFidelities);
  if (f.read("name", s.name) && !valid_name(s.name))
    src.error(f.at("name"), fmt::format("expected a name of letters, digits, '_', '-' or '.' (at most 64, starting "
                                        "with a letter or digit), found {}",
                                        json_found(*f.get("name"))));
  std::string description;
  f.read("description", description);
  f.read("start", s.start_s);
  if (f.read("end", s.end_s) && !(s.end_s > s.start_s))
    src.error(f.at("end"),
              fmt::format("expected the VSF's end after its start ({} s), found {} s", s.start_s, s.end_s));
  f.read("warm", s.warm);
  read_vsf_site(src, f, scenario.grid, parsed, s);
  read_lb(src, f.value("lb"), f.at("lb"), models, models_ok, s.lb);
  if (const json* tiers = f.value("tiers")) {
    if (const json* arr = read_array(src, *tiers, f.at("tiers"), false)) {
      if (arr->empty() || arr->size() > 3)
        src.error(f.at("tiers"), fmt::format("a VSF has 1 to 3 tiers (web, app, db), found {}", arr->size()));
      std::set<std::string> roles;
      for (size_t i = 0; i < arr->size() && i < 3; ++i) {
        Tier t;
        read_tier(src, (*arr)[i], pointer_join(f.at("tiers"), i), models, models_ok, t);
        if (!t.role.empty() && !roles.insert(t.role).second)
          src.error(
              pointer_join(pointer_join(f.at("tiers"), i), "role"),
              fmt::format("two tiers with role \"{}\"; actions name tiers by role, so roles must differ", t.role));
        s.tiers.push_back(std::move(t));
      }
    }
  }
  f.read("sla", s.sla_s);
  f.read("timeout", s.timeout_s);
  f.read("customer", s.customer);
  if (f.read("plan", s.plan)) check_reference(src, models.plans, s.plan, f.at("plan"), "plan", models_ok);
  read_policies(src, f, s);
  if (const json* cv = f.value("control_values")) read_control_values(src, *cv, f.at("control_values"), s);
  f.read("storage", s.storage_bytes);
  if (const json* rules = f.value("api_rules")) read_api_rules(src, *rules, f.at("api_rules"), s);
  if (const json* demand = f.value("cpu_demand")) read_cpu_demand(src, *demand, f.at("cpu_demand"), s.cpu_demand);
  f.read("traffic_scale", s.traffic_scale);
  read_traffic_or_cdn(src, f, ptr, base_dir, scenario.grid, parsed, s);
  double shift_s = 0;
  f.read("traffic_shift", shift_s);
  for (TrafficComponent& c : s.traffic) shift_in_time(c, shift_s);  // a group copy's drawn phase adds to it
  entry.group = f.has("count");
  f.read("count", entry.count);
  if (const json* vary = f.value("vary")) {
    if (!entry.group)
      src.error(f.at("vary"), "vary draws values for each copy of a group; add \"count\" (1 or more copies)");
    read_vary(src, *vary, f.at("vary"), s, entry.vary);
  }
}

// The VSFs of one "vsfs" entry: itself, or a group's copies; each one's traffic scaled (scale_traffic).
std::vector<VsfSpec> vsfs_of(const Source& src, const json& v, const std::string& vptr, size_t position,
                             const Scenario& scenario, VsfEntry& entry) {
  entry.spec.pointer = vptr;
  check_group(src, vptr, entry);
  // A too large factor is blamed on the VSF's traffic_scale when it has one, else on the scenario's; an
  // invalid one (reported, and read as 1) is not blamed twice.
  const json* own = v.is_object() && v.contains("traffic_scale") ? &v.at("traffic_scale") : nullptr;
  const bool scale_ok = !own || (own->is_number() && own->get<double>() == entry.spec.traffic_scale);
  const std::string blame = own ? pointer_join(vptr, "traffic_scale") : "/traffic_scale";
  if (entry.group && !entry.spec.name.empty())
    return expand_group(src, vptr, scenario.seed, position, entry, scenario.traffic_scale, scale_ok ? &blame : nullptr);
  if (scale_ok) scale_traffic(src, scenario.traffic_scale, blame, entry.spec);
  return {std::move(entry.spec)};
}

}  // namespace

void read_vsfs(const Source& src, const json& value, const std::string& pointer, const std::string& base_dir,
               Scenario& scenario, Parsed& parsed) {
  const json* arr = read_array(src, value, pointer, false);  // empty: the VSFs are ordered (checked after orders)
  if (!arr) return;
  std::set<std::string> names;
  for (size_t i = 0; i < arr->size(); ++i) {
    // At least one VsfSpec per element, even a broken one, each knowing its element's pointer for later checks.
    VsfEntry entry;
    const std::string vptr = pointer_join(pointer, i);
    read_vsf(src, (*arr)[i], vptr, base_dir, scenario, parsed, entry);
    std::vector<std::string> clashes;
    std::vector<VsfSpec> specs = vsfs_of(src, (*arr)[i], vptr, i, scenario, entry);
    if (specs.size() == 1 && specs.front().cdn) {
      if (specs.front().customer.empty()) specs.front().customer = specs.front().name;  // every part bills to it
      specs = expand_cdn(src, std::move(specs.front()), static_cast<int>(scenario.vsfs.size()), scenario.grid,
                         scenario.traffic_scale);
    }
    for (VsfSpec& s : specs) {
      if (s.customer.empty()) s.customer = s.name;
      if (!s.name.empty() && !names.insert(s.name).second) clashes.push_back("\"" + s.name + "\"");
      scenario.vsfs.push_back(std::move(s));
    }
    if (!clashes.empty())
      src.error(pointer_join(vptr, "name"),
                entry.group ? fmt::format("the group's copies {} clash with VSF names given before (names must be "
                                          "unique: copies are named NAME-1 ... NAME-{})",
                                          cut_list(clashes), entry.count)
                            : fmt::format("duplicate VSF name {}", clashes.front()));
  }
  parsed.vsfs = true;
}

VsfSpec read_ordered_vsf(const Source& src, const json& value, const std::string& pointer, const std::string& base_dir,
                         const Scenario& scenario, const Parsed& parsed) {
  VsfEntry entry;
  refuse_ordered_cdn(src, value, pointer);
  read_vsf(src, value, pointer, base_dir, scenario, parsed, entry);
  entry.spec.cdn.reset();
  // Its creation time is its order's; copies would be several orders.
  for (const char* key : {"start", "count", "end"})
    if (value.is_object() && value.contains(key))
      src.error(
          pointer_join(pointer, key),
          fmt::format("an ordered VSF has no \"{}\": it is created when its order is built, one VSF per order", key));
  entry.group = false;
  std::vector<VsfSpec> one = vsfs_of(src, value, pointer, 0, scenario, entry);
  if (one.front().customer.empty()) one.front().customer = one.front().name;
  return std::move(one.front());
}

void read_actions(const Source& src, const json& value, const std::string& pointer, Scenario& scenario,
                  const Parsed& parsed) {
  const json* arr = read_array(src, value, pointer, false);
  if (!arr) return;
  std::vector<std::string> vsf_names;
  for (const auto& v : scenario.vsfs) vsf_names.push_back(v.name);
  double last_at = 0;
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string aptr = pointer_join(pointer, i);
    Fields f(src, (*arr)[i], aptr, scenario_keys::action(), "an action");
    if (!f.ok()) continue;
    AdminAction a;
    if (f.read("at", a.at_s)) {
      if (a.at_s < last_at)
        src.error(f.at("at"), fmt::format("actions must be in time order: {} s comes before the previous action's "
                                          "{} s",
                                          a.at_s, last_at));
      last_at = std::max(last_at, a.at_s);
      if (a.at_s >= scenario.duration_s)
        src.error(f.at("at"), fmt::format("the action at {} s is not before the end of the run ({} s)", a.at_s,
                                          scenario.duration_s));
    }
    f.read("op", a.op, kAdminOps);
    bool has_count = f.read("count", a.count);
    if (f.read("cpu", a.cpu) && has_count && a.count != 1)
      src.error(f.at("count"),
                fmt::format("an action naming a CPU moves exactly that CPU; count must be 1, found {}", a.count));
    std::string tier;
    bool has_tier = f.read("tier", tier);
    if (!f.read("vsf", a.vsf)) {
      scenario.actions.push_back(std::move(a));
      continue;
    }
    const VsfSpec* target = nullptr;
    for (const auto& v : scenario.vsfs)
      if (v.name == a.vsf) target = &v;
    if (!target) {
      if (parsed.vsfs)
        src.error(f.at("vsf"), fmt::format("unknown VSF \"{}\"{}", a.vsf, suggestion_suffix(a.vsf, vsf_names)));
    } else {
      if (f.has("at") && a.at_s < target->start_s)
        src.error(f.at("at"), fmt::format("VSF \"{}\" is created at {} s; an action at {} s cannot act on it", a.vsf,
                                          target->start_s, a.at_s));
      std::vector<std::string> roles;
      for (const auto& t : target->tiers) roles.push_back(t.role);
      if (has_tier) {
        if (std::find(roles.begin(), roles.end(), tier) == roles.end())
          src.error(f.at("tier"),
                    fmt::format("VSF \"{}\" has no tier \"{}\"{}", a.vsf, tier, suggestion_suffix(tier, roles)));
        a.tier = tier;
      } else if (roles.size() == 1) {
        a.tier = roles.front();
      } else if (!f.has("tier") && roles.size() > 1) {
        src.error(aptr, fmt::format("missing required key \"tier\": VSF \"{}\" has several tiers", a.vsf));
      }
    }
    scenario.actions.push_back(std::move(a));
  }
}

void read_outputs(const Source& src, const json& value, const std::string& pointer, Outputs& outputs) {
  Fields f(src, value, pointer, scenario_keys::outputs(), "the outputs");
  f.read("interval", outputs.interval_s);
  f.read("events", outputs.events);
  f.read("timeseries", outputs.timeseries);
  f.read("billing", outputs.billing);
}

void read_flow(const Source& src, const json& value, const std::string& pointer, FlowSettings& flow) {
  Fields f(src, value, pointer, scenario_keys::flow(), "the flow settings");
  f.read("resolution", flow.resolution_s);
}

}  // namespace vsf::scenario_detail
