// A plan's cap, floor, guarantees and control-value verdicts (see plan_bounds.hpp).
#include "policy/plan_bounds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace vsf {

namespace {
constexpr double kDayS = 86400;
}

int plan_max_cpus(const ServicePlan* p, const VsfSpec& v) {
  int cap = std::numeric_limits<int>::max();
  if (p == nullptr) return cap;
  if (p->max_cpus) cap = *p->max_cpus;
  if (p->sizing == PlanSizing::Fixed) {
    int initial = 0;
    for (const Tier& t : v.tiers) initial += t.initial;
    cap = std::min(cap, initial);
  }
  return cap;
}

int plan_min_cpus(const ServicePlan* p) { return p != nullptr && p->min_cpus ? *p->min_cpus : 0; }

int allowed_out(int max, int held, int n) {
  if (n <= 0) return 0;
  if (held >= max) return 0;
  return std::min(n, max - held);
}

int allowed_in(int min, int held, int n) {
  if (n <= 0 || held <= min) return 0;
  return std::min(n, held - min);
}

bool guarantee_in_force(const PlanGuarantee& g, double t) {
  if (t < 0) return false;
  const double day = std::floor(t / kDayS);
  const double in_day = t - day * kDayS;
  const long long weekday = static_cast<long long>(day) % 7;  // 0 = Monday
  if (g.weekdays_only && weekday >= 5) return false;
  return in_day >= g.from_s && in_day < g.to_s;
}

std::vector<int> guaranteed_at(const ServicePlan* p, const VsfSpec& v, double t) {
  std::vector<int> out;
  guaranteed_at(p, v, t, out);
  return out;
}

void guaranteed_at(const ServicePlan* p, const VsfSpec& v, double t, std::vector<int>& out) {
  out.assign(v.tiers.size(), 0);
  if (p == nullptr || v.tiers.empty()) return;
  for (const PlanGuarantee& g : p->guaranteed) {
    if (!guarantee_in_force(g, t)) continue;
    size_t k = 0;
    if (!g.tier.empty()) {
      const auto it = std::find_if(v.tiers.begin(), v.tiers.end(), [&](const Tier& x) { return x.role == g.tier; });
      if (it == v.tiers.end()) continue;  // the loader refuses this; a guarantee on no tier guarantees nothing
      k = static_cast<size_t>(it - v.tiers.begin());
    }
    out[k] = std::max(out[k], std::min(g.cpus, v.tiers[k].max));
  }
}

ControlVerdict judge_control_value(const ServicePlan* p, const ScheduleEntry& e,
                                   const std::vector<std::pair<int, int>>& own) {
  ControlVerdict v;
  const size_t k = static_cast<size_t>(e.tier_index);
  if (k >= own.size()) {
    v.reason = "no such tier";
    return v;
  }
  v.min = e.min.value_or(own[k].first);
  v.max = e.max.value_or(own[k].second);
  if (p != nullptr && p->sizing == PlanSizing::Fixed) {
    v.reason = fmt::format("plan \"{}\" is fixed", p->name);
    return v;
  }
  if (v.min > v.max) {
    v.reason = fmt::format("min {} > max {}", v.min, v.max);
    return v;
  }
  int other_mins = 0, other_maxes = 0;
  for (size_t j = 0; j < own.size(); ++j)
    if (j != k) {
      other_mins += own[j].first;
      other_maxes += own[j].second;
    }
  if (p != nullptr && p->max_cpus && v.max + other_mins > *p->max_cpus) {
    v.reason = fmt::format("max {} plus the other tiers' mins ({}) exceeds plan \"{}\"'s max_cpus ({})", v.max,
                           other_mins, p->name, *p->max_cpus);
    return v;
  }
  if (p != nullptr && p->min_cpus && v.max + other_maxes < *p->min_cpus) {
    v.reason = fmt::format("max {} plus the other tiers' maxes ({}) is below plan \"{}\"'s min_cpus ({})", v.max,
                           other_maxes, p->name, *p->min_cpus);
    return v;
  }
  v.accepted = true;
  return v;
}

}  // namespace vsf
