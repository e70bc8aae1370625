// What a farm manager sees of its VSF's traffic over one control interval: requests offered, and the
// response times of the requests answered (served or late), for the p95 a policy reads. The response
// times go into the Recorder's LogHistogram, so the policy and the results read one kind of quantile;
// an interval with no answer has no p95. Reset each interval at the cost of the buckets it used: no
// memory per request.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "metrics/histogram.hpp"

namespace vsf::sim {

class WindowStats {
 public:
  void offered(double n = 1) { offered_ += n; }  // n: flow fidelity's expected count
  void response(double seconds, double weight = 1) { responses_.add(seconds, weight); }
  void responses(const std::vector<double>& seconds, double weight) {  // response(s, weight) for each in order
    responses_.add_all(seconds.data(), seconds.size(), weight);
  }
  double offered_count() const { return offered_; }
  double responses() const { return responses_.count(); }
  // The q-quantile of the responses (within 0.4%); nullopt when none was answered.
  std::optional<double> quantile(double q) const { return responses_.quantile(q); }
  void reset() {
    responses_.clear();
    offered_ = 0;
  }

 private:
  LogHistogram responses_;
  double offered_ = 0;
};

}  // namespace vsf::sim
