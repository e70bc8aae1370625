// Helpers of the scenario tests that load inline documents: every error of a load as
// "pointer: message" lines, and lookups in them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scenario/loader.hpp"
#include "util/errors.hpp"

namespace vsf::test {

// Every diagnostic of loading `doc` as if it were the file `file` (empty when it loads).
inline std::vector<std::string> load_errors(const std::string& file, const nlohmann::json& doc) {
  try {
    (void)load_scenario_json(file, doc.dump());
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics().items()) out.push_back(d.pointer + ": " + d.message);
    return out;
  }
  return {};
}

// One per line, for a failure message.
inline std::string join(const std::vector<std::string>& errors) {
  std::string out;
  for (const auto& e : errors) out += e + "\n";
  return out;
}

// Some error contains `needle`.
inline bool has(const std::vector<std::string>& errors, const std::string& needle) {
  for (const auto& e : errors)
    if (e.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace vsf::test
