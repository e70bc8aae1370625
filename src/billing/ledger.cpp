// Ledger: integrating each VSF's held CPUs into its bill, and the billing log's rows.
#include "billing/ledger.hpp"

#include <algorithm>
#include <stdexcept>

namespace vsf::billing {

const char* to_string(RowEvent e) {
  switch (e) {
    case RowEvent::Period:
      return "period";
    case RowEvent::Cpus:
      return "cpus";
    case RowEvent::End:
      return "end";
  }
  return "unknown";
}

double Ledger::units_per_cpu_second(const ServicePlan& plan, double mean_mips) {
  switch (plan.unit) {
    case BillingUnit::CpuHour:
      return 1.0 / 3600;
    case BillingUnit::KiloCpuSecond:
      return 1.0 / 1000;
    case BillingUnit::MipsHour:
      return mean_mips / 3600;
  }
  return 0;
}

Ledger::Ledger(std::vector<Account> accounts, double run_end_s)
    : accounts_(std::move(accounts)), state_(accounts_.size()), run_end_s_(run_end_s) {
  for (size_t i = 0; i < accounts_.size(); ++i) {
    state_[i].t = accounts_[i].created_s;
    state_[i].next_period_s = accounts_[i].created_s;
  }
}

bool Ledger::any_plan() const {
  return std::any_of(accounts_.begin(), accounts_.end(), [](const Account& a) { return a.plan.has_value(); });
}

double Ledger::amount_at(int account, double t) const {
  const auto& plan = accounts_.at(static_cast<size_t>(account)).plan;
  const State& s = state_[static_cast<size_t>(account)];
  if (!plan || s.ended) return s.totals.amount();
  double amount = s.totals.amount() + rate_per_hour(account) * std::max(0.0, t - s.t) / 3600;
  const double period = plan->billing_period_s.value_or(run_end_s_);
  if (period <= 0) return amount;
  for (int k = s.totals.periods;; ++k) {
    const double start = accounts_[static_cast<size_t>(account)].created_s + k * period;
    if (start >= run_end_s_ || start > t) break;
    amount += plan->flat_fee;
  }
  return amount;
}

int Ledger::extra_cpus(int account) const {
  const auto& plan = accounts_[static_cast<size_t>(account)].plan;
  const int cpus = state_[static_cast<size_t>(account)].cpus;
  return plan ? std::max(0, cpus - plan->included_cpus) : 0;
}

double Ledger::rate_per_hour(int account) const {
  const auto& plan = accounts_[static_cast<size_t>(account)].plan;
  const State& s = state_[static_cast<size_t>(account)];
  if (!plan) return 0;
  // Storage accrues like the extra CPUs, so a running amount is its last row's plus this rate times the hours since.
  const double storage = storage_bytes(account) * 3600 / kByteSecondsPerGbMonth * plan->storage_price_per_gb_month;
  if (s.cpus <= 0) return storage;
  return extra_cpus(account) * units_per_cpu_second(*plan, s.mips / s.cpus) * 3600 * plan->rate + storage;
}

double Ledger::storage_bytes(int account) const {
  return accounts_[static_cast<size_t>(account)].data_bytes + state_[static_cast<size_t>(account)].image_bytes;
}

void Ledger::accrue(int account, double t) {
  State& s = state_[static_cast<size_t>(account)];
  const double span = t - s.t;
  if (span <= 0) return;
  const auto& plan = accounts_[static_cast<size_t>(account)].plan;
  const int extra = extra_cpus(account);
  s.totals.held_cpu_s += s.cpus * span;
  s.totals.extra_cpu_s += extra * span;
  s.totals.included_cpu_s += (s.cpus - extra) * span;
  if (plan && s.cpus > 0) {
    const double units = extra * span * units_per_cpu_second(*plan, s.mips / s.cpus);
    s.totals.extra_units += units;
    s.totals.extra_amount += units * plan->rate;
  }
  if (plan) {
    const double gb_months = storage_bytes(account) * span / kByteSecondsPerGbMonth;
    s.totals.storage_gb_months += gb_months;
    s.totals.storage_amount += gb_months * plan->storage_price_per_gb_month;
  }
  s.t = t;
}

// Periods starting at or before `up_to` (strictly before, unless inclusive), and before the run's end.
void Ledger::charge_periods(int account, double up_to, bool inclusive) {
  const auto& plan = accounts_[static_cast<size_t>(account)].plan;
  if (!plan) return;
  State& s = state_[static_cast<size_t>(account)];
  const double period = plan->billing_period_s.value_or(run_end_s_);
  if (period <= 0) throw std::invalid_argument("Ledger: a billing period must be > 0");
  while (s.next_period_s < run_end_s_ && (s.next_period_s < up_to || (inclusive && s.next_period_s == up_to))) {
    accrue(account, s.next_period_s);
    ++s.totals.periods;
    s.totals.flat_amount += plan->flat_fee;
    add_row(account, s.next_period_s, RowEvent::Period);
    // From the creation, not by adding: no drift over many periods.
    s.next_period_s = accounts_[static_cast<size_t>(account)].created_s + s.totals.periods * period;
  }
}

void Ledger::add_row(int account, double t, RowEvent event) {
  if (!accounts_[static_cast<size_t>(account)].plan) return;
  State& s = state_[static_cast<size_t>(account)];
  Row r{t,
        account,
        event,
        s.cpus,
        extra_cpus(account),
        storage_bytes(account) / 1e9,
        rate_per_hour(account),
        s.totals.amount()};
  // Several CPUs changing at one instant are one change of the bill.
  if (event == RowEvent::Cpus && s.last_row >= 0) {
    Row& last = rows_[static_cast<size_t>(s.last_row)];
    if (last.event == RowEvent::Cpus && last.t == t) {
      last = r;
      return;
    }
  }
  s.last_row = static_cast<int>(rows_.size());
  rows_.push_back(r);
}

void Ledger::held(int account, double t, int cpus, double mips, double image_bytes) {
  State& s = state_.at(static_cast<size_t>(account));
  if (s.ended) return;
  charge_periods(account, t, true);
  if (cpus == s.cpus && mips == s.mips && image_bytes == s.image_bytes) return;
  accrue(account, t);
  s.cpus = cpus;
  s.mips = mips;
  s.image_bytes = image_bytes;
  add_row(account, std::max(t, s.t), RowEvent::Cpus);
}

void Ledger::created(int account, double t) {
  accounts_.at(static_cast<size_t>(account)).created_s = t;
  state_[static_cast<size_t>(account)].t = t;
  state_[static_cast<size_t>(account)].next_period_s = t;
}

void Ledger::ended(int account, double t) {
  State& s = state_.at(static_cast<size_t>(account));
  if (s.ended) return;
  charge_periods(account, t, false);
  accrue(account, t);
  if (accounts_[static_cast<size_t>(account)].plan && accounts_[static_cast<size_t>(account)].created_s < t)
    add_row(account, t, RowEvent::End);
  s.ended = true;
}

void Ledger::finish(double t_end) {
  for (size_t i = 0; i < accounts_.size(); ++i) {
    const int a = static_cast<int>(i);
    if (state_[i].ended) continue;
    charge_periods(a, t_end, false);
    accrue(a, t_end);
    if (accounts_[i].plan && accounts_[i].created_s < t_end) add_row(a, t_end, RowEvent::End);
  }
  std::stable_sort(rows_.begin(), rows_.end(), [](const Row& x, const Row& y) { return x.t < y.t; });
  for (State& s : state_) s.last_row = -1;
}

}  // namespace vsf::billing
