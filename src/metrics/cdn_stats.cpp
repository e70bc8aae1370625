// summary.json's "cdn" (see cdn_stats.hpp).
#include "metrics/cdn_stats.hpp"

namespace vsf {

namespace {

using ojson = nlohmann::ordered_json;

ojson ratio_or_null(double num, double den) { return den > 0 ? ojson(num / den) : ojson(nullptr); }

}  // namespace

nlohmann::ordered_json cdn_json(const std::vector<CdnTallies>& cdns, double duration_s) {
  ojson out = ojson::array();
  for (const CdnTallies& c : cdns) {
    ojson edges = ojson::array();
    double carried = 0, extra = 0, bytes = 0;
    for (const CdnEdgeTally& e : c.edges) {
      carried += e.misses - e.lost;
      extra += e.miss_extra_s;
      bytes += e.wan_bytes;
      edges.push_back({{"name", e.name},
                       {"site", e.site},
                       {"requests", e.offered},
                       {"hit_ratio", ratio_or_null(e.hits, e.offered)},
                       {"misses", e.misses},
                       {"misses_lost", e.lost},
                       {"wan_gb", e.wan_bytes / 1e9},
                       {"miss_price_ms", ratio_or_null(1000 * e.miss_extra_s, e.misses - e.lost)}});
    }
    out.push_back({{"name", c.name},
                   {"origin_site", c.site},
                   {"origin",
                    {{"requests", c.origin_offered},
                     {"mean_rps", ratio_or_null(c.origin_offered, duration_s)},
                     {"wan_gb", bytes / 1e9}}},
                   {"miss_price_ms", ratio_or_null(1000 * extra, carried)},
                   {"edges", std::move(edges)}});
  }
  return out;
}

}  // namespace vsf
