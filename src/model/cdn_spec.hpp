// A content distribution VSF (issue 14 §3; patent "A distributed VSF as part of a content distribution
// network"): a caching tier spread over sites, each site's caches serving its regions' traffic at a hit
// ratio, the misses going over the WAN to the origin tier at the VSF's home site.
//
// The loader expands a CDN VSF N into plain VSFs: the origin "N" (the origin tier alone, at N's site, its
// traffic the edges' misses) and one edge "N@<site>" per site its regions name (the cache tier alone, that
// site's regions' traffic). Each scales with its own policy from its own site's pool.
#pragma once

#include <string>
#include <vector>

#include "model/traffic_spec.hpp"

namespace vsf {

// The cache hit ratio of an edge serving with n CPUs: h(n) = max * n / (n + cpus_for_half), a saturating
// cache-size curve (more CPUs hold more of the working set); cpus_for_half = 0: the constant max. No serving
// CPU: no hit.
struct HitRatio {
  double max = 0;
  double cpus_for_half = 0;
  double at(double n) const { return n <= 0 ? 0 : cpus_for_half <= 0 ? max : max * n / (n + cpus_for_half); }
};

struct CdnRegion {
  std::string name;
  int site = 0;  // the region's nearest site (index into Grid::sites)
  std::vector<TrafficComponent> traffic;
};

struct CdnSpec {
  std::vector<CdnRegion> regions;
  HitRatio hit_ratio;
};

}  // namespace vsf
