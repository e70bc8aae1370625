// A policy's "schedule" (any policy type; type "scheduled" is the schedule alone): a table of times at which a
// tier's min and max change, absolute or recurring daily or weekly (the patent's "time period in which the VSF
// must have a minimal amount of server capacity"). The bounds it sets bound the load policy's decisions.
#pragma once

#include <vector>

namespace vsf {

// Filled in by the scheduled-policy work (issue 12).
struct ScheduleSpec {};

}  // namespace vsf
