// The one histogram of response times, used by the Recorder (whole run and each output interval) and
// by the farm managers' policy windows (src/sim/): log-bucketed (HDR-style), values kept as integer
// nanoseconds in buckets whose width is at most 1/128 of their lower edge, so any quantile is within
// 0.4% of the exact sample quantile, from 1 ns to 1 day (longer values are clamped to 1 day, the exact
// maximum is kept). Memory is fixed (about 42 KB, allocated on the first add), whatever the number of
// values; clear() costs the span of buckets used since the last clear, so a window reset every
// interval stays cheap. An empty histogram has no quantile (std::nullopt), never a 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace vsf {

class LogHistogram {
 public:
  void add(double seconds) { add(seconds, 1); }  // NaN is ignored
  // `weight` values of `seconds` at once (flow fidelity adds an expected number of requests, not an
  // integer); weight <= 0 adds nothing.
  void add(double seconds, double weight);
  void clear();
  double count() const { return count_; }  // total weight
  // Nearest-rank quantile (the smallest recorded value with at least ceil(q * count) values <= it),
  // as the middle of its bucket clamped to the exact min and max (the first and last ranks give the
  // exact min and max); nullopt when empty.
  std::optional<double> quantile(double q) const;
  double min() const { return min_; }
  double max() const { return max_; }

  static constexpr int kSubBits = 7;  // 128 sub-buckets per power of two
  static constexpr int64_t kMaxNs = 86400'000'000'000LL;

 private:
  static size_t index(int64_t ns);
  static double middle_s(size_t index);
  std::vector<double> counts_;  // allocated on the first add; weights (exact integers for add(seconds))
  size_t lo_ = 0, hi_ = 0;      // buckets [lo_, hi_] hold every value since the last clear
  double count_ = 0;
  double min_ = 0, max_ = 0;
};

}  // namespace vsf
