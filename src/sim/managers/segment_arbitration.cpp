// The master's arbitration of the idle pool (patent Fig. 12): scale-out requests that arrive within
// kArbitrationWindow of each other share the usable idle CPUs (control::share_pool); the master
// allocates each share and sends the grant back through the requesting farm manager's slave. What a
// request does not get is a denial: one refused attempt of its tier's need (direct_allocation.hpp).
#include <simgrid/s4u.hpp>

#include "control/placement.hpp"
#include "sim/lifecycle/cpu_lifecycle.hpp"
#include "sim/managers/direct_allocation.hpp"
#include "sim/managers/segment_manager.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_arbitration, vsf_control, "master: idle-pool arbitration of scale-outs");

namespace vsf::sim {

void SegmentManager::queue_ask(const ScaleRequest& r) {
  asks_.push_back(r);
  if (grant_at_ < 0) grant_at_ = now() + kArbitrationWindow;
}

namespace {

// The segment's site's usable idle CPUs, in id order, from the idle pool's index (a site's CPUs are one
// range of ids); with --check-isolation full, also from a walk of the site's CPUs, and a difference
// between the two is reported as an invariant violation.
std::vector<CpuRuntime*> usable_idle(const ControlPlane& cp) {
  World& w = cp.w;
  const int site = cp.site;
  const IndexRange r = w.site_cpus(site);
  const size_t end = static_cast<size_t>(r.first + r.count);
  std::vector<CpuRuntime*> pool;
  pool.reserve(static_cast<size_t>(w.idle_at(site)));
  for (size_t id = w.allocatable.next(static_cast<size_t>(r.first)); id < end; id = w.allocatable.next(id + 1))
    pool.push_back(&w.cpus[id]);
  if (w.isolation_check != grid::IsolationCheck::Full) return pool;
  std::vector<CpuRuntime*> walked;
  for (size_t id = static_cast<size_t>(r.first); id < end; ++id) {
    CpuRuntime& c = w.cpus[id];
    if (c.vsf < 0 && c.reserved_for < 0 && c.usable()) walked.push_back(&c);
  }
  if (walked != pool) {
    w.recorder.cp_invariant_violation("idle pool index");
    w.recorder.event(now(), "invariant_violation", {{"after", "grant"}, {"what", "idle pool index out of date"}});
    return walked;
  }
  return pool;
}

}  // namespace

void SegmentManager::grant() {
  ControlPlane& cp = *cp_;
  grant_at_ = -1;
  std::vector<ScaleRequest> asks = std::move(asks_);
  asks_.clear();
  std::vector<CpuRuntime*> pool = usable_idle(cp);
  std::vector<int> want;
  for (const ScaleRequest& a : asks) want.push_back(a.cpus);
  const std::vector<int> got = control::share_pool(want, static_cast<int>(pool.size()));
  XBT_VERB("%s: %zu scale-outs share %zu idle CPUs", self().name.c_str(), asks.size(), pool.size());
  size_t next = 0;
  for (size_t i = 0; i < asks.size(); ++i) grant_one(asks[i], pool, next, got[i], asks.size());
  cp.check_cpus("grant");
}

// Allocates up to `share` CPUs of the pool (from `next` on) to one request, records the grant and, if
// it got fewer CPUs than it asked for, one denial (else its tier's need is met), and sends the grant
// towards its farm manager.
void SegmentManager::grant_one(const ScaleRequest& ask, const std::vector<CpuRuntime*>& pool, size_t& next, int share,
                               size_t competing) {
  ControlPlane& cp = *cp_;
  World& w = cp.w;
  if (w.vsfs[static_cast<size_t>(ask.vsf)]->ended) return;  // decommissioned since it asked: nothing to grant
  ScaleGrant g{id_, ask.fm, ask.vsf, ask.tier, ask.asked_at, ask.reason, {}};
  for (int k = 0; k < share && next < pool.size(); ++k) {
    CpuRuntime& cpu = *pool[next++];
    if (cpu.vsf >= 0) w.recorder.cp_invariant_violation("cpu in two VSFs");
    allocate(w, cpu, ask.vsf, ask.tier, to_string(ask.reason));
    cp.join_pending.insert(cpu.id);
    if (ask.reason == ScaleReason::Demand)
      cp.demand_pending.insert(cpu.id);
    else
      cp.demand_pending.erase(cpu.id);  // left over from a demand grant whose CPU was lost before its join
    g.cpus.push_back(cpu.id);
  }
  const std::string tier = w.tier_name(ask.vsf, ask.tier);
  nlohmann::json fields = {{"vsf", w.vsf_name(ask.vsf)}, {"tier", tier},
                           {"requested", ask.cpus},      {"granted", g.cpus.size()},
                           {"round_pool", pool.size()},  {"idle_pool", w.idle_at(cp.site)},
                           {"competing", competing},     {"reason", to_string(ask.reason)},
                           {"master", self().name},      {"epoch", master_.epoch}};
  if (w.has_sites()) fields["site"] = w.scenario.grid.sites[static_cast<size_t>(cp.site)].name;
  w.recorder.event(now(), "scale_grant", std::move(fields));
  const int granted = static_cast<int>(g.cpus.size());
  if (granted > 0) w.recorder.scale(ask.vsf, ask.tier == kLbTier ? 0 : ask.tier, granted, now());
  if (granted < ask.cpus)
    deny(w, ask.vsf, ask.tier, ask.cpus, ask.cpus - granted,
         competing > 1 && !pool.empty() ? "idle pool shared out among competing requests" : "idle pool empty");
  else
    w.recorder.granted_in_full(ask.vsf, ask.tier, now());
  const int owner = cp.registry.slave_of_fm(ask.fm);
  if (owner == id_)
    cp.send(host(), cp.fm(ask.fm), std::move(g));
  else
    send_to_slave(owner, std::move(g));
}

}  // namespace vsf::sim
