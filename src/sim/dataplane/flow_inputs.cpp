// A flow VSF's stages as the request fidelity would walk them (see requests.hpp for the walk).
//
// Message times are those of an uncontended network under the engine's model (engine_config.cpp): route
// latency plus size over the route's slowest link, that bandwidth bounded by SimGrid's TCP window
// (4 MiB / (2 x latency)); a zero-byte message takes no time, as in request fidelity. A stage's messages
// go between its first accepting server and its caller (the LB, the previous tier's first server or the
// Internet): servers of a tier sit alike in the fabric. The SAN read takes the slower of the array's disk
// and the SAN path. Contention between flows on a link is not modelled (see README: where flow is wrong),
// but on the WAN links (lent_wan.hpp).
// With sites, the stage's home server is its first server at the VSF's site (else its first server) and
// its lent servers (another site's) take their share of its cores' visits, each paying what its messages
// and SAN read (from its data_array) take beyond the home server's: the WAN crossed both ways, at its
// shared rate (priced by lent_wan.cpp from the legs kept here). Their longer SAN read also holds their core
// (StageInput::remote_hold_s), as a request-fidelity server's does.
#include "sim/dataplane/flow_inputs.hpp"

#include <algorithm>
#include <cassert>
#include <simgrid/s4u/Disk.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

// The uncontended time of `bytes` over the route from `from` to `to`.
double route_s(const sg4::Host* from, const sg4::Host* to, double bytes) {
  if (bytes <= 0 || from == nullptr || to == nullptr || from == to) return 0;
  std::vector<sg4::Link*> links;
  double latency = 0;
  from->route_to(to, links, &latency);
  double bw = latency > 0 ? kTcpGammaBytes / (2 * latency) : INFINITY;
  for (const sg4::Link* l : links) bw = std::min(bw, l->get_bandwidth());
  return latency + (std::isfinite(bw) && bw > 0 ? bytes / bw : 0);
}

// A LAN message: a CPU without a LAN host is routed through its VLAN switch's stand-ins (Platform::lan_end).
double message_s(const Platform& p, const sg4::Host* from, const sg4::Host* to, double bytes) {
  return from == to ? 0 : route_s(p.lan_end(from, false), p.lan_end(to, true), bytes);
}

double san_read_s(const World& w, int array, const sg4::Host* hba, double bytes) {
  if (bytes <= 0) return 0;
  const double disk = bytes / w.platform.disk[static_cast<size_t>(array)]->get_read_bandwidth();
  return std::max(disk, route_s(w.platform.storage[static_cast<size_t>(array)], hba, bytes));  // a SAN route
}

int data_array(const VsfRuntime& v, const CpuRuntime& cpu) { return cpu.data_array >= 0 ? cpu.data_array : v.storage; }

const CpuRuntime* first_server(const TierRuntime& t) {
#ifndef NDEBUG  // debug builds (clang, sanitizers) check what add_server / stop_accepting keep at every read
  const Server* s = t.active.empty() ? nullptr : t.active.front();
  assert(t.first_cpu == (s != nullptr ? s->cpu : nullptr));
  assert(t.first_host == (s != nullptr ? s->cpu->host : nullptr));
  assert(t.first_cores == (s != nullptr ? s->cores : 0));
#endif
  return t.first_cpu;
}

// The server the stage's messages are timed to: its first at the VSF's own site, else its first. Without
// sites, its first.
const CpuRuntime* home_server(const World& w, const VsfRuntime& v, const TierRuntime& t) {
  if (w.scenario.grid.sites.empty() || t.active.empty()) return first_server(t);
  for (const Server* s : t.active)
    if (s->cpu->site == v.spec->site) return s->cpu;
  return first_server(t);
}

// The host of tier t's home server `home` (nullptr when none). Without sites the home server is the first,
// whose host the tier keeps (TierRuntime::first_host): the CpuRuntime, a cache miss at 100,000 CPUs, is not read.
const sg4::Host* home_host(const World& w, const TierRuntime& t, const CpuRuntime* home) {
  if (home == nullptr) return nullptr;
  return w.scenario.grid.sites.empty() ? t.first_host : home->host;
}

// The next stage's caller: tier t's home server, its host and (with sites: only lent servers read it) its site.
void call_from(const World& w, const VsfRuntime& v, const TierRuntime& t, const sg4::Host*& caller, int& caller_site) {
  const CpuRuntime* home = home_server(w, v, t);
  caller = home_host(w, t, home);
  if (home != nullptr && !w.scenario.grid.sites.empty()) caller_site = home->site;
}

// With sites: the share of the stage's cores on servers of another site than its home server's, and the
// first of them (nullptr when none).
const CpuRuntime* lent_servers(const World& w, const TierRuntime& t, const CpuRuntime& home, double& share) {
  share = 0;
  if (w.scenario.grid.sites.empty()) return nullptr;
  const CpuRuntime* first = nullptr;
  double remote = 0, all = 0;
  for (const Server* s : t.active) {
    all += s->cores;
    if (s->cpu->site == home.site) continue;
    remote += s->cores;
    if (first == nullptr) first = s->cpu;
  }
  share = all > 0 ? remote / all : 0;
  return first;
}

// One stage: tier t (or the LB tier) called from `caller` (at site caller_site), carrying `role_bytes`'
// request and response.
flow::StageInput stage(const World& w, const VsfRuntime& v, const TierRuntime& t, const sg4::Host* caller,
                       int caller_site, const RoleBlueprint& role_bytes, StageRoutes& routes) {
  flow::StageInput s;
  s.servers = static_cast<int64_t>(t.active.size());
  s.dispatch = t.index == kLbTier ? Dispatch::SharedQueue : t.dispatch;  // one LB server: any dispatch is one queue
  s.queue_limit = std::max(0, t.role->queue_limit);
  s.timeout_s = v.spec->timeout_s;
  const CpuRuntime* cpu = home_server(w, v, t);
  if (cpu == nullptr) return s;
  s.cores = t.first_cores;
  const bool san = t.index != kLbTier;
  if (routes.from != caller || routes.to != home_host(w, t, cpu) || routes.storage != v.storage) {
    routes = {caller,
              cpu->host,
              message_s(w.platform, caller, cpu->host, role_bytes.request_bytes),
              message_s(w.platform, cpu->host, caller, role_bytes.response_bytes),
              san ? san_read_s(w, data_array(v, *cpu), cpu->hba, t.role->san_bytes) : 0,
              cpu->host->get_speed(),
              (cpu->hw->peak_w - cpu->hw->idle_w) / std::max(1, cpu->hw->cores),
              v.storage,
              nullptr,  // its lent servers' legs: found again below
              {},
              {},
              {},
              0};
  }
  const CpuRuntime* lent = lent_servers(w, t, *cpu, s.remote_share);
  if (lent != nullptr && routes.remote != lent->host) {
    routes.remote = lent->host;
    const Platform& p = w.platform;
    routes.lent_in = lent_leg(w, p.lan_end(caller, false), caller_site, p.lan_end(lent->host, true), lent->site,
                              role_bytes.request_bytes);
    routes.lent_out = lent_leg(w, p.lan_end(lent->host, false), lent->site, p.lan_end(caller, true), caller_site,
                               role_bytes.response_bytes);
    const int array = data_array(v, *lent);
    const double san_bytes = san ? t.role->san_bytes : 0;
    routes.lent_san = lent_leg(w, w.platform.storage[static_cast<size_t>(array)], w.grid.site_of_array(array),
                               lent->hba, lent->site, san_bytes);
    routes.lent_disk_s =
        san_bytes > 0 ? san_bytes / w.platform.disk[static_cast<size_t>(array)]->get_read_bandwidth() : 0;
  }
  const double work_s = t.work.mean_flops / routes.speed;
  (t.work.constant ? s.hold_const_s : s.hold_exp_s) = work_s;
  s.hold_const_s += routes.san_s;
  s.faulty = t.index != kLbTier && t.role->san_bytes > 0 && v.storage_down;
  s.net_in_s = routes.in_s;
  s.net_out_s = routes.out_s;
  return s;
}

}  // namespace

flow::VsfFlowInput flow_input(const World& w, const VsfRuntime& v, double rate, std::vector<StageRoutes>& routes) {
  flow::VsfFlowInput in;
  flow_input(w, v, rate, routes, in);
  return in;
}

void flow_input(const World& w, const VsfRuntime& v, double rate, std::vector<StageRoutes>& routes,
                flow::VsfFlowInput& in) {
  routes.resize((v.lb_role != nullptr ? 1 : 0) + v.tiers.size());
  size_t k = 0;
  std::vector<flow::StageInput> stages = std::move(in.stages);
  std::vector<int64_t> calls = std::move(in.calls);
  stages.clear();
  calls.clear();
  in = flow::VsfFlowInput{};
  in.stages = std::move(stages);
  in.calls = std::move(calls);
  in.rate = rate;
  in.uplink_down = w.uplink_down_for(v);
  in.fault_outage = v.fault_outage;
  in.timeout_s = v.spec->timeout_s;
  const sg4::Host* caller = w.platform.internet_of_site[static_cast<size_t>(v.spec->site)];
  int caller_site = std::max(0, v.spec->site);
  if (v.lb_role != nullptr) {  // client's sizes: tier 0's
    in.stages.push_back(stage(w, v, v.lb_tier, caller, caller_site, *v.tiers[0].role, routes[k++]));
    in.calls.push_back(1);
    call_from(w, v, v.lb_tier, caller, caller_site);
  }
  for (const TierRuntime& t : v.tiers) {
    in.stages.push_back(stage(w, v, t, caller, caller_site, *t.role, routes[k++]));
    in.calls.push_back(t.index == 0 ? 1 : t.spec->calls);
    call_from(w, v, t, caller, caller_site);
  }
}

}  // namespace vsf::sim
