// LogHistogram::add_all must be add() in a loop, to the bit: the flow fidelity's outputs go through it.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "metrics/histogram.hpp"

using vsf::LogHistogram;

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Every observable of the two histograms, compared bit for bit; counts the differences.
int differences(const LogHistogram& a, const LogHistogram& b) {
  int d = !same_bits(a.count(), b.count()) + !same_bits(a.min(), b.min()) + !same_bits(a.max(), b.max());
  d += a.dense() != b.dense();
  for (int k = 0; k <= 1000; ++k) {
    const auto qa = a.quantile(k / 1000.0), qb = b.quantile(k / 1000.0);
    d += qa.has_value() != qb.has_value() || (qa && !same_bits(*qa, *qb));
  }
  return d;
}

}  // namespace

TEST_CASE("histogram: add_all equals add one by one through sparse, dense, growth, NaN and clears") {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> value(-3, 1.5);
  std::uniform_real_distribution<double> weight(0.01, 5);
  LogHistogram batch, single;
  int diffs = 0, fast_batches = 0;
  for (int round = 0; round < 400; ++round) {
    std::vector<double> xs(1 + rng() % 150);
    for (double& x : xs) x = value(rng);
    if (round % 7 == 3) xs[rng() % xs.size()] = std::numeric_limits<double>::quiet_NaN();
    if (round % 11 == 5) xs[rng() % xs.size()] = 1e6 * (1 + round);  // beyond the span: it must grow
    if (round % 13 == 6) xs[rng() % xs.size()] = -1;                 // clamped to 0
    const double w = round % 17 == 8 ? 0.0 : weight(rng);            // a zero weight adds nothing
    fast_batches += batch.dense() && batch.count() > 0;
    batch.add_all(xs.data(), xs.size(), w);
    for (double x : xs) single.add(x, w);
    if (round % 5 == 2) {  // a single add between batches
      const double x = value(rng);
      batch.add(x, w);
      single.add(x, w);
    }
    if (round % 4 == 0) diffs += differences(batch, single);  // reads now and then, as a run does
    if (round % 50 == 49) {                                   // a window's reset: storage kept, everything else empty
      batch.clear();
      single.clear();
    }
  }
  CHECK(fast_batches > 200);  // the fast path was taken, not only the fallback
  CHECK(diffs == 0);
}
