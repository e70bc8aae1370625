// A CDN's misses on the WAN (see cdn_wan.hpp).
#include "flow/cdn_wan.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace vsf::flow {

namespace {

// Offered bytes/s per link direction: [link][0] a to b, [link][1] b to a.
using Loads = std::vector<std::array<double, 2>>;

bool cut(const EdgeMisses& e, const std::vector<WanLinkState>& links) {
  if (!e.routed) return true;
  for (const WanHop& h : e.path)
    if (links[static_cast<size_t>(h.link)].down) return true;
  return false;
}

// The request's direction on hop h (0: a to b), and the response's.
int request_dir(const WanHop& h) { return h.forward ? 0 : 1; }
int response_dir(const WanHop& h) { return h.forward ? 1 : 0; }

// One way of a path: its most loaded link direction's rho and the tightest spare bandwidth.
struct Way {
  double rho = 0;
  double spare_Bps = INFINITY;
};

Way way(const EdgeMisses& e, const std::vector<WanLinkState>& links, const Loads& load, bool request) {
  Way w;
  for (const WanHop& h : e.path) {
    const WanLinkState& l = links[static_cast<size_t>(h.link)];
    const double rho = load[static_cast<size_t>(h.link)][request ? request_dir(h) : response_dir(h)] / l.bandwidth_Bps;
    w.rho = std::max(w.rho, rho);
    w.spare_Bps = std::min(w.spare_Bps, l.bandwidth_Bps * (1 - std::min(rho, kSaturatedRho)));
  }
  return w;
}

}  // namespace

double ps_transfer_s(double bytes, double bandwidth_Bps, double rho) {
  if (bytes <= 0) return 0;
  return bytes / (bandwidth_Bps * (1 - std::min(rho, kSaturatedRho)));
}

std::vector<EdgeWan> solve_wan(const std::vector<EdgeMisses>& edges, const std::vector<WanLinkState>& links) {
  Loads load(links.size(), {0.0, 0.0});
  for (const EdgeMisses& e : edges) {
    if (cut(e, links)) continue;  // its misses never reach the WAN
    for (const WanHop& h : e.path) {
      load[static_cast<size_t>(h.link)][static_cast<size_t>(request_dir(h))] += e.rate * e.request_bytes;
      load[static_cast<size_t>(h.link)][static_cast<size_t>(response_dir(h))] += e.rate * e.response_bytes;
    }
  }
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
    const Way in = way(e, links, load, true), back = way(e, links, load, false);
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
