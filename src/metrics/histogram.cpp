// LogHistogram (see histogram.hpp). Bucket index of v >= 128 ns: with s = floor(log2 v) - 7 and
// m = v >> s (128..255), index = 128 s + m; below 256 ns every nanosecond has its own bucket. Integer
// arithmetic only, so buckets are the same on every machine.
#include "metrics/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace vsf {

namespace {
constexpr int64_t kSub = int64_t{1} << LogHistogram::kSubBits;
constexpr size_t kMinGrowth = 32;  // buckets of slack at least, when the span grows
constexpr size_t kMinCounts = 8;   // counts of slack at least, when more buckets are used than ever before

// v resized to n (> its size) with new elements zero, holding exactly n: no doubling of the capacity.
template <class T>
void grow_exact(std::vector<T>& v, size_t n) {
  std::vector<T> grown(n, T{0});
  std::copy(v.begin(), v.end(), grown.begin());
  v = std::move(grown);
}
}  // namespace

size_t LogHistogram::index(int64_t ns) {
  if (ns < kSub) return static_cast<size_t>(ns);
  const int msb = 63 - __builtin_clzll(static_cast<unsigned long long>(ns));
  const int shift = msb - kSubBits;
  return static_cast<size_t>(shift * kSub + (ns >> shift));
}

double LogHistogram::middle_s(size_t i) {
  if (i < static_cast<size_t>(2 * kSub)) return static_cast<double>(i) * 1e-9;  // 1 ns wide: exact
  const int64_t shift = static_cast<int64_t>(i) / kSub - 1;
  const int64_t mantissa = static_cast<int64_t>(i) - shift * kSub;
  const double lower = std::ldexp(static_cast<double>(mantissa), static_cast<int>(shift));
  const double width = std::ldexp(1.0, static_cast<int>(shift));
  return (lower + width / 2) * 1e-9;
}

// Grows towards i with slack of an eighth of the current size (at least kMinGrowth), so a span that
// creeps one bucket at a time (a queue building up) costs amortised O(1) per add; never past the last
// bucket. An eighth, not a half: spans settle within the first simulated minutes, and the slack of a
// half was up to a third of a flow day's histogram memory. The first cover also makes the count that
// stays 0 (slot 0).
void LogHistogram::cover(size_t i) {
  if (!slot_.empty() && i >= base_ && i < base_ + slot_.size()) return;
  static const size_t kBuckets = index(kMaxNs) + 1;
  const size_t slack = std::max(kMinGrowth, slot_.size() / 8);
  size_t first = i, end = i + 1;
  if (!slot_.empty()) {
    first = std::min(base_, i);
    end = std::max(base_ + slot_.size(), i + 1);
  }
  if (i < base_ || slot_.empty()) first = first > slack ? first - slack : 0;
  if (i >= base_ + slot_.size() || slot_.empty()) end = std::min(kBuckets, end + slack);
  std::vector<uint16_t> grown(end - first, 0);
  std::copy(slot_.begin(), slot_.end(), grown.begin() + static_cast<std::ptrdiff_t>(base_ - first));
  slot_ = std::move(grown);
  base_ = first;
  if (counts_.empty()) grow_exact(counts_, 1 + kSparseMax + kMinCounts), used_ = 1;
}

// A bucket's first use since the clear takes the next count (zero, like a dense count before its first
// add, so every count is the same sum to the bit). Counts grow by an eighth: they settle at the most
// buckets an interval ever used, kept across clear().
double& LogHistogram::count_of(size_t j) {
  uint16_t& s = slot_[j];
  if (s == 0) {
    if (used_ == counts_.size()) grow_exact(counts_, used_ + std::max(kMinCounts, used_ / 8));
    s = static_cast<uint16_t>(used_++);
  }
  return counts_[s];
}

// While sparse: into the sorted list; a new bucket beyond kSparseMax turns the list into indexed counts
// (and the list's storage is released: a histogram that went dense once stays dense).
void LogHistogram::add_sparse(size_t i, double weight) {
  auto at = std::lower_bound(sparse_.begin(), sparse_.end(), i, [](const auto& e, size_t b) { return e.first < b; });
  if (at != sparse_.end() && at->first == i) {
    at->second += weight;
    return;
  }
  if (sparse_.size() < kSparseMax) {
    sparse_.insert(at, {static_cast<uint32_t>(i), weight});
    return;
  }
  cover(std::min<size_t>(sparse_.front().first, i));
  cover(std::max<size_t>(sparse_.back().first, i));
  for (const auto& [b, c] : sparse_) count_of(b - base_) = c;
  count_of(i - base_) += weight;
  std::vector<std::pair<uint32_t, double>>().swap(sparse_);
}

void LogHistogram::add_bucket(size_t i, double weight) {
  if (dense()) {
    if (i - base_ < slot_.size()) {  // within the span (i < base_ wraps round to a huge offset)
      count_of(i - base_) += weight;
      return;
    }
    cover(i);
    count_of(i - base_) += weight;
  } else {
    add_sparse(i, weight);
  }
}

void LogHistogram::merge(const LogHistogram& o) {
  if (o.total_ == 0) return;
  if (o.dense()) {
    for (size_t i = o.lo_; i <= o.hi_; ++i)
      if (const double c = o.counts_[o.slot_[i - o.base_]]; c > 0) add_bucket(i, c);
  } else {
    for (const auto& [b, c] : o.sparse_) add_bucket(b, c);
  }
  if (total_ == 0) {
    min_ = o.min_, max_ = o.max_, lo_ = o.lo_, hi_ = o.hi_;
  } else {
    min_ = std::min(min_, o.min_), max_ = std::max(max_, o.max_);
    lo_ = std::min(lo_, o.lo_), hi_ = std::max(hi_, o.hi_);
  }
  total_ += o.total_;
}

int64_t LogHistogram::to_ns(double seconds) {
  const double clamped = std::clamp(seconds, 0.0, kMaxNs * 1e-9);
  // std::llround's rounding (half away from zero) without its libm call, on 0 <= x < 2^53, where the
  // truncation and the fraction are exact: the same buckets, without a call per response sample.
  const double x = clamped * 1e9;
  auto ns = static_cast<int64_t>(x);
  if (x - static_cast<double>(ns) >= 0.5) ++ns;
  return ns;
}

void LogHistogram::add(double seconds, double weight) {
  if (std::isnan(seconds) || !(weight > 0) || !std::isfinite(weight)) return;
  const size_t i = index(to_ns(seconds));
  add_bucket(i, weight);
  if (total_ == 0) {
    min_ = max_ = std::max(seconds, 0.0);
    lo_ = hi_ = i;
  } else {
    min_ = std::min(min_, std::max(seconds, 0.0));
    max_ = std::max(max_, seconds);
    lo_ = std::min(lo_, i);
    hi_ = std::max(hi_, i);
  }
  total_ += weight;
}

// In runs of kRun values: a run is applied at once only when the histogram is dense, not empty, and every
// value of the run is a number whose bucket its counts already hold; otherwise the run goes through add()
// one value at a time (nothing of it applied before), so the result is add()'s in every case.
void LogHistogram::add_all(const double* values, size_t n, double weight) {
  if (!(weight > 0) || !std::isfinite(weight)) return;
  constexpr size_t kRun = 64;
  size_t at[kRun];
  for (size_t from = 0; from < n;) {
    if (total_ == 0) {  // the first value sets min, max and the span: add()'s own case
      add(values[from++], weight);
      continue;
    }
    const size_t run = std::min(kRun, n - from);
    const double* v = values + from;
    bool fast = dense();
    for (size_t j = 0; fast && j < run; ++j) {
      fast = !std::isnan(v[j]);
      if (fast) at[j] = index(to_ns(v[j]));
      fast = fast && at[j] - base_ < slot_.size();  // below base_ wraps round to a huge offset
    }
    if (!fast) {
      for (size_t j = 0; j < run; ++j) add(v[j], weight);
    } else {
      for (size_t j = 0; j < run; ++j) count_of(at[j] - base_) += weight;
      for (size_t j = 0; j < run; ++j) {
        min_ = std::min(min_, std::max(v[j], 0.0));
        max_ = std::max(max_, v[j]);
        lo_ = std::min(lo_, at[j]);
        hi_ = std::max(hi_, at[j]);
        total_ += weight;
      }
    }
    from += run;
  }
}

void LogHistogram::clear() {
  sparse_.clear();              // keeps its storage
  if (total_ > 0 && dense()) {  // every bucket used since the last clear is within [lo_, hi_]
    std::fill(slot_.begin() + static_cast<std::ptrdiff_t>(lo_ - base_),
              slot_.begin() + static_cast<std::ptrdiff_t>(hi_ - base_) + 1, uint16_t{0});
    std::fill(counts_.begin() + 1, counts_.begin() + static_cast<std::ptrdiff_t>(used_), 0.0);
    used_ = 1;
  }
  total_ = 0;
  lo_ = hi_ = 0;
  min_ = max_ = 0;
}

std::optional<double> LogHistogram::quantile(double q) const {
  if (total_ == 0) return std::nullopt;
  const double want = std::clamp(q, 0.0, 1.0) * total_;
  const double unit = std::min(1.0, total_ / 2);  // with weights of 1: the first and last rank
  if (want <= unit) return min_;                  // the extremes are known exactly
  if (want > total_ - unit) return max_;
  double seen = 0;  // unused buckets add 0 (slot 0): sparse and dense sum the same counts in the same order
  if (!dense()) {
    for (const auto& [b, c] : sparse_) {
      seen += c;
      if (seen >= want) return std::clamp(middle_s(b), min_, max_);
    }
    return max_;
  }
  for (size_t i = lo_; i <= hi_; ++i) {
    seen += counts_[slot_[i - base_]];
    if (seen >= want) return std::clamp(middle_s(i), min_, max_);
  }
  return max_;
}

}  // namespace vsf
