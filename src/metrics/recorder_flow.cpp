// Recorder's bulk entry points for flow fidelity (see recorder.hpp FlowOutcomes): the same counters and
// histograms as the per-request calls, fed with expected counts and weighted samples.
#include "metrics/recorder_state.hpp"

namespace vsf {

void Recorder::flow_outcomes(int vsf, double, const FlowOutcomes& o) {
  Impl& m = *impl_;
  VsfStats& s = m.vsf(vsf);
  s.offered += o.offered;
  s.interval_offered += o.offered;
  m.grid_interval_offered += o.offered;
  s.served += o.served;
  s.interval_served += o.served;
  m.grid_interval_served += o.served;
  s.dropped += o.dropped;
  s.dropped_by_faults += o.dropped_by_faults;
  s.timed_out += o.timed_out;
  s.response_sum_s += o.response_sum_s;
  if (o.samples == nullptr || o.served <= 0) return;
  size_t in_time = 0;
  for (double r : *o.samples) in_time += r <= o.timeout_s ? 1 : 0;
  if (in_time == 0) return;
  const double weight = o.served / static_cast<double>(in_time);
  if (in_time == o.samples->size()) {  // the usual case: every sample in time, added in one pass
    s.interval_responses.add_all(o.samples->data(), in_time, weight);
    return;
  }
  for (double r : *o.samples) {
    if (r > o.timeout_s) continue;
    s.interval_responses.add(r, weight);
  }
}

void Recorder::tier_flow(int vsf, int tier, double, double visits, double done, const std::vector<double>& local) {
  TierStats& ts = impl_->vsf(vsf).tier(tier);
  ts.interval_visits += visits;
  ts.interval_done += done;
  if (local.empty() || done <= 0) return;
  const double weight = done / static_cast<double>(local.size());
  ts.interval_local.add_all(local.data(), local.size(), weight);
}

}  // namespace vsf
