// A segment manager's part in elections (patent Fig. 10): following the registry's master, voting it
// dead, running an election, and taking or leaving office. The rules (fresh votes, quorum, the winner)
// are plain functions in src/control/election.hpp; each registry step here costs an access and may fail.
#include <simgrid/s4u.hpp>

#include "sim/managers/segment_manager.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(vsf_cp_election, vsf_control, "segment managers: votes, elections, taking office");

namespace vsf::sim {

void SegmentManager::learn_master() {
  const auto newer = control::newer_master(cp_->registry, master_.epoch);
  if (!newer) return;
  // A master that finds a newer election in the registry was deposed while it could not tell.
  if (is_master_) step_down("the registry shows a newer election");
  XBT_VERB("%s follows slave%d, master of epoch %d", self().name.c_str(), newer->slave, newer->epoch);
  master_ = *newer;
  last_contact_ = now();
  said_dead_ = false;
}

// The master did not answer (or is no master): unless its lease may still hold, vote it dead and, once
// the fresh votes reach the quorum, run the election.
void SegmentManager::suspect() {
  ControlPlane& cp = *cp_;
  if (reg(false)) learn_master();
  if (master_.slave >= 0 && master_.slave != id_ && control::contact_lease_holds(last_contact_, now(), cp.spec.lease_s))
    return;
  if (!reg(true)) return;
  if (cp.registry.master_epoch() > master_.epoch) {  // someone was elected meanwhile
    learn_master();
    return;
  }
  cp.registry.observe(id_, true, master_.epoch, now());
  said_dead_ = true;
  if (!reg(false)) return;
  const control::Tally t =
      control::tally_master_dead(cp.registry, master_.epoch, now(), cp.spec.freshness_s, cp.quorum);
  cp.event("master_suspected", {{"slave", self().name},
                                {"epoch", master_.epoch},
                                {"votes", t.votes},
                                {"registered", t.registered},
                                {"quorum", t.needed}});
  if (t.agreed()) elect();
}

// Fig. 10 states 1010-1018: read the election number, add an entry, read the lowest, declare.
void SegmentManager::elect() {
  ControlPlane& cp = *cp_;
  const int number = master_.epoch + 1;
  if (cp.election_started_at < 0) {
    cp.election_started_at = now();
    if (master_.slave >= 0) cp.detected(cp.slave(master_.slave));
  }
  if (!reg(false)) return;
  if (!control::election_open(cp.registry, number)) {  // a newer master exists
    learn_master();
    return;
  }
  if (!reg(true)) return;
  const int seq = cp.registry.add_entry(number, id_);
  cp.event("election_entry", {{"slave", self().name}, {"election", number}, {"seq", seq}});
  if (!reg(false)) return;
  if (!control::wins_election(cp.registry, number, id_)) {
    XBT_VERB("%s: not the lowest entry of election %d", self().name.c_str(), number);
    return;
  }
  if (!reg(true)) return;
  if (cp.registry.declare_master(number, id_)) become_master(number, seq);
}

void SegmentManager::become_master(int number, int seq) {
  ControlPlane& cp = *cp_;
  const int old = master_.slave;
  is_master_ = true;
  master_ = {id_, number};
  said_dead_ = false;
  lease_.grant(now(), cp.spec.lease_s);
  next_hc_ = now();
  hc_deadline_ = -1;
  healthy_.clear();
  cp.master_up(id_, number);
  cp.event("master_elected", {{"slave", self().name},
                              {"epoch", number},
                              {"seq", seq},
                              {"entries", cp.registry.entries(number).size()},
                              {"previous", old >= 0 ? cp.slave(old).name : ""}});
  if (cp.election_started_at >= 0) cp.w.recorder.cp_election(now() - cp.election_started_at);
  cp.election_started_at = -1;
  if (old >= 0 && old != id_) cp.recovered(cp.slave(old));
}

// Leaves office: the pending restarts, reassignments and scale-out requests of this term are dropped.
void SegmentManager::step_down(const std::string& reason) {
  if (!is_master_) return;
  is_master_ = false;
  cp_->event("master_stepped_down", {{"slave", self().name}, {"epoch", master_.epoch}, {"reason", reason}});
  cp_->master_down(id_, "stepped down");
  restart_deadline_.clear();
  asks_.clear();
  grant_at_ = -1;
  hc_deadline_ = -1;
  last_contact_ = now();
}

}  // namespace vsf::sim
