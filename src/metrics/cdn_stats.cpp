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
    double misses = 0, extra = 0;
    for (const CdnEdgeTally& e : c.edges) {
      misses += e.misses;
      extra += e.miss_extra_s;
      edges.push_back({{"name", e.name},
                       {"site", e.site},
                       {"requests", e.offered},
                       {"hit_ratio", ratio_or_null(e.hits, e.offered)},
                       {"misses", e.misses},
                       {"miss_price_ms", ratio_or_null(1000 * e.miss_extra_s, e.misses)}});
    }
    out.push_back(
        {{"name", c.name},
         {"origin_site", c.site},
         {"origin", {{"requests", c.origin_offered}, {"mean_rps", ratio_or_null(c.origin_offered, duration_s)}}},
         {"miss_price_ms", ratio_or_null(1000 * extra, misses)},
         {"edges", std::move(edges)}});
  }
  return out;
}

}  // namespace vsf
