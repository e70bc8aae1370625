// What a scenario may declare and `vsfsim validate` checks, but `vsfsim run` cannot simulate yet. A
// run refuses such a scenario (exit status 2) rather than silently simulating something else than what
// the file says.
#pragma once

#include "scenario/scenario.hpp"
#include "util/errors.hpp"

namespace vsf {

// One diagnostic per unsupported feature in use; empty when the scenario can be run as written.
// Today: a `faults` section with events or processes (fault injection is parsed and validated, but the
// actors do not apply the schedule yet).
Diagnostics unsupported_for_run(const Scenario& scenario);

}  // namespace vsf
