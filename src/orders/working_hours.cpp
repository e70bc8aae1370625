#include "orders/working_hours.hpp"

#include <cmath>

namespace vsf::orders {

namespace {

bool weekend(double day) { return std::fmod(day, 7.0) >= 5; }  // day 0 is a Monday

}  // namespace

double finish_work(const WorkingHours& h, double start_s, double work_s) {
  double t = start_s;
  double left = work_s;
  if (!(left > 0)) return start_s;
  // One working day per pass: a review lasts days at most, so the loop is short; whole weeks could be
  // skipped arithmetically, but draws of years of review are not a case worth the code.
  for (;;) {
    const double day = std::floor(t / kDay_s);
    const double next_day = (day + 1) * kDay_s;
    if (h.weekdays_only && weekend(day)) {
      t = next_day;
      continue;
    }
    const double open = day * kDay_s + h.from_s;
    const double close = day * kDay_s + h.to_s;
    if (t < open) t = open;
    if (t >= close) {
      t = next_day;
      continue;
    }
    if (left <= close - t) return t + left;
    left -= close - t;
    t = next_day;
  }
}

}  // namespace vsf::orders
