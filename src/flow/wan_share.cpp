// The WAN links' shared bandwidth (see wan_share.hpp).
#include "flow/wan_share.hpp"

#include <algorithm>

namespace vsf::flow {

void add_path_load(WanLoads& load, const std::vector<WanHop>& path, bool along, double Bps) {
  for (const WanHop& h : path) load[static_cast<size_t>(h.link)][static_cast<size_t>(hop_direction(h, along))] += Bps;
}

bool path_cut(const std::vector<WanHop>& path, const std::vector<WanLinkState>& links) {
  for (const WanHop& h : path)
    if (links[static_cast<size_t>(h.link)].down) return true;
  return false;
}

WanWay wan_way(const std::vector<WanHop>& path, bool along, const std::vector<WanLinkState>& links,
               const WanLoads& load) {
  WanWay w;
  for (const WanHop& h : path) {
    const WanLinkState& l = links[static_cast<size_t>(h.link)];
    const double rho =
        load[static_cast<size_t>(h.link)][static_cast<size_t>(hop_direction(h, along))] / l.bandwidth_Bps;
    w.rho = std::max(w.rho, rho);
    w.spare_Bps = std::min(w.spare_Bps, l.bandwidth_Bps * (1 - std::min(rho, kSaturatedRho)));
  }
  return w;
}

double ps_transfer_s(double bytes, double bandwidth_Bps, double rho) {
  if (bytes <= 0) return 0;
  return bytes / (bandwidth_Bps * (1 - std::min(rho, kSaturatedRho)));
}

}  // namespace vsf::flow
