// Quantities written as strings with units ("250ms", "1Gbps", "4GiB", "10Mf", "1Gf/s", "95W", "120/s")
// and their conversion to SI: seconds, bytes, bytes per second, flops, flops per second, watts,
// requests per second. Parsers return nullopt rather than throwing, so the scenario loader can turn a
// failure into a diagnostic that says what was expected and what was found.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vsf {

enum class Quantity { Duration, Bandwidth, Size, Work, Speed, Power, Rate };

// The number may carry a sign and an exponent ("1.5h", "1e7f", "-5min"); one optional space may separate
// it from the unit ("5 min"). Signs are accepted so that callers can report "must be positive" rather
// than "not a duration"; range checks are the caller's business. A bare "0" is accepted for every
// quantity (zero needs no unit); any other unit-less number is rejected except for rates.
std::optional<double> parse_quantity(Quantity q, std::string_view text);

std::optional<double> parse_duration(std::string_view text);   // ns us ms s min h d -> seconds
std::optional<double> parse_bandwidth(std::string_view text);  // bps kbps Mbps Gbps (bits), Bps kBps MBps
                                                               // GBps KiBps MiBps GiBps (bytes) -> bytes/s
std::optional<double> parse_size(std::string_view text);       // B kB MB GB TB KiB MiB GiB TiB -> bytes
std::optional<double> parse_work(std::string_view text);       // f/flop/flops with k M G T P -> flops
std::optional<double> parse_speed(std::string_view text);      // "1Gf/s", "500Mflops/s" -> flops/s
std::optional<double> parse_power(std::string_view text);      // mW W kW MW -> watts
std::optional<double> parse_rate(std::string_view text);       // "12", "120/s", "7200/min", "1e5/h", "/d"

// "a duration such as \"250ms\" or \"2h\"": the phrase used after "expected" in messages.
std::string quantity_expectation(Quantity q);
// "duration", "bandwidth", ...
const char* quantity_name(Quantity q);
// The largest magnitude the loader accepts for each kind, far beyond any real grid yet far from the
// doubles whose arithmetic hangs a run or exhausts memory (a duration near 1e308 s): 1000 years, 1 PB/s,
// 1 EB, 1e21 flops, 1e18 flops/s, 100 MW, 1e9 requests/s. Documented in scenarios/README.md.
double quantity_max(Quantity q);
// The same bound as a user writes it: "1000 years (3.156e10 s)", "1 PB/s", ...
const char* quantity_max_text(Quantity q);
// Which kind of quantity a string is, when it is not the one expected: lets messages say
// "found \"5MB\" (a size)". The first match in declaration order; nullopt when none parses.
std::optional<Quantity> quantity_kind(std::string_view text);

}  // namespace vsf
