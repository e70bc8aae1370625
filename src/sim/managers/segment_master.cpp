// The master role of a segment manager (patent Fig. 12): health-check rounds, the lease they renew,
// restarts of slaves that miss a check, and powering off idle control-plane hosts (see
// segment_manager.hpp). Reassignment and slave placement are in segment_placement.cpp, idle-pool
// arbitration in segment_arbitration.cpp.
#include <simgrid/s4u.hpp>

#include "sim/managers/segment_manager.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_master, vsf_control, "master: health checks, lease, restarts, host power");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

void SegmentManager::health_check_start() {
  ControlPlane& cp = *cp_;
  next_hc_ = now() + cp.spec.health_check_interval_s;
  if (reg(false) && cp.registry.master_epoch() > master_.epoch) {
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
    if (now() < cp.slave(s).starting_until) continue;
    hc_waiting_.insert(s);
    send_to_slave(s, StatusRequest{id_, hc_nonce_, master_.epoch});
  }
  XBT_VERB("%s: health check of %zu slaves (epoch %d)", self().name.c_str(), hc_waiting_.size(), master_.epoch);
  hc_deadline_ = now() + cp.spec.health_check_timeout_s;
  renew_if_quorum();  // a lone master is its own quorum
}

// The lease runs from the round's start, renewed as soon as a quorum (itself included) has replied.
void SegmentManager::renew_if_quorum() {
  const int registered = static_cast<int>(cp_->registry.slaves().size());
  if (lease_.renew(hc_started_, cp_->spec.lease_s, static_cast<int>(healthy_.size()), registered, cp_->quorum)) {
    XBT_VERB("%s: lease renewed until %.6f", self().name.c_str(), lease_.until());
    cp_->masters.renew(id_, lease_.until());
  }
}

void SegmentManager::health_check_end() {
  ControlPlane& cp = *cp_;
  hc_deadline_ = -1;
  for (int s : hc_waiting_) {
    if (restart_deadline_.count(s)) continue;
    Process& p = cp.slave(s);
    cp.detected(p);
    cp.event("health_check_failed",
             {{"master", self().name}, {"slave", p.name}, {"host", cp.host_name(p.host)}, {"epoch", master_.epoch}});
    restart_slave(s);
  }
  balance();
  power_hosts();
  cp.check_cpus("health_check");
}

// Asks the slave's host supervisor for a restart; reassign() follows if no confirmation comes in time.
void SegmentManager::restart_slave(int s) {
  ControlPlane& cp = *cp_;
  Process& p = cp.slave(s);
  if (p.failed_at < 0) p.failed_at = now();
  restart_deadline_[s] = now() + cp.spec.restart_timeout_s;
  cp.event("restart", {{"manager", p.name}, {"by", self().name}, {"reason", "health check"}});
  // The restart message goes to the slave's host supervisor: lost if the host is down or cut off.
  if (!cp.reachable(host(), p.host)) return;
  ControlPlane* cpp = &cp;
  const double delay = cp.message_s() + cp.spec.manager_restart_s;
  sg4::Actor::create("restart:" + p.name, cp.host(p.host), [cpp, s, delay] {
    sg4::this_actor::sleep_for(delay);
    Process& q = cpp->slave(s);
    if (q.crash_held) return;
    cpp->kill(q, "restarted by the master");
    cpp->spawn_slave(s, true);
  });
}

// Powers off the reachable control-plane hosts that run no manager (power_off_idle_hosts).
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
    cp.event("host_power", {{"host", cp.host_name(static_cast<int>(h))}, {"on", false}});
  }
}

}  // namespace vsf::sim
