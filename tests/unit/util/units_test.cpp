// Quantity parsing: every unit of every kind, bits versus bytes, SI versus binary prefixes, and the
// strings that must be refused (missing or wrong units, junk, overflow).
#include "util/units.hpp"

#include <catch2/catch.hpp>

using namespace vsf;

TEST_CASE("durations convert to seconds", "[units]") {
  CHECK(*parse_duration("250ms") == Approx(0.25));
  CHECK(*parse_duration("30s") == Approx(30));
  CHECK(*parse_duration("5min") == Approx(300));
  CHECK(*parse_duration("2h") == Approx(7200));
  CHECK(*parse_duration("1d") == Approx(86400));
  CHECK(*parse_duration("1.5h") == Approx(5400));
  CHECK(*parse_duration("100us") == Approx(1e-4));
  CHECK(*parse_duration("100\xC2\xB5s") == Approx(1e-4));
  CHECK(*parse_duration("7ns") == Approx(7e-9));
  CHECK(*parse_duration("5 min") == Approx(300));
  CHECK(*parse_duration("1e3s") == Approx(1000));
  CHECK(*parse_duration("-5min") == Approx(-300));  // sign kept: callers report "must be positive"
  CHECK(*parse_duration("0") == 0);
  CHECK_FALSE(parse_duration("5"));  // a unit is required except for zero
  CHECK_FALSE(parse_duration("5MB"));
  CHECK_FALSE(parse_duration("5 m"));
  CHECK_FALSE(parse_duration("5  min"));  // one space at most
  CHECK_FALSE(parse_duration("min"));
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("1e400s"));  // overflow is refused, not infinity
  CHECK_FALSE(parse_duration("1e308d"));  // finite number, infinite product
  CHECK_FALSE(parse_duration("5S"));      // units are case-sensitive
  CHECK_FALSE(parse_duration(" 5s"));
  CHECK_FALSE(parse_duration("5s "));
  CHECK_FALSE(parse_duration("0x10s"));
  CHECK_FALSE(parse_duration("nan s"));
}

TEST_CASE("bandwidth distinguishes bits from bytes", "[units]") {
  CHECK(*parse_bandwidth("1Gbps") == Approx(125e6));
  CHECK(*parse_bandwidth("100Mbps") == Approx(12.5e6));
  CHECK(*parse_bandwidth("10kbps") == Approx(1250));
  CHECK(*parse_bandwidth("200MBps") == Approx(200e6));
  CHECK(*parse_bandwidth("1.5GBps") == Approx(1.5e9));
  CHECK(*parse_bandwidth("1GiBps") == Approx(1073741824.0));
  CHECK(*parse_bandwidth("1Gb/s") == Approx(125e6));
  CHECK(*parse_bandwidth("8bps") == Approx(1));
  CHECK(*parse_bandwidth("0") == 0);
  CHECK(*parse_bandwidth("1GBps") == Approx(8 * *parse_bandwidth("1Gbps")));
  CHECK_FALSE(parse_bandwidth("1GB"));  // a size, not a bandwidth
  CHECK_FALSE(parse_bandwidth("1Gibps"));
  CHECK_FALSE(parse_bandwidth("1gbps"));
}

TEST_CASE("sizes use SI and binary prefixes", "[units]") {
  CHECK(*parse_size("4GiB") == Approx(4 * 1073741824.0));
  CHECK(*parse_size("512MiB") == Approx(512 * 1048576.0));
  CHECK(*parse_size("1KiB") == Approx(1024));
  CHECK(*parse_size("2GB") == Approx(2e9));
  CHECK(*parse_size("100MB") == Approx(1e8));
  CHECK(*parse_size("10kB") == Approx(1e4));
  CHECK(*parse_size("512B") == Approx(512));
  CHECK_FALSE(parse_size("512"));
  CHECK_FALSE(parse_size("1Gbps"));
  CHECK_FALSE(parse_size("1Gb"));  // bits are not a size
}

TEST_CASE("work, speed, power and rates", "[units]") {
  CHECK(*parse_work("10Mf") == Approx(1e7));
  CHECK(*parse_work("2.5Gf") == Approx(2.5e9));
  CHECK(*parse_work("1e7f") == Approx(1e7));
  CHECK(*parse_work("3Mflops") == Approx(3e6));
  CHECK_FALSE(parse_work("1Gf/s"));
  CHECK(*parse_speed("1Gf/s") == Approx(1e9));
  CHECK(*parse_speed("500Mflops/s") == Approx(5e8));
  CHECK_FALSE(parse_speed("1Gf"));
  CHECK(*parse_power("95W") == Approx(95));
  CHECK(*parse_power("1.2kW") == Approx(1200));
  CHECK(*parse_power("500mW") == Approx(0.5));
  CHECK(*parse_power("2MW") == Approx(2e6));
  CHECK(*parse_rate("12") == Approx(12));
  CHECK(*parse_rate("120/s") == Approx(120));
  CHECK(*parse_rate("7200/min") == Approx(120));
  CHECK(*parse_rate("100000/h") == Approx(100000.0 / 3600));
  CHECK(*parse_rate("86400/d") == Approx(1));
  CHECK_FALSE(parse_rate("12rps"));
}

TEST_CASE("messages name the expected quantity and recognise the one found", "[units]") {
  CHECK(quantity_expectation(Quantity::Duration) == "a duration such as \"250ms\" or \"2h\"");
  CHECK(quantity_kind("5MB") == Quantity::Size);
  CHECK(quantity_kind("1Gbps") == Quantity::Bandwidth);
  CHECK(quantity_kind("10Mf") == Quantity::Work);
  CHECK(quantity_kind("1Gf/s") == Quantity::Speed);
  CHECK(quantity_kind("95W") == Quantity::Power);
  CHECK(quantity_kind("3/min") == Quantity::Rate);
  CHECK(quantity_kind("2h") == Quantity::Duration);
  CHECK_FALSE(quantity_kind("lots"));
}
