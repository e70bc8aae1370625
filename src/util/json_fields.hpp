// Typed, checked reads from parsed JSON for every input section (the scenario's and the faults'): each
// read names its JSON pointer and reports a wrong type, a bad unit or an out-of-range value as a
// diagnostic instead of throwing, and objects are opened with the table of keys they accept, so that an
// unknown key is rejected with the nearest valid key suggested. No nlohmann exception can escape: every
// access checks the type first.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "util/errors.hpp"
#include "util/key_table.hpp"
#include "util/units.hpp"

namespace vsf {

using nlohmann::json;

// Where diagnostics go and which file they name (the scenario or one of its model files).
struct Source {
  std::string file;
  Diagnostics* diags;
  void error(const std::string& pointer, const std::string& message) const { diags->add(file, pointer, message); }
};

// Free readers of one value at `pointer`; nullopt (and a diagnostic) when it is unusable.
std::optional<std::string> read_string(const Source& src, const json& v, const std::string& pointer,
                                       bool allow_empty = false);
std::optional<long long> read_integer(const Source& src, const json& v, const std::string& pointer, long long min,
                                      long long max);
std::optional<uint64_t> read_uint64(const Source& src, const json& v, const std::string& pointer);
std::optional<double> read_number(const Source& src, const json& v, const std::string& pointer, double min, double max);
// A number with only a lower bound: "a number > 0" (positive), "a number >= 0" (non-negative) or any.
std::optional<double> read_number(const Source& src, const json& v, const std::string& pointer, Sign sign);
std::optional<bool> read_bool(const Source& src, const json& v, const std::string& pointer);
std::optional<double> read_quantity(const Source& src, const json& v, const std::string& pointer, Quantity q,
                                    Sign sign);
std::optional<std::string> read_choice(const Source& src, const json& v, const std::string& pointer,
                                       const std::vector<std::string>& choices);
// An array (possibly required to be non-empty); nullptr and a diagnostic otherwise.
const json* read_array(const Source& src, const json& v, const std::string& pointer, bool non_empty);
// An object; nullptr and "expected <what> (a JSON object), found ..." otherwise. Its keys are not
// checked: for objects whose valid keys depend on one of their values (see reject_unknown).
const json* read_object(const Source& src, const json& v, const std::string& pointer, const std::string& what);
// Reports each key of `obj` not in `allowed`: "unknown key \"x\" in <what>; did you mean ...".
void reject_unknown(const Source& src, const json& obj, const std::string& pointer,
                    const std::vector<std::string>& allowed, const std::string& what);
// The member `key` of `obj`, or nullptr when absent or when `obj` is not an object.
const json* member(const json& obj, const std::string& key);

// One JSON object and the keys it may hold, given by its section's key table. read(key, out) takes the
// key's type, unit, sign, range and need from the table; a key missing from the table, or read as the
// wrong type, is a programming error (std::logic_error), which every test that reaches the read finds.
class Fields {
 public:
  // Reports a non-object (`what` names it in the message: "a VSF", "the grid") and each key not in the
  // table, with the nearest key of the table suggested.
  Fields(const Source& src, const json& value, std::string pointer, const KeyTable& table, const std::string& what);
  bool ok() const { return obj_ != nullptr; }
  const std::string& pointer() const { return pointer_; }
  std::string at(const std::string& key) const;   // pointer of a key of this object
  const json* get(const std::string& key) const;  // the value, or nullptr when absent (or not an object)
  bool has(const std::string& key) const { return get(key) != nullptr; }
  // The value of a key the section reads itself (custom, array, object): nullptr when absent, and
  // "missing required key" when the table says it is required.
  const json* value(const std::string& key) const;
  const KeySpec& spec(const std::string& key) const;

  // Each returns true when the key is present and valid, having stored the value in `out`; on absence
  // (optional) or error, `out` keeps its default.
  bool read(const std::string& key, double& out) const;       // a quantity, or a number
  bool read(const std::string& key, int& out) const;          // an integer
  bool read(const std::string& key, bool& out) const;         // a boolean
  bool read(const std::string& key, std::string& out) const;  // a string (non-empty unless kind text)
  // A choice, read once into its enum: the names accepted are to_string of `values`, in that order.
  template <typename E, size_t N>
  bool read(const std::string& key, E& out, const std::array<E, N>& values) const;

 private:
  // The readers of each type, with what the table says.
  bool string(const std::string& key, std::string& out, Need need) const;
  bool integer(const std::string& key, int& out, long long min, long long max, Need need) const;
  bool number(const std::string& key, double& out, double min, double max, Need need) const;
  bool boolean(const std::string& key, bool& out, Need need) const;
  bool quantity(const std::string& key, Quantity q, Sign sign, double& out, Need need) const;
  bool choice(const std::string& key, std::string& out, const std::vector<std::string>& choices, Need need) const;
  const json* lookup(const std::string& key, Need need) const;
  const KeySpec& spec(const std::string& key, ValueKind kind) const;

  const Source& src_;
  const json* obj_ = nullptr;
  std::string pointer_;
  const KeyTable* table_ = nullptr;
};

template <typename E, size_t N>
bool Fields::read(const std::string& key, E& out, const std::array<E, N>& values) const {
  std::vector<std::string> names;
  for (E e : values) names.emplace_back(to_string(e));
  std::string name;
  if (!choice(key, name, names, spec(key, ValueKind::Choice).need)) return false;
  for (E e : values)
    if (name == to_string(e)) {
      out = e;
      return true;
    }
  return false;  // not reached: choice accepts only these names
}

// The keys of a table, in its order (the list unknown keys are checked against).
std::vector<std::string> key_names(const KeyTable& table);

// Largest counts we accept for CPUs, ports and the like: beyond any grid a simulation can hold, and far
// from int overflow when counts are summed.
constexpr long long kMaxCount = 1000000;

}  // namespace vsf
