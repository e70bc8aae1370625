// A policy's "schedule" (any policy type; type "scheduled" is the schedule alone): a table of times at which a
// tier's min and max change, absolute or recurring daily or weekly (the patent's "time period in which the VSF
// must have a minimal amount of server capacity"). The bounds it sets bound the load policy's decisions.
//
// Stateless: at time t each bound of a tier is the value of the latest occurrence <= t of an entry setting it;
// recurring entries recur before the run too (a daily schedule is in force from t = 0); of entries occurring
// at the same time the later one in the list wins; with no occurrence yet, the tier's own min or max holds.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vsf {

enum class Recurrence { Once, Daily, Weekly };

inline constexpr double kScheduleDayS = 86400, kScheduleWeekS = 7 * kScheduleDayS;

struct ScheduleEntry {
  std::string tier;    // role as written; empty: the VSF's only tier
  int tier_index = 0;  // in VsfSpec::tiers, resolved by the loader
  Recurrence every = Recurrence::Once;
  // Once: seconds from the start of the run; daily: seconds into the day; weekly: seconds from Monday 00:00.
  double at_s = 0;
  std::optional<int> min, max;
  std::string pointer;  // where the loader read it ("/vsfs/0/policy/schedule/2"), for messages
};

struct ScheduleSpec {
  std::vector<ScheduleEntry> entries;
  int week_start_day = 1;  // day of the week of the day that starts at t = 0: 1 = Monday (as the traffic's)
};

// The latest occurrence of `e` at or before t; none for a one-off entry still to come.
std::optional<double> latest_occurrence(const ScheduleEntry& e, int week_start_day, double t);

// A tier's bounds in force at t, and which entries set them (-1: the tier's own).
struct ScheduledBounds {
  int min = 0, max = 0;
  int min_entry = -1, max_entry = -1;
};
ScheduledBounds bounds_in_force(const ScheduleSpec& s, int tier, double t, int own_min, int own_max);

// The times from which the bounds of `tier` can differ from those just before: t = 0, each one-off time, and
// every recurring occurrence within two weeks after each of these (from a week past a one-off time to the
// next, the bounds repeat weekly). Checking the bounds at these times checks them at all times >= 0. Sorted,
// unique.
std::vector<double> schedule_change_times(const ScheduleSpec& s, int tier);

}  // namespace vsf
