// A plan shared by the ledger's tests: 100 per hourly period for 1 CPU, 2 per extra CPU-hour.
#pragma once

#include "model/plan_spec.hpp"

namespace vsf::test {

inline ServicePlan hourly_plan() {
  ServicePlan p;
  p.name = "p";
  p.flat_fee = 100;
  p.included_cpus = 1;
  p.rate = 2;
  p.unit = BillingUnit::CpuHour;
  p.billing_period_s = 3600;
  return p;
}

}  // namespace vsf::test
