// What a run writes of its bills: billing.csv (the billing log) and summary.json's "billing" section.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "billing/ledger.hpp"

namespace vsf::billing {

// billing.csv after Ledger::finish: t,vsf,customer,plan,event,cpus_held,extra_cpus,rate_per_hour,amount.
std::string billing_csv(const Ledger& ledger);

// summary.json's "billing": currency; vsfs[] (billed VSFs, scenario order); customers[] (by name); grid
// {revenue, energy_kwh, energy_cost, margin}. energy_j: what the operator pays for (grid CPUs and
// control-plane hosts).
nlohmann::ordered_json billing_json(const Ledger& ledger, const BillingSettings& settings, double energy_j);

}  // namespace vsf::billing
