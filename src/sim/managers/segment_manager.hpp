// A slave segment manager, and the master role any of them takes when elected (patent Figs. 10-12).
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

#include "sim/managers/control_plane_runtime.hpp"

namespace vsf::sim {

constexpr double kArbitrationWindow = 0.05;  // s: scale-outs arriving this close are arbitrated together

class SegmentManager {
 public:
  SegmentManager(ControlPlane& cp, int id, bool restarted) : cp_(&cp), id_(id), restarted_(restarted) {}
  void operator()();

 private:
  struct Ask {
    int slave, fm, vsf, tier, n;
    std::string reason;
    double t;  // when the farm manager asked
  };
  Process& self() const { return cp_->slaves[static_cast<size_t>(id_)]; }
  int host() const { return self().host; }
  bool reg(bool write);  // a costed registry access; false when unavailable
  void learn_master();
  void handle(const CpMsg& m);
  void run_timers();
  // slave
  void ping_tick();
  void check_farm_managers();
  void suspect();
  void elect();
  // master
  void become_master(int number, int seq);
  void step_down(const std::string& reason);
  void health_check_start();
  void health_check_end();
  void renew_if_quorum();
  void restart_slave(int s);
  void reassign(int s);
  int provision_slave(const std::string& reason, int avoid_host);
  int slave_host(int avoid_host, double* boot) const;  // where a new slave would go; boot: host_boot or 0
  void balance();
  void power_hosts();
  void grant();

  ControlPlane* cp_;
  int id_;
  bool restarted_;
  int master_ = -1, epoch_ = 0;  // the master this slave follows, and its epoch
  double last_contact_ = 0;
  long nonce_ = 0;
  double next_ping_ = 0, ping_deadline_ = -1;
  long ping_nonce_ = 0;
  bool said_dead_ = false;
  // master role
  bool is_master_ = false;
  double lease_until_ = 0, next_hc_ = 0, hc_deadline_ = -1, hc_started_ = 0;
  long hc_nonce_ = 0;
  std::set<int> hc_waiting_, healthy_;
  std::map<int, double> restart_deadline_;
  std::vector<Ask> asks_;
  double grant_at_ = -1;
};

}  // namespace vsf::sim
