// Reading a fault distribution from JSON (see scenarios/README.md, "faults"). Internal to src/faults/.
#pragma once

#include <optional>
#include <string>

#include "model/faults_spec.hpp"
#include "util/json_fields.hpp"

namespace vsf::faults::detail {

// A duration string (a constant) or a distribution object; nullopt after a diagnostic. Draws of every
// distribution it returns are >= 0.
std::optional<Distribution> read_distribution(const Source& src, const json& v, const std::string& pointer);

// The faults section's two common reads, in util/json_fields' words: a name (a non-empty string) and a
// time (a duration >= 0).
std::optional<std::string> read_name(const Source& src, const json& v, const std::string& pointer);
std::optional<double> read_time(const Source& src, const json& v, const std::string& pointer);

}  // namespace vsf::faults::detail
