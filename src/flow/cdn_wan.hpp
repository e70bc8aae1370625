// A CDN's misses on the WAN in flow fidelity (issue 14 §3): each miss carries the origin role's request to
// the origin and its response back over the WAN path between the edge's site and the origin's. Each
// direction of a WAN link is a processor-sharing server of its bandwidth (TCP flows share a link about
// equally), so a transfer of b bytes over a link of bandwidth C at load rho takes b / (C (1 - rho)) on
// average, the mean sojourn of M/G/1-PS (Kleinrock 1976, §4.4: insensitive to the size distribution).
//
// Simplifications, each said where the user reads the outputs (scenarios/README.md, cdn):
// - the load of a link direction is the misses of every CDN edge whose path crosses it (offered misses,
//   before any loss); the flow traffic of lent servers crossing it is not counted;
// - over a path of several links a transfer runs at its tightest link's spare bandwidth, min C (1 - rho)
//   (a TCP flow's rate is set by its bottleneck), and pays the sum of the links' latencies;
// - a link direction above rho = 1 carries only its capacity: the share 1 - 1 / rho of the misses crossing
//   it is lost (the largest such share on the path, either direction), and those it carries see a load of
//   kSaturatedRho (a saturated PS queue has no finite mean: the edge's timeout then decides);
// - a path with a failed link is cut: every miss is lost (routes are static, as the platform's: no detour).
#pragma once

#include <vector>

namespace vsf::flow {

// The load a saturated link direction's carried misses see.
constexpr double kSaturatedRho = 0.99;

// One hop of a miss's path: WAN link `link`, crossed by the request from its end a to b (`forward`) or b to a.
struct WanHop {
  int link = 0;
  bool forward = true;
};

struct WanLinkState {
  double bandwidth_Bps = 0;  // per direction (split duplex)
  double latency_s = 0;      // one way
  bool down = false;
};

struct EdgeMisses {
  std::vector<WanHop> path;  // from the edge's site to the origin's (empty: same site)
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

// Mean PS sojourn of `bytes` on a link of `bandwidth_Bps` at load rho (< 1): bytes / (bandwidth (1 - rho)).
double ps_transfer_s(double bytes, double bandwidth_Bps, double rho);

// Every edge's misses on the WAN at once (the edges load each other's links).
std::vector<EdgeWan> solve_wan(const std::vector<EdgeMisses>& edges, const std::vector<WanLinkState>& links);

}  // namespace vsf::flow
