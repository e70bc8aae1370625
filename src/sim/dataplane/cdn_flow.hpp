// A CDN in flow fidelity (model/cdn_spec.hpp, flow/cdn.hpp): the origin's offered rate is its edges' misses,
// read at each of its rate steps (flow.resolution) and again whenever an edge's serving cache CPUs change; an
// edge's answered requests pay, for the misses, the WAN round trip between its site and the origin's plus the
// origin's response. The origin's own requests enter at its site's Internet host (the WAN is paid at the edge).
#pragma once

#include "sim/engine/world.hpp"

namespace vsf::sim {

struct FlowRuntime;

// What an edge or an origin counted for summary.json's "cdn".
struct CdnTally {
  double hit_ratio = 0;         // an edge's h(n) at its last draw
  double extra_per_miss_s = 0;  // WAN round trip + the origin's mean response, at that draw
  double offered = 0, hits = 0, misses = 0, miss_extra_s = 0;
};

// The origin's offered rate from t, held until `until` (brought forward to any edge's rate break, start or end).
double cdn_origin_rate(const World& w, const VsfRuntime& origin, double t, double& until);
// An edge's response samples (f.response) with its misses' extra time; returns the mean added per request.
double cdn_edge_misses(const World& w, FlowRuntime& f);
// Counts an interval's offered requests of an edge (hits and misses) or an origin.
void cdn_count(FlowRuntime& f, double offered);
// summary.json's "cdn", at the end of the run (nothing without a CDN).
void report_cdn(World& w);

}  // namespace vsf::sim
