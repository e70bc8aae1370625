// The scenario's scheduled administrative actions ("add"/"remove", a named CPU or a count): the
// operator's direct commands (the patent's privileged Web page). One actor on the fabric host applies
// them in time order with the allocation and lifecycle code the farm managers use, without the master's
// arbitration; an action that cannot apply (no such VSF yet, tier at its min or max, CPU not idle or not
// serving) is an action_rejected event. The actor runs on the fabric host, which never fails.
// src/sim/managers/ holds the control plane's actors (SimGrid); their plain rules are in src/control/.
#pragma once

#include "sim/engine/world.hpp"

namespace vsf::sim {

void start_admin_actions(World& w);

}  // namespace vsf::sim
