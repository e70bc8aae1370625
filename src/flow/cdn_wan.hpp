// A CDN's misses on the WAN in flow fidelity (issue 14 §3): each miss carries the origin role's request to
// the origin and its response back over the WAN path between the edge's site and the origin's, each link
// direction a processor-sharing server (wan_share.hpp).
//
// Simplifications, each said where the user reads the outputs (scenarios/README.md, cdn):
// - the load of a link direction is the misses of every CDN edge whose path crosses it (offered misses,
//   before any loss) plus a background: the flow VSFs' lent servers' traffic on it (sim/dataplane/lent_wan.hpp);
// - over a path of several links a transfer runs at its tightest link's spare bandwidth and pays the sum of
//   the links' latencies;
// - a link direction above rho = 1 carries only its capacity: the share 1 - 1 / rho of the misses crossing
//   it is lost (the largest such share on the path, either direction), and those it carries see a load of
//   kSaturatedRho (a saturated PS queue has no finite mean: the edge's timeout then decides);
// - a path with a failed link is cut: every miss is lost (routes are static, as the platform's: no detour).
#pragma once

#include <vector>

#include "flow/wan_share.hpp"

namespace vsf::flow {

struct EdgeMisses {
  std::vector<WanHop> path;  // from the edge's site to the origin's (empty: same site): the request goes along
  bool routed = true;        // a path exists at all
  double rate = 0;           // misses/s offered to the WAN
  double request_bytes = 0, response_bytes = 0;
};

struct EdgeWan {
  double lost_share = 0;                     // of its misses: lost to a failed link (1) or to saturation
  bool cut = false;                          // lost to a failed link
  double round_trip_s = 0;                   // the path's latency both ways
  double request_s = 0;                      // mean transfer of a miss's request bytes (beyond latency), under load
  double response_s = 0;                     // the same for its response
  double rho_request = 0, rho_response = 0;  // the most loaded link direction each way (offered load)
  double wan_s() const { return round_trip_s + request_s + response_s; }
};

// The edges' offered misses on the WAN's link directions (those of a cut path never reach it), added to `load`.
void add_miss_loads(WanLoads& load, const std::vector<EdgeMisses>& edges, const std::vector<WanLinkState>& links);

// Every edge's misses on the WAN at once (the edges load each other's links), over `background` (bytes/s per
// link direction that other traffic puts on them; empty: none).
std::vector<EdgeWan> solve_wan(const std::vector<EdgeMisses>& edges, const std::vector<WanLinkState>& links,
                               const WanLoads& background = {});

}  // namespace vsf::flow
