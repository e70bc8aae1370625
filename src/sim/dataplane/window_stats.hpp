// What a farm manager sees of its VSF's traffic over one control interval: requests offered, and the
// distribution of response times (for the p95 a policy reads). Fixed-size log-spaced histogram, reset
// each interval: no memory per request.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace vsf::sim {

class WindowStats {
 public:
  void offered() { ++offered_; }
  void response(double seconds) {
    ++bins_[bin(seconds)];
    ++responses_;
  }
  uint64_t offered_count() const { return offered_; }
  uint64_t responses() const { return responses_; }
  // The q-quantile (0 < q < 1) of the responses, accurate to the 2% bin width; 0 if none.
  double quantile(double q) const {
    if (responses_ == 0) return 0;
    const uint64_t rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(responses_)));
    uint64_t seen = 0;
    for (size_t i = 0; i < kBins; ++i) {
      seen += bins_[i];
      if (seen >= std::max<uint64_t>(rank, 1)) return upper(i);
    }
    return upper(kBins - 1);
  }
  void reset() {
    bins_.fill(0);
    offered_ = responses_ = 0;
  }

 private:
  static constexpr double kMin = 1e-6;  // seconds; smaller responses fall in bin 0
  static constexpr double kRatio = 1.02;
  static constexpr size_t kBins = 1400;  // up to ~1e6 s
  static size_t bin(double s) {
    if (!(s > kMin)) return 0;
    double i = std::log(s / kMin) / std::log(kRatio);
    return std::min(kBins - 1, static_cast<size_t>(i) + 1);
  }
  static double upper(size_t i) { return kMin * std::pow(kRatio, static_cast<double>(i)); }

  std::array<uint32_t, kBins> bins_{};
  uint64_t offered_ = 0, responses_ = 0;
};

}  // namespace vsf::sim
