// The WAN links' shared bandwidth in flow fidelity (issue 14 §2, §3), for every kind of traffic that crosses
// them: a CDN edge's misses (cdn_wan.hpp) and a lent server's messages (sim/dataplane/lent_wan.hpp). Each
// direction of a WAN link is a processor-sharing server of its bandwidth C (TCP flows share a link about
// equally), loaded by the bytes/s of everything crossing it that way, rho = load / C; a transfer of b bytes
// then takes b / (C (1 - rho)) on average, the mean sojourn of M/G/1-PS (Kleinrock 1976, §4.4: insensitive
// to the size distribution). Over a path of several links a transfer runs at its tightest link's spare
// bandwidth, min C (1 - rho) (a TCP flow's rate is set by its bottleneck). A link direction at rho >= 1 has no
// finite mean: it is priced at kSaturatedRho, and what is lost above capacity is the caller's to say.
#pragma once

#include <array>
#include <cmath>
#include <vector>

namespace vsf::flow {

// The load a saturated link direction's carried transfers see.
constexpr double kSaturatedRho = 0.99;

// One hop of a path: WAN link `link`, crossed by the path's forward way from its end a to b (`forward`) or
// b to a.
struct WanHop {
  int link = 0;
  bool forward = true;
};

struct WanLinkState {
  double bandwidth_Bps = 0;  // per direction (split duplex)
  double latency_s = 0;      // one way
  bool down = false;
};

// Offered bytes/s per link direction, by link: [0] a to b, [1] b to a.
using WanLoads = std::vector<std::array<double, 2>>;

// The direction (index into WanLoads' pair) hop h is crossed in: along the path's forward way or back.
inline int hop_direction(const WanHop& h, bool along) { return h.forward == along ? 0 : 1; }

// Adds `Bps` on every hop of `path`, crossed along its forward way or back.
void add_path_load(WanLoads& load, const std::vector<WanHop>& path, bool along, double Bps);
bool path_cut(const std::vector<WanHop>& path, const std::vector<WanLinkState>& links);

// One way of a path under load: its most loaded link direction's rho (uncapped) and the tightest spare
// bandwidth, min C (1 - min(rho, kSaturatedRho)) (infinite for an empty path).
struct WanWay {
  double rho = 0;
  double spare_Bps = INFINITY;
};
WanWay wan_way(const std::vector<WanHop>& path, bool along, const std::vector<WanLinkState>& links,
               const WanLoads& load);

// Mean PS sojourn of `bytes` on a link of `bandwidth_Bps` at load rho: bytes / (bandwidth (1 - rho)), rho
// capped at kSaturatedRho.
double ps_transfer_s(double bytes, double bandwidth_Bps, double rho);

}  // namespace vsf::flow
