// A tier's queue as its VSF's application sees it (the customer API's rules read it: customer_api.hpp):
// the requests waiting for a core at the tier's CPUs, whatever the fidelity, so a reader need not know it.
#pragma once

#include "sim/engine/world.hpp"

namespace vsf::sim {

// Requests waiting at tier k of `v` now. Request fidelity: the tier's shared FIFO and every server's own FIFO
// (draining servers' too: they still serve what they hold), counted. Flow fidelity: the stage's expected
// waiting visits: its fluid backlog in overload, else admitted rate x mean wait (Little's law), after
// accounting the flow up to now.
double tier_queue(World& w, VsfRuntime& v, int k);

}  // namespace vsf::sim
