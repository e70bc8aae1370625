// LogHistogram's indexed storage (a slot per bucket, compact counts) against a reference that keeps every
// bucket's count in a map: the documented quantile rule over the same sums, so a match to the bit is a
// match with plain dense counts, whatever slots the buckets were given and however often it was cleared.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>

#include "metrics/histogram.hpp"

using namespace vsf;

namespace {

// The bucket rule of histogram.cpp, restated: a second, independent reading of the documentation.
size_t bucket(double seconds) {
  const double x = std::clamp(seconds, 0.0, LogHistogram::kMaxNs * 1e-9) * 1e9;
  auto ns = static_cast<int64_t>(x);
  if (x - static_cast<double>(ns) >= 0.5) ++ns;
  if (ns < 128) return static_cast<size_t>(ns);
  const int shift = 63 - __builtin_clzll(static_cast<unsigned long long>(ns)) - 7;
  return static_cast<size_t>(shift * 128 + (ns >> shift));
}

double middle(size_t i) {
  if (i < 256) return static_cast<double>(i) * 1e-9;
  const int shift = static_cast<int>(i / 128) - 1;
  const double lower = std::ldexp(static_cast<double>(i - static_cast<size_t>(shift) * 128), shift);
  return (lower + std::ldexp(1.0, shift) / 2) * 1e-9;
}

struct Reference {  // every bucket's count, summed in the order of the adds
  std::map<size_t, double> counts;
  double total = 0, lo = 0, hi = 0;
  void add(double v, double w) {
    counts[bucket(v)] += w;
    lo = total == 0 ? v : std::min(lo, v);
    hi = total == 0 ? v : std::max(hi, v);
    total += w;
  }
  void merge(const Reference& o) {  // as LogHistogram::merge: bucket by bucket, then the totals
    if (o.total == 0) return;
    for (const auto& [b, c] : o.counts) counts[b] += c;
    lo = total == 0 ? o.lo : std::min(lo, o.lo);
    hi = total == 0 ? o.hi : std::max(hi, o.hi);
    total += o.total;
  }
  double quantile(double q) const {
    const double want = q * total, unit = std::min(1.0, total / 2);
    if (want <= unit) return lo;
    if (want > total - unit) return hi;
    double seen = 0;
    for (const auto& [b, c] : counts)
      if ((seen += c) >= want) return std::clamp(middle(b), lo, hi);
    return hi;
  }
};

double uniform(std::mt19937_64& rng) { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; }

constexpr double kQs[] = {0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0};

void check_same(const LogHistogram& h, const Reference& r) {
  REQUIRE(h.count() == r.total);
  CHECK(h.min() == r.lo);
  CHECK(h.max() == r.hi);
  for (double q : kQs) CHECK(*h.quantile(q) == r.quantile(q));
}

}  // namespace

TEST_CASE("histogram: indexed counts give the dense quantiles to the bit, through clears and moving spans") {
  std::mt19937_64 rng(77);
  LogHistogram h;
  for (int round = 0; round < 60; ++round) {  // a window: refilled each interval, its spread moving
    Reference r;
    const double centre = 0.005 * std::pow(400.0, uniform(rng)), spread = 1 + 30 * uniform(rng);
    const int n = 1 + static_cast<int>(rng() % 700);
    for (int i = 0; i < n; ++i) {
      const double v = centre * std::pow(spread, uniform(rng) - 0.5), w = 0.1 + 3 * uniform(rng);
      h.add(v, w);
      r.add(v, w);
    }
    INFO("round " << round << ", n = " << n);
    check_same(h, r);
    h.clear();
    CHECK_FALSE(h.quantile(0.5).has_value());
  }
}

TEST_CASE("histogram: merge across the sorted list and indexed counts, both ways") {
  std::mt19937_64 rng(78);
  for (int n : {5, 40, 400}) {
    for (int m : {3, 60, 900}) {
      LogHistogram a, b;
      Reference r, rb;
      for (int i = 0; i < n; ++i) {
        const double v = 0.01 * std::pow(50.0, uniform(rng)), w = 0.5 + uniform(rng);
        a.add(v, w);
        r.add(v, w);
      }
      for (int i = 0; i < m; ++i) {  // a different span: merging grows a's slots at either end
        const double v = 1e-4 * std::pow(1e5, uniform(rng)), w = 0.5 + uniform(rng);
        b.add(v, w);
        rb.add(v, w);
      }
      check_same(b, rb);
      a.merge(b);
      r.merge(rb);
      INFO("n = " << n << ", m = " << m);
      check_same(a, r);
      b.clear();  // reused after a merge out of it: empty, then like new
      CHECK(b.count() == 0);
      b.add(0.3);
      CHECK(*b.quantile(0.5) == 0.3);
    }
  }
}

TEST_CASE("histogram: indexed storage follows the buckets an interval uses, not its span") {
  std::mt19937_64 rng(79);
  LogHistogram window;
  size_t settled = 0;
  for (int round = 0; round < 50; ++round) {  // 64 values over five powers of two (640 buckets)
    for (int i = 0; i < 64; ++i) window.add(0.02 * std::pow(32.0, uniform(rng)), 2.5);
    REQUIRE(window.dense());
    if (round == 10) settled = window.storage_bytes();
    window.clear();
  }
  // Plain dense counts were 8 bytes for each bucket of the span and its slack (~5.6 KB); here 2 bytes
  // a bucket and 8 per bucket used in an interval (at most 64).
  CHECK(window.storage_bytes() < 2 * 800 + 8 * 100);
  CHECK(window.storage_bytes() == settled);  // settled: a cleared window refills without allocating
}
