// A CDN in flow fidelity (model/cdn_spec.hpp, flow/cdn.hpp, flow/cdn_wan.hpp): the origin's offered rate is
// its edges' misses that reach it, read at each of its rate steps (flow.resolution) and again whenever an
// edge's serving cache CPUs, rate or WAN path change; an edge's answered misses pay the WAN both ways (latency
// and their bytes at the WAN links' processor-sharing rate, loaded by every CDN edge's misses and the lent
// servers' traffic (lent_wan.hpp)) plus the
// origin's response. Misses whose WAN path has a failed link are lost to the fault at the edge, those above a
// saturated link's capacity are dropped there; neither enters the edge's tier nor reaches the origin. The
// origin's own requests enter at its site's Internet host (the WAN is paid at the edge).
#pragma once

#include "flow/cdn_wan.hpp"
#include "flow/vsf_flow.hpp"
#include "sim/engine/world.hpp"

namespace vsf::sim {

struct FlowRuntime;

// What an edge or an origin counted for summary.json's "cdn".
struct CdnTally {
  double hit_ratio = 0;         // an edge's h(n) at its last solve
  double lost_share = 0;        // of its misses, lost on the WAN (cut off or above saturation) at that solve
  double miss_rate = -1;        // misses/s it offered the WAN at that solve (-1: never solved)
  bool remote = false;          // an edge at another site than its origin's (its misses cross the WAN)
  double extra_per_miss_s = 0;  // WAN both ways + the origin's mean response, at the last draw
  bool no_clients = false;      // an edge behind its site's failed uplink at its last solve: no request arrives
};                              // its counts: VsfRuntime::cdn

bool is_cdn(const VsfRuntime& v);
// Every CDN edge's misses offered to the WAN now (all CDNs: they share the WAN links).
std::vector<flow::EdgeMisses> cdn_misses(const World& w);
// The origin's offered rate from t, held until `until` (brought forward to any edge's rate break, start or end).
double cdn_origin_rate(const World& w, const VsfRuntime& origin, double t, double& until);
// An edge's misses the WAN cannot carry, set in its flow input before the solve; true when the WAN load it
// offers changed (the other edges share the links: solve them again).
bool cdn_edge_input(const World& w, FlowRuntime& f, flow::VsfFlowInput& in);
// An edge's response samples (f.response) with its misses' extra time; returns the mean added per request.
double cdn_edge_misses(const World& w, FlowRuntime& f);
// Counts an interval's offered requests of an edge (hits and misses) or an origin.
void cdn_count(FlowRuntime& f, double offered);
// summary.json's "cdn", at the end of the run (nothing without a CDN).
void report_cdn(World& w);

}  // namespace vsf::sim
