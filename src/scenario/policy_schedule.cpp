// A policy's "schedule" and "week_start_day": each entry read alone (policy_section.cpp calls
// read_schedule), then, once the VSF's tiers are known (vsf_section.cpp calls check_schedule), tiers resolved
// by role and the bounds in force checked over every time they can change (model/schedule_spec.hpp): a min
// above the max in force at some time is refused with that time and the entries that set them.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "scenario/key_tables.hpp"
#include "scenario/sections.hpp"
#include "util/json_util.hpp"
#include "util/suggest.hpp"

namespace vsf::scenario_detail {

namespace {

constexpr size_t kMaxEntries = 200;  // keeps the load-time check of the bounds over time quick
const char* const kDays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// "HH:MM" or "HH:MM:SS" (hour of one or two digits): seconds into the day.
std::optional<double> parse_clock(const std::string& s) {
  int h = 0, m = 0, sec = 0;
  char extra = 0;
  const size_t colons = static_cast<size_t>(std::count(s.begin(), s.end(), ':'));
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return std::nullopt;
  const int got = colons == 1   ? std::sscanf(s.c_str(), "%2d:%2d%c", &h, &m, &extra)
                  : colons == 2 ? std::sscanf(s.c_str(), "%2d:%2d:%2d%c", &h, &m, &sec, &extra)
                                : 0;
  const size_t minute_at = s.find(':') + 1;
  const bool two_digit_fields = s.size() == minute_at + 2 + (colons == 2 ? 3 : 0);
  if (got != static_cast<int>(colons) + 1 || !two_digit_fields || h > 23 || m > 59 || sec > 59) return std::nullopt;
  for (char c : s)
    if (c != ':' && !std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  return h * 3600.0 + m * 60.0 + sec;
}

// "mon 08:00": seconds from Monday 00:00.
std::optional<double> parse_weekly(const std::string& s) {
  const size_t space = s.find(' ');
  if (space == std::string::npos) return std::nullopt;
  const std::string day = s.substr(0, space);
  const auto it = std::find(std::begin(kDays), std::end(kDays), day);
  const std::optional<double> clock = parse_clock(s.substr(space + 1));
  if (it == std::end(kDays) || !clock) return std::nullopt;
  return static_cast<double>(it - std::begin(kDays)) * kScheduleDayS + *clock;
}

// The entry's time: exactly one of at, daily and weekly.
bool read_when(const Source& src, const Fields& f, ScheduleEntry& e) {
  int given = 0;
  for (const char* k : {"at", "daily", "weekly"}) given += f.has(k);
  if (given != 1) {
    src.error(f.pointer(), fmt::format("expected exactly one of \"at\" (once), \"daily\" and \"weekly\", found {}",
                                       given == 0 ? "none" : "several"));
    return false;
  }
  if (f.has("at")) return f.read("at", e.at_s);
  const bool daily = f.has("daily");
  const char* key = daily ? "daily" : "weekly";
  const std::optional<std::string> text = read_string(src, *f.get(key), f.at(key));
  if (!text) return false;
  e.every = daily ? Recurrence::Daily : Recurrence::Weekly;
  const std::optional<double> at = daily ? parse_clock(*text) : parse_weekly(*text);
  if (!at) {
    src.error(f.at(key), daily ? fmt::format("expected a time of day \"HH:MM\" or \"HH:MM:SS\" (00:00 to 23:59:59), "
                                             "found \"{}\"",
                                             *text)
                               : fmt::format("expected a day \"mon\" to \"sun\", a space and a time of day \"HH:MM\" "
                                             "or \"HH:MM:SS\" (as \"sat 08:00\"), found \"{}\"",
                                             *text));
    return false;
  }
  e.at_s = *at;
  return true;
}

std::string clock_text(double s) {
  const long long x = std::llround(s);
  return fmt::format("{:02d}:{:02d}:{:02d}", x / 3600, x / 60 % 60, x % 60);
}

// A time of the run as the schedule sees it: "t = 30600s (mon 08:30:00)".
std::string when_text(double t, int week_start_day) {
  const double since_monday = t + (week_start_day - 1) * kScheduleDayS;
  const double in_week = since_monday - std::floor(since_monday / kScheduleWeekS) * kScheduleWeekS;
  const int day = std::min(6, static_cast<int>(in_week / kScheduleDayS));
  return fmt::format("t = {:g}s ({} {})", t, kDays[day], clock_text(in_week - day * kScheduleDayS));
}

// The first time at which tier k's min in force exceeds its max in force, reported once.
void check_in_force(const Source& src, const ScheduleSpec& s, int k, const Tier& tier) {
  for (double t : schedule_change_times(s, k)) {
    const ScheduledBounds b = bounds_in_force(s, k, t, tier.min, tier.max);
    if (b.min <= b.max) continue;
    auto by = [&](int entry, const char* own) {
      return entry < 0 ? fmt::format("the tier's own {}", own) : s.entries[static_cast<size_t>(entry)].pointer;
    };
    const int blamed = std::max(b.min_entry, b.max_entry);  // the later of the two in the list
    src.error(
        s.entries[static_cast<size_t>(blamed)].pointer,
        fmt::format("at {} tier \"{}\" would have min {} (from {}) > max {} (from {})", when_text(t, s.week_start_day),
                    tier.role, b.min, by(b.min_entry, "min"), b.max, by(b.max_entry, "max")));
    return;
  }
}

}  // namespace

void read_schedule(const Source& src, const Fields& f, bool required, ScheduleSpec& s) {
  f.read("week_start_day", s.week_start_day);
  const json* v = f.value("schedule");
  if (!v) return;
  const json* arr = read_array(src, *v, f.at("schedule"), required);
  if (!arr) return;
  if (arr->size() > kMaxEntries)
    src.error(f.at("schedule"), fmt::format("a schedule holds at most {} entries, found {}", kMaxEntries, arr->size()));
  for (size_t i = 0; i < arr->size() && i < kMaxEntries; ++i) {
    ScheduleEntry e;
    e.pointer = pointer_join(f.at("schedule"), i);
    const size_t errors_before = src.diags->size();
    Fields g(src, (*arr)[i], e.pointer, scenario_keys::schedule_entry(), "a schedule entry");
    if (!g.ok()) continue;
    read_when(src, g, e);
    g.read("tier", e.tier);
    int x = 0;
    if (g.read("min", x)) e.min = x;
    if (g.read("max", x)) e.max = x;
    if (!g.has("min") && !g.has("max"))
      src.error(e.pointer, "expected \"min\", \"max\" or both: an entry sets at least one bound");
    if (e.min && e.max && *e.min > *e.max)
      src.error(g.at("min"), fmt::format("min ({}) must be <= max ({})", *e.min, *e.max));
    if (src.diags->size() == errors_before) s.entries.push_back(std::move(e));
  }
}

void check_schedule(const Source& src, const json& policy, const std::vector<Tier>& tiers, ScheduleSpec& s) {
  if (tiers.empty()) return;  // the VSF's tiers are missing or broken: their error suffices
  std::vector<std::string> roles;
  for (const Tier& t : tiers) {
    if (t.role.empty()) return;  // a broken tier: its error suffices
    roles.push_back(t.role);
  }
  const json* arr = member(policy, "schedule");
  bool ok = arr && arr->is_array() && arr->size() == s.entries.size();  // every entry read well
  for (ScheduleEntry& e : s.entries) {
    if (e.tier.empty() && roles.size() > 1) {
      src.error(e.pointer,
                fmt::format("missing required key \"tier\": the VSF has several tiers ({})", fmt::join(roles, ", ")));
      ok = false;
      continue;
    }
    const auto it = e.tier.empty() ? roles.begin() : std::find(roles.begin(), roles.end(), e.tier);
    if (it == roles.end()) {
      src.error(pointer_join(e.pointer, "tier"),
                fmt::format("the VSF has no tier \"{}\"{}", e.tier, suggestion_suffix(e.tier, roles)));
      ok = false;
      continue;
    }
    e.tier_index = static_cast<int>(it - roles.begin());
  }
  if (!ok) return;  // bounds over time are meaningful only for a schedule read whole
  for (size_t k = 0; k < tiers.size(); ++k) check_in_force(src, s, static_cast<int>(k), tiers[k]);
}

}  // namespace vsf::scenario_detail
