// A CDN in flow fidelity (see cdn_flow.hpp).
#include "sim/dataplane/cdn_flow.hpp"

#include <algorithm>

#include "flow/cdn.hpp"
#include "metrics/cdn_stats.hpp"
#include "sim/dataplane/flow_dataplane.hpp"
#include "sim/dataplane/lent_wan.hpp"

namespace vsf::sim {

namespace {

constexpr double kEps = 1e-9;

double serving(const VsfRuntime& edge) {
  return edge.tiers.empty() ? 0 : static_cast<double>(edge.tiers.front().active.size());
}

const VsfRuntime& origin_of(const World& w, const VsfRuntime& edge) {
  return *w.vsfs[static_cast<size_t>(edge.spec->cdn_origin)];
}

// Every CDN edge of the world (all CDNs: their misses share the WAN links) and its misses on the WAN now.
struct WanState {
  std::vector<int> edges;  // VSF indices
  std::vector<flow::EdgeWan> wan;
  const flow::EdgeWan& of(int vsf) const {
    static const flow::EdgeWan none;
    for (size_t i = 0; i < edges.size(); ++i)
      if (edges[i] == vsf) return wan[i];
    return none;
  }
};

flow::EdgeMisses edge_misses(const World& w, const VsfRuntime& edge) {
  const VsfRuntime& origin = origin_of(w, edge);
  flow::EdgeMisses m;
  const int from = edge.spec->site, to = origin.spec->site;
  int at = from;
  for (int k : w.grid.wan_path(from, to)) {
    const WanLink& l = w.scenario.grid.wan[static_cast<size_t>(k)];
    m.path.push_back({k, l.a == at});
    at = l.a == at ? l.b : l.a;
  }
  m.routed = at == to;
  const double rate = edge.flow && !w.uplink_down_for(edge) ? edge.flow->rate : 0;  // no client, no miss
  m.rate = rate * (1 - edge.spec->hit_ratio.at(serving(edge)));
  if (!origin.tiers.empty()) {
    m.request_bytes = origin.tiers.front().role->request_bytes;
    m.response_bytes = origin.tiers.front().role->response_bytes;
  }
  return m;
}

WanState wan_state(const World& w) {
  WanState s;
  for (const auto& vp : w.vsfs)
    if (vp->spec->cdn_origin >= 0) s.edges.push_back(vp->index);
  s.wan = flow::solve_wan(cdn_misses(w), wan_links(w), lent_loads(w));  // the lent servers' traffic: background
  return s;
}

}  // namespace

std::vector<flow::EdgeMisses> cdn_misses(const World& w) {
  std::vector<flow::EdgeMisses> misses;
  for (const auto& vp : w.vsfs)
    if (vp->spec->cdn_origin >= 0) misses.push_back(edge_misses(w, *vp));
  return misses;
}

bool is_cdn(const VsfRuntime& v) { return v.spec->cdn_origin >= 0 || !v.spec->cdn_edges.empty(); }

double cdn_origin_rate(const World& w, const VsfRuntime& origin, double t, double& until) {
  for (int e : origin.spec->cdn_edges) {
    const VsfRuntime& ev = *w.vsfs[static_cast<size_t>(e)];
    until = std::min(until, ev.rate.next_break(t + kEps));
    if (t < ev.spec->start_s - kEps) until = std::min(until, ev.spec->start_s);
    if (t < ev.spec->end_s - kEps) until = std::min(until, ev.spec->end_s);
  }
  const WanState wan = wan_state(w);
  std::vector<flow::EdgeLoad> loads;
  for (int e : origin.spec->cdn_edges) {
    const VsfRuntime& ev = *w.vsfs[static_cast<size_t>(e)];
    // An edge whose site's uplink is down gets no requests, so it sends the origin no misses.
    const bool live = t >= ev.spec->start_s - kEps && t < ev.spec->end_s - kEps && !w.uplink_down_for(ev);
    const double carried = 1 - wan.of(e).lost_share;  // of its misses, those the WAN delivers
    loads.push_back({live ? ev.rate.mean_rate(t, until) * carried : 0, serving(ev), ev.spec->hit_ratio});
  }
  return flow::origin_rate(loads);
}

bool cdn_edge_input(const World& w, FlowRuntime& f, flow::VsfFlowInput& in) {
  const VsfRuntime& edge = *f.v;
  const flow::EdgeWan ew = wan_state(w).of(edge.index);
  f.cdn.hit_ratio = edge.spec->hit_ratio.at(serving(edge));
  f.cdn.lost_share = ew.lost_share;
  f.cdn.remote = edge.spec->site != origin_of(w, edge).spec->site;
  in.lost_share = (1 - f.cdn.hit_ratio) * ew.lost_share;
  in.lost_to_fault = ew.cut;
  f.cdn.no_clients = w.uplink_down_for(edge);
  const double miss_rate = f.cdn.no_clients ? 0 : f.rate * (1 - f.cdn.hit_ratio);
  const bool changed = miss_rate != f.cdn.miss_rate;
  f.cdn.miss_rate = miss_rate;
  return changed;
}

double cdn_edge_misses(const World& w, FlowRuntime& f) {
  const VsfRuntime& edge = *f.v;
  const FlowRuntime* o = origin_of(w, edge).flow.get();
  const double origin_mean = o != nullptr ? o->flow.mean_response_s : 0;
  const flow::EdgeWan ew = wan_state(w).of(edge.index);
  static const std::vector<double> none;
  // The origin's responses include its clients' legs to and from its site's Internet host; a miss comes from
  // the cache over the WAN instead (as in request fidelity): those legs are not part of its price.
  const double legs = o != nullptr && !o->routes.empty() ? o->routes.front().in_s + o->routes.front().out_s : 0;
  const double wan_s = ew.wan_s() - legs;
  f.cdn.extra_per_miss_s = wan_s + origin_mean;
  // The lost misses never entered the tier: of those answered, the misses' share is m (1 - L) / (1 - m L).
  const double m = 1 - f.cdn.hit_ratio, entered = 1 - m * f.cdn.lost_share;
  const double miss = entered > 0 ? m * (1 - f.cdn.lost_share) / entered : 0;
  return flow::add_misses(f.response, miss, wan_s, o != nullptr ? o->response : none, origin_mean);
}

void cdn_count(FlowRuntime& f, double offered) {
  VsfRuntime& v = *f.v;
  if (!is_cdn(v)) return;
  // The flow counts its offered requests lost to the failed uplink; the edge's cache saw none of them.
  if (v.spec->cdn_origin >= 0 && f.cdn.no_clients) return;
  CdnCounts& c = v.cdn;
  c.offered += offered;
  if (v.spec->cdn_origin < 0) return;
  const double misses = (1 - f.cdn.hit_ratio) * offered, lost = misses * f.cdn.lost_share;
  c.hits += offered - misses;
  c.misses += misses;
  c.lost += lost;
  const VsfRuntime& origin = *f.w->vsfs[static_cast<size_t>(v.spec->cdn_origin)];
  const RoleBlueprint* role = origin.tiers.empty() ? nullptr : origin.tiers.front().role;
  if (role != nullptr && f.cdn.remote) c.wan_bytes += (misses - lost) * (role->request_bytes + role->response_bytes);
  c.miss_extra_s += (misses - lost) * f.cdn.extra_per_miss_s;
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
    c.origin_offered = o.cdn.offered;
    for (int e : o.spec->cdn_edges) {
      const VsfRuntime& ev = *w.vsfs[static_cast<size_t>(e)];
      CdnEdgeTally t;
      t.name = ev.spec->name;
      t.site = site_name(ev.spec->site);
      const CdnCounts& n = ev.cdn;
      t.offered = n.offered;
      t.hits = n.hits;
      t.misses = n.misses;
      t.lost = n.lost;
      t.wan_bytes = n.wan_bytes;
      t.miss_extra_s = n.miss_extra_s;
      c.edges.push_back(std::move(t));
    }
    cdns.push_back(std::move(c));
  }
  if (!cdns.empty()) w.recorder.cdn(cdn_json(cdns, w.end_s));
}

}  // namespace vsf::sim
