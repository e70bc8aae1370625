// What a farm manager sees of its VSF's traffic over one control interval: requests offered, and the
// response times of the requests answered (served or late), for the p95 a policy reads. The response
// times go into the Recorder's LogHistogram, so the policy and the results read one kind of quantile;
// an interval with no answer has no p95. Reset each interval at the cost of the buckets it used: no
// memory per request.
#pragma once

#include <cstdint>
#include <optional>

#include "metrics/histogram.hpp"

namespace vsf::sim {

class WindowStats {
 public:
  void offered() { ++offered_; }
  void response(double seconds) { responses_.add(seconds); }
  uint64_t offered_count() const { return offered_; }
  double responses() const { return responses_.count(); }  // their total weight
  // The q-quantile of the responses (within 0.4%); nullopt when none was answered.
  std::optional<double> quantile(double q) const { return responses_.quantile(q); }
  void reset() {
    responses_.clear();
    offered_ = 0;
  }

 private:
  LogHistogram responses_;
  uint64_t offered_ = 0;
};

}  // namespace vsf::sim
