// The control plane's runtime (patent "Control Plane Implementation", Figs. 9-12): the process table of
// its managers (slave segment managers, one of which is also master, and farm managers), the control
// LAN they talk over, the registry they share, and the bookkeeping behind summary.json's
// control_plane measures and invariant checks. src/sim/managers/ holds the control plane's actors
// (segment managers, farm managers, admin actions) and this shared state; the plain rules they apply
// (registry, elections, leases, placement) are in src/control/. Faults reach this state through
// cp_faults.hpp.
//
// Messages (messages.hpp). Every manager process slot has an inbox; a message arrives message_s() after
// it is sent (two LAN port latencies and message_bytes at the port bandwidth: control messages are
// tiny, so their share of the LAN is not simulated). A message between hosts that a cp_partition
// separates, or to or from a crashed or powered-off host, at sending or at arrival, is lost: the
// receiver never sees it and the sender's timeout fires, as on a real LAN. A process's inbox dies with
// it (a restarted process starts with an empty one). Inboxes are our own queues, not SimGrid mailboxes:
// a receive that times out while a SimGrid communication is in flight cancels it, which would lose
// messages at random.
// The registry. A database on registry_host whose data lives in the control plane's private SAN zone:
// every read and write costs a message round trip to that host plus registry_read_s / registry_write_s.
// It is unreachable while the `registry` fault holds, while its host is down, or from a host a partition
// separates from it: an operation then fails after ping_timeout_s (RegistryUnavailable).
// The message and registry costs are in control_lan.cpp, the rest in control_plane_runtime.cpp.
#pragma once

#include <array>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Semaphore.hpp>
#include <string>
#include <vector>

#include "control/acting_masters.hpp"
#include "control/election.hpp"
#include "control/lease.hpp"
#include "control/registry.hpp"
#include "sim/engine/world.hpp"
#include "sim/lifecycle/rollout.hpp"
#include "sim/managers/customer_api.hpp"
#include "sim/managers/messages.hpp"

namespace vsf::sim {

struct RegistryUnavailable {};

// Timer t has come (within SimGrid's timing precision: control::is_due).
inline bool due(double t) { return control::is_due(now(), t); }

enum class ProcKind { Slave, FarmManager };

// A message on its way: when it arrives, and from which host (it is lost if that host cannot reach the
// receiver's by then).
struct Envelope {
  double arrival = 0;
  int from_host = -1;
  ControlMessage msg;
};

// A manager process slot. The slot survives its processes: a restart starts a new incarnation.
struct Process {
  ProcKind kind = ProcKind::Slave;
  int id = 0;
  std::string name;              // "slave3", "fm:shop" (farm managers by their first VSF)
  int host = 0;                  // control-plane host index
  simgrid::s4u::ActorPtr actor;  // the current incarnation (null when dead)
  bool alive = false;
  bool stalled = false;
  bool crash_held = false;  // a manager crash fault holds: restarts fail until it heals
  int incarnation = 0;
  double failed_at = -1;            // when a fault took it down (-1: none pending), for detection/recovery
  double starting_until = -1;       // a (re)start is under way until then
  bool detection_recorded = false;  // its current failure's detection latency is recorded
  // Farm managers' heartbeats, every ping_interval from beat_origin while the process works; the slave
  // reads them through ControlPlane::last_beat. A stall freezes last_beat at the stall's last beat; a
  // resumed or new incarnation beats at once (beat_origin = then).
  double beat_origin = 0;
  double last_beat = 0;
  std::deque<Envelope> inbox;  // in arrival order
  // Wakes the receiver when a message is queued. A semaphore, not a condition variable: a process
  // killed while waiting must not unwind through a lock (its unlock is a simcall SimGrid refuses then).
  simgrid::s4u::SemaphorePtr wake;
  bool waiting = false;
};

// One grid segment's control plane: a scenario with `sites` has one per site (issue 14), each over its
// own site's control-plane hosts, VSFs and idle pool, sharing nothing with the others but the scenario's
// `control_plane` settings. Host indices (Process::host, host_crashed, partitions, the registry's) are
// local to the segment, 0 .. its host count - 1: host(h) is Platform::control[host_first + h] and
// host_name(h) its grid name "cp<host_first + h>". Without sites the one segment is the whole grid
// (host_first 0, no name prefix), exactly as before sites existed.
class ControlPlane {
 public:
  explicit ControlPlane(World& w, int site = 0);
  World& w;
  int site = 0;  // the grid segment (Grid::sites index) whose hosts, VSFs and idle pool it manages
  int host_first = 0;
  std::string prefix;      // process names' prefix: "<site>/" with sites, "" without
  std::vector<char> mine;  // by VSF: of this segment's site (every VSF without sites)
  const ControlPlaneSpec& spec;
  control::Registry registry;
  control::QuorumRule quorum;
  std::deque<Process> slaves;  // by slave id (grows; deque: references stay valid)
  std::deque<Process> fms;     // by farm manager id
  std::vector<int> fm_of_vsf;  // VSF index -> farm manager id (-1: another segment's VSF)
  // Farm managers placed on a host other than their registry slave's (moved while placed), by that host:
  // the only ones a slave on that host may have to fence besides its own.
  std::map<int, std::set<int>> strays;
  std::vector<bool> host_crashed, host_powered;
  int registry_host = 0;
  bool registry_fault = false;
  std::map<int, std::array<std::vector<int>, 2>> partitions;  // active cp_partition entries

  Process& slave(int id) { return slaves[static_cast<size_t>(id)]; }
  Process& fm(int id) { return fms[static_cast<size_t>(id)]; }

  // ---- network (control_lan.cpp) ----
  bool host_up(int h) const { return !host_crashed[static_cast<size_t>(h)] && host_powered[static_cast<size_t>(h)]; }
  bool reachable(int a, int b) const;  // hosts a and b can exchange control messages
  simgrid::s4u::Host* host(int h) const { return w.platform.control[static_cast<size_t>(host_first + h)]; }
  const std::string& host_name(int h) const { return w.grid.control_hosts()[static_cast<size_t>(host_first + h)]; }
  bool manages(int vsf) const { return mine[static_cast<size_t>(vsf)] != 0; }
  // An events.jsonl line at now() from this segment: with sites it carries the segment's "site".
  void event(const std::string& type, nlohmann::json fields) const;
  // From host `from_host`: lost when unreachable or the target process is dead.
  void send(int from_host, Process& to, ControlMessage m);
  // The next message that has arrived for `p` (the calling actor), waiting until `until` at most.
  std::optional<ControlMessage> receive(Process& p, double until);
  double message_s() const;  // one message's transfer time on an idle LAN
  // Costs a registry read/write from `from_host` (sleeps); throws RegistryUnavailable.
  void registry_access(int from_host, bool write);
  bool registry_reachable(int from_host) const;

  // ---- processes ----
  static Process make_process(ProcKind kind, int id, std::string name, int host);
  void spawn_slave(int id, bool restarted);  // a new incarnation on its host
  void spawn_fm(int id);
  // The farm managers a slave's tick looks after, ascending: those the registry gives it and the strays
  // on its host (which it may have to fence). A tick reads these, not every farm manager of the grid.
  std::vector<int> fms_near(int slave_id, int host) const;
  void note_fm_placement(int fm_id);                         // after the farm manager's host or registry slave changed
  void process_died(Process& p, const std::string& reason);  // bookkeeping when an incarnation ends
  void kill(Process& p, const std::string& reason);
  bool working(const Process& p) const { return p.alive && !p.stalled; }
  // Farm manager f's last heartbeat by now. Computed, not beaten by its actor: 1,250 farm managers each
  // waking every 5 s only to write the time were two thirds of a 100,000-CPU day's control-plane wakes.
  double last_beat(const Process& f) const;
  void stall(Process& p);        // a stall fault suspends it: its heartbeats stop
  void resume(Process& p);       // the stall heals: it runs, and beats, again
  int new_slave_slot(int host);  // a slot for a slave instantiated now

  // ---- masters: who acts as master now, checked per epoch ----
  void master_up(int slave, int epoch);
  void master_down(int slave, const std::string& reason);
  control::ActingMasters masters;
  std::set<int> join_pending;          // CPUs granted by the master whose join has not started
  std::set<int> demand_pending;        // those of them granted to a cpu_demand request (held, then released)
  std::vector<RolloutState> rollouts;  // by VSF: kept here (as in the registry), so a restarted farm
                                       // manager resumes its rollouts
  std::vector<ApiProgress> api;        // by VSF: the customer API's calls and rules, which outlive farm managers

  // ---- measures ----
  void refresh_managed();  // unmanaged VSFs after any process or assignment change
  // VSF v alone: after its creation, where nothing changed for the others (the whole refresh there made
  // set-up quadratic in the VSFs: 5,000 VSFs created one by one, each a pass over all of them).
  void refresh_managed(int v);
  // Farm manager fm's VSFs, or those of every farm manager on slave `slave_id`: after that farm manager
  // or slave started, which changes no other VSF (a whole pass per start made the start of 1,250 farm
  // managers over 5,000 VSFs 6 million refreshes).
  void refresh_managed_of_fm(int fm);
  void refresh_managed_on(int slave_id);
  void check_registry(const std::string& after);
  void check_cpus(const std::string& after);
  void hosts_changed();
  void detected(Process& p);   // a failure of p noticed by its supervisor
  void recovered(Process& p);  // p's VSFs managed again (restart or reassignment done)
  double election_started_at = -1;

 private:
  bool fm_managed(const Process& f);  // working, on its registered slave's host, that slave working
  std::vector<bool> unmanaged_;
  std::vector<uint64_t> seen_stamp_;  // check_cpus: by CpuId, the audit that last saw it listed
  uint64_t stamp_ = 0;
};

// Starts every slave and farm manager at t = 0 (the slaves elect the first master, Fig. 10) and powers
// off the control-plane hosts that run none (when power_off_idle_hosts).
void start_managers(ControlPlane& cp);

}  // namespace vsf::sim
