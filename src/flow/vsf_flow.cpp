// A VSF's stages chained (see vsf_flow.hpp).
#include "flow/vsf_flow.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "flow/remainder.hpp"

namespace vsf::flow {

namespace {

// Visits of each stage beyond this many per request are sampled as copies of the last (a tier called
// more than 8 times per request is summed from 8 independent visits scaled up).
constexpr int kMaxSampledVisits = 8;

double uniform(SampleRng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// n stratified uniforms in random order: one in each [i / n, (i + 1) / n).
void strata(int n, SampleRng& rng, std::vector<double>& out) {
  out.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out[static_cast<size_t>(i)] = (i + uniform(rng)) / n;
  for (int i = n - 1; i > 0; --i)
    std::swap(out[static_cast<size_t>(i)], out[SmallRemainder::of(rng(), static_cast<uint64_t>(i + 1))]);
}

}  // namespace

VsfFlow solve_vsf(const VsfFlowInput& in) {
  VsfFlow f;
  solve_vsf(in, f);
  return f;
}

void solve_vsf(const VsfFlowInput& in, VsfFlow& f) {
  std::vector<StageFlow> stages = std::move(f.stages);
  std::vector<double> visits = std::move(f.visits);
  stages.clear();
  visits.clear();
  f = VsfFlow{};
  f.stages = std::move(stages);
  f.visits = std::move(visits);
  f.offered = in.rate;
  const double rate = in.uplink_down ? 0 : in.rate * (1 - in.lost_share);
  double arrival = rate, m = 1;
  double w_drop = 0, w_abandon = 0, w_fault = 0;  // per-request loss weights
  double queued = 0;                              // requests/s held in fluid backlogs
  for (size_t k = 0; k < in.stages.size(); ++k) {
    const double calls = static_cast<double>(k < in.calls.size() ? in.calls[k] : 1);
    if (k > 0) arrival *= calls;
    m *= k > 0 ? calls : 1;
    StageFlow s = solve_stage(in.stages[k], arrival);
    if (arrival > 0) {
      w_drop += m * s.dropped_rate / arrival;
      w_abandon += m * s.abandoned_rate / arrival;
      w_fault += m * s.fault_rate / arrival;
    }
    f.visits.push_back(m);
    queued += s.queued_rate / m;
    f.excess += s.excess / m;
    f.time_to_change_s = std::min(f.time_to_change_s, s.time_to_change_s);
    arrival = s.done_rate;
    f.stages.push_back(s);
  }
  span(f, 0);
  // Requests complete as their last stage's visits are done (its m visits per request).
  f.answered = f.stages.empty() ? 0 : f.stages.back().done_rate / f.visits.back();
  const double lost = std::max(0.0, rate - f.answered - queued), w = w_drop + w_abandon + w_fault;
  if (w > 0) {
    f.dropped = lost * w_drop / w;
    f.abandoned = lost * w_abandon / w;
    f.fault = lost * w_fault / w;
  }
  if (in.fault_outage) f.fault += std::exchange(f.dropped, 0.0);
  if (!in.uplink_down) (in.lost_to_fault ? f.fault : f.dropped) += in.rate * in.lost_share;
  if (in.uplink_down) f.fault = in.rate;
}

void span(VsfFlow& f, double dt) {
  f.mean_response_s = 0;
  for (size_t k = 0; k < f.stages.size(); ++k) {
    span_fluid(f.stages[k], dt);
    f.mean_response_s += f.visits[k] * f.stages[k].law.mean_s();
  }
}

void response_samples(const VsfFlow& f, int n, int local_n, SampleRng& rng, std::vector<double>& response,
                      std::vector<std::vector<double>>& local, std::vector<char>* on_lent) {
  response.assign(static_cast<size_t>(n), 0.0);
  if (on_lent != nullptr) on_lent->assign(static_cast<size_t>(n), 0);
  local.resize(f.stages.size());
  thread_local std::vector<double> uw, uh, us;  // scratch, kept between calls
  for (size_t k = 0; k < f.stages.size(); ++k) {
    const VisitLaw& law = f.stages[k].law;
    const double m = f.visits[k];
    const int drawn = static_cast<int>(std::min<double>(m, kMaxSampledVisits));
    const double scale = m / drawn;
    const size_t keep = static_cast<size_t>(std::clamp(local_n, 0, n));
    // Only a stage with lent servers draws which server site a visit meets (the draws, and so every
    // sample, of a VSF without are those of a single-site grid).
    const bool mixed = law.remote_share > 0;
    local[k].resize(keep);
    for (int j = 0; j < drawn; ++j) {
      strata(n, rng, uw);
      strata(n, rng, uh);
      if (mixed) strata(n, rng, us);
      for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
        double t = law.at(uw[i], uh[i]), out = law.net_out_s;
        if (mixed) {
          const double extra = law.remote_at(us[i]);
          t += extra;
          if (extra > 0) out += law.remote_out_s;
          if (extra > 0 && on_lent != nullptr) (*on_lent)[i] = 1;
        }
        if (j == 0 && i < keep) local[k][i] = t - out;
        response[i] += t * scale;
      }
    }
  }
}

}  // namespace vsf::flow
