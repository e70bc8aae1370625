// Service plans' sizing rules (issue 13 §2) as the loader reads them: a plan's sizing, min_cpus, max_cpus and
// guaranteed periods; a VSF's control_values and storage; and the checks of each VSF against its plan.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "scenario/clock_read.hpp"
#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "util/json_util.hpp"

namespace vsf::scenario_detail {

namespace {

void read_guarantee(const Source& src, const json& v, const std::string& ptr, std::vector<PlanGuarantee>& out) {
  Fields f(src, v, ptr, scenario_keys::plan_guarantee(), "a guaranteed period");
  if (!f.ok()) return;
  PlanGuarantee g;
  const auto from = read_clock(src, f, "from");
  const auto to = read_clock(src, f, "to");
  f.read("weekdays_only", g.weekdays_only);
  const bool cpus_ok = f.read("cpus", g.cpus);
  f.read("tier", g.tier);
  if (!from || !to || !cpus_ok) return;
  if (!(*to > *from)) {
    src.error(f.at("to"), fmt::format("expected the end of the period after its start ({}), found {}",
                                      f.get("from")->get<std::string>(), json_found(*f.get("to"))));
    return;
  }
  g.from_s = *from;
  g.to_s = *to;
  out.push_back(std::move(g));
}

int tier_cpus(const VsfSpec& v) {
  int n = 0;
  for (const Tier& t : v.tiers) n += t.initial;
  return n;
}

// The checks of one VSF against its plan; `ptr` is the VSF's pointer.
void check_one(const Source& src, const VsfSpec& v, const ServicePlan& p, const std::string& ptr) {
  const int held = tier_cpus(v);
  if (p.min_cpus && held < *p.min_cpus)
    src.error(
        pointer_join(ptr, "tiers"),
        fmt::format("the tiers' initial CPUs ({}) are below plan \"{}\"'s min_cpus ({})", held, p.name, *p.min_cpus));
  if (p.max_cpus && held > *p.max_cpus)
    src.error(pointer_join(ptr, "tiers"), fmt::format("the tiers' initial CPUs ({}) exceed plan \"{}\"'s max_cpus ({})",
                                                      held, p.name, *p.max_cpus));
  if (p.sizing == PlanSizing::Fixed) {
    if (v.policy.type != PolicyType::None)
      src.error(pointer_join(ptr, "policy"),
                fmt::format("plan \"{}\" is fixed: expected policy type \"none\", found \"{}\"", p.name,
                            to_string(v.policy.type)));
    if (v.cpu_demand)
      src.error(pointer_join(ptr, "cpu_demand"),
                fmt::format("plan \"{}\" is fixed: a VSF on it has no cpu_demand", p.name));
  }
  for (size_t i = 0; i < p.guaranteed.size(); ++i) {
    const PlanGuarantee& g = p.guaranteed[i];
    const auto it = g.tier.empty()
                        ? v.tiers.begin()
                        : std::find_if(v.tiers.begin(), v.tiers.end(), [&](const Tier& t) { return t.role == g.tier; });
    if (it == v.tiers.end()) {
      src.error(pointer_join(ptr, "plan"), fmt::format("plan \"{}\" guarantees tier \"{}\" (guaranteed/{}), which "
                                                       "the VSF does not have",
                                                       p.name, g.tier, i));
      continue;
    }
    if (g.cpus > it->max)
      src.error(pointer_join(ptr, "plan"),
                fmt::format("plan \"{}\" guarantees {} CPUs of tier \"{}\" (guaranteed/{}), more than the tier's max "
                            "({})",
                            p.name, g.cpus, it->role, i, it->max));
  }
}

}  // namespace

void read_plan_sizing(const Source& src, const Fields& f, ServicePlan& plan) {
  f.read("sizing", plan.sizing, kPlanSizings);
  int n = 0;
  if (f.read("min_cpus", n)) plan.min_cpus = n;
  if (f.read("max_cpus", n)) plan.max_cpus = n;
  if (plan.min_cpus && plan.max_cpus && *plan.min_cpus > *plan.max_cpus)
    src.error(f.at("min_cpus"), fmt::format("min_cpus ({}) must be <= max_cpus ({})", *plan.min_cpus, *plan.max_cpus));
  f.read("storage_price_per_gb_month", plan.storage_price_per_gb_month);
  if (const json* g = f.value("guaranteed")) {
    if (const json* arr = read_array(src, *g, f.at("guaranteed"), false))
      for (size_t i = 0; i < arr->size(); ++i)
        read_guarantee(src, (*arr)[i], pointer_join(f.at("guaranteed"), i), plan.guaranteed);
    if (plan.sizing == PlanSizing::Fixed && !plan.guaranteed.empty())
      src.error(f.at("guaranteed"),
                "a fixed plan guarantees nothing beyond its size: remove guaranteed or use "
                "sizing \"auto\"");
  }
}

void read_control_values(const Source& src, const json& value, const std::string& pointer, VsfSpec& s) {
  const json* arr = read_array(src, value, pointer, false);
  if (!arr) return;
  for (size_t i = 0; i < arr->size(); ++i) {
    ScheduleEntry e;
    e.pointer = pointer_join(pointer, i);
    Fields g(src, (*arr)[i], e.pointer, scenario_keys::control_value(), "a control value");
    if (!g.ok()) continue;
    const bool at_ok = g.read("at", e.at_s);
    g.read("tier", e.tier);
    int x = 0;
    if (g.read("min", x)) e.min = x;
    if (g.read("max", x)) e.max = x;
    if (!g.has("min") && !g.has("max"))
      src.error(e.pointer, "expected \"min\", \"max\" or both: a control value sets at least one bound");
    if (!at_ok) continue;
    if (s.tiers.empty()) continue;  // the tiers' own error suffices
    const auto it = e.tier.empty()
                        ? s.tiers.begin()
                        : std::find_if(s.tiers.begin(), s.tiers.end(), [&](const Tier& t) { return t.role == e.tier; });
    if (it == s.tiers.end()) {
      src.error(g.at("tier"), fmt::format("the VSF has no tier \"{}\"", e.tier));
      continue;
    }
    if (e.tier.empty() && s.tiers.size() > 1) {
      src.error(e.pointer, "missing required key \"tier\": the VSF has several tiers");
      continue;
    }
    e.tier_index = static_cast<int>(it - s.tiers.begin());
    s.control_values.push_back(std::move(e));
  }
  std::stable_sort(s.control_values.begin(), s.control_values.end(),
                   [](const ScheduleEntry& a, const ScheduleEntry& b) { return a.at_s < b.at_s; });
}

void check_vsf_plan(const Source& src, const Models& models, const VsfSpec& v, const std::string& ptr) {
  const auto it = models.plans.find(v.plan);
  if (v.plan.empty() || it == models.plans.end() || v.tiers.empty()) return;
  for (const Tier& t : v.tiers)
    if (t.role.empty()) return;  // a broken tier: its error suffices
  check_one(src, v, it->second, ptr);
}

void check_plans(const Source& src, const Scenario& scenario) {
  std::set<std::string> seen;  // a group's copies share their entry's pointer: checked once
  for (const VsfSpec& v : scenario.vsfs)
    if (v.order < 0 && seen.insert(v.pointer).second) check_vsf_plan(src, scenario.models, v, v.pointer);
}

}  // namespace vsf::scenario_detail
