// A segment manager's message handlers, one per message type (messages.hpp), as slave and as master.
#include <simgrid/s4u.hpp>

#include "sim/faults/fault_dataplane.hpp"
#include "sim/lifecycle/cpu_lifecycle.hpp"
#include "sim/managers/segment_manager.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_messages, vsf_control, "segment managers: message handlers");

namespace vsf::sim {

void SegmentManager::handle(const ControlMessage& m) {
  if (is_master_ && lease_.expired(now())) step_down("lease expired: no quorum of health-check replies");
  XBT_VERB("%s handles %s", self().name.c_str(), message_name(m));
  std::visit([this](const auto& msg) { on(msg); }, m);
}

void SegmentManager::on(const Ping& m) { send_to_slave(m.slave, Pong{id_, m.nonce, master_.epoch, is_master_}); }

void SegmentManager::on(const Pong& m) {
  if (m.nonce != ping_nonce_ || ping_deadline_ < 0) return;  // a late answer: its timeout already fired
  ping_deadline_ = -1;
  if (!m.is_master) {
    suspect();  // it answered but is no longer master
    return;
  }
  last_contact_ = now();
  if (said_dead_ && reg(true)) {
    cp_->registry.observe(id_, false, master_.epoch, now());
    said_dead_ = false;
  }
}

void SegmentManager::on(const StatusRequest& m) {
  switch (control::judge_status(master_, m.master, m.epoch)) {
    case control::StatusVerdict::Stale:
      return;
    case control::StatusVerdict::Follow:
      master_ = {m.master, m.epoch};
      said_dead_ = false;
      break;
    case control::StatusVerdict::Known:
      break;
  }
  if (is_master_ && m.master != id_) step_down("a master of a newer epoch checked it");
  last_contact_ = now();
  send_to_slave(m.master, StatusReply{id_, m.nonce, m.epoch, cp_->registry.vsf_count(id_)});
}

void SegmentManager::on(const StatusReply& m) {
  if (is_master_ && m.nonce == hc_nonce_ && hc_waiting_.erase(m.slave)) {
    healthy_.insert(m.slave);
    renew_if_quorum();
  }
}

void SegmentManager::on(const RestartConfirm& m) {
  if (!is_master_) return;
  if (restart_deadline_.erase(m.slave)) {
    Process& p = cp_->slave(m.slave);
    cp_->w.recorder.cp_restart();
    cp_->event("restart_confirmed", {{"manager", p.name}, {"by", self().name}});
    cp_->recovered(p);
  }
  healthy_.insert(m.slave);
}

void SegmentManager::on(const Takeover&) { check_farm_managers(); }

void SegmentManager::on(const TakeoverDone& m) {
  if (is_master_) cp_->event("takeover_done", {{"slave", cp_->slave(m.slave).name}, {"fm", cp_->fm(m.fm).name}});
}

void SegmentManager::on(const ScaleRequest& m) {  // from one of our farm managers
  if (is_master_)
    queue_ask(m);
  else if (master_.slave >= 0)
    send_to_slave(master_.slave, ScaleForward{id_, m});
}

void SegmentManager::on(const ScaleForward& m) {
  if (is_master_) queue_ask(m.request);
}

void SegmentManager::on(const ScaleGrant& m) {  // from the master: hand it to the farm manager, if still ours
  if (cp_->registry.slave_of_fm(m.fm) == id_) cp_->send(host(), cp_->fm(m.fm), m);
}

// A farm manager's scale-in and evictions are carried out once the registry confirms the VSF is ours.
bool SegmentManager::runs_fm_checked(int fm) { return reg(false) && cp_->registry.slave_of_fm(fm) == id_; }

void SegmentManager::on(const Release& m) {
  if (!runs_fm_checked(m.fm)) return;
  World& w = cp_->w;
  for (int id : m.cpus) {
    CpuRuntime& cpu = w.cpus[static_cast<size_t>(id)];
    if (cpu.vsf != m.vsf || cpu.state != CpuState::Serving) continue;
    start_release(w, cpu, to_string(m.reason));
    w.recorder.scale(cpu.vsf, cpu.tier == kLbTier ? 0 : cpu.tier, -1, now());
  }
}

void SegmentManager::on(const EvictLost& m) {
  if (!runs_fm_checked(m.fm)) return;
  World& w = cp_->w;
  for (int id : m.cpus) {
    CpuRuntime& cpu = w.cpus[static_cast<size_t>(id)];
    if (cpu.vsf == m.vsf && cpu.lost) start_evict(w, cpu, "lost");
  }
}

}  // namespace vsf::sim
