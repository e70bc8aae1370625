// timeseries.csv samples (see interval_sampler.hpp). The grid row counts every CPU of the World by its
// own state rather than adding up the VSF rows, so the e2e check that they agree can fail.
#include "sim/engine/interval_sampler.hpp"

#include <algorithm>

#include "sim/dataplane/flow_dataplane.hpp"

namespace vsf::sim {

namespace {

bool booting(const CpuRuntime& c) { return c.state == CpuState::Configuring || c.state == CpuState::Booting; }

TierSample count(const std::vector<CpuRuntime*>& members) {
  TierSample s;
  for (const CpuRuntime* c : members) {
    if (c->state == CpuState::Serving) ++s.serving;
    if (booting(*c)) ++s.booting;
  }
  s.allocated = static_cast<int>(members.size());
  return s;
}

}  // namespace

double IntervalSampler::Delta::utilization() const { return capacity > 0 ? std::min(1.0, busy / capacity) : 0.0; }

IntervalSampler::IntervalSampler(World& w) : w_(w) {
  size_t slot = w.vsfs.size();
  for (const auto& v : w.vsfs) {
    first_tier_slot_.push_back(slot);
    slot += v->tiers.size();
  }
  busy0_.assign(slot, 0);
  cap0_.assign(slot, 0);
}

IntervalSampler::Delta IntervalSampler::advance(size_t slot, const TimeIntegral& busy, const TimeIntegral& capacity,
                                                double t) {
  const double b = busy.cumulative(t), c = capacity.cumulative(t);
  Delta d{b - busy0_[slot], c - cap0_[slot]};
  busy0_[slot] = b;
  cap0_[slot] = c;
  return d;
}

void IntervalSampler::sample(double t) {
  Delta all;
  for (auto& vp : w_.vsfs) {
    VsfRuntime& v = *vp;
    sync_dataplane(w_, v);  // a flow VSF's counts and integrals up to t
    const size_t i = static_cast<size_t>(v.index);
    IntervalSample s;
    for (size_t k = 0; k < v.tiers.size(); ++k) {
      TierSample ts = count(v.tiers[k].members);
      ts.utilization = advance(first_tier_slot_[i] + k, v.tiers[k].busy, v.tiers[k].capacity, t).utilization();
      s.serving += ts.serving;
      s.booting += ts.booting;
      s.allocated += ts.allocated;
      s.tiers.push_back(ts);
    }
    if (v.lb_cpu != nullptr) {  // the LB is a CPU of the VSF, in no tier
      s.serving += v.lb_cpu->state == CpuState::Serving ? 1 : 0;
      s.booting += booting(*v.lb_cpu) ? 1 : 0;
      ++s.allocated;
    }
    const Delta d = advance(i, v.busy, v.capacity, t);
    s.utilization = d.utilization();
    all.busy += d.busy;
    all.capacity += d.capacity;
    w_.recorder.interval(v.index, t, s);
  }
  GridSample g;
  for (const CpuRuntime& c : w_.cpus) {  // an idle CPU is off: counted by state, any owner
    if (c.vsf >= 0) ++g.allocated;
    if (c.state == CpuState::Serving) ++g.serving;
    if (booting(c)) ++g.booting;
  }
  g.utilization = all.utilization();
  w_.recorder.grid_interval(t, g);
}

}  // namespace vsf::sim
