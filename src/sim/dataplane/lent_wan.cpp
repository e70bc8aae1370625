// Lent servers' traffic on the WAN (see lent_wan.hpp).
#include "sim/dataplane/lent_wan.hpp"

#include <algorithm>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>

#include "sim/dataplane/cdn_flow.hpp"
#include "sim/dataplane/flow_dataplane.hpp"
#include "sim/dataplane/flow_inputs.hpp"

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

// The platform names each WAN link "wan:<name>" and no other link so (platform.cpp).
bool is_wan(const sg4::Link* l) { return l->get_name().rfind("wan:", 0) == 0; }

void set_lender(World& w, int vsf, bool lends) {
  auto& l = w.wan_lenders;
  const auto at = std::lower_bound(l.begin(), l.end(), vsf);  // sorted: loads are summed in VSF order
  const bool listed = at != l.end() && *at == vsf;
  if (lends && !listed) l.insert(at, vsf);
  if (!lends && listed) l.erase(at);
}

void add_leg(flow::WanLoads& load, const LentLeg& leg, double visits, const std::vector<flow::WanLinkState>& links) {
  if (leg.bytes <= 0 || leg.path.empty() || flow::path_cut(leg.path, links)) return;
  flow::add_path_load(load, leg.path, true, visits * leg.bytes);
}

void price_stage(flow::StageInput& s, const StageRoutes& r, const std::vector<flow::WanLinkState>& links,
                 const flow::WanLoads& load) {
  const double in = leg_s(r.lent_in, links, load), out = leg_s(r.lent_out, links, load);
  const double san = r.lent_san.bytes > 0 ? std::max(r.lent_disk_s, leg_s(r.lent_san, links, load)) : 0;
  s.remote_hold_s = std::max(0.0, san - r.san_s);
  s.remote_in_s = std::max(0.0, in - r.in_s) + s.remote_hold_s;
  s.remote_out_s = std::max(0.0, out - r.out_s);
}

}  // namespace

LentLeg lent_leg(const World& w, const sg4::Host* from, int from_site, const sg4::Host* to, int to_site, double bytes) {
  LentLeg leg;
  if (bytes <= 0 || from == nullptr || to == nullptr || from == to) return leg;
  leg.bytes = bytes;
  std::vector<sg4::Link*> links;
  from->route_to(to, links, &leg.latency_s);
  if (leg.latency_s > 0) leg.local_Bps = kTcpGammaBytes / (2 * leg.latency_s);
  for (const sg4::Link* l : links)
    if (!is_wan(l)) leg.local_Bps = std::min(leg.local_Bps, l->get_bandwidth());
  int at = from_site;
  for (int k : w.grid.wan_path(from_site, to_site)) {
    const WanLink& l = w.scenario.grid.wan[static_cast<size_t>(k)];
    leg.path.push_back({k, l.a == at});
    at = l.a == at ? l.b : l.a;
  }
  return leg;
}

double leg_s(const LentLeg& leg, const std::vector<flow::WanLinkState>& links, const flow::WanLoads& load) {
  if (leg.bytes <= 0) return 0;
  double bw = leg.local_Bps;
  if (!leg.path.empty()) bw = std::min(bw, flow::wan_way(leg.path, true, links, load).spare_Bps);
  return leg.latency_s + (std::isfinite(bw) && bw > 0 ? leg.bytes / bw : 0);
}

std::vector<flow::WanLinkState> wan_links(const World& w) {
  std::vector<flow::WanLinkState> links;
  for (size_t k = 0; k < w.scenario.grid.wan.size(); ++k) {
    const WanLink& l = w.scenario.grid.wan[k];
    links.push_back({l.bandwidth_Bps, l.latency_s, w.wan_down[k]});
  }
  return links;
}

flow::WanLoads lent_loads(const World& w) {
  flow::WanLoads load;
  if (w.wan_lenders.empty()) return load;
  load.assign(w.scenario.grid.wan.size(), {0.0, 0.0});
  for (int v : w.wan_lenders) {
    const flow::WanLoads& own = w.vsfs[static_cast<size_t>(v)]->flow->lent_wan;
    for (size_t k = 0; k < own.size(); ++k) {
      load[k][0] += own[k][0];
      load[k][1] += own[k][1];
    }
  }
  return load;
}

bool price_lent(World& w, FlowRuntime& f, flow::VsfFlowInput& in) {
  bool any = false;
  for (const flow::StageInput& s : in.stages) any = any || s.remote_share > 0;
  if (!any && f.lent_wan.empty()) return false;
  const std::vector<flow::WanLinkState> links = wan_links(w);
  flow::WanLoads own;
  if (any) {
    own.assign(links.size(), {0.0, 0.0});
    double visits = in.uplink_down ? 0 : in.rate;  // no client reaches a VSF behind its failed uplink
    for (size_t k = 0; k < in.stages.size(); ++k) {
      visits *= static_cast<double>(in.calls[k]);
      const double lent = visits * in.stages[k].remote_share;
      if (lent <= 0) continue;
      const StageRoutes& r = f.routes[k];
      add_leg(own, r.lent_in, lent, links);
      add_leg(own, r.lent_out, lent, links);
      add_leg(own, r.lent_san, lent, links);
    }
  }
  const bool changed = own != f.lent_wan;
  f.lent_wan = std::move(own);
  set_lender(w, f.v->index, any);
  if (!any) return changed;
  flow::WanLoads load = lent_loads(w);
  flow::add_miss_loads(load, cdn_misses(w), links);
  f.lent_prices.clear();
  for (size_t k = 0; k < in.stages.size(); ++k) {
    flow::StageInput& st = in.stages[k];
    if (st.remote_share <= 0) continue;
    price_stage(st, f.routes[k], links, load);
    f.lent_prices.insert(f.lent_prices.end(), {st.remote_in_s, st.remote_out_s, st.remote_hold_s});
  }
  return changed;
}

bool lent_prices_changed(World& w, FlowRuntime& f) {
  if (f.v->spec->cdn_origin >= 0) return true;
  const std::vector<double> before = f.lent_prices;
  flow::VsfFlowInput in = flow_input(w, *f.v, f.rate, f.routes);
  price_lent(w, f, in);  // its own load is what its last solve set: the same again
  return f.lent_prices != before;
}

}  // namespace vsf::sim
