// A whole VSF in flow fidelity between two events: its stages (load balancer, then tiers in call order)
// chained as the request fidelity walks them, and what its requests come to.
//
// Stage k is offered the visits done at stage k - 1 times its `calls` (the first stage: the offered rate).
// Requests are answered at the rate the last stage's visits are done (over its m visits per request: the
// product of the calls up to it); the others end dropped, abandoned (timed out) or lost to a fault, shared
// out by each stage's per-visit losses (each weighted by its visits per request). Its
// response is the sum of its visits' times, independent stages (Jackson's network approximation: exact in
// the mean for one tier). Quantiles come from stratified samples of that sum (response_samples); a stage
// with servers lent from another site is a mixture (StageInput::remote_share), sampled by a third uniform.
// A stage in its fluid regime (stage.hpp) passes on nu visits/s whatever it is offered: the requests it
// queues meanwhile are in flight (neither answered nor lost) until its backlog drains.
#pragma once

#include <cstdint>
#include <vector>

#include "flow/stage.hpp"

namespace vsf::flow {

struct VsfFlowInput {
  double rate = 0;            // requests/s offered at the uplink
  bool uplink_down = false;   // every request is lost to the fault
  bool fault_outage = false;  // drops for want of a server are lost to a fault
  // A share of the offered requests lost before the first stage (a CDN edge's misses its WAN path cannot
  // carry): counted as lost to a fault (`lost_to_fault`) or as dropped.
  double lost_share = 0;
  bool lost_to_fault = true;
  std::vector<StageInput> stages;
  std::vector<int64_t> calls;  // per stage: visits per visit of the previous stage (first: 1)
  double timeout_s = 30;
};

struct VsfFlow {
  std::vector<StageFlow> stages;
  std::vector<double> visits;  // m_k: visits of stage k per request
  double offered = 0;          // requests/s
  double answered = 0;         // every visit done (served, or late: see response_samples)
  double dropped = 0, abandoned = 0, fault = 0;
  double mean_response_s = 0;          // of answered requests
  double excess = 0;                   // requests dropped at the solve (backlogs above their stage's places)
  double time_to_change_s = INFINITY;  // until some fluid stage's backlog empties or fills
};

VsfFlow solve_vsf(const VsfFlowInput& in);
// The same into `out`, whose vectors keep their capacity (the flow runtime solves again and again).
void solve_vsf(const VsfFlowInput& in, VsfFlow& out);

// The samples' random bits: SplitMix64 (Steele, Lea & Flood 2014), a few instructions per draw and the
// same sequence on every platform (a data-centre run draws billions; mt19937_64 was a tenth of its time).
class SampleRng {
 public:
  explicit SampleRng(uint64_t seed = 0) : state_(seed) {}
  uint64_t operator()() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};
// Readies the flow for accounting an interval of dt from the solve: its fluid stages' waits over that
// interval, and the mean response.
void span(VsfFlow& f, double dt);

// n samples of an answered request's response time (stratified: each visit's wait and work uniforms are
// spread over n strata, shuffled independently), and min(n, local_n) samples of each stage's local time
// (caller to work done: its first visit's time without the response transfer; the first of the shuffled
// strata, so a random subset), from `rng`. `local` gets one vector per stage. `on_lent`, when given, gets one
// flag per sample: some visit of it met a lent server (a mixed stage's remote branch), for lending.response_s.
void response_samples(const VsfFlow& f, int n, int local_n, SampleRng& rng, std::vector<double>& response,
                      std::vector<std::vector<double>>& local, std::vector<char>* on_lent = nullptr);

}  // namespace vsf::flow
