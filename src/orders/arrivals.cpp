#include "orders/arrivals.hpp"

#include <cmath>
#include <numeric>

#include "util/splitmix.hpp"

namespace vsf::orders {

namespace {

uint64_t mix(uint64_t z) { return util::splitmix64(z); }

}  // namespace

std::mt19937_64 arrivals_stream(uint64_t seed, size_t entry) {
  return std::mt19937_64(mix(mix(seed ^ 0x6172726976616c73ULL) ^ entry));  // "arrivals"
}

double unit_draw(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

std::vector<double> poisson_times(double rate_per_s, double from_s, double to_s, std::mt19937_64& rng) {
  std::vector<double> out;
  if (!(rate_per_s > 0) || !(to_s > from_s)) return out;
  for (double t = from_s;;) {
    t += -std::log1p(-unit_draw(rng)) / rate_per_s;  // 1 - u in (0, 1]: a finite gap
    if (t >= to_s) return out;
    out.push_back(t);
  }
}

size_t pick_weighted(const std::vector<double>& weights, double u) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double below = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    below += weights[i];
    if (u * total < below) return i;
  }
  return weights.empty() ? 0 : weights.size() - 1;  // rounding at the top end
}

}  // namespace vsf::orders
