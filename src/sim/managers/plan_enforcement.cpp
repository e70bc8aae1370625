// A VSF's plan in its farm manager: limits, guarantees and control values (see plan_enforcement.hpp).
#include "sim/managers/plan_enforcement.hpp"

#include <nlohmann/json.hpp>

#include "policy/plan_bounds.hpp"
#include "sim/managers/direct_allocation.hpp"

namespace vsf::sim {

const ServicePlan* plan_of(const World& w, const VsfSpec& v) {
  if (v.plan.empty()) return nullptr;
  const auto it = w.scenario.models.plans.find(v.plan);
  return it == w.scenario.models.plans.end() ? nullptr : &it->second;
}

PlanEnforcement::PlanEnforcement(const World& w, const VsfSpec& v) : plan_(plan_of(w, v)), spec_(&v) {
  max_cpus_ = plan_max_cpus(plan_, v);
  min_cpus_ = plan_min_cpus(plan_);
  for (const Tier& t : v.tiers) own_.emplace_back(t.min, t.max);
}

void PlanEnforcement::begin_tick(World& w, double t, std::vector<TierObservation>& obs, std::vector<int>& guaranteed) {
  const auto& values = spec_->control_values;
  for (; next_value_ < values.size() && values[next_value_].at_s <= t; ++next_value_) {
    const ScheduleEntry& e = values[next_value_];
    const ControlVerdict verdict = judge_control_value(plan_, e, own_);
    if (verdict.accepted) own_[static_cast<size_t>(e.tier_index)] = {verdict.min, verdict.max};
    w.recorder.event(t, "control_value",
                     {{"vsf", spec_->name},
                      {"tier", spec_->tiers[static_cast<size_t>(e.tier_index)].role},
                      {"min", verdict.min},
                      {"max", verdict.max},
                      {"accepted", verdict.accepted},
                      {"reason", verdict.accepted ? "accepted" : verdict.reason}});
  }
  for (TierObservation& o : obs) {
    const auto k = static_cast<size_t>(o.tier);
    if (k >= own_.size()) continue;
    o.min = own_[k].first;
    o.max = own_[k].second;
  }
  guaranteed_at(plan_, *spec_, t, guaranteed);
}

void PlanEnforcement::raise_to_guarantee(std::vector<TierObservation>& obs, const std::vector<int>& guaranteed) const {
  for (TierObservation& o : obs) {
    const auto k = static_cast<size_t>(o.tier);
    if (k < guaranteed.size() && guaranteed[k] > 0) o.min = std::max(o.min, std::min(guaranteed[k], o.max));
  }
}

namespace {
void log_limit(World& w, const VsfRuntime& v, const ServicePlan* plan, int tier, int wanted, int allowed,
               const char* limit, double t) {
  w.recorder.event(t, "plan_limit",
                   {{"vsf", v.spec->name},
                    {"tier", w.tier_name(v.index, tier)},
                    {"plan", plan != nullptr ? plan->name : ""},
                    {"limit", limit},
                    {"wanted", wanted},
                    {"allowed", allowed}});
}
}  // namespace

int PlanEnforcement::cut_out(World& w, const VsfRuntime& v, int tier, int held, int n, double t) const {
  const int allowed = allowed_out(max_cpus_, held, n);
  if (allowed < n) log_limit(w, v, plan_, tier, n, allowed, "max", t);
  return allowed;
}

int PlanEnforcement::cut_in(World& w, const VsfRuntime& v, int tier, int held, int n, double t) const {
  const int allowed = allowed_in(min_cpus_, held, n);
  if (allowed < n) log_limit(w, v, plan_, tier, -n, -allowed, "min", t);
  return allowed;
}

int tier_cpus_held(const VsfRuntime& v) {
  int n = 0;
  for (const TierRuntime& t : v.tiers) {
    const TierCounts c = count_tier(t);
    n += c.serving + c.pending;
  }
  return n;
}

}  // namespace vsf::sim
