// billing.csv and summary.json's "billing" section (see billing_report.hpp and README.md, "Outputs").
#include "billing/billing_report.hpp"

#include <fmt/format.h>

#include <map>

namespace vsf::billing {

namespace {

using ojson = nlohmann::ordered_json;

// RFC 4180, as timeseries.csv quotes its names: a customer is free text.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

ojson cpu_hours(double held_s, double included_s, double extra_s) {
  return {{"held", held_s / 3600}, {"included", included_s / 3600}, {"extra", extra_s / 3600}};
}

}  // namespace

std::string billing_csv(const Ledger& ledger) {
  std::string out = "t,vsf,customer,plan,event,cpus_held,extra_cpus,storage_gb,rate_per_hour,amount\n";
  for (const Row& r : ledger.rows()) {
    const Account& a = ledger.accounts()[static_cast<size_t>(r.account)];
    // Twelve digits keep the amounts exact to well below a cent while staying readable.
    out += fmt::format("{:.12g},{},{},{},{},{},{},{:.12g},{:.12g},{:.12g}\n", r.t, csv_field(a.vsf),
                       csv_field(a.customer), csv_field(a.plan->name), to_string(r.event), r.cpus_held, r.extra_cpus,
                       r.storage_gb, r.rate_per_hour, r.amount);
  }
  return out;
}

ojson billing_json(const Ledger& ledger, const BillingSettings& settings, double energy_j) {
  ojson vsfs = ojson::array();
  struct CustomerSum {
    int vsfs = 0;
    double amount = 0, held_s = 0, included_s = 0, extra_s = 0, gb_months = 0, storage_amount = 0;
  };
  std::map<std::string, CustomerSum> customers;
  double revenue = 0;
  for (size_t i = 0; i < ledger.accounts().size(); ++i) {
    const Account& a = ledger.accounts()[i];
    if (!a.plan) continue;
    const Totals& t = ledger.totals(static_cast<int>(i));
    vsfs.push_back(
        {{"name", a.vsf},
         {"customer", a.customer},
         {"plan", a.plan->name},
         {"amount", t.amount()},
         {"flat_fees", {{"periods", t.periods}, {"amount", t.flat_amount}}},
         {"extra", {{"unit", to_string(a.plan->unit)}, {"units", t.extra_units}, {"amount", t.extra_amount}}},
         {"cpu_hours", cpu_hours(t.held_cpu_s, t.included_cpu_s, t.extra_cpu_s)},
         {"storage_gb_months", t.storage_gb_months},
         {"storage_amount", t.storage_amount}});
    CustomerSum& c = customers[a.customer];
    ++c.vsfs;
    c.amount += t.amount();
    c.held_s += t.held_cpu_s;
    c.included_s += t.included_cpu_s;
    c.extra_s += t.extra_cpu_s;
    c.gb_months += t.storage_gb_months;
    c.storage_amount += t.storage_amount;
    revenue += t.amount();
  }
  ojson by_customer = ojson::array();
  for (const auto& [name, c] : customers)
    by_customer.push_back({{"name", name},
                           {"vsfs", c.vsfs},
                           {"amount", c.amount},
                           {"cpu_hours", cpu_hours(c.held_s, c.included_s, c.extra_s)},
                           {"storage_gb_months", c.gb_months},
                           {"storage_amount", c.storage_amount}});
  const double kwh = energy_j / 3.6e6;
  const double cost = kwh * settings.energy_price_per_kwh;
  ojson o;
  o["currency"] = settings.currency;
  o["vsfs"] = std::move(vsfs);
  o["customers"] = std::move(by_customer);
  o["grid"] = {{"revenue", revenue},
               {"energy_kwh", kwh},
               {"energy_price_per_kwh", settings.energy_price_per_kwh},
               {"energy_cost", cost},
               {"margin", revenue - cost}};
  return o;
}

}  // namespace vsf::billing
