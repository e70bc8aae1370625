// The one histogram of response times, used by the Recorder (whole run and each output interval) and
// by the farm managers' policy windows (src/sim/): log-bucketed (HDR-style), values kept as integer
// nanoseconds in buckets whose width is at most 1/128 of their lower edge, so any quantile is within
// 0.4% of the exact sample quantile, from 1 ns to 1 day (longer values are clamped to 1 day, the exact
// maximum is kept). Each value carries a weight (1 for a simulated request; an expected number of
// requests, possibly fractional, for the flow fidelity), and counts are sums of weights.
// Memory follows the buckets used, not the number of values: up to kSparseMax distinct buckets are kept
// as a sorted list of (bucket, count) (16 bytes each; a quiet VSF's windows never leave it), then
// indexed: a 2-byte slot per bucket from the lowest to the highest ever used (growing at either end with
// some slack), naming where that bucket's count is in a compact array of the counts of the buckets used
// since the last clear (8 bytes each, in order of first use; slot 0 is a count that stays 0, for a
// bucket unused). A cleared histogram uses a fraction of its span in an interval (a flow day's windows
// and tiers' interval histograms: a fifth), so this was about 40% of plain dense counts' 8 bytes per
// bucket for those, 75-95% for the response histograms that fill more of their span (10,000 CPUs, one
// day: 23 MB of histograms became 12 MB); the price is a second load per value (the slot, then the
// count), about 1% of a flow day's CPU time. clear() costs the buckets used since the last clear and
// keeps the storage, so a window reset every interval stays cheap. An empty histogram has no quantile
// (std::nullopt), never a 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace vsf {

class LogHistogram {
 public:
  void add(double seconds) { add(seconds, 1.0); }
  // A value of the given weight (>= 0; a zero, negative, infinite or NaN weight, or a NaN value, is
  // ignored). add(x, 3) is the same as three add(x).
  void add(double seconds, double weight);
  // add(values[j], weight) for j = 0 .. n - 1 in order, with the same result to the bit (every sum is
  // taken in the same order), but faster: the buckets of a run of values are found first, so the loads of
  // their slots and counts overlap instead of waiting one for another (a flow-fidelity VSF's samples land
  // all over a span of kilobytes, and that wait was most of add's time).
  void add_all(const double* values, size_t n, double weight);
  // Adds every value of `other` (its bucket counts, min and max): the same quantiles as adding its values
  // here one by one (bucket counts sum exactly). Costs the buckets `other` uses.
  void merge(const LogHistogram& other);
  void clear();
  double count() const { return total_; }  // total weight since the last clear
  // Nearest-rank quantile over the cumulative weight: the middle of the lowest bucket whose cumulative
  // weight reaches q * count(), clamped to the exact min and max. The first and the last unit of weight
  // (one request; half the total when it is below 2) give the exact min and max. nullopt when empty.
  // With weights of 1: the smallest recorded value with at least ceil(q * count) values <= it.
  std::optional<double> quantile(double q) const;
  double min() const { return min_; }
  double max() const { return max_; }
  // Bytes of bucket storage held (not counting the object itself): 0 before the first add.
  size_t storage_bytes() const {
    return sparse_.capacity() * sizeof(sparse_[0]) + slot_.capacity() * sizeof(slot_[0]) +
           counts_.capacity() * sizeof(counts_[0]);
  }
  bool dense() const { return !slot_.empty(); }  // past the sorted list: indexed counts

  static constexpr int kSubBits = 7;        // 128 sub-buckets per power of two
  static constexpr size_t kSparseMax = 32;  // distinct buckets kept as a list, before dense counts
  static constexpr int64_t kMaxNs = 86400'000'000'000LL;

 private:
  static size_t index(int64_t ns);
  static int64_t to_ns(double seconds);  // clamped to [0, kMaxNs], rounded half away from zero
  static double middle_s(size_t index);
  void cover(size_t i);        // makes slot_ hold bucket i
  double& count_of(size_t j);  // bucket base_ + j's count, given a slot if it has none yet
  void add_sparse(size_t i, double weight);
  void add_bucket(size_t i, double weight);          // into bucket i, sparse or dense (no min/max/total)
  std::vector<std::pair<uint32_t, double>> sparse_;  // (bucket, count) by bucket, while not dense()
  std::vector<uint16_t> slot_;                       // slot_[j]: bucket base_ + j's count in counts_, once dense()
  // (a slot is below the number of buckets, ~5,200: 16 bits hold it)
  std::vector<double> counts_;  // [0] stays 0; [1, used_) the buckets used since the clear
  size_t used_ = 0;
  size_t base_ = 0;
  size_t lo_ = 0, hi_ = 0;  // buckets [lo_, hi_] hold every value since the last clear
  double total_ = 0;
  double min_ = 0, max_ = 0;
};

}  // namespace vsf
