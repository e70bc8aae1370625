// A CDN's coupling in flow fidelity (see cdn.hpp).
#include "flow/cdn.hpp"

namespace vsf::flow {

double origin_rate(const std::vector<EdgeLoad>& edges) {
  double r = 0;
  for (const EdgeLoad& e : edges) r += (1 - e.hit.at(e.serving)) * e.rate;
  return r;
}

double add_misses(std::vector<double>& samples, double miss, double wan_rtt_s, const std::vector<double>& origin,
                  double origin_mean_s) {
  const size_t n = samples.size();
  for (size_t i = 0; i < n; ++i) {
    if ((static_cast<double>(i) + 0.5) / static_cast<double>(n) >= miss) continue;
    samples[i] += wan_rtt_s + (origin.empty() ? origin_mean_s : origin[i % origin.size()]);
  }
  return miss * (wan_rtt_s + origin_mean_s);
}

}  // namespace vsf::flow
