// The one number parser: whole text only, one syntax, finite values; the prefix scanner that units use.
#include "util/numbers.hpp"

#include <catch2/catch.hpp>

using namespace vsf;

TEST_CASE("numbers parse whole and finite only", "[numbers]") {
  CHECK(*parse_number("12") == 12);
  CHECK(*parse_number("+2.5") == 2.5);
  CHECK(*parse_number("1e3") == 1000);
  CHECK(*parse_number("-3") == -3);
  CHECK(*parse_number("1E+2") == 100);
  CHECK(*parse_number(".5") == 0.5);
  CHECK(*parse_number("5.") == 5);
  CHECK(*parse_number("-.5") == -0.5);
  CHECK(*parse_number("0.1") == 0.1);  // correctly rounded, as from_chars
  for (const char* bad : {"", "n/a", "12x", "inf", "nan", "1,5", "++1", " 1", "1 ", "+-1", "-+1", ".", "-", "e5", "1e",
                          "0x10", "1e400", "1_0"})
    CHECK_FALSE(parse_number(bad));
}

TEST_CASE("number_length finds the number in front of a unit", "[numbers]") {
  CHECK(number_length("250ms") == 3);
  CHECK(number_length("1.5h") == 3);
  CHECK(number_length("-5min") == 2);
  CHECK(number_length("1e7f") == 3);
  CHECK(number_length("1e") == 1);  // "e" may be a unit
  CHECK(number_length("1e+") == 1);
  CHECK(number_length(".5s") == 2);
  CHECK(number_length("min") == 0);
  CHECK(number_length("-") == 0);
  CHECK(number_length("") == 0);
}

TEST_CASE("unsigned integers: digits only, no leading zero, no overflow", "[numbers]") {
  CHECK(*parse_unsigned("0") == 0);
  CHECK(*parse_unsigned("7") == 7);
  CHECK(*parse_unsigned("18446744073709551615") == UINT64_MAX);
  for (const char* bad : {"", "01", "-1", "+1", "1.0", "1e3", " 1", "18446744073709551616", "x"})
    CHECK_FALSE(parse_unsigned(bad));
}
