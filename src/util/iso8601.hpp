// ISO 8601 date-times as trace files write them ("2024-05-01T12:00:00Z"), turned into instants without
// the C library's locale or time-zone functions, whose results vary by machine: a trace gives the same
// instants everywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vsf {

// An instant as whole seconds since 1970-01-01T00:00:00Z plus a fraction in [0, 1), kept apart so
// that differences between nearby instants keep sub-microsecond precision.
struct EpochTime {
  int64_t seconds = 0;
  double fraction = 0;
  double minus(const EpochTime& o) const { return static_cast<double>(seconds - o.seconds) + (fraction - o.fraction); }
};

// Accepted forms: a date "2024-05-01" (midnight), optionally followed by "T" (or "t" or a space) and a time
// "12:00", "12:00:00" or "12:00:00.250" (or ",250"; any number of digits), then optionally an offset
// "Z" (or "z"), "+02:00", "+0200" or "+02" (or "-"). No offset means UTC. Seconds may be 60 (a leap
// second) and "24:00:00" is the end of the day. nullopt for anything else, and for dates that do not
// exist ("2023-02-29").
std::optional<EpochTime> parse_iso8601(std::string_view text);

}  // namespace vsf
