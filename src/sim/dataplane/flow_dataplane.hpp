// Flow fidelity's data plane (scenarios/README.md `fidelity`): a VSF's requests are not simulated one by
// one but as a fluid whose stages (its LB, its tiers) are queueing models (src/flow/), solved again at
// every event that changes them and integrated analytically between events.
//
// What changes a VSF's flow: its offered rate (continuous shapes are taken piecewise constant, the mean
// over steps of flow.resolution_s, by one "flow" actor for all VSFs: no actor per VSF), a server joining,
// leaving or failing (dispatch.cpp wraps those in a FlowChange), a fault (uplink, storage, outage). Between
// two changes the flow is constant: advancing it to time t adds its rates x elapsed time to the Recorder's
// counts and the farm manager's window, its response-time samples (weighted by the requests they stand
// for) to the histograms, and sets the tiers' busy-core integrals, so the farm managers, the output
// intervals and the results read the same quantities as in request fidelity, from the same places.
// Readers call sync_dataplane() first (a no-op in request fidelity).
//
// Everything else (CPU lifecycle, boot storms, reconfiguration, control plane, faults, policies, energy)
// is the same simulation. A draining server ends at once (a fluid holds no request objects).
#pragma once

#include <functional>
#include <memory>
#include <queue>
#include <utility>
#include <vector>

#include "flow/vsf_flow.hpp"
#include "sim/dataplane/cdn_flow.hpp"
#include "sim/dataplane/flow_inputs.hpp"
#include "sim/engine/world.hpp"

namespace vsf::sim {

// The flow actor's clock: each flow VSF's next due time (its rate's change or a fluid backlog emptying
// or filling) in a min-heap of (time, VSF index), so a wake costs the VSFs due, not all of them (entries
// that no longer match their VSF's due time are skipped); when the actor wakes next, and how to wake it
// earlier (a solve that brings a due time forward).
struct FlowClock {
  using Entry = std::pair<double, int>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> due;
  double wake_at = 0;
  simgrid::s4u::SemaphorePtr early;
  std::vector<int> reprice;  // VSFs to solve again now: the WAN load they share changed
  bool repricing = false;    // reprice is being drained, or the flow actor drains it after its wake
};

struct FlowRuntime {
  World* w = nullptr;
  VsfRuntime* v = nullptr;
  std::shared_ptr<FlowClock> clock;
  double last_t = 0;            // the flow is accounted up to here
  double rate = 0;              // offered requests/s now (the step's mean)
  double rate_until = 0;        // when the rate is due to change (the flow actor's next_rate)
  double change_at = INFINITY;  // a fluid stage's backlog empties or fills then: solve again
  int changing = 0;             // FlowChange scopes open (nested ones solve once, at the outermost's end)
  flow::VsfFlow flow;
  flow::VsfFlowInput input;                // the last solve's input (kept for its vectors' capacity)
  std::vector<StageRoutes> routes;         // per stage: message times, cached (flow_inputs.hpp)
  std::vector<double> backlog;             // per stage: waiting visits (fluid), carried between solves
  std::vector<double> response;            // samples of an answered request's response time
  std::vector<std::vector<double>> local;  // per stage: samples of its local time
  std::vector<char> on_lent;               // per response sample: it met a lent server (with sites only)
  double late_fraction = 0;                // of answered requests: answered after the timeout
  double served_mean_s = 0;                // mean response of those answered in time
  double busy_joules = 0;                  // the servers' power above idle for their busy cores
  flow::SampleRng rng;
  CdnTally cdn;                     // a CDN's edge or origin only (cdn_flow.hpp)
  bool reprice_pending = false;     // listed in FlowClock::reprice
  std::vector<double> lent_prices;  // at its last solve: each lent stage's remote in, out and hold times
  flow::WanLoads lent_wan;          // its lent servers' bytes/s per WAN link direction at its last solve (lent_wan.hpp)
};

// Response-time samples per accounted interval (stratified; see flow/vsf_flow.hpp): one per request the
// interval stands for, at least kMinFlowSamples and at most kMaxFlowSamples.
constexpr int kMinFlowSamples = 8, kMaxFlowSamples = 64;
// Of which each tier's local time (its timeseries.csv rows' p95 only) keeps at most this many.
constexpr int kTierFlowSamples = 16;

// Gives every flow-fidelity VSF its FlowRuntime and starts the flow actor (rate steps); request-fidelity
// VSFs are left to start_traffic().
void start_flow(World& w);

// Accounts the VSF's flow up to now (request fidelity: nothing to do). Call before reading its counts,
// windows or integrals.
void sync_dataplane(World& w, VsfRuntime& v);

// Wraps a change of a VSF's servers or fault flags: accounts the flow up to now under the old state, and
// solves it again under the new one when the scope ends (a scope inside another, as drain_server's call of
// stop_accepting, leaves both to the outermost). Does nothing for a request-fidelity VSF (nullptr).
class FlowChange {
 public:
  explicit FlowChange(FlowRuntime* f);
  ~FlowChange();
  FlowChange(const FlowChange&) = delete;
  FlowChange& operator=(const FlowChange&) = delete;

 private:
  FlowRuntime* f_;
};

// Every flow VSF of the world: accounted up to now (before a fault changes the fabric), solved again (after).
void sync_all_flows(World& w);
// Energy the flow VSFs' busy cores drew above idle (SimGrid's energy plugin sees no executions of theirs,
// so it counts their CPUs idle): linear in load, as the plugin's model, (peak - idle) / cores per core.
double flow_busy_joules(const World& w);
// One flow VSF's busy energy up to t (>= its last accounting): what accounting up to t would add, read
// without accounting (which would draw samples, so change the run), the same whichever actor runs first
// at t.
double busy_joules_at(const FlowRuntime& f, double t);
void solve_all_flows(World& w);

}  // namespace vsf::sim
