// A CDN's misses on the WAN (see cdn_wan.hpp).
#include "flow/cdn_wan.hpp"

#include <algorithm>
#include <cmath>

namespace vsf::flow {

namespace {

bool cut(const EdgeMisses& e, const std::vector<WanLinkState>& links) { return !e.routed || path_cut(e.path, links); }

}  // namespace

void add_miss_loads(WanLoads& load, const std::vector<EdgeMisses>& edges, const std::vector<WanLinkState>& links) {
  for (const EdgeMisses& e : edges) {
    if (cut(e, links)) continue;  // its misses never reach the WAN
    add_path_load(load, e.path, true, e.rate * e.request_bytes);
    add_path_load(load, e.path, false, e.rate * e.response_bytes);
  }
}

std::vector<EdgeWan> solve_wan(const std::vector<EdgeMisses>& edges, const std::vector<WanLinkState>& links,
                               const WanLoads& background) {
  WanLoads load = background.empty() ? WanLoads(links.size(), {0.0, 0.0}) : background;
  add_miss_loads(load, edges, links);
  std::vector<EdgeWan> out(edges.size());
  for (size_t i = 0; i < edges.size(); ++i) {
    const EdgeMisses& e = edges[i];
    EdgeWan& o = out[i];
    if (cut(e, links)) {
      o.cut = true;
      o.lost_share = 1;
      continue;
    }
    for (const WanHop& h : e.path) o.round_trip_s += 2 * links[static_cast<size_t>(h.link)].latency_s;
    const WanWay in = wan_way(e.path, true, links, load), back = wan_way(e.path, false, links, load);
    o.rho_request = in.rho;
    o.rho_response = back.rho;
    const double rho = std::max(in.rho, back.rho);
    o.lost_share = rho > 1 ? 1 - 1 / rho : 0;
    o.request_s = e.request_bytes > 0 && std::isfinite(in.spare_Bps) ? e.request_bytes / in.spare_Bps : 0;
    o.response_s = e.response_bytes > 0 && std::isfinite(back.spare_Bps) ? e.response_bytes / back.spare_Bps : 0;
  }
  return out;
}

}  // namespace vsf::flow
