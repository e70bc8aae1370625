// The global grid manager (GGM; issue 14, patent Fig. 13 "global grid manager" and "A wide area computing
// grid"): above the sites' segments, on a host of its own ("control:global-manager") at
// global_manager.site. Every global_manager.interval it collects each segment's figures (event
// `global_report` per site: idle pool, CPUs held, CPUs down, denials, revenue and energy so far) and keeps
// the last one per site. It brokers loans of idle CPUs across the WAN:
//  - a segment's master that cannot meet a scale-out from its own pool (when_empty), or any scale-out
//    (by_cost), asks the GGM (event `loan_request`) from SegmentManager::grant_one, if the GGM is up and
//    the WAN route from the segment's site to the GGM's site works (routes are static, as the fabric's:
//    the fewest links, ties to the lower link indices; a failed link on a route cuts it, no detour); otherwise
//    `loan_refused` {reason "global manager down" / "unreachable"} and the segment grants from its own pool as it would
//    without a GGM; so too, reason "global manager unreachable", while a cp_partition cuts the segment's
//    hosts off from the GGM's (ggm_reach.hpp), which also keeps the segment from lending and its reports unheard;
//  - the GGM picks lenders by control/loan_policy.hpp among the sites both it and the borrower's site reach
//    over working WAN links, from what it knows of their pools: each lender's idle count in its last
//    `global_report` (before the first collection, the site's pool at the start of the run), less what the GGM
//    has asked of it since (the patent's global manager works from collected information). It asks the
//    chosen lenders to allocate; a lender whose pool has meanwhile shrunk gives what it has, and the rest is
//    refused (`loan_refused` {reason "stale report"}): a view at most one interval old. It allocates
//    the CPUs to the VSF (reason "loan"; event `cpu_lent` {from_site, to_site}), points each at the array it boots
//    and reads from (CpuRuntime::data_array: the lender site's first array with lent_boot mirror, the VSF's own array
//    with bridged_san) and sends the ScaleGrant to the borrower's farm manager through the borrower's
//    segment, arriving after the WAN round trip between the segment's site and the GGM's (the path's
//    one-way latency each way); the normal join follows. What no lender gives: `loan_refused` {reason
//    "no lender"} and the segment's denial ("idle pool empty at every site").
//  - a lent CPU released or evicted goes back to its own site's pool (event `loan_returned` {held_s});
//  - a WAN link failure: every lent CPU whose route between its site and its VSF's site crosses the link
//    is lost to the VSF (`loan_lost` {reason "wan", in_flight}, then `cpu_lost`; its requests fail; one whose
//    grant is still on its way never joins: it leaves the borrower's join_pending, so neither the grant nor a
//    reconcile starts it;
//    its farm manager evicts it to its own pool, where it is usable: the WAN is not on its path at home).
//    GGM messages across it fail. Heal: the link works again, nothing else is restored.
// Crash semantics (global_manager fault): its host goes down, its actor dies, `global_report`s stop and
// loan requests are refused ("global manager down"); loans already made stay (their CPUs belong to their
// borrowers' segments now), grants in flight are lost (the borrower's farm manager starts the join of a
// CPU granted to it at its next tick anyway). Heal: the host comes back and the actor starts again.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "control/loan_policy.hpp"
#include "faults/schedule.hpp"
#include "sim/engine/world.hpp"

namespace vsf::sim {

class ControlPlane;
struct ScaleRequest;

class GlobalManager {
 public:
  explicit GlobalManager(World& w);
  World& w;
  const GlobalManagerSpec& spec;
  bool down = false;           // a global_manager fault holds
  std::vector<bool> wan_down;  // by Grid::wan index
  struct Loan {
    int vsf = -1, from = 0, to = 0;
    double since = 0;
  };
  std::map<int, Loan> loans;            // open loans by CPU id
  std::vector<long> denials;            // by site: CPUs refused to its VSFs so far
  std::vector<nlohmann::json> reports;  // by site: the last collection
  std::vector<int> known_idle;          // by site: the last report's idle CPUs less those asked of it since

  int sites() const { return static_cast<int>(w.scenario.grid.sites.size()); }
  control::WanPath path(int from, int to) const;
  void collect();             // one global_report per site
  void sample_sites() const;  // the recorder's per-site idle samples
  void spawn();               // its actor on its host
};

// Starts the GGM (and the sites' sampler) when the scenario has sites and a global_manager; a no-op otherwise.
void start_global_manager(World& w);
// At the run's end: the GGM host's energy and each site's revenue and energy into summary.json (a no-op
// without a GGM).
void report_global_manager(World& w);

// SegmentManager::grant_one's question before it allocates: of `ask`, which the arbitration gave `share`
// CPUs of the home pool, how many to take locally; the rest the GGM lends now (CPUs allocated, the grant
// on its way from `master_host`). Without a GGM (or lending never): local = share, nothing lent.
struct LoanAnswer {
  int local = 0;
  int lent = 0;
  bool asked = false;  // the GGM took part (a denial then says "idle pool empty at every site")
};
LoanAnswer ask_for_loans(ControlPlane& cp, const ScaleRequest& ask, int share, int master_host);

// A CPU back in the idle pool (leave_vsf): ends its loan, if it was lent.
void loan_ended(World& w, CpuRuntime& cpu);

// A denial of `refused` CPUs to VSF v (for the site's report).
void note_denial(World& w, int v, int refused);

// Applies a `wan` or `global_manager` transition; false for other kinds (not ours).
bool apply_site_fault(World& w, const faults::FaultEvent& e);

// A request served (request fidelity): counted as served on a lent CPU or not (summary lending.response_s).
void note_served(World& w, const VsfRuntime& v, double response_s);
// A request's stay on `cpu`: remembers, for the request's actor, that it crossed to a lent CPU.
void note_stay(const VsfRuntime& v, const CpuRuntime& cpu);

}  // namespace vsf::sim
