// A section's key table, in the style of SST's per-component parameter tables: one row per key that
// the section's JSON object may hold, with its type (and unit, sign, range), whether it is required,
// its default as a user writes it, and its one-line documentation. Fields (json_fields.hpp) is built
// from a table, so the table drives the reading, the unknown-key rejection and the "did you mean"
// suggestions; a unit test holds every table equal to scenarios/schema.json and scenarios/README.md,
// so a key is declared once here instead of in four or five places.
//
// The values the simulation uses by default stay in the structs of src/model/; default_text is the
// user-facing form, and a test checks that reading it gives the struct's value.
#pragma once

#include <limits>
#include <string_view>
#include <vector>

#include "util/units.hpp"

namespace vsf {

enum class Need { Optional, Required };
enum class Sign { Any, NonNegative, Positive };

// How a key's value is read. `custom` keys are read by the section's own code (a value whose form
// depends on another key, such as quorum's "majority"-or-count, or a nested object with its own table);
// the table still lists them, so that it is the complete list of the section's keys.
enum class ValueKind { String, Text, Integer, Number, Boolean, Quantity, Choice, Array, Object, Custom };

struct ValueType {
  ValueKind kind = ValueKind::Custom;
  Quantity quantity = Quantity::Duration;                 // kind quantity: its unit family
  Sign sign = Sign::Any;                                  // kind quantity, or number without a range
  double min = -std::numeric_limits<double>::infinity();  // kind integer or number: the accepted range
  double max = std::numeric_limits<double>::infinity();
  bool ranged() const { return min > -std::numeric_limits<double>::infinity(); }
};

struct KeySpec {
  std::string_view key;
  ValueType type;
  Need need = Need::Optional;
  // The default as a user writes it ("30s", "1", "true", "round_robin", "" for an empty string), or
  // keys::none (a null view) when the key has none: the value then depends on other keys or is absent.
  std::string_view default_text;
  std::string_view doc;  // the schema's "description" of the key, word for word
  bool has_default() const { return default_text.data() != nullptr; }
};

using KeyTable = std::vector<KeySpec>;

// Row builders, so a table reads as a list of keys rather than of braces.
namespace keys {
constexpr ValueType string() { return {ValueKind::String}; }  // non-empty
constexpr ValueType text() { return {ValueKind::Text}; }      // free text, possibly empty
constexpr ValueType boolean() { return {ValueKind::Boolean}; }
constexpr ValueType choice() { return {ValueKind::Choice}; }  // an enum's names (read with the enum's values)
constexpr ValueType array() { return {ValueKind::Array}; }
constexpr ValueType object() { return {ValueKind::Object}; }
constexpr ValueType custom() { return {ValueKind::Custom}; }
constexpr ValueType integer(double min, double max) {
  return {ValueKind::Integer, Quantity::Duration, Sign::Any, min, max};
}
constexpr ValueType number(double min, double max) {
  return {ValueKind::Number, Quantity::Duration, Sign::Any, min, max};
}
constexpr ValueType number(Sign sign) { return {ValueKind::Number, Quantity::Duration, sign}; }
constexpr ValueType quantity(Quantity q, Sign sign) { return {ValueKind::Quantity, q, sign}; }
constexpr ValueType duration(Sign sign) { return quantity(Quantity::Duration, sign); }
constexpr ValueType bandwidth(Sign sign) { return quantity(Quantity::Bandwidth, sign); }
constexpr ValueType size(Sign sign) { return quantity(Quantity::Size, sign); }
constexpr ValueType rate(Sign sign) { return quantity(Quantity::Rate, sign); }
constexpr ValueType power(Sign sign) { return quantity(Quantity::Power, sign); }
constexpr ValueType work(Sign sign) { return quantity(Quantity::Work, sign); }
constexpr ValueType speed(Sign sign) { return quantity(Quantity::Speed, sign); }
constexpr std::string_view none{};
constexpr Need optional = Need::Optional;
constexpr Need required = Need::Required;
constexpr Sign any = Sign::Any;
constexpr Sign non_negative = Sign::NonNegative;
constexpr Sign positive = Sign::Positive;
}  // namespace keys

// The row of `key`, or nullptr.
inline const KeySpec* find_key(const KeyTable& table, std::string_view key) {
  for (const KeySpec& k : table)
    if (k.key == key) return &k;
  return nullptr;
}

}  // namespace vsf
