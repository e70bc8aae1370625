// TimeseriesRows: see timeseries_rows.hpp.
#include "metrics/timeseries_rows.hpp"

#include "metrics/recorder_state.hpp"

namespace vsf {

namespace {
constexpr uint8_t kHasP95 = 1, kHasIdlePool = 2, kHasIdlePoolMin = 4, kHasDenials = 8;
}

void TimeseriesRows::push_back(const TimeseriesRow& row) {
  if (size_ % kChunk == 0) chunks_.emplace_back(new Packed[kChunk]);
  Packed& p = chunks_.back()[size_ % kChunk];
  p.t = row.t;
  p.offered_rps = row.offered_rps;
  p.served_rps = row.served_rps;
  p.utilization = row.utilization;
  p.p95_s = row.p95_s.value_or(0);
  p.denials = row.denials.value_or(0);
  p.vsf = row.vsf;
  p.tier = row.tier;
  p.serving = row.serving;
  p.booting = row.booting;
  p.allocated = row.allocated;
  p.idle_pool = row.idle_pool.value_or(0);
  p.idle_pool_min = row.idle_pool_min.value_or(0);
  p.has = static_cast<uint8_t>((row.p95_s ? kHasP95 : 0) | (row.idle_pool ? kHasIdlePool : 0) |
                               (row.idle_pool_min ? kHasIdlePoolMin : 0) | (row.denials ? kHasDenials : 0));
  ++size_;
}

TimeseriesRow TimeseriesRows::operator[](size_t i) const {
  const Packed& p = chunks_[i / kChunk][i % kChunk];
  TimeseriesRow row;
  row.t = p.t;
  row.offered_rps = p.offered_rps;
  row.served_rps = p.served_rps;
  row.utilization = p.utilization;
  if (p.has & kHasP95) row.p95_s = p.p95_s;
  if (p.has & kHasDenials) row.denials = p.denials;
  row.vsf = p.vsf;
  row.tier = p.tier;
  row.serving = p.serving;
  row.booting = p.booting;
  row.allocated = p.allocated;
  if (p.has & kHasIdlePool) row.idle_pool = p.idle_pool;
  if (p.has & kHasIdlePoolMin) row.idle_pool_min = p.idle_pool_min;
  return row;
}

TimeseriesRow TimeseriesRows::const_iterator::operator*() const { return (*rows_)[i_]; }

}  // namespace vsf
