// What a flow-fidelity VSF is at this moment, as the queueing models read it (flow/vsf_flow.hpp): its
// stages' servers, service times and message times, from the World and the SimGrid platform.
#pragma once

#include "flow/vsf_flow.hpp"
#include "sim/engine/world.hpp"

namespace vsf::sim {

// The VSF offered `rate` requests/s now.
flow::VsfFlowInput flow_input(const World& w, const VsfRuntime& v, double rate);

}  // namespace vsf::sim
