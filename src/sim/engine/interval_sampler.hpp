// The samples of timeseries.csv taken at the end of each output interval: per VSF, per tier and for the
// grid (CPU counts by state at that moment, utilization over the interval). The request counts of the
// interval are the Recorder's; this reads the World's CPUs and the busy/capacity integrals.
#pragma once

#include <vector>

#include "sim/engine/world.hpp"

namespace vsf::sim {

class IntervalSampler {
 public:
  explicit IntervalSampler(World& w);
  // Reports every VSF's row (with its tiers') and the grid's row for the interval ending at t.
  void sample(double t);

 private:
  struct Delta {
    double busy = 0, capacity = 0;  // core-seconds since the previous sample
    double utilization() const;
  };
  // The busy/capacity integrals' growth since the previous sample of slot `slot` (a VSF's or a tier's).
  Delta advance(size_t slot, const TimeIntegral& busy, const TimeIntegral& capacity, double t);

  World& w_;
  std::vector<double> busy0_, cap0_;     // per VSF, then per tier of every VSF in order
  std::vector<size_t> first_tier_slot_;  // per VSF: the slot of its tier 0
};

}  // namespace vsf::sim
