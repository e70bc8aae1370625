// Unit tables and the one number-plus-unit scanner behind every quantity parser. Units are
// case-sensitive on purpose: "Gbps" (bits) and "GBps" (bytes) differ by a factor of 8, and "mW" is not
// "MW". The number in front of the unit is read by util/numbers, like every number in the inputs.
#include "util/units.hpp"

#include <cmath>
#include <vector>

#include "util/numbers.hpp"

namespace vsf {
namespace {

struct Unit {
  std::string suffix;
  double factor;
};

struct Prefix {
  const char* text;
  double factor;
};

const std::vector<Prefix> kSi = {{"", 1}, {"k", 1e3}, {"K", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}};
const std::vector<Prefix> kBinary = {{"Ki", 1024.0}, {"Mi", 1048576.0}, {"Gi", 1073741824.0}, {"Ti", 1099511627776.0}};

// Every prefix combined with every base suffix; base_factor converts the unprefixed unit to SI.
void add_units(std::vector<Unit>& out, const std::vector<Prefix>& prefixes, const std::vector<const char*>& bases,
               double base_factor) {
  for (const auto& p : prefixes)
    for (const char* b : bases) out.push_back({std::string(p.text) + b, p.factor * base_factor});
}

const std::vector<Unit>& units_of(Quantity q) {
  static const std::vector<Unit> duration = {{"ns", 1e-9}, {"us", 1e-6}, {"\xC2\xB5s", 1e-6}, {"ms", 1e-3},
                                             {"s", 1},     {"min", 60},  {"h", 3600},         {"d", 86400}};
  static const std::vector<Unit> bandwidth = [] {
    std::vector<Unit> u;
    add_units(u, kSi, {"bps", "b/s"}, 1.0 / 8);
    add_units(u, kSi, {"Bps", "B/s"}, 1);
    add_units(u, kBinary, {"Bps", "B/s"}, 1);
    return u;
  }();
  static const std::vector<Unit> size = [] {
    std::vector<Unit> u;
    add_units(u, kSi, {"B"}, 1);
    add_units(u, kBinary, {"B"}, 1);
    return u;
  }();
  static const std::vector<Unit> work = [] {
    std::vector<Unit> u;
    add_units(u, kSi, {"f", "flop", "flops"}, 1);
    add_units(u, {{"P", 1e15}}, {"f", "flop", "flops"}, 1);
    return u;
  }();
  static const std::vector<Unit> speed = [] {
    std::vector<Unit> u;
    add_units(u, kSi, {"f/s", "flop/s", "flops/s"}, 1);
    add_units(u, {{"P", 1e15}}, {"f/s", "flop/s", "flops/s"}, 1);
    return u;
  }();
  static const std::vector<Unit> power = {{"mW", 1e-3}, {"W", 1}, {"kW", 1e3}, {"KW", 1e3}, {"MW", 1e6}};
  static const std::vector<Unit> rate = {{"/s", 1}, {"/min", 1.0 / 60}, {"/h", 1.0 / 3600}, {"/d", 1.0 / 86400}};
  switch (q) {
    case Quantity::Duration:
      return duration;
    case Quantity::Bandwidth:
      return bandwidth;
    case Quantity::Size:
      return size;
    case Quantity::Work:
      return work;
    case Quantity::Speed:
      return speed;
    case Quantity::Power:
      return power;
    case Quantity::Rate:
      return rate;
  }
  return rate;  // unreachable; keeps -Wreturn-type quiet
}

}  // namespace

std::optional<double> parse_quantity(Quantity q, std::string_view text) {
  size_t n = number_length(text);
  if (n == 0) return std::nullopt;
  auto number = parse_number(text.substr(0, n));
  if (!number) return std::nullopt;
  std::string_view unit = text.substr(n);
  if (unit.empty()) {
    // Zero needs no unit; a rate without unit is in requests per second.
    if (q == Quantity::Rate || *number == 0) return *number;
    return std::nullopt;
  }
  if (unit[0] == ' ') unit.remove_prefix(1);
  for (const auto& u : units_of(q)) {
    if (unit == u.suffix) {
      double v = *number * u.factor;
      if (!std::isfinite(v)) return std::nullopt;
      return v;
    }
  }
  return std::nullopt;
}

std::optional<double> parse_duration(std::string_view t) { return parse_quantity(Quantity::Duration, t); }
std::optional<double> parse_bandwidth(std::string_view t) { return parse_quantity(Quantity::Bandwidth, t); }
std::optional<double> parse_size(std::string_view t) { return parse_quantity(Quantity::Size, t); }
std::optional<double> parse_work(std::string_view t) { return parse_quantity(Quantity::Work, t); }
std::optional<double> parse_speed(std::string_view t) { return parse_quantity(Quantity::Speed, t); }
std::optional<double> parse_power(std::string_view t) { return parse_quantity(Quantity::Power, t); }
std::optional<double> parse_rate(std::string_view t) { return parse_quantity(Quantity::Rate, t); }

std::string quantity_expectation(Quantity q) {
  switch (q) {
    case Quantity::Duration:
      return "a duration such as \"250ms\" or \"2h\"";
    case Quantity::Bandwidth:
      return "a bandwidth such as \"1Gbps\" (bits/s) or \"200MBps\" (bytes/s)";
    case Quantity::Size:
      return "a size such as \"512MiB\" or \"2GB\"";
    case Quantity::Work:
      return "an amount of CPU work such as \"10Mf\" or \"2.5Gf\" (flops)";
    case Quantity::Speed:
      return "a speed such as \"1Gf/s\" (flops per second)";
    case Quantity::Power:
      return "a power such as \"95W\" or \"1.2kW\"";
    case Quantity::Rate:
      return "a rate such as 50, \"120/s\" or \"7200/min\"";
  }
  return "";
}

const char* quantity_name(Quantity q) {
  switch (q) {
    case Quantity::Duration:
      return "duration";
    case Quantity::Bandwidth:
      return "bandwidth";
    case Quantity::Size:
      return "size";
    case Quantity::Work:
      return "amount of work";
    case Quantity::Speed:
      return "speed";
    case Quantity::Power:
      return "power";
    case Quantity::Rate:
      return "rate";
  }
  return "";
}

std::optional<Quantity> quantity_kind(std::string_view text) {
  for (Quantity q : {Quantity::Duration, Quantity::Bandwidth, Quantity::Size, Quantity::Work, Quantity::Speed,
                     Quantity::Power, Quantity::Rate}) {
    if (parse_quantity(q, text)) return q;
  }
  return std::nullopt;
}

double quantity_max(Quantity q) {
  switch (q) {
    case Quantity::Duration:
      return 1000 * 365.25 * 86400;
    case Quantity::Bandwidth:
      return 1e15;
    case Quantity::Size:
      return 1e18;
    case Quantity::Work:
      return 1e21;
    case Quantity::Speed:
      return 1e18;
    case Quantity::Power:
      return 1e8;
    case Quantity::Rate:
      return 1e9;
  }
  return 0;
}

const char* quantity_max_text(Quantity q) {
  switch (q) {
    case Quantity::Duration:
      return "1000 years (3.156e10 s)";
    case Quantity::Bandwidth:
      return "1 PB/s (1e15 B/s)";
    case Quantity::Size:
      return "1 EB (1e18 B)";
    case Quantity::Work:
      return "1e21 flops";
    case Quantity::Speed:
      return "1e18 flops/s";
    case Quantity::Power:
      return "100 MW";
    case Quantity::Rate:
      return "1e9 requests/s";
  }
  return "?";
}

}  // namespace vsf
