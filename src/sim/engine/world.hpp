// The simulation's runtime state, shared by the actors of src/sim/: every CPU's lifecycle state, every
// VSF's tiers and servers, and the objects the actors report to. Actors run one at a time (SimGrid's
// cooperative scheduling), so plain data with no locks is safe; nothing here survives the run.
#pragma once

#include <array>
#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <simgrid/s4u/Io.hpp>
#include <simgrid/s4u/Semaphore.hpp>
#include <string>
#include <vector>

#include "grid/grid_model.hpp"
#include "metrics/recorder.hpp"
#include "model/scenario.hpp"
#include "sim/dataplane/window_stats.hpp"
#include "sim/engine/platform.hpp"
#include "sim/engine/rng.hpp"
#include "traffic/rate.hpp"
#include "util/fifo.hpp"
#include "util/id_set.hpp"

namespace simgrid::s4u {
class Link;
}

namespace vsf::sim {

constexpr int kLbTier = -1;  // CpuRuntime::tier of a VSF's load balancer

// A piecewise-constant quantity (busy cores, serving cores) integrated over simulated time. Readers keep
// their own previous cumulative value, so several intervals (control, output) can share one integral.
class TimeIntegral {
 public:
  void add(double t, double delta) {
    acc_ += value_ * (t - last_);
    last_ = t;
    value_ += delta;
  }
  double value() const { return value_; }
  double cumulative(double t) const { return acc_ + value_ * (t - last_); }

 private:
  double value_ = 0, acc_ = 0, last_ = 0;
};

struct Server;
struct TierRuntime;
struct FlowRuntime;  // a flow-fidelity VSF's state (sim/dataplane/flow_dataplane.hpp)

// A tier's allocated CPUs that are not lost, by state: serving; draining or stopping; any other (pending).
struct TierCounts {
  int serving = 0, pending = 0, draining = 0;
};

struct CpuRuntime {
  grid::CpuId id = 0;
  // Next to id, in one cache line: the control plane's audit (ControlPlane::check_cpus) reads both for
  // every allocated CPU every health check, and at 100,000 CPUs the array is far bigger than the cache.
  int vsf = -1;  // owner (-1: idle pool)
  std::string name;
  const HardwareProfile* hw = nullptr;
  simgrid::s4u::Host* host = nullptr;
  simgrid::s4u::Host* hba = nullptr;
  int tier = kLbTier;  // tier index in its VSF, or kLbTier
  CpuState state = CpuState::Off;
  bool powered = false;
  Server* server = nullptr;     // while serving or draining
  uint64_t join_seq = 0;        // allocation order: scale-in releases the most recent
  int reserved_for = -1;        // named in this VSF's spec and that VSF not created yet: not for others
  bool crashed = false;         // a cpu fault holds it down (host off); not allocatable until it heals
  int cut = 0;                  // failed switches/ports between it and its VSF (LAN or SAN); > 0: unusable
  bool lost = false;            // its VSF lost it (crash or cut while allocated): the farm manager evicts it
  std::string image;            // boot-image version it runs ("" = the role's first)
  uint64_t epoch = 0;           // bumped when it changes hands (allocate, back to idle): a lifecycle actor
                                // that finds another epoch after a step stops (its CPU was evicted meanwhile)
  bool leaving = false;         // a release or eviction is under way: not to be evicted (again)
  simgrid::s4u::IoPtr boot_io;  // its boot image's disk read while one runs: a fault cancels it
  int boot_array = -1;          // the array that read comes from
  int site = 0;                 // its home site (Grid::sites index; 0 without sites): the pool it returns to
  // A lent CPU (site != its VSF's site): the array its boot image and its VSF's data come from (a mirror
  // at its own site, or the VSF's own array over the bridged SAN); -1 for a CPU at its VSF's site.
  int data_array = -1;
  // The tier whose `members` list it joined last (World::join_members). Its state and `lost` are written
  // through World::set_state and set_lost, which keep that tier's counts.
  TierRuntime* member_of = nullptr;
  bool usable() const { return !crashed && cut == 0; }
};

// A role's CPU work per request, read once (the role's strings are not compared per request).
struct WorkModel {
  double mean_flops = 0;
  bool constant = false;
  WorkModel() = default;
  explicit WorkModel(const RoleBlueprint& r)
      : mean_flops(r.work_flops), constant(r.work_distribution == WorkDistribution::Constant) {}
};

// A request waiting for a core: blocks on its own 0-permit semaphore; whoever frees a core pops it,
// sets `granted` and releases the semaphore (exact FCFS hand-off, no mailbox).
struct Waiter {
  simgrid::s4u::SemaphorePtr sem;
  Server* granted = nullptr;
  bool failed = false;  // woken because the server it waited for failed (fault): no core
};

// One CPU serving in a tier (or as a VSF's load balancer, in the VSF's LB tier). A CPU that joins
// again gets a new Server: requests may still hold pointers to old ones, so World owns them all.
struct Server {
  CpuRuntime* cpu = nullptr;
  TierRuntime* tier = nullptr;
  int cores = 1;
  int busy = 0;                        // cores held by requests
  int outstanding = 0;                 // requests dispatched here and not yet answered (waiting, served, calling)
  bool accepting = true;               // false once draining: no new requests
  Fifo<Waiter*> queue;                 // round_robin / least_outstanding: this server's FIFO of waiters
  simgrid::s4u::SemaphorePtr drained;  // released when draining and outstanding reaches 0
  bool failed = false;                 // its CPU crashed or was cut off: requests on it are lost
  bool in_capacity = false;            // its cores are counted in the tier's capacity
};

// A tier's servers and queues. A VSF's LB is a tier of its own (index kLbTier, spec nullptr, one
// server, its role's queue_limit): its cores are a bounded resource with a FIFO like any server's.
struct TierRuntime {
  int index = 0;
  const Tier* spec = nullptr;  // nullptr for the LB tier
  const RoleBlueprint* role = nullptr;
  WorkModel work;
  Dispatch dispatch = Dispatch::RoundRobin;  // vsf::Dispatch, the model's
  std::vector<Server*> active;               // accepting servers, in join order
  Fifo<Server*> free_cores;                  // shared_queue: one entry per idle core (stale entries skipped)
  Fifo<Waiter*> shared;                      // shared_queue: the tier's FIFO of waiters
  size_t rr = 0;                             // round-robin position
  TimeIntegral busy, capacity;               // busy cores; cores of serving and draining servers
  bool in_vsf_utilization = true;            // counted in the VSF's utilization (servers, not the LB)
  std::vector<CpuRuntime*> members;          // allocated CPUs (configuring ... draining), in allocation order
  // `members` counted by state, kept by World::join_members / leave_members / set_state / set_lost, so a farm
  // manager's tick reads its tiers' counts without a cache miss per CPU (at 100,000 CPUs, 5 % of a day's
  // run). `walk_counts`: a CPU was listed in two tiers at once, or taken again while listed (bugs the audit
  // reports), so counts and the newest member are taken by a walk over `members` from then on, exact in that
  // case too (count_tier, newest_member).
  TierCounts counts;
  bool walk_counts = false;
  // The hardware of the last of `members` (nullptr without members), kept by join_members / leave_members: a
  // farm manager reads it per tier at every tick (newest_hw), which would otherwise cost two cache misses.
  const HardwareProfile* newest_hw = nullptr;
  FlowRuntime* flow = nullptr;  // its VSF's, in flow fidelity: server changes re-solve it
  // The first of `active`: its CPU, that CPU's host and the server's cores (nullptr, nullptr, 0 when none),
  // kept by add_server / stop_accepting. A flow VSF's solve reads them per stage every simulated minute;
  // through active -> Server -> CpuRuntime -> host that is three dependent cache misses per stage once the
  // grid is far bigger than the cache (100,000 CPUs).
  const CpuRuntime* first_cpu = nullptr;
  simgrid::s4u::Host* first_host = nullptr;
  int first_cores = 0;
};

// What a CDN's edge (or origin: offered only) counted for summary.json's "cdn" (sim/dataplane/cdn_flow.hpp).
struct CdnCounts {
  double offered = 0, hits = 0, misses = 0;
  double lost = 0;          // misses lost on the WAN (flow: cut off or saturated; request: failed on the way)
  double wan_bytes = 0;     // the carried misses' bytes on the WAN
  double miss_extra_s = 0;  // summed over carried misses: their time beyond the edge's own
};

struct VsfRuntime {
  int index = 0;
  const VsfSpec* spec = nullptr;
  bool exists = false;
  bool ended = false;  // decommissioned (sim/managers/decommission.hpp): exists no more, never again
  int storage = 0;     // index of the array holding its volume (boot images, data)
  const RoleBlueprint* lb_role = nullptr;  // nullptr: no LB
  bool san_io = false;                     // some tier reads from the SAN per request
  CpuRuntime* lb_cpu = nullptr;
  TierRuntime lb_tier;            // the LB's server while it serves
  std::deque<TierRuntime> tiers;  // deque: stable addresses
  RateFunction rate;
  LazyRng work_rng;                       // request fidelity's work draws
  LazyRng demand_arrivals, demand_holds;  // its cpu_demand's draws (outlive a farm manager's crash)
  LazyRng cdn_hits;                       // a CDN edge's hit or miss per request (request fidelity)
  CdnCounts cdn;                          // a CDN's edge or origin: summary.json's "cdn"
  WindowStats window;                     // reset by the farm manager each control interval
  TimeIntegral busy, capacity;            // all tiers (for the output interval's utilization)
  bool storage_down = false;              // no healthy array holds its volume: boots and SAN I/O fail (faults)
  bool fault_outage = false;              // cannot serve because of a fault: its "no server" drops count as faults
  int available = -1;                     // last availability reported (-1: none yet); see update_availability
  std::unique_ptr<FlowRuntime> flow;      // flow fidelity's state; nullptr in request fidelity
  VsfRuntime(int i, const VsfSpec& s, uint64_t seed);
  ~VsfRuntime();
};

// A request actor, reused from request to request: once done, it waits on `wake` for its next one.
// Reuse spares an actor creation, a stack and an exception unwind (SimGrid ends actors by throwing) per
// request; the pool grows to the peak number of requests in flight, not with the number of requests.
// SimGrid 3.32 never removes a finished disk I/O from its actor's activity list (IoImpl::finish), and
// every later activity end scans that list: a worker that did SAN I/O retires after a few dozen
// requests, so the list stays short; its RequestWorker record is reused by the next worker.
struct RequestWorker {
  simgrid::s4u::SemaphorePtr wake;
  VsfRuntime* vsf = nullptr;
  double t0 = 0;
  int io_requests = 0;   // requests with SAN I/O handled by the current actor
  bool on_lent = false;  // the current request stayed on a lent CPU (global_manager.hpp note_stay)
};

// A pool of 0-permit semaphores, so that waiting requests do not allocate one each.
class SemaphorePool {
 public:
  simgrid::s4u::SemaphorePtr take();
  void put(simgrid::s4u::SemaphorePtr sem) { pool_.push_back(std::move(sem)); }

 private:
  std::vector<simgrid::s4u::SemaphorePtr> pool_;
};

// What data-plane faults hold down now (sim/faults/fault_dataplane.cpp keeps it; vectors sized by World).
struct FabricFaults {
  std::vector<bool> vlan_switch_down, san_switch_down;  // by switch
  std::vector<std::array<bool, 2>> nic_down;            // by CpuId: front, back VLAN port
  std::vector<bool> hba_down;                           // by CpuId
  std::vector<bool> array_failed;                       // by storage index
  std::vector<std::vector<bool>> array_port_down;       // by storage index, port
  std::vector<bool> array_link_held;                    // by storage index: the array's own hold on its link
  std::vector<bool> uplink_port_down;             // by site: its "uplink" port (World::uplink_down adds its switch)
  std::map<simgrid::s4u::Link*, int> link_holds;  // a link is off while some fault holds it
};

class ControlPlane;
class GlobalManager;

struct World {
  World(const Scenario& s, grid::GridModel& g, Recorder& r, Platform p);
  const Scenario& scenario;
  grid::GridModel& grid;
  Recorder& recorder;
  Platform platform;
  double end_s;
  std::vector<CpuRuntime> cpus;
  std::vector<std::unique_ptr<VsfRuntime>> vsfs;
  std::vector<std::unique_ptr<Server>> servers;
  SemaphorePool sems;
  std::vector<std::unique_ptr<RequestWorker>> workers;
  std::vector<RequestWorker*> idle_workers;   // LIFO: the most recently used stack is warm in cache
  std::vector<RequestWorker*> spare_workers;  // records of retired workers
  int idle_count = 0;  // idle CPUs that can be allocated now (usable(); crashed or cut ones are not counted)
  // CPUs marked lost (mark_lost) and not yet back in the idle pool (leave_vsf): while none, a farm manager's
  // tick need not walk its VSF's CPUs for lost ones (at 100,000 CPUs a cache miss per CPU per tick).
  int lost_count = 0;
  // The same count per site (one entry without `sites`): a site's grants draw only from its own pool.
  // Changed with idle_count through idle_add only, so the two cannot drift.
  std::vector<int> site_idle;
  // The CPUs a grant may hand out (idle, reserved for no VSF, usable()), by id: a grant or a VSF's
  // creation walks these, not the grid. refresh_allocatable() after any change of vsf, reserved_for,
  // crashed or cut.
  IdSet allocatable;
  // VSFs whose CPU lists (lb_cpu, tiers' members) changed, or whose CPUs changed owner, since the control
  // plane's last audit (ControlPlane::check_cpus audits these; all of them with --check-isolation full).
  std::vector<int> roster_changed;
  std::vector<char> roster_dirty;  // by VSF: listed in roster_changed
  uint64_t next_join_seq = 0;
  int isolation_violations = 0;
  grid::IsolationCheck isolation_check = grid::IsolationCheck::Incremental;  // RunOptions::isolation_check
  // By site (one entry without sites): its Internet uplink (port or its switch) failed, so every arrival
  // at a VSF homed there is lost (another site's clients still come in through their own uplink).
  std::vector<bool> uplink_down;
  FabricFaults fabric;
  std::vector<bool> wan_down;  // by Grid::wan index: a `wan` fault holds the link (with or without a global manager)
  // Flow VSFs whose lent servers' traffic loads the WAN links (FlowRuntime::lent_wan), by index, sorted
  // (sim/dataplane/lent_wan.hpp).
  std::vector<int> wan_lenders;
  // Each site's control plane (grid segment), by site index: one entry without `sites`. Set by
  // run_simulation; the global grid manager and cross-site work reach a segment through it (issue 14).
  std::vector<ControlPlane*> control_planes;
  std::shared_ptr<GlobalManager> global_manager;  // with sites and a global_manager (sim/managers/global_manager.hpp)
  // Active cp_partitions naming the GGM's host: by partition number, the sites they cut off from it
  // (sim/managers/ggm_reach.hpp).
  std::map<int, std::vector<int>> ggm_cut_off;

  Server* new_server(CpuRuntime& cpu, TierRuntime* tier);
  TierRuntime& tier_of(const CpuRuntime& cpu);  // an allocated CPU's tier (its VSF's LB tier for kLbTier)
  const std::string& vsf_name(int v) const;
  std::string tier_name(int v, int tier) const;  // the tier's role (the LB's role for kLbTier); "" when idle
  std::string domain_name(int id) const;         // a VSF, VLAN or zone id as a name ("idle", "public", ...)
  simgrid::s4u::Host* control_host(int v) const;
  // events.jsonl line with the CPU's identity filled in
  void cpu_event(double t, const std::string& type, const CpuRuntime& cpu, nlohmann::json fields = {});
  // Moves the CPU to state s (recorder.cpu_state with its current owner).
  void set_state(CpuRuntime& cpu, CpuState s);
  void set_lost(CpuRuntime& cpu, bool lost);
  // Lists the CPU in tier t's members / takes it off them, keeping t's counts.
  void join_members(CpuRuntime& cpu, TierRuntime& t);
  void leave_members(CpuRuntime& cpu, TierRuntime& t);
  // Runs the isolation check after a reconfiguration; violations are counted and logged.
  void check_isolation(const std::string& after, const CpuRuntime& cpu);
  void check_isolation(const std::string& after, int vsf);
  void idle_add(const CpuRuntime& cpu, int delta) {
    idle_count += delta;
    site_idle[static_cast<size_t>(cpu.site)] += delta;
  }
  int idle_at(int site) const { return site_idle[static_cast<size_t>(site)]; }
  bool has_sites() const { return !scenario.grid.sites.empty(); }
  bool uplink_down_for(const VsfRuntime& v) const { return uplink_down[static_cast<size_t>(v.spec->site)]; }
  // The site's CPU ids (consecutive in the merged grid; the whole grid without `sites`).
  IndexRange site_cpus(int site) const;
  void refresh_allocatable(const CpuRuntime& cpu) {
    allocatable.set(static_cast<size_t>(cpu.id), cpu.vsf < 0 && cpu.reserved_for < 0 && cpu.usable());
  }
  void roster_touched(int v) {
    if (v < 0 || roster_dirty[static_cast<size_t>(v)]) return;
    roster_dirty[static_cast<size_t>(v)] = 1;
    roster_changed.push_back(v);
  }
};

double now();

}  // namespace vsf::sim
