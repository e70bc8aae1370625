// Checked JSON reads with diagnostics (see json_read.hpp). Every access checks the type first, so no
// nlohmann exception can escape on any input.
#include "faults/json_read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "util/json_util.hpp"
#include "util/suggest.hpp"
#include "util/units.hpp"

namespace vsf::faults::detail {

const json* member(const json& obj, const std::string& key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

const json* Reader::object(const json& v, const std::string& pointer, const std::string& what) const {
  if (!v.is_object()) {
    error(pointer, fmt::format("expected {} (a JSON object), found {}", what, json_found(v)));
    return nullptr;
  }
  return &v;
}

const json* Reader::object(const json& v, const std::string& pointer, const std::vector<std::string>& allowed,
                           const std::string& what) const {
  if (!object(v, pointer, what)) return nullptr;
  reject_unknown(v, pointer, allowed, what);
  return &v;
}

void Reader::reject_unknown(const json& obj, const std::string& pointer, const std::vector<std::string>& allowed,
                            const std::string& what) const {
  if (!obj.is_object()) return;
  for (const auto& item : obj.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) != allowed.end()) continue;
    error(pointer_join(pointer, item.key()),
          fmt::format("unknown key \"{}\" in {}{}", item.key(), what, suggestion_suffix(item.key(), allowed)));
  }
}

const json* Reader::array(const json& v, const std::string& pointer, bool non_empty) const {
  if (!v.is_array()) {
    error(pointer, fmt::format("expected an array, found {}", json_found(v)));
    return nullptr;
  }
  if (non_empty && v.empty()) {
    error(pointer, "expected a non-empty array, found an empty array");
    return nullptr;
  }
  return &v;
}

std::optional<std::string> Reader::string(const json& v, const std::string& pointer) const {
  if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
    error(pointer, fmt::format("expected a non-empty string, found {}", json_found(v)));
    return std::nullopt;
  }
  return v.get<std::string>();
}

std::optional<std::string> Reader::choice(const json& v, const std::string& pointer,
                                          const std::vector<std::string>& choices) const {
  std::string list;
  for (size_t i = 0; i < choices.size(); ++i) list += (i ? ", \"" : "\"") + choices[i] + "\"";
  if (v.is_string() && std::find(choices.begin(), choices.end(), v.get_ref<const std::string&>()) != choices.end())
    return v.get<std::string>();
  std::string hint;
  if (v.is_string()) {
    if (auto n = nearest(v.get_ref<const std::string&>(), choices)) hint = fmt::format("; did you mean \"{}\"?", *n);
  }
  error(pointer, fmt::format("expected one of {}, found {}{}", list, json_found(v), hint));
  return std::nullopt;
}

std::optional<long long> Reader::integer(const json& v, const std::string& pointer, long long min,
                                         long long max) const {
  // Integral floats (2.0) count as integers, as in JSON Schema; huge values fall outside every range.
  std::optional<long double> value;
  if (v.is_number_unsigned()) {
    value = static_cast<long double>(v.get<uint64_t>());
  } else if (v.is_number_integer()) {
    value = static_cast<long double>(v.get<int64_t>());
  } else if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d)) value = static_cast<long double>(d);
  }
  if (!value || *value < static_cast<long double>(min) || *value > static_cast<long double>(max)) {
    std::string range = max == std::numeric_limits<long long>::max()
                            ? fmt::format("an integer >= {}", min)
                            : fmt::format("an integer between {} and {}", min, max);
    error(pointer, fmt::format("expected {}, found {}", range, json_found(v)));
    return std::nullopt;
  }
  return static_cast<long long>(*value);
}

std::optional<uint64_t> Reader::uint64(const json& v, const std::string& pointer) const {
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  if (v.is_number_integer() && v.get<int64_t>() >= 0) return static_cast<uint64_t>(v.get<int64_t>());
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d >= 0 && d < 18446744073709551616.0 && d == std::floor(d)) return static_cast<uint64_t>(d);
  }
  error(pointer, fmt::format("expected an integer between 0 and 18446744073709551615, found {}", json_found(v)));
  return std::nullopt;
}

std::optional<double> Reader::number(const json& v, const std::string& pointer, double min, double max,
                                     bool min_exclusive) const {
  const bool ok = v.is_number() && std::isfinite(v.get<double>()) &&
                  (min_exclusive ? v.get<double>() > min : v.get<double>() >= min) && v.get<double>() <= max;
  if (!ok) {
    std::string range = std::isinf(max) ? fmt::format("a number {} {}", min_exclusive ? ">" : ">=", min)
                                        : fmt::format("a number between {} and {}", min, max);
    error(pointer, fmt::format("expected {}, found {}", range, json_found(v)));
    return std::nullopt;
  }
  return v.get<double>();
}

std::optional<double> Reader::duration(const json& v, const std::string& pointer, Sign sign) const {
  std::optional<double> value;
  if (v.is_string()) {
    value = parse_duration(v.get_ref<const std::string&>());
  } else if (v.is_number() && v.get<double>() == 0) {
    value = 0.0;  // zero needs no unit
  }
  if (!value) {
    std::string hint;
    if (v.is_string()) {
      if (auto kind = quantity_kind(v.get_ref<const std::string&>()); kind && *kind != Quantity::duration)
        hint = fmt::format(", which is a {}", quantity_name(*kind));
    } else if (v.is_number()) {
      hint = " (a unit is required)";
    }
    error(pointer,
          fmt::format("expected {}, found {}{}", quantity_expectation(Quantity::duration), json_found(v), hint));
    return std::nullopt;
  }
  if (!std::isfinite(*value) || (sign == Sign::positive ? !(*value > 0) : *value < 0)) {
    error(pointer, fmt::format("expected a {} duration, found {}", sign == Sign::positive ? "positive" : "non-negative",
                               json_found(v)));
    return std::nullopt;
  }
  return value;
}

}  // namespace vsf::faults::detail
