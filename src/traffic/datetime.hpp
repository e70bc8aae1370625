// ISO 8601 date-times and plain numbers as they appear in trace files, parsed without the C library's
// locale or time-zone functions (whose results vary by machine), so traces load the same everywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vsf {

// An instant as whole seconds since 1970-01-01T00:00:00Z plus a fraction in [0, 1), kept apart so
// that differences between nearby instants keep sub-microsecond precision.
struct EpochTime {
  int64_t seconds = 0;
  double fraction = 0;
  double minus(const EpochTime& o) const { return static_cast<double>(seconds - o.seconds) + (fraction - o.fraction); }
};

// "2024-05-01T12:00:00Z", "2024-05-01 12:00:00", "2024-05-01T12:00:00.250+02:00", "2024-05-01T12:00",
// "2024-05-01" (midnight). Offsets: Z, +hh:mm, +hhmm, +hh. No offset means UTC. nullopt if malformed.
std::optional<EpochTime> parse_iso8601(const std::string& text);

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

// A finite decimal number ("12", "-3.5", "1e3", "+2"), the whole string; nullopt otherwise.
std::optional<double> parse_number(const std::string& text);

}  // namespace vsf
