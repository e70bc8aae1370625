// A CDN in flow fidelity (see cdn_flow.hpp).
#include "sim/dataplane/cdn_flow.hpp"

#include <algorithm>

#include "flow/cdn.hpp"
#include "metrics/cdn_stats.hpp"
#include "sim/dataplane/flow_dataplane.hpp"

namespace vsf::sim {

namespace {

constexpr double kEps = 1e-9;

double serving(const VsfRuntime& edge) {
  return edge.tiers.empty() ? 0 : static_cast<double>(edge.tiers.front().active.size());
}

const VsfRuntime& origin_of(const World& w, const VsfRuntime& edge) {
  return *w.vsfs[static_cast<size_t>(edge.spec->cdn_origin)];
}

}  // namespace

double cdn_origin_rate(const World& w, const VsfRuntime& origin, double t, double& until) {
  for (int e : origin.spec->cdn_edges) {
    const VsfRuntime& ev = *w.vsfs[static_cast<size_t>(e)];
    until = std::min(until, ev.rate.next_break(t + kEps));
    if (t < ev.spec->start_s - kEps) until = std::min(until, ev.spec->start_s);
    if (t < ev.spec->end_s - kEps) until = std::min(until, ev.spec->end_s);
  }
  std::vector<flow::EdgeLoad> loads;
  for (int e : origin.spec->cdn_edges) {
    const VsfRuntime& ev = *w.vsfs[static_cast<size_t>(e)];
    // An edge whose site's uplink is down gets no requests, so it sends the origin no misses.
    const bool live = t >= ev.spec->start_s - kEps && t < ev.spec->end_s - kEps && !w.uplink_down_for(ev);
    loads.push_back({live ? ev.rate.mean_rate(t, until) : 0, serving(ev), ev.spec->hit_ratio});
  }
  return flow::origin_rate(loads);
}

double cdn_edge_misses(const World& w, FlowRuntime& f) {
  const VsfRuntime& edge = *f.v;
  const VsfRuntime& origin = origin_of(w, edge);
  f.cdn.hit_ratio = edge.spec->hit_ratio.at(serving(edge));
  const double rtt = 2 * w.grid.wan_one_way_s(edge.spec->site, origin.spec->site);
  const FlowRuntime* o = origin.flow.get();
  const double origin_mean = o != nullptr ? o->flow.mean_response_s : 0;
  static const std::vector<double> none;
  f.cdn.extra_per_miss_s = rtt + origin_mean;
  return flow::add_misses(f.response, 1 - f.cdn.hit_ratio, rtt, o != nullptr ? o->response : none, origin_mean);
}

void cdn_count(FlowRuntime& f, double offered) {
  const VsfSpec& s = *f.v->spec;
  if (s.cdn_origin < 0 && s.cdn_edges.empty()) return;
  f.cdn.offered += offered;
  if (s.cdn_origin < 0) return;
  const double misses = (1 - f.cdn.hit_ratio) * offered;
  f.cdn.hits += offered - misses;
  f.cdn.misses += misses;
  f.cdn.miss_extra_s += misses * f.cdn.extra_per_miss_s;
}

void report_cdn(World& w) {
  std::vector<CdnTallies> cdns;
  const auto& sites = w.scenario.grid.sites;
  auto site_name = [&](int k) { return k >= 0 && static_cast<size_t>(k) < sites.size() ? sites[k].name : ""; };
  for (const auto& vp : w.vsfs) {
    const VsfRuntime& o = *vp;
    if (o.spec->cdn_edges.empty()) continue;
    CdnTallies c;
    c.name = o.spec->name;
    c.site = site_name(o.spec->site);
    if (o.flow) c.origin_offered = o.flow->cdn.offered;
    for (int e : o.spec->cdn_edges) {
      const VsfRuntime& ev = *w.vsfs[static_cast<size_t>(e)];
      CdnEdgeTally t;
      t.name = ev.spec->name;
      t.site = site_name(ev.spec->site);
      if (ev.flow) {
        t.offered = ev.flow->cdn.offered;
        t.hits = ev.flow->cdn.hits;
        t.misses = ev.flow->cdn.misses;
        t.miss_extra_s = ev.flow->cdn.miss_extra_s;
      }
      c.edges.push_back(std::move(t));
    }
    cdns.push_back(std::move(c));
  }
  if (!cdns.empty()) w.recorder.cdn(cdn_json(cdns, w.end_s));
}

}  // namespace vsf::sim
