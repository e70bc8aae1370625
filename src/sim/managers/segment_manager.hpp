// A slave segment manager, and the master role any of them takes when elected (patent Figs. 10-12).
// One actor class; its code is split by concern: segment_manager.cpp (main loop, timers, slave duties),
// segment_messages.cpp (one handler per message), segment_election.cpp (votes and elections),
// segment_master.cpp (health checks, lease, restarts, host power), segment_placement.cpp
// (reassignment, new slaves, rebalancing) and segment_arbitration.cpp (idle-pool grants). The rules
// they apply without SimGrid (votes, quorum, leases, placement, pool sharing) are in src/control/.
//
// Slave (Figs. 10, 11): every ping_interval it refreshes its registry timestamp, checks its farm
// managers (restarts one that died or whose heartbeat is older than ping_interval + ping_timeout, i.e.
// stalled; stops one the registry gives to another slave), and pings the master. No reply within
// ping_timeout and no contact from the master for lease_s: it writes "master dead" to the registry,
// counts the fresh votes (control::tally_master_dead) and, with a quorum, runs the election: reads the
// election number, adds its entry, reads the lowest sequence number; the lowest wins, declares itself
// master and the number moves on. A lone registered slave is its own majority.
// Master (Fig. 12), in the same process: every health_check_interval it asks every registered slave for
// its status; once a quorum (itself included) has replied, its lease runs until the round's start +
// lease_s; without that it steps down when the lease runs out, as it does when the registry shows a
// newer election. (So lease_s must exceed health_check_interval + health_check_timeout.) A slave that
// misses a check gets a restart (its host's process supervisor restarts it after manager_restart_s and
// it confirms); without a confirmation within restart_timeout its farm managers are reassigned
// (`reassign` policy: least-loaded existing slave, a new slave, or auto by expected latency) and it is
// deregistered. Each round it also starts slaves when one runs more than max_vsfs_per_slave VSFs (on a
// running host with a free core, one slave per core; else on a host it powers on),
// removes slaves left with nothing beyond the configured count, powers off hosts that run no manager,
// and answers scale-out requests: requests arriving within kArbitrationWindow share the idle pool
// (control::share_pool); the master allocates the CPUs and the grant goes back through the slave.
// Crash semantics: a segment manager keeps nothing but what the registry holds (membership,
// timestamps, votes, farm-manager assignments, election table); a restarted one reads the registry and
// rejoins as a slave, even if it was master (the others then elect). Pending restarts, reassignments
// and scale-out requests of a dead master are lost; slaves re-ask and the new master re-checks.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "control/election.hpp"
#include "control/lease.hpp"
#include "sim/managers/control_plane_runtime.hpp"

namespace vsf::sim {

constexpr double kArbitrationWindow = 0.05;  // s: scale-outs arriving this close are arbitrated together

class SegmentManager {
 public:
  SegmentManager(ControlPlane& cp, int id, bool restarted) : cp_(&cp), id_(id), restarted_(restarted) {}
  void operator()();

 private:
  Process& self() const { return cp_->slave(id_); }
  int host() const { return self().host; }
  bool reg(bool write);  // a costed registry access; false when unavailable
  void send_to_slave(int slave, ControlMessage m) const;
  double next_wake() const;
  void run_timers();
  void run_master_timers();

  // messages (segment_messages.cpp)
  void handle(const ControlMessage& m);
  void on(const Ping& m);
  void on(const Pong& m);
  void on(const StatusRequest& m);
  void on(const StatusReply& m);
  void on(const RestartConfirm& m);
  void on(const Takeover& m);
  void on(const TakeoverDone& m);
  void on(const ScaleRequest& m);
  void on(const ScaleForward& m);
  void on(const ScaleGrant& m);
  void on(const Release& m);
  void on(const EvictLost& m);
  bool runs_fm_checked(int fm);  // the registry (read now) gives farm manager `fm` to this slave

  // slave duties (segment_manager.cpp)
  void ping_tick();
  void leave_deregistered();
  void check_farm_managers();
  bool stop_if_elsewhere(Process& f);
  void start_farm_manager(Process& f);

  // election (segment_election.cpp)
  void learn_master();
  void suspect();
  void elect();
  void become_master(int number, int seq);
  void step_down(const std::string& reason);

  // master: health checks, lease, restarts, host power (segment_master.cpp)
  void health_check_start();
  void health_check_end();
  void renew_if_quorum();
  void restart_slave(int s);
  void power_hosts();

  // master: where farm managers and slaves go (segment_placement.cpp)
  void reassign(int s);
  bool reassign_fm(int fm, Process& failed, const std::vector<int>& candidates, int& new_slave);
  int provision_slave(const std::string& reason, int avoid_host);
  int slave_host(int avoid_host, double* boot) const;  // where a new slave would go; boot: host_boot or 0
  void balance();
  void unload(int s, std::vector<int>& created);
  void keep_slave_count();

  // master: idle-pool arbitration (segment_arbitration.cpp)
  void queue_ask(const ScaleRequest& r);
  void grant();
  void grant_one(const ScaleRequest& ask, const std::vector<CpuRuntime*>& pool, size_t& next, int share,
                 size_t competing);

  ControlPlane* cp_;
  int id_;
  bool restarted_;
  control::MasterView master_;  // the master this slave follows
  double last_contact_ = 0;     // with that master
  long nonce_ = 0;
  double next_ping_ = 0, ping_deadline_ = -1;
  long ping_nonce_ = 0;
  bool said_dead_ = false;  // its registry record says the master is dead
  // master role
  bool is_master_ = false;
  control::MasterLease lease_;
  double next_hc_ = 0, hc_deadline_ = -1, hc_started_ = 0;
  long hc_nonce_ = 0;
  std::set<int> hc_waiting_, healthy_;
  std::map<int, double> restart_deadline_;
  std::vector<ScaleRequest> asks_;  // waiting for the arbitration window to close
  double grant_at_ = -1;
};

}  // namespace vsf::sim
