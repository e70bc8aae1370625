// ISO 8601 date-times: every accepted form, the calendar's corners, and what is refused.
#include "util/iso8601.hpp"

#include <catch2/catch.hpp>

using namespace vsf;

TEST_CASE("ISO 8601 date-times convert to epoch seconds without time-zone functions", "[iso8601]") {
  auto t = parse_iso8601("2024-05-01T12:00:00Z");
  REQUIRE(t);
  CHECK(t->seconds == 1714564800);  // date -u -d 2024-05-01T12:00:00Z +%s
  CHECK(t->fraction == 0);
  auto space = parse_iso8601("2024-05-01 12:00:00");
  REQUIRE(space);
  CHECK(space->seconds == t->seconds);
  auto frac = parse_iso8601("2024-05-01T14:00:00.250+02:00");
  REQUIRE(frac);
  CHECK(frac->seconds == t->seconds);
  CHECK(frac->fraction == Approx(0.25));
  auto neg = parse_iso8601("2024-05-01T07:30:00-0430");
  REQUIRE(neg);
  CHECK(neg->seconds == t->seconds);
  CHECK(parse_iso8601("1970-01-01")->seconds == 0);
  CHECK(parse_iso8601("2000-03-01T00:00Z")->seconds == 951868800);
  CHECK(parse_iso8601("1969-12-31T23:59:59Z")->seconds == -1);
  CHECK(parse_iso8601("2024-02-29T00:00:00Z"));  // leap year
  for (const char* bad : {"2023-02-29T00:00:00Z", "2024-13-01", "2024-05-01T25:00:00", "2024-05-01T12:00:00X",
                          "2024-05-01T12", "12:00:00", "", "2024-05-01T12:00:00+2", "2024-05-01T12:00:00."})
    CHECK_FALSE(parse_iso8601(bad));
}

TEST_CASE("ISO 8601: the less common forms that traces use", "[iso8601]") {
  const int64_t noon = 1714564800;
  CHECK(parse_iso8601("2024-05-01t12:00:00z")->seconds == noon);
  CHECK(parse_iso8601("2024-05-01T12:00")->seconds == noon);
  CHECK(parse_iso8601("2024-05-01T14:00+02")->seconds == noon);
  CHECK(parse_iso8601("2024-05-01T12:00:00,5")->fraction == 0.5);
  auto fine = parse_iso8601("2024-05-01T12:00:00.1234567890123Z");  // more digits than nanoseconds
  REQUIRE(fine);
  CHECK(fine->fraction == 0.1234567890123);
  CHECK(parse_iso8601("2024-05-01T24:00:00")->seconds == noon + 12 * 3600);   // the end of the day
  CHECK(parse_iso8601("2024-05-01T23:59:60Z")->seconds == noon + 12 * 3600);  // a leap second
  CHECK(parse_iso8601("1900-03-01")->seconds == -2203891200);                 // 1900 is not a leap year
  CHECK(parse_iso8601("0000-01-01"));
  for (const char* bad :
       {"1900-02-29", "2024-04-31", "2024-00-10", "2024-01-00", "2024-5-01", "24-05-01", "+2024-05-01", "2024-05-01Z",
        "2024-05-01T", "2024-05-01T24:00:01", "2024-05-01T24:00:00.5", "2024-05-01T12:60", "2024-05-01T12:00:61",
        "2024-05-01T12:00:00+24:00", "2024-05-01T12:00:00+02:60", "2024-05-01T12:00:00+02:0", "2024-05-01T12:00:00Z ",
        " 2024-05-01"})
    CHECK_FALSE(parse_iso8601(bad));
}

TEST_CASE("ISO 8601: differences of nearby instants keep their precision", "[iso8601]") {
  auto a = parse_iso8601("2024-05-01T12:00:00.000001Z");
  auto b = parse_iso8601("2024-05-01T12:00:00.000003Z");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(b->minus(*a) == Approx(2e-6).epsilon(1e-9));
}
