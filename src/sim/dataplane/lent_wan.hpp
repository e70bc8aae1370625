// Lent servers' traffic on the WAN in flow fidelity (issue 14 §2): a flow VSF's visits to a server lent from
// another site cross the WAN both ways, and share each WAN link direction (flow/wan_share.hpp) with the other
// flow VSFs' lent traffic and the CDN edges' misses (cdn_flow.hpp).
//
// A VSF's load on a link direction is its stages' offered visits (the offered rate times the calls up to the
// stage, before any drop, as the CDN counts its offered misses) times their lent share (StageInput::
// remote_share) times the bytes crossing it: the request one way, the response and, over a bridged SAN, the
// SAN read (array -> lent CPU) the other; a path with a failed link carries none. It is set whenever the VSF
// is solved (price_lent) and kept, with the VSF listed in World::wan_lenders, until its next solve.
//
// A lent visit's messages pay the WAN at the PS rate: their bytes at min(the route's other links and TCP
// window, the path's tightest min C (1 - rho)), rho = (every lender's traffic + the CDN misses) / C on that
// direction, capped at kSaturatedRho (above rho = 1 the transfers are priced at the cap and none is lost:
// lent traffic has no loss model). The other VSFs' load is theirs as of their last solve, which is their load
// now: a VSF's load depends on its rate, servers and faults only (never on a price), and when it changes the
// others sharing the WAN are priced again at that instant (flow_dataplane.cpp, reprice_wan_sharers), solved
// again only if their price moved. So no price lags a load, and the re-pricing never cascades.
#pragma once

#include <cmath>
#include <vector>

#include "flow/vsf_flow.hpp"
#include "flow/wan_share.hpp"
#include "sim/engine/world.hpp"

namespace vsf::sim {

struct FlowRuntime;

constexpr double kTcpGammaBytes = 4194304;  // network/TCP-gamma's default window

// One message of a lent visit, as far as the WAN's load sets its time: its route's latency, the bandwidth of
// the route's links but the WAN's (bounded by the TCP window), its bytes and its WAN path from the sender's
// site to the receiver's (the message goes along it).
struct LentLeg {
  double latency_s = 0, local_Bps = INFINITY, bytes = 0;
  std::vector<flow::WanHop> path;
};

LentLeg lent_leg(const World& w, const simgrid::s4u::Host* from, int from_site, const simgrid::s4u::Host* to,
                 int to_site, double bytes);
// The leg's time under `load` (latency + bytes at the bottleneck); 0 for no bytes.
double leg_s(const LentLeg& leg, const std::vector<flow::WanLinkState>& links, const flow::WanLoads& load);

std::vector<flow::WanLinkState> wan_links(const World& w);
// Every lender's load as of its last solve (empty: no lender).
flow::WanLoads lent_loads(const World& w);

// Sets the VSF's load from `in` and prices its stages' lent visits (StageInput::remote_in_s, remote_out_s,
// remote_hold_s) under the WAN's load; true when its load changed (the others sharing the WAN: solve again).
// A VSF with no lent server, before and now, returns at the first check.
bool price_lent(World& w, FlowRuntime& f, flow::VsfFlowInput& in);
// Whether the VSF's lent visits' prices under the WAN's load now differ from those of its last solve (a CDN
// edge: always): a solve that would change nothing is skipped, so that it does not split the accounting.
bool lent_prices_changed(World& w, FlowRuntime& f);

}  // namespace vsf::sim
