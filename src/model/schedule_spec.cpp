// The time arithmetic of schedules: occurrences of daily and weekly entries on the run's clock, whose t = 0 is
// midnight starting day week_start_day of a week (1 = Monday), as the diurnal traffic counts its weeks.
#include "model/schedule_spec.hpp"

#include <algorithm>
#include <cmath>

namespace vsf {

namespace {

// The latest time <= t of the form origin + k * period (k any integer).
double latest_on_grid(double origin, double period, double t) {
  return origin + std::floor((t - origin) / period) * period;
}

// Monday 00:00 of the week holding t = 0 (at or before 0).
double first_monday(int week_start_day) { return -(week_start_day - 1) * kScheduleDayS; }

}  // namespace

std::optional<double> latest_occurrence(const ScheduleEntry& e, int week_start_day, double t) {
  switch (e.every) {
    case Recurrence::Once:
      if (e.at_s <= t) return e.at_s;
      return std::nullopt;
    case Recurrence::Daily:
      return latest_on_grid(e.at_s, kScheduleDayS, t);
    case Recurrence::Weekly:
      return latest_on_grid(first_monday(week_start_day) + e.at_s, kScheduleWeekS, t);
  }
  return std::nullopt;
}

ScheduledBounds bounds_in_force(const ScheduleSpec& s, int tier, double t, int own_min, int own_max) {
  ScheduledBounds b{own_min, own_max, -1, -1};
  double min_at = -INFINITY, max_at = -INFINITY;
  for (size_t i = 0; i < s.entries.size(); ++i) {
    const ScheduleEntry& e = s.entries[i];
    if (e.tier_index != tier) continue;
    const std::optional<double> at = latest_occurrence(e, s.week_start_day, t);
    if (!at) continue;
    // >=: of equal times the later entry wins.
    if (e.min && *at >= min_at) {
      min_at = *at;
      b.min = *e.min;
      b.min_entry = static_cast<int>(i);
    }
    if (e.max && *at >= max_at) {
      max_at = *at;
      b.max = *e.max;
      b.max_entry = static_cast<int>(i);
    }
  }
  return b;
}

std::vector<double> schedule_change_times(const ScheduleSpec& s, int tier) {
  std::vector<double> starts{0};
  for (const ScheduleEntry& e : s.entries)
    if (e.tier_index == tier && e.every == Recurrence::Once) starts.push_back(e.at_s);
  std::vector<double> out = starts;
  for (double from : starts)
    for (const ScheduleEntry& e : s.entries) {
      if (e.tier_index != tier || e.every == Recurrence::Once) continue;
      const double period = e.every == Recurrence::Daily ? kScheduleDayS : kScheduleWeekS;
      // The occurrences in the two weeks from `from`: bounds repeat weekly from a week after the last one-off
      // time (by then every recurring bound has recurred after it), and the second week holds that regime.
      // Counted, not stepped by adding: at times so large that a day is below their precision the loop ends.
      double first = *latest_occurrence(e, s.week_start_day, from);
      if (first < from) first += period;
      const int n = static_cast<int>(2 * kScheduleWeekS / period);
      for (int k = 0; k < n && first + k * period < from + 2 * kScheduleWeekS; ++k) out.push_back(first + k * period);
    }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace vsf
