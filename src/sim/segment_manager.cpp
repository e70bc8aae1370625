// Slave segment managers: main loop, messages, pings, farm-manager checks and the election (see
// segment_manager.hpp for the behaviour; the master role is in segment_master.cpp).
#include "sim/segment_manager.hpp"

#include <algorithm>
#include <limits>
#include <simgrid/s4u.hpp>

#include "sim/faults/fault_dataplane.hpp"
#include "sim/lifecycle/cpu_lifecycle.hpp"

namespace sg4 = simgrid::s4u;

namespace vsf::sim {

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

}  // namespace

bool SegmentManager::reg(bool write) {
  try {
    cp_->registry_access(host(), write);
    return true;
  } catch (const RegistryUnavailable&) {
    return false;
  }
}

void SegmentManager::learn_master() {
  const auto m = cp_->registry.master();
  if (!m || cp_->registry.master_epoch() <= epoch_) return;
  // A master that finds a newer election in the registry was deposed while it could not tell.
  if (is_master_) step_down("the registry shows a newer election");
  master_ = *m;
  epoch_ = cp_->registry.master_epoch();
  last_contact_ = now();
  said_dead_ = false;
}

void SegmentManager::operator()() {
  if (reg(false)) {
    if (!cp_->registry.registered(id_)) return;  // deregistered while it was down: nothing to run
    learn_master();
    // A restarted process keeps none of its former mastership: the registry's master is dead.
    if (master_ == id_) last_contact_ = -kNever;
  }
  if (restarted_ && master_ >= 0 && master_ != id_) {
    CpMsg m;
    m.type = CpMsg::kRestartConfirm;
    m.from = id_;
    cp_->send(host(), cp_->slaves[static_cast<size_t>(master_)], m);
  }
  next_ping_ = now();
  for (;;) {
    double wake = std::min(next_ping_, ping_deadline_ >= 0 ? ping_deadline_ : kNever);
    if (is_master_) {
      wake = std::min({wake, next_hc_, lease_until_, hc_deadline_ >= 0 ? hc_deadline_ : kNever,
                       grant_at_ >= 0 ? grant_at_ : kNever});
      for (const auto& kv : restart_deadline_) wake = std::min(wake, kv.second);
    }
    if (auto m = cp_->receive(self(), wake)) handle(*m);
    run_timers();
  }
}

void SegmentManager::run_timers() {
  if (is_master_ && due(lease_until_)) step_down("lease expired: no quorum of health-check replies");
  if (ping_deadline_ >= 0 && due(ping_deadline_)) {
    ping_deadline_ = -1;
    suspect();
  }
  if (due(next_ping_)) ping_tick();
  if (!is_master_) return;
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

void SegmentManager::handle(const CpMsg& m) {
  ControlPlane& cp = *cp_;
  if (is_master_ && due(lease_until_)) step_down("lease expired: no quorum of health-check replies");
  switch (m.type) {
    case CpMsg::kPing: {
      CpMsg r;
      r.type = CpMsg::kPong;
      r.from = id_;
      r.nonce = m.nonce;
      r.epoch = epoch_;
      r.a = is_master_ ? 1 : 0;
      cp.send(host(), cp.slaves[static_cast<size_t>(m.from)], r);
      break;
    }
    case CpMsg::kPong:
      if (m.nonce != ping_nonce_ || ping_deadline_ < 0) break;
      ping_deadline_ = -1;
      if (m.a == 1) {
        last_contact_ = now();
        if (said_dead_ && reg(true)) {
          cp.registry.observe(id_, false, epoch_, now());
          said_dead_ = false;
        }
      } else {
        suspect();  // it answered but is no longer master
      }
      break;
    case CpMsg::kStatus: {
      if (m.epoch < epoch_) break;  // a deposed master
      if (m.epoch > epoch_ || master_ != m.from) {
        master_ = m.from;
        epoch_ = m.epoch;
        said_dead_ = false;
      }
      if (is_master_ && m.from != id_) step_down("a master of a newer epoch checked it");
      last_contact_ = now();
      CpMsg r;
      r.type = CpMsg::kStatusReply;
      r.from = id_;
      r.nonce = m.nonce;
      r.epoch = m.epoch;
      r.a = cp.registry.vsf_count(id_);
      cp.send(host(), cp.slaves[static_cast<size_t>(m.from)], r);
      break;
    }
    case CpMsg::kStatusReply:
      if (is_master_ && m.nonce == hc_nonce_ && hc_waiting_.erase(m.from)) {
        healthy_.insert(m.from);
        renew_if_quorum();
      }
      break;
    case CpMsg::kRestartConfirm:
      if (!is_master_) break;
      if (restart_deadline_.erase(m.from)) {
        Process& p = cp.slaves[static_cast<size_t>(m.from)];
        cp.w.recorder.cp_restart();
        cp.w.recorder.event(now(), "restart_confirmed", {{"manager", p.name}, {"by", self().name}});
        cp.recovered(p);
      }
      healthy_.insert(m.from);
      break;
    case CpMsg::kTakeover:
      check_farm_managers();
      break;
    case CpMsg::kTakeoverDone:
      if (is_master_) cp.w.recorder.event(now(), "takeover_done", {{"slave", cp.slaves[m.from].name}, {"fm", m.a}});
      break;
    case CpMsg::kScaleRequest:  // from one of our farm managers
      if (is_master_) {
        asks_.push_back({id_, m.fm, m.a, m.b, m.c, m.reason, m.t});
        if (grant_at_ < 0) grant_at_ = now() + kArbitrationWindow;
      } else if (master_ >= 0) {
        CpMsg f = m;
        f.type = CpMsg::kScaleForward;
        f.from = id_;
        cp.send(host(), cp.slaves[static_cast<size_t>(master_)], f);
      }
      break;
    case CpMsg::kScaleForward:
      if (!is_master_) break;
      asks_.push_back({m.from, m.fm, m.a, m.b, m.c, m.reason, m.t});
      if (grant_at_ < 0) grant_at_ = now() + kArbitrationWindow;
      break;
    case CpMsg::kScaleGrant: {
      // From the master: hand it to the farm manager, if it is still ours.
      if (m.fm < 0 || cp.registry.slave_of_fm(m.fm) != id_) break;
      cp.send(host(), cp.fms[static_cast<size_t>(m.fm)], m);
      break;
    }
    case CpMsg::kRelease: {
      // A farm manager's scale-in or eviction, carried out once the registry confirms the VSF is ours.
      if (m.fm < 0 || !reg(false) || cp.registry.slave_of_fm(m.fm) != id_) break;
      for (int id : m.cpus) {
        CpuRuntime& cpu = cp.w.cpus[static_cast<size_t>(id)];
        if (cpu.vsf != m.a) continue;
        if (m.reason == "evict") {
          if (cpu.lost) start_evict(cp.w, cpu, "lost");
        } else if (cpu.state == CpuState::Serving) {
          start_release(cp.w, cpu, m.reason);
          cp.w.recorder.scale(cpu.vsf, cpu.tier == kLbTier ? 0 : cpu.tier, -1, now());
        }
      }
      break;
    }
  }
}

// ---- slave duties ----

void SegmentManager::ping_tick() {
  ControlPlane& cp = *cp_;
  next_ping_ = now() + cp.spec.ping_interval_s;
  if (reg(true)) {
    if (!cp.registry.registered(id_)) {  // deregistered (reassigned away while cut off): stop
      for (Process& f : cp.fms)
        if (f.alive && f.host == host() && cp.registry.slave_of_fm(f.id) != id_) cp.kill(f, "fenced");
      cp.w.recorder.event(now(), "slave_deregistered", {{"slave", self().name}});
      cp.kill(self(), "deregistered");
      return;
    }
    cp.registry.touch(id_, now());
    learn_master();
  }
  check_farm_managers();
  if (is_master_) return;
  if (master_ < 0 || master_ == id_) {
    suspect();
    return;
  }
  CpMsg m;
  m.type = CpMsg::kPing;
  m.from = id_;
  m.nonce = ping_nonce_ = ++nonce_;
  cp.send(host(), cp.slaves[static_cast<size_t>(master_)], m);
  ping_deadline_ = now() + cp.spec.ping_timeout_s;
}

void SegmentManager::check_farm_managers() {
  ControlPlane& cp = *cp_;
  const double stale = cp.spec.ping_interval_s + cp.spec.ping_timeout_s;
  for (Process& f : cp.fms) {
    const int owner = cp.registry.slave_of_fm(f.id);
    if (owner != id_) {
      // Running on our host while the registry gives it to a slave elsewhere: stop it (fencing).
      if (f.alive && f.host == host() && cp.slaves[static_cast<size_t>(owner)].host != host())
        cp.kill(f, "fenced: the registry gives it to " + cp.slaves[static_cast<size_t>(owner)].name);
      continue;
    }
    if (now() < f.starting_until) continue;
    if (f.alive && f.host != host()) cp.kill(f, "moved to " + self().name);
    if (f.alive && now() - f.last_beat > stale) {  // no heartbeat: stalled
      cp.detected(f);
      cp.w.recorder.event(now(), "restart", {{"manager", f.name}, {"by", self().name}, {"reason", "no heartbeat"}});
      cp.kill(f, "stalled: killed by its slave");
    }
    if (f.alive || f.crash_held) continue;
    const bool takeover = f.host != host();
    if (!takeover) cp.detected(f);
    const double delay = takeover ? cp.spec.takeover_s : cp.spec.manager_restart_s;
    f.starting_until = now() + delay;
    if (!takeover)
      cp.w.recorder.event(now(), "restart", {{"manager", f.name}, {"by", self().name}, {"reason", "down"}});
    ControlPlane* cpp = &cp;
    const int fid = f.id, sid = id_, master = master_;
    sg4::Actor::create("start:" + f.name, cp.host(host()), [cpp, fid, sid, master, delay, takeover] {
      sg4::this_actor::sleep_for(delay);
      Process& q = cpp->fms[static_cast<size_t>(fid)];
      if (q.alive || q.crash_held || cpp->registry.slave_of_fm(fid) != sid) return;
      cpp->spawn_fm(fid);
      if (!q.alive) return;
      if (!takeover) cpp->w.recorder.cp_restart();
      cpp->recovered(q);
      if (takeover && master >= 0) {
        CpMsg m;
        m.type = CpMsg::kTakeoverDone;
        m.from = sid;
        m.a = fid;
        cpp->send(q.host, cpp->slaves[static_cast<size_t>(master)], m);
      }
    });
  }
}

void SegmentManager::suspect() {
  ControlPlane& cp = *cp_;
  if (reg(false)) learn_master();
  if (master_ >= 0 && master_ != id_ && now() - last_contact_ <= cp.spec.lease_s) return;  // lease may hold
  if (!reg(true)) return;
  if (cp.registry.master_epoch() > epoch_) {  // someone was elected meanwhile
    learn_master();
    return;
  }
  cp.registry.observe(id_, true, epoch_, now());
  said_dead_ = true;
  if (!reg(false)) return;
  const control::Tally t = control::tally_master_dead(cp.registry, epoch_, now(), cp.spec.freshness_s, cp.quorum);
  cp.w.recorder.event(now(), "master_suspected",
                      {{"slave", self().name},
                       {"epoch", epoch_},
                       {"votes", t.votes},
                       {"registered", t.registered},
                       {"quorum", t.needed}});
  if (t.agreed()) elect();
}

void SegmentManager::elect() {
  ControlPlane& cp = *cp_;
  const int number = epoch_ + 1;
  if (cp.election_started_at < 0) {
    cp.election_started_at = now();
    if (master_ >= 0) cp.detected(cp.slaves[static_cast<size_t>(master_)]);
  }
  if (!reg(false)) return;
  if (cp.registry.election_number() != number) {  // a newer master exists
    learn_master();
    return;
  }
  if (!reg(true)) return;
  const int seq = cp.registry.add_entry(number, id_);
  cp.w.recorder.event(now(), "election_entry", {{"slave", self().name}, {"election", number}, {"seq", seq}});
  if (!reg(false)) return;
  if (cp.registry.lowest(number) != id_) return;
  if (!reg(true)) return;
  if (cp.registry.declare_master(number, id_)) become_master(number, seq);
}

}  // namespace vsf::sim
