// A segment manager's main loop and timers, and its duties as a slave: registry refresh, pings to the
// master, supervision of its farm managers (see segment_manager.hpp for the behaviour).
#include "sim/managers/segment_manager.hpp"

#include <algorithm>
#include <limits>
#include <simgrid/s4u.hpp>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_slave, vsf_control, "segment managers: main loop, pings, farm-manager checks");

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

double if_set(double t) { return t >= 0 ? t : kNever; }  // -1: no such timer

}  // namespace

bool SegmentManager::reg(bool write) {
  try {
    cp_->registry_access(host(), write);
    return true;
  } catch (const RegistryUnavailable&) {
    return false;
  }
}

void SegmentManager::send_to_slave(int slave, ControlMessage m) const {
  cp_->send(host(), cp_->slave(slave), std::move(m));
}

void SegmentManager::operator()() {
  if (reg(false)) {
    if (!cp_->registry.registered(id_)) return;  // deregistered while it was down: nothing to run
    learn_master();
    // A restarted process keeps none of its former mastership: the registry's master is dead.
    if (master_.slave == id_) last_contact_ = -kNever;
  }
  if (restarted_ && master_.slave >= 0 && master_.slave != id_) send_to_slave(master_.slave, RestartConfirm{id_});
  next_ping_ = now();
  for (;;) {
    if (auto m = cp_->receive(self(), next_wake())) handle(*m);
    run_timers();
  }
}

double SegmentManager::next_wake() const {
  double wake = std::min(next_ping_, if_set(ping_deadline_));
  if (!is_master_) return wake;
  wake = std::min({wake, next_hc_, lease_.until(), if_set(hc_deadline_), if_set(grant_at_)});
  for (const auto& kv : restart_deadline_) wake = std::min(wake, kv.second);
  return wake;
}

void SegmentManager::run_timers() {
  if (is_master_ && lease_.expired(now())) step_down("lease expired: no quorum of health-check replies");
  if (ping_deadline_ >= 0 && due(ping_deadline_)) {
    XBT_VERB("%s: no pong from slave%d within ping_timeout", self().name.c_str(), master_.slave);
    ping_deadline_ = -1;
    suspect();
  }
  if (due(next_ping_)) ping_tick();
  if (is_master_) run_master_timers();
}

void SegmentManager::run_master_timers() {
  if (hc_deadline_ >= 0 && due(hc_deadline_)) health_check_end();
  if (!is_master_) return;
  if (hc_deadline_ < 0 && due(next_hc_)) health_check_start();
  if (grant_at_ >= 0 && due(grant_at_)) grant();
  std::vector<int> expired;
  for (const auto& [s, t] : restart_deadline_)
    if (due(t)) expired.push_back(s);
  for (int s : expired) {
    restart_deadline_.erase(s);
    reassign(s);
  }
}

void SegmentManager::ping_tick() {
  ControlPlane& cp = *cp_;
  next_ping_ = now() + cp.spec.ping_interval_s;
  if (reg(true)) {
    if (!cp.registry.registered(id_)) {
      leave_deregistered();
      return;
    }
    cp.registry.touch(id_, now());
    learn_master();
  }
  check_farm_managers();
  if (is_master_) return;
  if (master_.slave < 0 || master_.slave == id_) {
    suspect();
    return;
  }
  ping_nonce_ = ++nonce_;
  send_to_slave(master_.slave, Ping{id_, ping_nonce_});
  ping_deadline_ = now() + cp.spec.ping_timeout_s;
}

// Deregistered (reassigned away while cut off): stops the farm managers it still runs that the registry
// gives to others, then itself.
void SegmentManager::leave_deregistered() {
  ControlPlane& cp = *cp_;
  for (Process& f : cp.fms)
    if (f.alive && f.host == host() && cp.registry.slave_of_fm(f.id) != id_) cp.kill(f, "fenced");
  cp.event("slave_deregistered", {{"slave", self().name}});
  cp.kill(self(), "deregistered");
}

void SegmentManager::check_farm_managers() {
  ControlPlane& cp = *cp_;
  const double stale = cp.spec.ping_interval_s + cp.spec.ping_timeout_s;
  for (int id : cp.fms_near(id_, host())) {
    Process& f = cp.fm(id);
    if (stop_if_elsewhere(f)) continue;
    if (now() < f.starting_until) continue;
    if (f.alive && f.host != host()) cp.kill(f, "moved to " + self().name);
    if (f.alive && now() - cp.last_beat(f) > stale) {  // no heartbeat: stalled
      cp.detected(f);
      cp.event("restart", {{"manager", f.name}, {"by", self().name}, {"reason", "no heartbeat"}});
      cp.kill(f, "stalled: killed by its slave");
    }
    if (f.alive || f.crash_held) continue;
    start_farm_manager(f);
  }
}

// True when the registry gives `f` to another slave; then a copy still running on this host, while that
// slave is elsewhere, is stopped (fencing).
bool SegmentManager::stop_if_elsewhere(Process& f) {
  ControlPlane& cp = *cp_;
  const int owner = cp.registry.slave_of_fm(f.id);
  if (owner == id_) return false;
  const Process& o = cp.slave(owner);
  if (f.alive && f.host == host() && o.host != host()) cp.kill(f, "fenced: the registry gives it to " + o.name);
  return true;
}

// Restarts a farm manager of ours that is down (after manager_restart_s), or starts one the master gave
// us (a takeover, after takeover_s, confirmed to the master).
void SegmentManager::start_farm_manager(Process& f) {
  ControlPlane& cp = *cp_;
  const bool takeover = f.host != host();
  if (!takeover) cp.detected(f);
  const double delay = takeover ? cp.spec.takeover_s : cp.spec.manager_restart_s;
  f.starting_until = now() + delay;
  if (!takeover) cp.event("restart", {{"manager", f.name}, {"by", self().name}, {"reason", "down"}});
  XBT_VERB("%s: starts %s in %g s (%s)", self().name.c_str(), f.name.c_str(), delay, takeover ? "takeover" : "restart");
  ControlPlane* cpp = &cp;
  const int fid = f.id, sid = id_, master = master_.slave;
  sg4::Actor::create("start:" + f.name, cp.host(host()), [cpp, fid, sid, master, delay, takeover] {
    sg4::this_actor::sleep_for(delay);
    Process& q = cpp->fm(fid);
    if (q.alive || q.crash_held || cpp->registry.slave_of_fm(fid) != sid) return;
    cpp->spawn_fm(fid);
    if (!q.alive) return;
    if (!takeover) cpp->w.recorder.cp_restart();
    cpp->recovered(q);
    if (takeover && master >= 0) cpp->send(q.host, cpp->slave(master), TakeoverDone{sid, fid});
  });
}

}  // namespace vsf::sim
