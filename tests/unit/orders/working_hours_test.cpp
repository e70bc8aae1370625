// Working-hours arithmetic against hand-worked calendars (time 0 is a Monday 00:00).
#include "orders/working_hours.hpp"

#include <catch2/catch.hpp>

using namespace vsf;
using vsf::orders::finish_work;

namespace {
constexpr double H = 3600;
constexpr double D = 86400;
WorkingHours nine_to_five(bool weekdays_only = false) { return WorkingHours{9 * H, 17 * H, weekdays_only}; }
}  // namespace

TEST_CASE("working hours: work inside one working day ends the same day", "[orders]") {
  CHECK(finish_work(nine_to_five(), 10 * H, 2 * H) == 12 * H);
  CHECK(finish_work(nine_to_five(), 10 * H, 7 * H) == 17 * H);  // exactly at closing
}

TEST_CASE("working hours: work queued before opening starts at opening", "[orders]") {
  CHECK(finish_work(nine_to_five(), 2 * H, 1 * H) == 10 * H);
  CHECK(finish_work(nine_to_five(), 20 * H, 1 * H) == D + 10 * H);  // after closing: next morning
}

TEST_CASE("working hours: work spills over into the next working days", "[orders]") {
  // 16:00 + 3 h of work: 1 h on Monday, 2 h on Tuesday from 09:00.
  CHECK(finish_work(nine_to_five(), 16 * H, 3 * H) == D + 11 * H);
  // 20 h of work from Monday 09:00: 8 + 8 + 4 -> Wednesday 13:00.
  CHECK(finish_work(nine_to_five(), 9 * H, 20 * H) == 2 * D + 13 * H);
}

TEST_CASE("working hours: weekdays only skips Saturday and Sunday", "[orders]") {
  // Friday (day 4) 16:00 + 2 h: 1 h on Friday, 1 h on Monday (day 7) from 09:00.
  CHECK(finish_work(nine_to_five(true), 4 * D + 16 * H, 2 * H) == 7 * D + 10 * H);
  // Queued on Saturday: starts Monday.
  CHECK(finish_work(nine_to_five(true), 5 * D + 12 * H, 1 * H) == 7 * D + 10 * H);
  // Without weekdays_only, Saturday is a working day.
  CHECK(finish_work(nine_to_five(false), 5 * D + 12 * H, 1 * H) == 5 * D + 13 * H);
}

TEST_CASE("working hours: no work ends at once even out of hours", "[orders]") {
  CHECK(finish_work(nine_to_five(true), 5 * D + 3 * H, 0) == 5 * D + 3 * H);
}
