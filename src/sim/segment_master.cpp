// The master role of a segment manager (patent Fig. 12): election outcome, health checks, restarts,
// reassignment, slave allocation, host power and idle-pool arbitration (see segment_manager.hpp).
#include <algorithm>
#include <simgrid/s4u.hpp>

#include "control/placement.hpp"
#include "sim/lifecycle/cpu_lifecycle.hpp"
#include "sim/segment_manager.hpp"

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

void SegmentManager::become_master(int number, int seq) {
  ControlPlane& cp = *cp_;
  const int old = master_;
  is_master_ = true;
  master_ = id_;
  epoch_ = number;
  said_dead_ = false;
  lease_until_ = now() + cp.spec.lease_s;
  next_hc_ = now();
  hc_deadline_ = -1;
  healthy_.clear();
  cp.master_up(id_, number);
  cp.w.recorder.event(now(), "master_elected",
                      {{"slave", self().name},
                       {"epoch", number},
                       {"seq", seq},
                       {"entries", cp.registry.entries(number).size()},
                       {"previous", old >= 0 ? cp.slaves[static_cast<size_t>(old)].name : ""}});
  if (cp.election_started_at >= 0) cp.w.recorder.cp_election(now() - cp.election_started_at);
  cp.election_started_at = -1;
  if (old >= 0 && old != id_) cp.recovered(cp.slaves[static_cast<size_t>(old)]);
}

void SegmentManager::step_down(const std::string& reason) {
  if (!is_master_) return;
  is_master_ = false;
  cp_->w.recorder.event(now(), "master_stepped_down", {{"slave", self().name}, {"epoch", epoch_}, {"reason", reason}});
  cp_->master_down(id_, "stepped down");
  restart_deadline_.clear();
  asks_.clear();
  grant_at_ = -1;
  hc_deadline_ = -1;
  last_contact_ = now();
}

void SegmentManager::health_check_start() {
  ControlPlane& cp = *cp_;
  next_hc_ = now() + cp.spec.health_check_interval_s;
  if (reg(false) && cp.registry.master_epoch() > epoch_) {
    step_down("the registry shows a newer election");
    learn_master();
    return;
  }
  hc_started_ = now();
  hc_nonce_ = ++nonce_;
  hc_waiting_.clear();
  healthy_.clear();
  healthy_.insert(id_);
  for (int s : cp.registry.slave_ids()) {
    if (s == id_) continue;
    // A slave just instantiated is not up yet: checking it would only restart it again.
    if (now() < cp.slaves[static_cast<size_t>(s)].starting_until) continue;
    hc_waiting_.insert(s);
    CpMsg m;
    m.type = CpMsg::kStatus;
    m.from = id_;
    m.nonce = hc_nonce_;
    m.epoch = epoch_;
    cp.send(host(), cp.slaves[static_cast<size_t>(s)], m);
  }
  hc_deadline_ = now() + cp.spec.health_check_timeout_s;
  renew_if_quorum();  // a lone master is its own quorum
}

// The lease runs from the round's start, renewed as soon as a quorum (itself included) has replied.
void SegmentManager::renew_if_quorum() {
  const int registered = static_cast<int>(cp_->registry.slaves().size());
  if (static_cast<int>(healthy_.size()) < cp_->quorum.needed(registered)) return;
  lease_until_ = std::max(lease_until_, hc_started_ + cp_->spec.lease_s);
  cp_->renew_lease(id_, lease_until_);
}

void SegmentManager::health_check_end() {
  ControlPlane& cp = *cp_;
  hc_deadline_ = -1;
  const int registered = static_cast<int>(cp.registry.slaves().size());
  const int replies = static_cast<int>(healthy_.size());  // itself included
  (void)replies;
  (void)registered;
  for (int s : hc_waiting_) {
    if (restart_deadline_.count(s)) continue;
    Process& p = cp.slaves[static_cast<size_t>(s)];
    cp.detected(p);
    cp.w.recorder.event(now(), "health_check_failed",
                        {{"master", self().name}, {"slave", p.name}, {"host", cp.w.grid.control_hosts()[p.host]},
                         {"epoch", epoch_}});
    restart_slave(s);
  }
  balance();
  power_hosts();
  cp.check_cpus("health_check");
}

void SegmentManager::restart_slave(int s) {
  ControlPlane& cp = *cp_;
  Process& p = cp.slaves[static_cast<size_t>(s)];
  if (p.failed_at < 0) p.failed_at = now();
  restart_deadline_[s] = now() + cp.spec.restart_timeout_s;
  cp.w.recorder.event(now(), "restart", {{"manager", p.name}, {"by", self().name}, {"reason", "health check"}});
  // The restart message goes to the slave's host supervisor: lost if the host is down or cut off.
  if (!cp.reachable(host(), p.host)) return;
  ControlPlane* cpp = &cp;
  const double delay = cp.message_s() + cp.spec.manager_restart_s;
  sg4::Actor::create("restart:" + p.name, cp.host(p.host), [cpp, s, delay] {
    sg4::this_actor::sleep_for(delay);
    Process& q = cpp->slaves[static_cast<size_t>(s)];
    if (q.crash_held) return;
    cpp->kill(q, "restarted by the master");
    cpp->spawn_slave(s, true);
  });
}

int SegmentManager::slave_host(int avoid_host, double* boot) const {
  ControlPlane& cp = *cp_;
  // A running host reachable from here with a free core (a host runs one slave per core), the least
  // loaded first; else a powered-off one, to power on; else the least loaded running one anyway.
  const int hosts = static_cast<int>(cp.host_powered.size());
  std::vector<int> load(static_cast<size_t>(hosts), 0);
  for (int s : cp.registry.slave_ids()) ++load[static_cast<size_t>(cp.slaves[static_cast<size_t>(s)].host)];
  auto pick = [&](bool need_core) {
    int best = -1;
    for (int h = 0; h < hosts; ++h) {
      if (h == avoid_host && hosts > 1) continue;
      if (!cp.reachable(host(), h)) continue;
      if (need_core && load[static_cast<size_t>(h)] >= cp.host(h)->get_core_count()) continue;
      if (best < 0 || load[static_cast<size_t>(h)] < load[static_cast<size_t>(best)]) best = h;
    }
    return best;
  };
  *boot = 0;
  int best = pick(true);
  if (best >= 0) return best;
  for (int h = 0; h < hosts; ++h)
    if (!cp.host_crashed[static_cast<size_t>(h)] && !cp.host_powered[static_cast<size_t>(h)]) {
      *boot = cp.spec.host_boot_s;
      return h;
    }
  return pick(false);
}

int SegmentManager::provision_slave(const std::string& reason, int avoid_host) {
  ControlPlane& cp = *cp_;
  double boot = 0;
  const int best = slave_host(avoid_host, &boot);
  if (best < 0) return -1;
  const int id = cp.new_slave_slot(best);
  if (!reg(true)) return -1;
  cp.registry.register_slave(id, best, now());
  cp.w.recorder.cp_new_slave();
  cp.w.recorder.event(now(), "slave_created",
                      {{"slave", cp.slaves[static_cast<size_t>(id)].name},
                       {"host", cp.w.grid.control_hosts()[best]},
                       {"reason", reason},
                       {"host_boot_s", boot}});
  ControlPlane* cpp = &cp;
  const double delay = boot + cp.spec.manager_restart_s;
  const int h = best;
  cp.slaves[static_cast<size_t>(id)].starting_until = now() + delay + cp.message_s();
  if (boot > 0) {
    cp.host_powered[static_cast<size_t>(h)] = true;
    cp.host(h)->turn_on();
    cp.hosts_changed();
    cp.w.recorder.event(now(), "host_power", {{"host", cp.w.grid.control_hosts()[h]}, {"on", true}});
  }
  sg4::Actor::create("provision:" + cp.slaves[static_cast<size_t>(id)].name, cp.host(h), [cpp, id, delay] {
    sg4::this_actor::sleep_for(delay);
    cpp->spawn_slave(id, false);
  });
  return id;
}

void SegmentManager::reassign(int s) {
  ControlPlane& cp = *cp_;
  Process& failed = cp.slaves[static_cast<size_t>(s)];
  if (!reg(false)) {
    restart_deadline_[s] = now() + cp.spec.health_check_interval_s;  // try again later
    return;
  }
  if (!cp.registry.registered(s)) return;
  std::vector<int> candidates;
  for (int h : healthy_)
    if (h != s && cp.registry.registered(h)) candidates.push_back(h);
  const double existing_s = cp.spec.takeover_s + cp.spec.registry_write_s;
  int new_slave = -1;
  for (int fm : cp.registry.fms_of(s)) {
    const int n = static_cast<int>(cp.registry.vsfs_of_fm(fm).size());
    const int target = control::least_loaded(cp.registry, candidates, n, cp.spec.max_vsfs_per_slave);
    double boot = 0;
    slave_host(failed.host, &boot);
    const double new_s = boot + cp.spec.manager_restart_s + cp.spec.takeover_s + cp.spec.registry_write_s;
    const control::Placement choice = control::choose_placement(cp.spec.reassign, target >= 0, existing_s, new_s);
    int to = target;
    if (choice == control::Placement::new_slave) {
      if (new_slave < 0 ||
          cp.registry.vsf_count(new_slave) + n > cp.spec.max_vsfs_per_slave)
        new_slave = provision_slave("reassignment of " + failed.name, failed.host);
      to = new_slave;
    }
    if (to < 0) {
      cp.w.recorder.event(now(), "reassign_failed", {{"fm", cp.fms[static_cast<size_t>(fm)].name}, {"from", failed.name}});
      continue;
    }
    if (!reg(true)) return;
    cp.registry.move_farm_manager(fm, to);
    for (int k = 0; k < n; ++k) cp.w.recorder.cp_reassignment();  // counts VSFs moved
    cp.w.recorder.event(now(), "reassign",
                        {{"fm", cp.fms[static_cast<size_t>(fm)].name},
                         {"vsfs", n},
                         {"from", failed.name},
                         {"to", cp.slaves[static_cast<size_t>(to)].name},
                         {"policy", cp.spec.reassign},
                         {"choice", choice == control::Placement::existing ? "existing" : "new"},
                         {"expected_existing_s", target >= 0 ? existing_s : -1},
                         {"expected_new_s", new_s},
                         {"load_of_target", cp.registry.vsf_count(to)}});
    CpMsg m;
    m.type = CpMsg::kTakeover;
    m.from = id_;
    m.a = fm;
    cp.send(host(), cp.slaves[static_cast<size_t>(to)], m);
    Process& f = cp.fms[static_cast<size_t>(fm)];
    if (f.failed_at < 0) f.failed_at = failed.failed_at >= 0 ? failed.failed_at : now();
  }
  if (!reg(true)) return;
  cp.registry.deregister_slave(s);
  cp.w.recorder.event(now(), "slave_deregistered", {{"slave", failed.name}, {"by", self().name}});
  failed.failed_at = -1;  // its failure is now its farm managers' (recovered at their takeover)
  cp.check_registry("reassign");
  cp.refresh_managed();
}

void SegmentManager::balance() {
  ControlPlane& cp = *cp_;
  std::vector<int> created;  // slaves started in this pass take farm managers too
  for (int s : cp.registry.slave_ids()) {
    if (!healthy_.count(s)) continue;
    while (cp.registry.vsf_count(s) > cp.spec.max_vsfs_per_slave) {
      auto fms = cp.registry.fms_of(s);
      if (fms.size() <= 1) break;
      const int fm = fms.back();
      const int n = static_cast<int>(cp.registry.vsfs_of_fm(fm).size());
      std::vector<int> candidates(healthy_.begin(), healthy_.end());
      candidates.insert(candidates.end(), created.begin(), created.end());
      candidates.erase(std::remove(candidates.begin(), candidates.end(), s), candidates.end());
      int to = control::least_loaded(cp.registry, candidates, n, cp.spec.max_vsfs_per_slave);
      if (to < 0) {
        to = provision_slave("load: " + cp.slaves[static_cast<size_t>(s)].name + " runs too many VSFs", -1);
        if (to >= 0) created.push_back(to);
      }
      if (to < 0 || !reg(true)) break;
      cp.registry.move_farm_manager(fm, to);
      cp.w.recorder.event(now(), "rebalance", {{"fm", cp.fms[static_cast<size_t>(fm)].name},
                                               {"from", cp.slaves[static_cast<size_t>(s)].name},
                                               {"to", cp.slaves[static_cast<size_t>(to)].name}});
      CpMsg m;
      m.type = CpMsg::kTakeover;
      m.from = id_;
      m.a = fm;
      cp.send(host(), cp.slaves[static_cast<size_t>(to)], m);
    }
  }
  // Below the configured slave count (a slave was deregistered): start one. Beyond it, slaves left
  // with no farm manager are removed (never the master itself).
  const int wanted = cp.spec.slaves > 0 ? cp.spec.slaves : static_cast<int>(cp.host_powered.size());
  if (static_cast<int>(cp.registry.slaves().size()) < wanted) provision_slave("below the configured slave count", -1);
  for (int s : cp.registry.slave_ids()) {
    if (static_cast<int>(cp.registry.slaves().size()) <= wanted) break;
    if (s == id_ || !healthy_.count(s) || !cp.registry.fms_of(s).empty()) continue;
    if (!reg(true)) break;
    cp.registry.deregister_slave(s);
    cp.w.recorder.event(now(), "slave_removed", {{"slave", cp.slaves[static_cast<size_t>(s)].name}});
    cp.kill(cp.slaves[static_cast<size_t>(s)], "removed by the master");
  }
  cp.check_registry("balance");
  cp.refresh_managed();
}

void SegmentManager::power_hosts() {
  ControlPlane& cp = *cp_;
  if (!cp.spec.power_off_idle_hosts) return;
  std::vector<bool> used(cp.host_powered.size(), false);
  used[static_cast<size_t>(cp.registry_host)] = true;
  used[static_cast<size_t>(host())] = true;
  for (const Process& s : cp.slaves)
    if (s.alive || cp.registry.registered(s.id)) used[static_cast<size_t>(s.host)] = true;
  for (const Process& f : cp.fms)
    if (f.alive) used[static_cast<size_t>(f.host)] = true;
  for (size_t h = 0; h < used.size(); ++h) {
    if (used[h] || !cp.host_powered[h] || cp.host_crashed[h]) continue;
    if (!cp.reachable(host(), static_cast<int>(h))) continue;
    cp.host_powered[h] = false;
    cp.host(static_cast<int>(h))->turn_off();
    cp.hosts_changed();
    cp.w.recorder.event(now(), "host_power", {{"host", cp.w.grid.control_hosts()[h]}, {"on", false}});
  }
}

void SegmentManager::grant() {
  ControlPlane& cp = *cp_;
  grant_at_ = -1;
  std::vector<Ask> asks = std::move(asks_);
  asks_.clear();
  std::vector<CpuRuntime*> pool;
  for (CpuRuntime& c : cp.w.cpus)
    if (c.vsf < 0 && c.reserved_for < 0 && c.usable()) pool.push_back(&c);
  std::vector<int> want;
  for (const Ask& a : asks) want.push_back(a.n);
  const std::vector<int> got = control::share_pool(want, static_cast<int>(pool.size()));
  size_t next = 0;
  for (size_t i = 0; i < asks.size(); ++i) {
    const Ask& a = asks[i];
    VsfRuntime& v = *cp.w.vsfs[static_cast<size_t>(a.vsf)];
    CpMsg m;
    m.type = CpMsg::kScaleGrant;
    m.from = id_;
    m.fm = a.fm;
    m.a = a.vsf;
    m.b = a.tier;
    m.reason = a.reason;
    m.t = a.t;
    for (int k = 0; k < got[i] && next < pool.size(); ++k) {
      CpuRuntime& cpu = *pool[next++];
      if (cpu.vsf >= 0) cp.w.recorder.cp_invariant_violation("cpu in two VSFs");
      allocate(cp.w, cpu, a.vsf, a.tier, a.reason);
      cp.join_pending.insert(cpu.id);
      m.cpus.push_back(cpu.id);
    }
    cp.w.recorder.event(now(), "scale_grant",
                        {{"vsf", v.spec->name},
                         {"tier", cp.w.tier_name(a.vsf, a.tier)},
                         {"requested", a.n},
                         {"granted", m.cpus.size()},
                         {"idle_pool", pool.size()},
                         {"competing", asks.size()},
                         {"reason", a.reason},
                         {"master", self().name},
                         {"epoch", epoch_}});
    const int rec_tier = a.tier == kLbTier ? 0 : a.tier;
    if (!m.cpus.empty()) cp.w.recorder.scale(a.vsf, rec_tier, static_cast<int>(m.cpus.size()), now());
    for (int k = static_cast<int>(m.cpus.size()); k < a.n; ++k) {
      cp.w.recorder.denial(a.vsf, rec_tier, now());
      cp.w.recorder.event(now(), "denial",
                          {{"vsf", v.spec->name}, {"tier", cp.w.tier_name(a.vsf, a.tier)},
                           {"reason", "idle pool empty"}, {"idle_pool", cp.w.idle_count}});
    }
    const int owner = cp.registry.slave_of_fm(a.fm);
    if (owner == id_)
      cp.send(host(), cp.fms[static_cast<size_t>(a.fm)], m);
    else
      cp.send(host(), cp.slaves[static_cast<size_t>(owner)], m);
  }
  cp.check_cpus("grant");
}

}  // namespace vsf::sim
