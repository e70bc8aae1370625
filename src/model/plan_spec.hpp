// Service plans (models files' "plans") and the scenario's prices: what the grid's operator charges a
// customer for a VSF (patent WO 02/03203, "Billing models for a VSF"): a flat fee per billing period that
// covers a minimum number of CPUs, and a rate per unit for the CPUs held beyond it. Money is a plain
// number in the scenario's `currency`.
#pragma once

#include <array>
#include <optional>
#include <string>

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

struct ServicePlan {
  std::string name;
  double flat_fee = 0;    // per billing period started
  int included_cpus = 0;  // CPUs the flat fee covers
  double rate = 0;        // per `unit` of the CPUs held beyond included_cpus
  BillingUnit unit = BillingUnit::CpuHour;
  std::optional<double> billing_period_s;  // none: the run's duration (one period)
};

// The scenario's prices that are not a plan's.
struct BillingSettings {
  double energy_price_per_kwh = 0;  // what the operator pays for the grid's energy
  std::string currency = "USD";     // label only: no conversion
};

}  // namespace vsf
