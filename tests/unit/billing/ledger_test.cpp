// The Ledger against bills worked out by hand (issue 13 §4): flat fee per period started, extra CPUs
// beyond included_cpus integrated over time in each unit, and no plan, no bill.
#include "billing/ledger.hpp"

#include <catch2/catch.hpp>

#include "billing/billing_report.hpp"

using namespace vsf;
using namespace vsf::billing;

namespace {

ServicePlan plan(double flat, int included, double rate, BillingUnit unit = BillingUnit::CpuHour) {
  ServicePlan p;
  p.name = "p";
  p.flat_fee = flat;
  p.included_cpus = included;
  p.rate = rate;
  p.unit = unit;
  return p;
}

Ledger one(const std::optional<ServicePlan>& p, double run_end_s, double created_s = 0) {
  return Ledger({Account{"shop", "acme", p, created_s}}, run_end_s);
}

}  // namespace

TEST_CASE("10 CPUs for 2 h then 13 for 1 h on 10 included owe flat + 3 r", "[billing]") {
  const double flat = 500, r = 0.7;
  Ledger l = one(plan(flat, 10, r), 3 * 3600);
  l.held(0, 0, 10, 10 * 1000);
  l.held(0, 2 * 3600, 13, 13 * 1000);
  l.finish(3 * 3600);
  const Totals& t = l.totals(0);
  CHECK(t.amount() == Approx(flat + 3 * r));
  CHECK(t.periods == 1);
  CHECK(t.extra_units == Approx(3));
  CHECK(t.held_cpu_s == Approx((20 + 13) * 3600.0));
  CHECK(t.included_cpu_s == Approx(30 * 3600.0));
  CHECK(t.extra_cpu_s == Approx(3 * 3600.0));
  // The log: the period's fee at 0, the two changes, the end; the rate in force after 2 h is 3 r per hour.
  REQUIRE(l.rows().size() == 4);
  CHECK(l.rows()[0].event == RowEvent::Period);
  CHECK(l.rows()[0].amount == Approx(flat));
  CHECK(l.rows()[2].t == 7200);
  CHECK(l.rows()[2].extra_cpus == 3);
  CHECK(l.rows()[2].rate_per_hour == Approx(3 * r));
  CHECK(l.rows()[3].event == RowEvent::End);
  CHECK(l.rows()[3].amount == Approx(flat + 3 * r));
}

TEST_CASE("MIPS-hours count the extra CPUs at their hardware profile's MIPS", "[billing]") {
  HardwareProfile hw;
  hw.speed_flops = 2e9;
  hw.cores = 2;
  REQUIRE(mips_of(hw) == Approx(4000));
  Ledger l = one(plan(0, 10, 0.001, BillingUnit::MipsHour), 3600);
  l.held(0, 0, 12, 12 * mips_of(hw));
  l.finish(3600);
  CHECK(l.totals(0).extra_units == Approx(2 * 4000));  // 2 extra CPUs x 4000 MIPS x 1 h
  CHECK(l.totals(0).amount() == Approx(8));
}

TEST_CASE("thousands of CPU-seconds", "[billing]") {
  Ledger l = one(plan(0, 10, 3, BillingUnit::KiloCpuSecond), 5000);
  l.held(0, 0, 10, 0);
  l.held(0, 1000, 12, 0);
  l.held(0, 2000, 9, 0);  // below the included CPUs: nothing extra, and no refund
  l.finish(5000);
  CHECK(l.totals(0).extra_units == Approx(2));  // 2 CPUs x 1000 s
  CHECK(l.totals(0).amount() == Approx(6));
}

TEST_CASE("a flat fee for every billing period started", "[billing]") {
  ServicePlan p = plan(100, 0, 0);
  p.billing_period_s = 1000;
  SECTION("a run of 2.5 periods pays 3") {
    Ledger l = one(p, 2500);
    l.finish(2500);
    CHECK(l.totals(0).periods == 3);
    CHECK(l.totals(0).amount() == Approx(300));
  }
  SECTION("a period starting at the run's end is not charged") {
    Ledger l = one(p, 3000);
    l.held(0, 3000, 4, 0);
    l.finish(3000);
    CHECK(l.totals(0).periods == 3);
  }
  SECTION("periods count from the VSF's creation") {
    Ledger l = one(p, 2500, 1800);
    l.finish(2500);
    CHECK(l.totals(0).periods == 1);
    CHECK(l.rows().front().t == 1800);
  }
  SECTION("without billing_period, one period: the run") {
    Ledger l = one(plan(100, 0, 0), 2500);
    l.finish(2500);
    CHECK(l.totals(0).periods == 1);
  }
}

TEST_CASE("no plan, no bill", "[billing]") {
  Ledger l = one(std::nullopt, 3600);
  l.held(0, 0, 5, 0);
  l.finish(3600);
  CHECK(l.rows().empty());
  CHECK(l.totals(0).amount() == 0);
  CHECK(l.totals(0).held_cpu_s == Approx(5 * 3600.0));  // still counted
  CHECK_FALSE(l.any_plan());
  CHECK(billing_csv(l) == "t,vsf,customer,plan,event,cpus_held,extra_cpus,storage_gb,rate_per_hour,amount\n");
}

TEST_CASE("changes at one instant are one row and rows of several VSFs come in time order", "[billing]") {
  ServicePlan p = plan(10, 1, 1);
  p.billing_period_s = 100;
  Ledger l({Account{"a", "x", p, 0}, Account{"b", "x", p, 0}}, 250);
  l.held(1, 0, 1, 0);
  l.held(1, 150, 3, 0);
  l.held(0, 0, 1, 0);  // a's changes reported after b's later ones: the log is still sorted
  l.held(0, 120, 2, 0);
  l.held(0, 120, 3, 0);
  l.finish(250);
  double last = 0;
  int a_changes_at_120 = 0;
  for (const Row& r : l.rows()) {
    CHECK(r.t >= last);
    last = r.t;
    if (r.account == 0 && r.t == 120) ++a_changes_at_120;
  }
  CHECK(a_changes_at_120 == 1);
  // a: 3 fees, 2 extra CPUs from 120 to 250 s; b: 3 fees, 2 extra from 150 s
  CHECK(l.totals(0).amount() == Approx(30 + 2 * 130 / 3600.0));
  CHECK(l.totals(1).amount() == Approx(30 + 2 * 100 / 3600.0));
  const auto j = billing_json(l, BillingSettings{0.1, "EUR"}, 3.6e6 * 50);
  CHECK(j["customers"].size() == 1);
  CHECK(j["customers"][0]["amount"].get<double>() == Approx(60 + 460 / 3600.0));
  CHECK(j["grid"]["energy_cost"].get<double>() == Approx(5));
  CHECK(j["grid"]["margin"].get<double>() == Approx(55 + 460 / 3600.0));
}

TEST_CASE("billing.csv quotes a customer holding a comma or a quote", "[billing]") {
  Ledger l({Account{"shop", "Acme, \"the\" shop", plan(1, 0, 0), 0}}, 10);
  l.finish(10);
  CHECK(billing_csv(l).find(",\"Acme, \"\"the\"\" shop\",p,period,") != std::string::npos);
}

TEST_CASE("ledger: storage of 2 CPUs of 10 GB images and 100 GB of data for 15 days at 0.1 per GB-month", "[billing]") {
  ServicePlan p = plan(0, 0, 0);
  p.storage_price_per_gb_month = 0.1;
  const double days15 = 15 * 86400.0;
  Ledger l({Account{"v", "c", p, 0, 100e9}}, days15);
  l.held(0, 0, 2, 2000, 2 * 10e9);
  l.finish(days15);
  // (2 x 10 + 100) GB x 0.5 month = 60 GB-months; x 0.1 = 6.
  CHECK(l.totals(0).storage_gb_months == Approx(60));
  CHECK(l.totals(0).storage_amount == Approx(6));
  CHECK(l.totals(0).amount() == Approx(6));
  // The rate in force includes the storage's cost per hour: 120 GB x 0.1 / 720 h.
  // Rows: the period at t = 0 (its data alone held yet), the CPUs' change at t = 0, the end.
  REQUIRE(l.rows().size() == 3);
  CHECK(l.rows()[0].storage_gb == Approx(100));
  CHECK(l.rows()[1].event == RowEvent::Cpus);
  CHECK(l.rows()[1].storage_gb == Approx(120));
  CHECK(l.rows()[1].rate_per_hour == Approx(120 * 0.1 / 720));
}

TEST_CASE("ledger: a VSF's data is billed from its creation even with no CPU held", "[billing]") {
  ServicePlan p = plan(0, 0, 0);
  p.storage_price_per_gb_month = 1;
  const double month = 30 * 86400.0;
  Ledger l({Account{"v", "c", p, month / 2, 10e9}}, month);
  l.finish(month);
  CHECK(l.totals(0).storage_gb_months == Approx(5));  // 10 GB for half a month
  CHECK(l.totals(0).amount() == Approx(5));
}
