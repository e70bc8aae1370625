// Decommissioned VSFs (issue 13 §1): a VSF's `end`, or a decommission order carried out. One actor on the
// fabric host (which never fails, so a decommission is never lost to a control-plane crash) acts at each
// VSF's end_s: its traffic has stopped by then (the generators read end_s), it no longer exists for its
// farm manager (VsfRuntime::ended: no policy, demand or ticks), every CPU it holds leaves through the
// normal lifecycle (serving ones: the release, drained; the LB and CPUs still joining, or granted and not
// yet joining: the eviction), its account and metrics close at end_s, and the registry drops it from its
// farm manager; a farm manager left with no VSF is stopped and leaves the registry, so the master's
// keep_slave_count may remove a slave left with no farm manager (`slave_removed`). The registry edit is
// the master's bookkeeping of a customer's order and is not charged a registry write.
// A decommission order whose VSF was never built, was refused for want of pool, or had already ended ends
// with order_nothing_to_end at the time it would have been carried out.
#pragma once

#include "sim/managers/control_plane_runtime.hpp"

namespace vsf::sim {

// Each VSF's decommission is its own segment's (World::control_planes, by the VSF's site).
void start_decommissions(World& w);

}  // namespace vsf::sim
