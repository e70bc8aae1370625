// Parsing a scenario's `faults` section into a FaultSpec. Strict, like the rest of the scenario: unknown
// keys are rejected with the nearest valid key suggested, wrong types and units are reported with their
// JSON pointer, and every problem is collected into Diagnostics (nothing is thrown, whatever the JSON).
// CSV distributions are read here, relative to the scenario file's folder.
//
// Target names cannot be checked until the grid is known: the loader calls check_fault_targets (in
// fault_targets.hpp) once it has built the CPU names, control-plane hosts, switches, arrays and VSFs.
// The format is documented in scenarios/README.md ("faults").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "model/faults_spec.hpp"
#include "util/errors.hpp"

namespace vsf::faults {

// `j` is the value of the "faults" key, found at `pointer` ("/faults") in `file` (the scenario file,
// also the base for CSV paths). The returned spec holds whatever parsed; use it only when no diagnostic
// was added.
FaultSpec parse_faults(const nlohmann::json& j, const std::string& file, const std::string& pointer,
                       Diagnostics& diags);

// A distribution object ({"dist": "weibull", ...}) or a duration string (a constant); nullopt after a
// diagnostic. Exposed for tests and for other sections that may want random durations.
std::optional<Distribution> parse_distribution(const nlohmann::json& j, const std::string& file,
                                               const std::string& pointer, Diagnostics& diags);

}  // namespace vsf::faults
