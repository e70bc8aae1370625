// summary.json's "cdn" (issue 14 §3): per CDN VSF, each edge's hit ratio over the run, the origin's load
// and the response-time price of a miss. Only when the scenario has a CDN.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vsf {

struct CdnEdgeTally {
  std::string name, site;
  double offered = 0;       // requests offered to the edge
  double hits = 0;          // of which its caches served (offered x h(n) over time)
  double misses = 0;        // of which missed the caches
  double lost = 0;          // of the misses, lost on the WAN (a failed link on the path, or above saturation)
  double wan_bytes = 0;     // the other misses' request and response bytes on the WAN
  double miss_extra_s = 0;  // summed over misses: the WAN round trip plus the origin's response
};

struct CdnTallies {
  std::string name, site;  // the CDN (its origin VSF) and the origin's site
  double origin_offered = 0;
  std::vector<CdnEdgeTally> edges;
};

// [{name, origin_site, origin: {requests, mean_rps, wan_gb}, miss_price_ms, edges: [{name, site, requests,
// hit_ratio, misses, misses_lost, wan_gb, miss_price_ms}]}]: hit_ratio = hits / requests, miss_price_ms = mean
// added per miss carried (null with none), wan_gb = bytes / 1e9 (the origin's: its edges' sum).
nlohmann::ordered_json cdn_json(const std::vector<CdnTallies>& cdns, double duration_s);

}  // namespace vsf
