// Reads a sweep file into a SweepSpec: the same checks and messages as a scenario (unknown keys with
// suggestions, wrong types and units, impossible values), every problem at once, each with the file and
// its JSON pointer; throws InputError (exit 2). Checks that need the base scenario (every axis pointer
// and value, applied to it, gives a valid scenario) are done by check_points() in expand.hpp.
#pragma once

#include <string>

#include "sweep/spec.hpp"

namespace vsf::sweep {

SweepSpec load_sweep(const std::string& file);

}  // namespace vsf::sweep
