// Pay-as-you-go billing (patent WO 02/03203, "Billing models for a VSF"): from the number of CPUs each
// VSF holds over time, its bill under its service plan. Plain C++: the Recorder feeds it the held-CPU
// series (what a CPU "held" means is its definition, recorder.cpp) and writes what it computes.
//
// The bill of a VSF on a plan:
//   - flat_fee at the start of every billing period that begins before the run's end; periods are counted
//     from the VSF's creation (max(0, start)), so a VSF that exists for 2.5 periods pays 3 flat fees (no
//     proration: the fee buys the period);
//   - the CPUs held beyond included_cpus, integrated over time, times `rate` per `unit`: CPU-hours,
//     thousands of CPU-seconds, or MIPS-hours where the extra CPUs count at the mean MIPS of the CPUs the
//     VSF holds at that moment (exact when they share a hardware profile).
//   - storage: the bytes it holds (each held CPU's boot image, one boot LUN per CPU, plus its data `storage`
//     from its creation on), integrated over time in GB-months (GB = 1e9 bytes, month = 30 days), times the
//     plan's storage_price_per_gb_month.
// A VSF with no plan is not billed (its held CPU-seconds are still counted).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/models.hpp"

namespace vsf::billing {

// A CPU's MIPS for mips_hour plans: one instruction per floating-point operation, every core counted.
inline double mips_of(const HardwareProfile& hw) { return hw.speed_flops * hw.cores / 1e6; }

// One VSF's account.
struct Account {
  std::string vsf, customer;
  std::optional<ServicePlan> plan;  // none: not billed
  double created_s = 0;             // its billing periods start here
  double data_bytes = 0;            // vsfs[].storage: held from its creation on, beside the CPUs' boot images
};

enum class RowEvent { Period, Cpus, End };
const char* to_string(RowEvent e);  // "period", "cpus", "end"

// A line of billing.csv: the patent's "billing log file entries". `rate_per_hour` is what the VSF's extra
// CPUs cost per hour from `t` on (the bill rate in force); `amount` is its running total after the row.
struct Row {
  double t = 0;
  int account = 0;
  RowEvent event = RowEvent::Cpus;
  int cpus_held = 0, extra_cpus = 0;
  double storage_gb = 0;  // GB held from t on (boot images and data)
  double rate_per_hour = 0;
  double amount = 0;
};

struct Totals {
  int periods = 0;  // flat fees charged
  double flat_amount = 0, extra_amount = 0;
  double held_cpu_s = 0, included_cpu_s = 0, extra_cpu_s = 0;  // bands: min(held, included), the rest
  double extra_units = 0;                                      // extra_cpu_s in the plan's unit
  double storage_gb_months = 0, storage_amount = 0;
  double amount() const { return flat_amount + extra_amount + storage_amount; }
};

class Ledger {
 public:
  // run_end_s: the run's duration, the default billing period and the last instant a period may start before.
  Ledger(std::vector<Account> accounts, double run_end_s);

  // `account` holds `cpus` CPUs, whose MIPS add up to `mips` and whose boot images to `image_bytes`, from t on
  // (t never decreases per account).
  void held(int account, double t, int cpus, double mips, double image_bytes = 0);
  // The account's VSF is created at t, later than its Account's created_s (an ordered VSF, created when its
  // order is built; until then it is not billed). Before any held() of the account.
  void created(int account, double t);
  // The account's VSF is decommissioned at t: periods starting before t are charged, its CPUs are billed up to
  // t, its end row is written at t, and nothing after (held() is then ignored, finish() passes it by).
  void ended(int account, double t);
  // Closes every account at t_end (its end row); rows() is then in time order (ties: the order of the calls).
  void finish(double t_end);

  const std::vector<Row>& rows() const { return rows_; }
  const std::vector<Account>& accounts() const { return accounts_; }
  const Totals& totals(int account) const { return state_.at(static_cast<size_t>(account)).totals; }
  bool any_plan() const;
  // The account's bill so far at t (no earlier than its last change): its totals plus what accrues since at
  // the rate in force, and the flat fees of periods starting by t. Nothing is recorded (a running figure for
  // reports while the run goes on).
  double amount_at(int account, double t) const;

  // How many of the plan's units one CPU held for one second is, when the CPUs held average mean_mips MIPS.
  static double units_per_cpu_second(const ServicePlan& plan, double mean_mips);
  // Byte-seconds to GB-months: a GB is 1e9 bytes, a month 30 days.
  static constexpr double kByteSecondsPerGbMonth = 1e9 * 30 * 86400;

 private:
  struct State {
    double t = 0;  // integrated up to here
    int cpus = 0;
    double mips = 0;
    double image_bytes = 0;
    double next_period_s = 0;
    int last_row = -1;  // index in rows_ of its latest row
    bool ended = false;
    Totals totals;
  };
  void accrue(int account, double t);
  void charge_periods(int account, double up_to, bool inclusive);
  void add_row(int account, double t, RowEvent event);
  double rate_per_hour(int account) const;
  double storage_bytes(int account) const;
  int extra_cpus(int account) const;

  std::vector<Account> accounts_;
  std::vector<State> state_;
  std::vector<Row> rows_;
  double run_end_s_;
};

}  // namespace vsf::billing
