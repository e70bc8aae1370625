// ISO 8601 parsing (see iso8601.hpp). The calendar (month lengths, leap years, days since 1970) is
// Howard Hinnant's date library, the model of C++20's <chrono> calendar, through date::parse. The shape
// of the text is checked here first: date::parse alone is more lenient than ISO 8601 (one-digit months,
// two-digit years) and also narrower (no 24:00, no leap second, no decimal comma, no "Z").
#include "util/iso8601.hpp"

#include <date/date.h>

#include <locale>
#include <sstream>
#include <string>

#include "util/numbers.hpp"

namespace vsf {

namespace {

// Reads exactly `count` digits at `pos`.
bool digits(std::string_view s, size_t& pos, int count, int& out) {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (int k = 0; k < count; ++k) {
    char c = s[pos + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += count;
  out = v;
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Days since 1970-01-01 of a "YYYY-MM-DD" date; nullopt when that day does not exist. The rows of a
// trace mostly share their date, and date::parse goes through a stream (about a microsecond), so the
// last date read is remembered.
std::optional<int64_t> epoch_day(std::string_view ymd) {
  thread_local std::string last_text;
  thread_local std::optional<int64_t> last_day;
  if (ymd == last_text) return last_day;
  std::istringstream in{std::string(ymd)};
  in.imbue(std::locale::classic());
  date::sys_days day;
  in >> date::parse("%F", day);
  last_text = ymd;
  last_day = in.fail() ? std::nullopt : std::optional<int64_t>(day.time_since_epoch().count());
  return last_day;
}

// "YYYY-MM-DD" at the start of `s` (exactly that many digits: date::parse alone would take "2024-5-1").
std::optional<int64_t> read_date(std::string_view s, size_t& p) {
  int unused = 0;
  if (!digits(s, p, 4, unused) || !expect(s, p, '-') || !digits(s, p, 2, unused) || !expect(s, p, '-') ||
      !digits(s, p, 2, unused))
    return std::nullopt;
  return epoch_day(s.substr(0, p));
}

struct TimeOfDay {
  int seconds = 0;  // since midnight; up to 86400 (24:00:00)
  double fraction = 0;
};

// "HH:MM", "HH:MM:SS" or "HH:MM:SS.fff" (or ",fff") at `p`.
std::optional<TimeOfDay> read_time(std::string_view s, size_t& p) {
  int hour = 0, minute = 0, second = 0;
  double fraction = 0;
  if (!digits(s, p, 2, hour) || !expect(s, p, ':') || !digits(s, p, 2, minute)) return std::nullopt;
  if (expect(s, p, ':')) {
    if (!digits(s, p, 2, second)) return std::nullopt;
    if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
      const size_t first = ++p;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
      if (p == first) return std::nullopt;
      fraction = parse_number("0." + std::string(s.substr(first, p - first))).value_or(0);
    }
  }
  // 60 is a leap second; 24:00:00 is the end of the day in ISO 8601.
  if (hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute || second || fraction > 0)))
    return std::nullopt;
  return TimeOfDay{hour * 3600 + minute * 60 + second, fraction};
}

// "Z", "+hh:mm", "+hhmm" or "+hh" (or "-") at `p`: seconds east of UTC.
std::optional<int> read_offset(std::string_view s, size_t& p) {
  const char c = s[p++];
  if (c == 'Z' || c == 'z') return 0;
  if (c != '+' && c != '-') return std::nullopt;
  int oh = 0, om = 0;
  if (!digits(s, p, 2, oh)) return std::nullopt;
  if (expect(s, p, ':')) {
    if (!digits(s, p, 2, om)) return std::nullopt;
  } else if (p < s.size() && !digits(s, p, 2, om)) {
    return std::nullopt;
  }
  if (oh > 23 || om > 59) return std::nullopt;
  return (c == '+' ? 1 : -1) * (oh * 3600 + om * 60);
}

}  // namespace

std::optional<EpochTime> parse_iso8601(std::string_view s) {
  size_t p = 0;
  const std::optional<int64_t> day = read_date(s, p);
  if (!day) return std::nullopt;
  TimeOfDay time;
  int offset_s = 0;
  if (p < s.size()) {  // a time, and then maybe an offset, only after a date and a separator
    if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return std::nullopt;
    ++p;
    auto t = read_time(s, p);
    if (!t) return std::nullopt;
    time = *t;
    if (p < s.size()) {
      auto offset = read_offset(s, p);
      if (!offset || p != s.size()) return std::nullopt;
      offset_s = *offset;
    }
  }
  EpochTime t;
  // Local time = UTC + offset, so UTC = local - offset.
  t.seconds = *day * 86400 + time.seconds - offset_s;
  t.fraction = time.fraction;
  return t;
}

}  // namespace vsf
