// LogHistogram quantiles against exact sorted samples.
#include "metrics/histogram.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using namespace vsf;

namespace {

double uniform(std::mt19937_64& rng) { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; }

double exact_quantile(std::vector<double> v, double q) {  // nearest rank
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::max<size_t>(rank, 1) - 1];
}

}  // namespace

TEST_CASE("histogram quantiles are within 1% of the exact sample quantiles") {
  std::mt19937_64 rng(5);
  // Log-uniform from 10 us to 100 s: every bucket scale is exercised.
  std::vector<double> samples;
  LogHistogram h;
  for (int i = 0; i < 100000; ++i) {
    double v = 1e-5 * std::pow(10.0, 7 * uniform(rng));
    samples.push_back(v);
    h.add(v);
  }
  REQUIRE(h.count() == static_cast<double>(samples.size()));
  for (double q : {0.001, 0.1, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
    double exact = exact_quantile(samples, q);
    INFO("q = " << q);
    CHECK(std::abs(*h.quantile(q) - exact) <= 0.01 * exact);
  }
  CHECK(*h.quantile(0) == *std::min_element(samples.begin(), samples.end()));
  CHECK(*h.quantile(1) == *std::max_element(samples.begin(), samples.end()));
}

TEST_CASE("histogram: exponential response times, small counts, empty, clamping") {
  std::mt19937_64 rng(9);
  std::vector<double> samples;
  LogHistogram h;
  for (int i = 0; i < 20000; ++i) {
    double v = -std::log(uniform(rng)) * 0.05;
    samples.push_back(v);
    h.add(v);
  }
  for (double q : {0.5, 0.95, 0.99})
    CHECK(std::abs(*h.quantile(q) - exact_quantile(samples, q)) <= 0.01 * exact_quantile(samples, q));

  LogHistogram few;
  few.add(0.010);
  few.add(0.020);
  few.add(0.030);
  CHECK(*few.quantile(0.5) == Approx(0.020).epsilon(0.01));
  CHECK(*few.quantile(0.95) == 0.030);  // clamped to the exact maximum
  CHECK(*few.quantile(0.01) == 0.010);

  LogHistogram empty;
  CHECK_FALSE(empty.quantile(0.5).has_value());  // nothing recorded: no quantile, not 0
  LogHistogram tiny;
  tiny.add(1e-6);
  tiny.add(1.5e-6);
  CHECK(*tiny.quantile(1.0) == Approx(1.5e-6).epsilon(0.001));
  LogHistogram huge;
  huge.add(1e6);  // beyond a day: counted in the last bucket, exact maximum kept
  CHECK(huge.count() == 1.0);
  CHECK(*huge.quantile(0.5) == 1e6);
  few.clear();
  CHECK(few.count() == 0.0);
  CHECK_FALSE(few.quantile(0.5).has_value());
}

TEST_CASE("histogram: clear empties exactly the buckets used, so a reused window starts afresh") {
  LogHistogram h;
  for (int i = 0; i < 1000; ++i) h.add(0.001 * (1 + i % 7));  // 1..7 ms
  h.add(30.0);
  h.clear();
  CHECK_FALSE(h.quantile(0.95).has_value());
  for (int i = 0; i < 100; ++i) h.add(0.5);
  h.add(0.0001);
  CHECK(h.count() == 101.0);
  CHECK(*h.quantile(0.5) == Approx(0.5).epsilon(0.004));
  CHECK(*h.quantile(0.95) == Approx(0.5).epsilon(0.004));
  CHECK(*h.quantile(0) == 0.0001);
  CHECK(*h.quantile(1) == 0.5);
  h.clear();
  h.add(2.0);
  CHECK(*h.quantile(0.95) == 2.0);  // nothing left of the earlier values
}

TEST_CASE("histogram: a weight of n is n values, bit for bit") {
  std::mt19937_64 rng(11);
  LogHistogram weighted, repeated;
  for (int i = 0; i < 500; ++i) {
    const double v = -std::log(uniform(rng)) * 0.02;
    const int n = 1 + static_cast<int>(rng() % 4);
    weighted.add(v, n);
    for (int k = 0; k < n; ++k) repeated.add(v);
  }
  REQUIRE(weighted.count() == repeated.count());
  for (double q : {0.0, 0.001, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0})
    CHECK(*weighted.quantile(q) == *repeated.quantile(q));
  LogHistogram three;
  three.add(0.25, 3);
  three.add(0.5);
  CHECK(three.count() == 4.0);
  CHECK(*three.quantile(0.75) == Approx(0.25).epsilon(0.004));  // cumulative weight 3 of 4
  CHECK(*three.quantile(0.76) == 0.5);                          // past it: the exact maximum
}

TEST_CASE("histogram: fractional weights give the weighted distribution's quantiles") {
  // Mass 0.5 at 1 ms, 0.3 at 10 ms, 0.2 at 100 ms, scaled to 1000.5 requests in all: the weighted
  // nearest rank picks the smallest value whose cumulative share reaches q.
  LogHistogram h;
  const double scale = 1000.5;
  h.add(0.001, 0.5 * scale);
  h.add(0.010, 0.3 * scale);
  h.add(0.100, 0.2 * scale);
  CHECK(h.count() == Approx(scale).epsilon(1e-12));
  CHECK(*h.quantile(0.4) == Approx(0.001).epsilon(0.004));
  CHECK(*h.quantile(0.6) == Approx(0.010).epsilon(0.004));
  CHECK(*h.quantile(0.79) == Approx(0.010).epsilon(0.004));
  CHECK(*h.quantile(0.81) == Approx(0.100).epsilon(0.004));
  CHECK(*h.quantile(0.95) == Approx(0.100).epsilon(0.004));
  CHECK(*h.quantile(0.9996) == 0.100);  // the last request: the exact maximum

  LogHistogram tenth;  // less than one request in all: q = 0 is the minimum, q = 1 the maximum
  tenth.add(0.002, 0.05);
  tenth.add(0.004, 0.05);
  CHECK(tenth.count() == Approx(0.1));
  CHECK(*tenth.quantile(0) == 0.002);
  CHECK(*tenth.quantile(1) == 0.004);

  LogHistogram ignored;  // zero, negative and non-finite weights add nothing
  ignored.add(0.5, 0.0);
  ignored.add(0.5, -1.0);
  ignored.add(0.5, std::nan(""));
  ignored.add(0.5, INFINITY);
  CHECK(ignored.count() == 0.0);
  CHECK_FALSE(ignored.quantile(0.5).has_value());
  CHECK(ignored.storage_bytes() == 0);
}

TEST_CASE("histogram: storage follows the buckets used, 1 ns and 1 day in one histogram") {
  LogHistogram quiet;  // a quiet window: a few values, a short sorted list
  for (double v : {0.040, 0.052, 0.047, 0.120, 0.040}) quiet.add(v);
  CHECK_FALSE(quiet.dense());
  CHECK(quiet.storage_bytes() <= LogHistogram::kSparseMax * 16);
  CHECK(*quiet.quantile(0.5) == Approx(0.047).epsilon(0.004));
  quiet.clear();
  const size_t kept = quiet.storage_bytes();
  quiet.add(0.06);
  CHECK(quiet.storage_bytes() == kept);  // a cleared window refills without allocating
  CHECK(*quiet.quantile(0.5) == 0.06);

  LogHistogram narrow;  // many values over one power of two: dense, about 1 KiB
  for (int i = 0; i < 100000; ++i) narrow.add(0.010 + 1e-5 * (i % 1000));  // 10..20 ms
  CHECK(narrow.dense());
  CHECK(narrow.storage_bytes() <= 2 * 1024);  // not the 42 KB of the whole range
  narrow.clear();
  const size_t dense_kept = narrow.storage_bytes();
  for (int i = 0; i < 100; ++i) narrow.add(0.0100 + 1e-5 * i);
  CHECK(narrow.storage_bytes() == dense_kept);

  LogHistogram wide;
  wide.add(1e-9);
  wide.add(86400.0);
  wide.add(0.5, 2);
  CHECK(wide.count() == 4.0);
  CHECK(*wide.quantile(0) == 1e-9);
  CHECK(*wide.quantile(0.5) == Approx(0.5).epsilon(0.004));
  CHECK(*wide.quantile(1) == 86400.0);
  CHECK(wide.storage_bytes() < 1024);  // three buckets, 47 powers of two apart: still a short list
  for (double v = 1e-9; v < 86400; v *= 1.001) wide.add(v);  // every bucket in between
  CHECK(wide.dense());
  // Never past the last bucket: with every bucket used, 2 bytes of slot and at most 9 of count (an eighth
  // of slack) each, a quarter more than plain dense counts (the price of a histogram used all over).
  CHECK(wide.storage_bytes() <= 2 * 5400 + 9 * 5400);
  CHECK(*wide.quantile(1) == 86400.0);

  // A span that creeps up one bucket at a time grows with slack, not once per bucket: by an eighth each
  // time, over 20 powers of two (2,560 buckets) from 65, about 33 growths of the slots and as many of the
  // counts (each bucket a new one), against 2,500 each without slack.
  LogHistogram creeping;
  size_t grown = 0, last = 0;
  for (double v = 1e-3; v < 1e3; v *= 1.002) {
    creeping.add(v);
    if (creeping.storage_bytes() != last) ++grown;
    last = creeping.storage_bytes();
  }
  CHECK(grown < 80);
  CHECK(*creeping.quantile(0) == 1e-3);
}

TEST_CASE("histogram: the sorted list and the dense counts give the same quantiles, bit for bit") {
  std::mt19937_64 rng(21);
  for (int n : {3, 31, 32, 33, 200}) {  // around the switch to dense counts
    std::vector<double> values;
    for (int i = 0; i < n; ++i) values.push_back(0.01 * std::pow(100.0, uniform(rng)));
    LogHistogram h, reference;
    for (double v : values) h.add(v);
    // The reference went dense first: the whole range, then cleared, then the same values.
    for (double v = 1e-6; v < 10; v *= 1.01) reference.add(v);
    reference.clear();
    for (double v : values) reference.add(v);
    REQUIRE(reference.dense());
    INFO("n = " << n);
    for (double q : {0.0, 0.05, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0}) CHECK(*h.quantile(q) == *reference.quantile(q));
  }
}

TEST_CASE("histogram: merging equals adding the other's values here, sparse or dense") {
  LogHistogram a, b, all;
  for (int i = 1; i <= 500; ++i) {  // dense: far more than kSparseMax distinct buckets
    const double x = 0.001 * i;
    (i % 3 == 0 ? a : b).add(x);
    all.add(x);
  }
  LogHistogram few;  // sparse: a handful of buckets, one of them weighted
  few.add(2.5, 4);
  few.add(0.0001);
  for (double x : {2.5, 2.5, 2.5, 2.5, 0.0001}) all.add(x);
  REQUIRE(b.dense());
  REQUIRE_FALSE(few.dense());
  a.merge(b);
  a.merge(few);
  a.merge(LogHistogram{});  // an empty one adds nothing
  CHECK(a.count() == all.count());
  CHECK(a.min() == all.min());
  CHECK(a.max() == all.max());
  for (double q : {0.0, 0.01, 0.25, 0.5, 0.95, 0.99, 1.0}) CHECK(a.quantile(q) == all.quantile(q));
  LogHistogram empty;
  empty.merge(few);
  CHECK(empty.quantile(0.5) == few.quantile(0.5));
  CHECK(empty.count() == 5);
}
