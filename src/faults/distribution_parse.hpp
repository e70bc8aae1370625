// Reading a fault distribution from JSON (see scenarios/README.md, "faults"). Internal to src/faults/.
#pragma once

#include <optional>
#include <string>

#include "faults/json_read.hpp"
#include "model/faults_spec.hpp"

namespace vsf::faults::detail {

// A duration string (a constant) or a distribution object; nullopt after a diagnostic. Draws of every
// distribution it returns are >= 0.
std::optional<Distribution> read_distribution(const Reader& reader, const json& v, const std::string& pointer);

}  // namespace vsf::faults::detail
