// The data plane: a traffic generator per VSF and one lightweight actor per request.
//
// A request is born on the "internet" host (with sites: its VSF's home site's) at a Poisson arrival time
// and walks the VSF (a server lent from another site is reached, and answers, across the WAN):
//   internet -> LB (uplink; the LB role's CPU work on the LB) -> tier 0 server -> [tier 1 ... each
//   `calls` times per visit of the previous tier] -> responses back along the same path -> internet.
// At each tier it obtains a core (dispatch.hpp: drop on a full queue, give up at the deadline), receives
// the tier role's request_bytes from its caller, executes the role's work (exponential or constant, from
// the VSF's seeded stream) on that server, reads the role's san_bytes from the VSF's storage array over
// the SAN (disk read and SAN transfer together), frees the core, makes its calls to the next tier, and
// sends response_bytes back. The client's own request/response over the uplink carry tier 0's sizes.
// A zero-byte message is not simulated at all (no latency either), so a scenario with zero sizes and
// zero work on the LB is a pure queueing model.
// Per tier (timeseries.csv tier rows): recorder.tier_visit when the request leaves its caller for the
// tier, recorder.tier_done when its work there (with its SAN read) is done; the LB is no tier.
// Outcome: served (recorder.served with the response time) if answered by the deadline (arrival +
// timeout), timed out if answered later or abandoned in a queue at the deadline, dropped if a queue was
// full or no server (or no LB) was serving; dropped by fault (recorder.dropped_by_fault, also counted as
// dropped) if a host or link failed under it, its server failed while it waited, its VSF's storage was
// down at its SAN read, its site's uplink was down at its arrival, or no server could take it while its VSF is
// in a fault outage (sim/faults/fault_dataplane.hpp).
// Crash semantics: request actors live on the internet host, which never fails; a failure of a server
// or link under a request surfaces as a SimGrid exception, caught at the tier where it happened so the
// request gives back the cores and server slots it holds. The fault checks are flag tests: a request
// does no more work than before while nothing fails.
#pragma once

#include "sim/engine/world.hpp"

namespace vsf::sim {

// Starts the VSF's traffic generator (an actor on the internet host) at the VSF's start time.
void start_traffic(World& w, VsfRuntime& v);

}  // namespace vsf::sim
