// What a flow-fidelity VSF is at this moment, as the queueing models read it (flow/vsf_flow.hpp): its
// stages' servers, service times and message times, from the World and the SimGrid platform.
#pragma once

#include <vector>

#include "flow/vsf_flow.hpp"
#include "sim/dataplane/lent_wan.hpp"
#include "sim/engine/world.hpp"

namespace vsf::sim {

// Message times of a stage (a route lookup each), kept while its caller and first server stay the same.
struct StageRoutes {
  const simgrid::s4u::Host* from = nullptr;
  const simgrid::s4u::Host* to = nullptr;
  double in_s = 0, out_s = 0, san_s = 0;
  double speed = 0;           // the first server's speed per core, flop/s
  double watts_per_core = 0;  // its power above idle per busy core: (peak - idle) / cores
  int storage = -1;
  // Lent servers (sites): the first one, and its messages (request, response, SAN read from its data
  // array, whose disk takes lent_disk_s), priced under the WAN's load at each solve (lent_wan.hpp).
  const simgrid::s4u::Host* remote = nullptr;
  LentLeg lent_in, lent_out, lent_san;
  double lent_disk_s = 0;
};

// The VSF offered `rate` requests/s now. `routes` (one per stage, sized here) caches message times. Lent
// visits' extra times are left to price_lent (lent_wan.hpp).
flow::VsfFlowInput flow_input(const World& w, const VsfRuntime& v, double rate, std::vector<StageRoutes>& routes);
// The same into `in`, whose vectors keep their capacity: a data-centre day solves flows tens of millions
// of times, and each fresh input was two allocations (and more with several stages).
void flow_input(const World& w, const VsfRuntime& v, double rate, std::vector<StageRoutes>& routes,
                flow::VsfFlowInput& in);

}  // namespace vsf::sim
