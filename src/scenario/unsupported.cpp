// Features validated but not simulated yet (see unsupported.hpp).
#include "scenario/unsupported.hpp"

namespace vsf {

Diagnostics unsupported_for_run(const Scenario& scenario) {
  Diagnostics diags;
  // Groups alone make nothing fail, so only events and processes change what a run would mean.
  if (!scenario.faults.empty())
    diags.add(scenario.file, "/faults",
              "fault injection is not simulated yet (validated only); remove the section to run");
  return diags;
}

}  // namespace vsf
