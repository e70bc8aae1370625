// Service plans (models files' "plans") and the scenario's prices: what the grid's operator charges a
// customer for a VSF (patent WO 02/03203, "Billing models for a VSF"): a flat fee per billing period that
// covers a minimum number of CPUs, and a rate per unit for the CPUs held beyond it. Money is a plain
// number in the scenario's `currency`.
#pragma once

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace vsf {

// The unit of a plan's `rate`: CPU-hours, MIPS-hours (a CPU's MIPS = its hardware profile's flops per core x
// cores / 1e6, one instruction per floating-point operation) or thousands of CPU-seconds.
enum class BillingUnit { CpuHour, MipsHour, KiloCpuSecond };
inline constexpr std::array kBillingUnits{BillingUnit::CpuHour, BillingUnit::MipsHour, BillingUnit::KiloCpuSecond};
// The JSON spelling: "cpu_hour", "mips_hour", "kilo_cpu_second".
inline const char* to_string(BillingUnit u) {
  switch (u) {
    case BillingUnit::CpuHour:
      return "cpu_hour";
    case BillingUnit::MipsHour:
      return "mips_hour";
    case BillingUnit::KiloCpuSecond:
      return "kilo_cpu_second";
  }
  return "unknown";
}

// How a plan lets a VSF's size change (issue 13 §2): "auto" grows and shrinks on load between the plan's
// min_cpus and max_cpus (the VSF's policy decides); "fixed" holds the VSF at its initial size (no policy, every
// API call refused).
enum class PlanSizing { Auto, Fixed };
inline constexpr std::array kPlanSizings{PlanSizing::Auto, PlanSizing::Fixed};
inline const char* to_string(PlanSizing s) { return s == PlanSizing::Auto ? "auto" : "fixed"; }

// A guaranteed minimum capacity: during `hours` (every day, or weekdays only), the tier holds at least `cpus`.
struct PlanGuarantee {
  double from_s = 0, to_s = 86400;  // seconds after midnight, to_s > from_s
  bool weekdays_only = false;
  int cpus = 0;
  std::string tier;  // a role; empty: the VSF's first tier
};

struct ServicePlan {
  std::string name;
  double flat_fee = 0;    // per billing period started
  int included_cpus = 0;  // CPUs the flat fee covers
  double rate = 0;        // per `unit` of the CPUs held beyond included_cpus
  BillingUnit unit = BillingUnit::CpuHour;
  std::optional<double> billing_period_s;  // none: the run's duration (one period)
  // Sizing rules (issue 13 §2). CPU counts are of the VSF's tiers together (its LB not counted).
  PlanSizing sizing = PlanSizing::Auto;
  std::optional<int> min_cpus, max_cpus;  // none: no limit beyond the tiers' own
  std::vector<PlanGuarantee> guaranteed;  // minimum capacity in given periods
  double storage_price_per_gb_month = 0;  // a month is 30 days
};

// How many more tier CPUs a VSF on plan `p` that holds (or has asked for) `held` may add: unlimited with no
// plan or no max_cpus, none on a fixed plan.
inline int plan_headroom(const ServicePlan* p, int held) {
  if (p == nullptr) return std::numeric_limits<int>::max();
  if (p->sizing == PlanSizing::Fixed) return 0;
  if (!p->max_cpus) return std::numeric_limits<int>::max();
  return std::max(0, *p->max_cpus - held);
}

// The scenario's prices that are not a plan's.
struct BillingSettings {
  double energy_price_per_kwh = 0;  // what the operator pays for the grid's energy
  std::string currency = "USD";     // label only: no conversion
};

}  // namespace vsf
