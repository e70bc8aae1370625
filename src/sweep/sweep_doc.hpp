// sweep.json: the expanded sweep (every run's seed and --set values), the base scenario's path and sha256,
// the sweep file's contents and the vsfsim version, so a sweep can be reproduced and audited. It is also
// the resume check: a rerun into the same DIR may only add points or replications.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sweep/expand.hpp"

namespace vsf::sweep {

nlohmann::ordered_json sweep_document(const SweepSpec& spec, const Expanded& expanded, const std::string& version);

// Throws InputError (naming DIR/sweep.json and what changed: a run whose seed or values differ, a run or
// point that is gone, another scenario) unless `now` only adds to `before`.
void check_compatible(const nlohmann::json& before, const nlohmann::ordered_json& now, const std::string& dir);

// The runs recorded in a sweep.json (for --collect and for Slurm array tasks, which read only DIR).
Expanded runs_of(const nlohmann::json& doc);

}  // namespace vsf::sweep
