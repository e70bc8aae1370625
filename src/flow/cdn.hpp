// A CDN's coupling in flow fidelity (model/cdn_spec.hpp): what its edges' misses offer the origin, and the
// response of a miss (the edge's own time, the WAN both ways, the origin's response).
#pragma once

#include <vector>

#include "model/cdn_spec.hpp"

namespace vsf::flow {

struct EdgeLoad {
  double rate = 0;     // requests/s offered to the edge
  double serving = 0;  // its cache tier's serving CPUs
  HitRatio hit;
};

// Requests/s the origin is offered: the sum over edges of (1 - h_e(n_e)) x rate_e.
double origin_rate(const std::vector<EdgeLoad>& edges);

// Turns an edge's response samples (its own time) into the CDN's: a share `miss` of them, chosen by their
// stratum (sample i is a miss when (i + 1/2) / n < miss; samples come shuffled, so that is a random subset),
// gain wan_rtt_s plus an origin response (origin[i mod size], or origin_mean_s with no origin sample).
// Returns the mean added per request: miss x (wan_rtt_s + origin_mean_s).
double add_misses(std::vector<double>& samples, double miss, double wan_rtt_s, const std::vector<double>& origin,
                  double origin_mean_s);

}  // namespace vsf::flow
