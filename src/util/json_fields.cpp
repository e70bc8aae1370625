// Checked JSON reads with diagnostics (see json_fields.hpp).
#include "util/json_fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "util/json_util.hpp"
#include "util/suggest.hpp"

namespace vsf {

std::optional<std::string> read_string(const Source& src, const json& v, const std::string& pointer, bool allow_empty) {
  if (!v.is_string()) {
    src.error(pointer, fmt::format("expected a string, found {}", json_found(v)));
    return std::nullopt;
  }
  const auto& s = v.get_ref<const std::string&>();
  if (s.empty() && !allow_empty) {
    src.error(pointer, "expected a non-empty string, found \"\"");
    return std::nullopt;
  }
  return s;
}

namespace {

std::string range_text(long long min, long long max) {
  if (max == std::numeric_limits<long long>::max()) return fmt::format("an integer >= {}", min);
  return fmt::format("an integer between {} and {}", min, max);
}

}  // namespace

std::optional<long long> read_integer(const Source& src, const json& v, const std::string& pointer, long long min,
                                      long long max) {
  // Integral floats (2.0) are integers, as in JSON Schema; anything beyond +-2^62 is out of every range.
  std::optional<long double> value;
  if (v.is_number_integer() || v.is_number_unsigned()) {
    value = v.is_number_unsigned() ? static_cast<long double>(v.get<uint64_t>())
                                   : static_cast<long double>(v.get<int64_t>());
  } else if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d)) value = static_cast<long double>(d);
  }
  if (!value) {
    src.error(pointer, fmt::format("expected {}, found {}", range_text(min, max), json_found(v)));
    return std::nullopt;
  }
  if (*value < static_cast<long double>(min) || *value > static_cast<long double>(max)) {
    src.error(pointer, fmt::format("expected {}, found {}", range_text(min, max), json_found(v)));
    return std::nullopt;
  }
  return static_cast<long long>(*value);
}

std::optional<uint64_t> read_uint64(const Source& src, const json& v, const std::string& pointer) {
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  if (v.is_number_integer() && v.get<int64_t>() >= 0) return static_cast<uint64_t>(v.get<int64_t>());
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (d >= 0 && d < 18446744073709551616.0 && d == std::floor(d)) return static_cast<uint64_t>(d);
  }
  src.error(pointer, fmt::format("expected an integer between 0 and 18446744073709551615, found {}", json_found(v)));
  return std::nullopt;
}

std::optional<double> read_number(const Source& src, const json& v, const std::string& pointer, double min,
                                  double max) {
  if (!v.is_number() || !std::isfinite(v.get<double>())) {
    src.error(pointer, fmt::format("expected a number between {} and {}, found {}", min, max, json_found(v)));
    return std::nullopt;
  }
  double d = v.get<double>();
  if (d < min || d > max) {
    src.error(pointer, fmt::format("expected a number between {} and {}, found {}", min, max, json_found(v)));
    return std::nullopt;
  }
  return d;
}

std::optional<double> read_number(const Source& src, const json& v, const std::string& pointer, Sign sign) {
  const bool number = v.is_number() && std::isfinite(v.get<double>());
  const double d = number ? v.get<double>() : 0;
  if (!number || (sign == Sign::Positive && !(d > 0)) || (sign == Sign::NonNegative && d < 0)) {
    const char* range = sign == Sign::Positive      ? "a number > 0"
                        : sign == Sign::NonNegative ? "a number >= 0"
                                                    : "a number";
    src.error(pointer, fmt::format("expected {}, found {}", range, json_found(v)));
    return std::nullopt;
  }
  return d;
}

std::optional<bool> read_bool(const Source& src, const json& v, const std::string& pointer) {
  if (!v.is_boolean()) {
    src.error(pointer, fmt::format("expected true or false, found {}", json_found(v)));
    return std::nullopt;
  }
  return v.get<bool>();
}

std::optional<double> read_quantity(const Source& src, const json& v, const std::string& pointer, Quantity q,
                                    Sign sign) {
  std::optional<double> value;
  if (v.is_string()) {
    value = parse_quantity(q, v.get_ref<const std::string&>());
  } else if (v.is_number() && std::isfinite(v.get<double>()) && (q == Quantity::Rate || v.get<double>() == 0)) {
    value = v.get<double>();  // rates may be plain numbers (requests/s); any quantity may be 0
  }
  if (!value) {
    std::string hint;
    if (v.is_string()) {
      if (auto kind = quantity_kind(v.get_ref<const std::string&>()); kind && *kind != q)
        hint = fmt::format(", which is a {}", quantity_name(*kind));
    } else if (v.is_number()) {
      hint = " (a unit is required)";
    }
    src.error(pointer, fmt::format("expected {}, found {}{}", quantity_expectation(q), json_found(v), hint));
    return std::nullopt;
  }
  if (sign == Sign::Positive && !(*value > 0)) {
    src.error(pointer, fmt::format("expected a positive {}, found {}", quantity_name(q), json_found(v)));
    return std::nullopt;
  }
  if (sign == Sign::NonNegative && *value < 0) {
    src.error(pointer, fmt::format("expected a {} >= 0, found {}", quantity_name(q), json_found(v)));
    return std::nullopt;
  }
  if (std::abs(*value) > quantity_max(q)) {
    src.error(pointer, fmt::format("expected a {} of at most {}, found {}", quantity_name(q), quantity_max_text(q),
                                   json_found(v)));
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> read_choice(const Source& src, const json& v, const std::string& pointer,
                                       const std::vector<std::string>& choices) {
  if (v.is_string() && std::find(choices.begin(), choices.end(), v.get_ref<const std::string&>()) != choices.end())
    return v.get<std::string>();
  std::string hint;
  if (v.is_string()) hint = did_you_mean(v.get_ref<const std::string&>(), choices);
  src.error(pointer, fmt::format("expected one of {}, found {}{}", quoted_list(choices), json_found(v),
                                 hint.empty() ? "" : "; " + hint));
  return std::nullopt;
}

const json* read_array(const Source& src, const json& v, const std::string& pointer, bool non_empty) {
  if (!v.is_array()) {
    src.error(pointer, fmt::format("expected an array, found {}", json_found(v)));
    return nullptr;
  }
  if (non_empty && v.empty()) {
    src.error(pointer, "expected a non-empty array, found an empty array");
    return nullptr;
  }
  return &v;
}

const json* read_object(const Source& src, const json& v, const std::string& pointer, const std::string& what) {
  if (!v.is_object()) {
    src.error(pointer, fmt::format("expected {} (a JSON object), found {}", what, json_found(v)));
    return nullptr;
  }
  return &v;
}

void reject_unknown(const Source& src, const json& obj, const std::string& pointer,
                    const std::vector<std::string>& allowed, const std::string& what) {
  if (!obj.is_object()) return;
  for (const auto& item : obj.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) != allowed.end()) continue;
    src.error(pointer_join(pointer, item.key()), fmt::format("unknown key \"{}\" in {}{}", excerpt(item.key()), what,
                                                             suggestion_suffix(item.key(), allowed)));
  }
}

const json* member(const json& obj, const std::string& key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

Fields::Fields(const Source& src, const json& value, std::string pointer, const KeyTable& table,
               const std::string& what)
    : src_(src), obj_(read_object(src, value, pointer, what)), pointer_(std::move(pointer)), table_(&table) {
  if (obj_) reject_unknown(src_, *obj_, pointer_, key_names(table), what);
}

std::vector<std::string> key_names(const KeyTable& table) {
  std::vector<std::string> names;
  for (const KeySpec& k : table) names.emplace_back(k.key);
  return names;
}

const KeySpec& Fields::spec(const std::string& key) const {
  const KeySpec* k = table_ ? find_key(*table_, key) : nullptr;
  if (!k) throw std::logic_error("key \"" + key + "\" is not in the key table of " + pointer_);
  return *k;
}

const KeySpec& Fields::spec(const std::string& key, ValueKind kind) const {
  const KeySpec& k = spec(key);
  if (k.type.kind != kind) throw std::logic_error("key \"" + key + "\" is read as another type than its table's");
  return k;
}

const json* Fields::value(const std::string& key) const { return lookup(key, spec(key).need); }

bool Fields::read(const std::string& key, double& out) const {
  const KeySpec& k = spec(key);
  if (k.type.kind == ValueKind::Quantity) return quantity(key, k.type.quantity, k.type.sign, out, k.need);
  const json* v = lookup(key, spec(key, ValueKind::Number).need);
  if (!v) return false;
  auto n = k.type.ranged() ? read_number(src_, *v, at(key), k.type.min, k.type.max)
                           : read_number(src_, *v, at(key), k.type.sign);
  if (n) out = *n;
  return n.has_value();
}

bool Fields::read(const std::string& key, int& out) const {
  const KeySpec& k = spec(key, ValueKind::Integer);
  return integer(key, out, static_cast<long long>(k.type.min), static_cast<long long>(k.type.max), k.need);
}

bool Fields::read(const std::string& key, bool& out) const {
  return boolean(key, out, spec(key, ValueKind::Boolean).need);
}

bool Fields::read(const std::string& key, std::string& out) const {
  const KeySpec& k = spec(key);
  if (k.type.kind != ValueKind::Text) return string(key, out, spec(key, ValueKind::String).need);
  const json* v = lookup(key, k.need);
  if (!v) return false;
  auto s = read_string(src_, *v, at(key), /*allow_empty=*/true);
  if (s) out = *s;
  return s.has_value();
}

std::string Fields::at(const std::string& key) const { return pointer_join(pointer_, key); }

const json* Fields::get(const std::string& key) const { return obj_ ? member(*obj_, key) : nullptr; }

const json* Fields::lookup(const std::string& key, Need need) const {
  const json* v = get(key);
  if (!v && obj_ && need == Need::Required) src_.error(pointer_, fmt::format("missing required key \"{}\"", key));
  return v;
}

bool Fields::string(const std::string& key, std::string& out, Need need) const {
  const json* v = lookup(key, need);
  if (!v) return false;
  auto s = read_string(src_, *v, at(key));
  if (s) out = *s;
  return s.has_value();
}

bool Fields::integer(const std::string& key, int& out, long long min, long long max, Need need) const {
  const json* v = lookup(key, need);
  if (!v) return false;
  auto n = read_integer(src_, *v, at(key), min, std::min<long long>(max, std::numeric_limits<int>::max()));
  if (n) out = static_cast<int>(*n);
  return n.has_value();
}

bool Fields::number(const std::string& key, double& out, double min, double max, Need need) const {
  const json* v = lookup(key, need);
  if (!v) return false;
  auto n = read_number(src_, *v, at(key), min, max);
  if (n) out = *n;
  return n.has_value();
}

bool Fields::boolean(const std::string& key, bool& out, Need need) const {
  const json* v = lookup(key, need);
  if (!v) return false;
  auto b = read_bool(src_, *v, at(key));
  if (b) out = *b;
  return b.has_value();
}

bool Fields::quantity(const std::string& key, Quantity q, Sign sign, double& out, Need need) const {
  const json* v = lookup(key, need);
  if (!v) return false;
  auto d = read_quantity(src_, *v, at(key), q, sign);
  if (d) out = *d;
  return d.has_value();
}

bool Fields::choice(const std::string& key, std::string& out, const std::vector<std::string>& choices,
                    Need need) const {
  const json* v = lookup(key, need);
  if (!v) return false;
  auto c = read_choice(src_, *v, at(key), choices);
  if (c) out = *c;
  return c.has_value();
}

}  // namespace vsf
