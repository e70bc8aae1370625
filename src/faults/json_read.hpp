// Checked reads of the `faults` JSON for fault_parse.cpp: every read names its JSON pointer and reports
// wrong types, bad units and out-of-range values into Diagnostics instead of throwing; objects are
// opened with the keys they accept, so unknown keys are rejected with the nearest valid key suggested.
// (src/scenario has its own readers, but faults cannot depend on the loader that will call it.)
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "util/errors.hpp"

namespace vsf::faults::detail {

using nlohmann::json;

enum class Sign { non_negative, positive };

class Reader {
 public:
  Reader(std::string file, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {}
  const std::string& file() const { return file_; }
  void error(const std::string& pointer, const std::string& message) const { diags_.add(file_, pointer, message); }

  // The object, or nullptr after "expected <what> (a JSON object), found ..."; each key not in
  // `allowed` is reported as unknown.
  const json* object(const json& v, const std::string& pointer, const std::vector<std::string>& allowed,
                     const std::string& what) const;
  // The same without the key check, for objects whose keys depend on one of their values.
  const json* object(const json& v, const std::string& pointer, const std::string& what) const;
  // Reports every key of `obj` that is not in `allowed` ("unknown key \"x\" in <what>; did you mean ...").
  void reject_unknown(const json& obj, const std::string& pointer, const std::vector<std::string>& allowed,
                      const std::string& what) const;
  const json* array(const json& v, const std::string& pointer, bool non_empty) const;

  std::optional<std::string> string(const json& v, const std::string& pointer) const;  // non-empty
  std::optional<std::string> choice(const json& v, const std::string& pointer,
                                    const std::vector<std::string>& choices) const;
  std::optional<long long> integer(const json& v, const std::string& pointer, long long min, long long max) const;
  std::optional<uint64_t> uint64(const json& v, const std::string& pointer) const;
  std::optional<double> number(const json& v, const std::string& pointer, double min, double max,
                               bool min_exclusive) const;
  std::optional<double> duration(const json& v, const std::string& pointer, Sign sign) const;

 private:
  std::string file_;
  Diagnostics& diags_;
};

// The member of an object, or nullptr (also when `obj` is not an object).
const json* member(const json& obj, const std::string& key);

}  // namespace vsf::faults::detail
