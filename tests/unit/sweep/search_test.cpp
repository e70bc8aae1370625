// The search for the smallest value meeting a target, driven by evaluate() callbacks whose answers are
// known: a deterministic step (exact answer), a noisy metric with a known crossing, a target never met,
// one met at low, a value left undecided at the cap; and the reuse rule (never ask a value for fewer
// replications than it already has, never the same count twice).
#include "sweep/search.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>

#include "sweep/stats.hpp"

using namespace vsf::sweep;

namespace {

Search spec(int64_t low, int64_t high, double at_most) {
  Search s;
  s.pointer = "/grid/cpus";
  s.metric = "/grid/denials_per_scale_out";
  s.low = low;
  s.high = high;
  s.at_most = at_most;
  s.confidence = 0.95;
  s.min_replications = 5;
  s.max_replications = 40;
  return s;
}

// A standard normal draw of replication r at value v: the same whenever it is asked, as a finished run.
double noise(int64_t v, int r) {
  std::mt19937_64 rng(static_cast<uint64_t>(v) * 100003u + static_cast<uint64_t>(r) * 7919u + 12345u);
  auto u01 = [&] { return (static_cast<double>(rng() >> 11) + 0.5) / 9007199254740992.0; };
  const double u1 = u01(), u2 = u01();
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
}

// evaluate() from a function of (value, replication), counting what it is asked.
struct Counted {
  std::function<double(int64_t, int)> metric;
  std::vector<std::pair<int64_t, int>> calls;
  std::map<int64_t, int> runs;  // value -> replications run (the largest n asked)
  Evaluate evaluate() {
    return [this](int64_t v, int n) {
      calls.emplace_back(v, n);
      runs[v] = std::max(runs[v], n);
      std::vector<double> xs;
      for (int r = 1; r <= n; ++r) xs.push_back(metric(v, r));
      return xs;
    };
  }
};

}  // namespace

TEST_CASE("search: a deterministic step gives the exact answer", "[search]") {
  Counted c{[](int64_t v, int) { return v < 37 ? 0.3 : 0.0; }, {}, {}};
  const SearchResult r = search(spec(10, 80, 0.05), c.evaluate());
  REQUIRE(r.answer);
  CHECK(*r.answer == 37);
  REQUIRE(r.at_answer);
  REQUIRE(r.below_answer);
  CHECK(r.at_answer->value == 37);
  CHECK(r.at_answer->passes);
  CHECK(r.below_answer->value == 36);
  CHECK_FALSE(r.below_answer->passes);
  CHECK(*r.below_answer->lower == Approx(0.3));  // sd 0: the bounds are the mean
  // Every value decided at the first 5 replications (sd 0); high, low, then halving (10, 80] to one value:
  // 45 27 36 40 38 37.
  for (const Probe& p : r.probes) CHECK(p.samples.size() == 5);
  std::vector<int64_t> order;
  for (const Probe& p : r.probes) order.push_back(p.value);
  CHECK(order == std::vector<int64_t>{80, 10, 45, 27, 36, 40, 38, 37});
  CHECK(r.probes[0].value == 80);
  CHECK(r.probes[1].value == 10);
}

TEST_CASE("search: a noisy metric with a known crossing is found within one", "[search]") {
  // Mean 40.5 - v (falls through the target 0 between 40 and 41) plus normal noise of sd 2: the true
  // answer is 41.
  Counted c{[](int64_t v, int r) { return (40.5 - static_cast<double>(v)) + 2 * noise(v, r); }, {}, {}};
  const SearchResult r = search(spec(1, 100, 0.0), c.evaluate());
  REQUIRE(r.answer);
  INFO("answer " << *r.answer);
  CHECK(std::abs(*r.answer - 41) <= 1);
  REQUIRE(r.at_answer);
  CHECK(*r.at_answer->upper <= 0.0);
  CHECK(*r.at_answer->upper == Approx(*upper_bound(r.at_answer->samples, 0.95)));
  REQUIRE(r.below_answer);
  CHECK_FALSE(r.below_answer->passes);
  // Near the crossing some value needed more than the first 5 replications to be decided.
  bool added = false;
  for (const Probe& p : r.probes) added = added || p.samples.size() > 5;
  CHECK(added);
}

TEST_CASE("search: a target never met has no answer and runs only high", "[search]") {
  Counted c{[](int64_t, int r) { return 0.5 + 0.01 * r; }, {}, {}};
  const SearchResult r = search(spec(10, 80, 0.05), c.evaluate());
  CHECK_FALSE(r.answer);
  CHECK_FALSE(r.at_answer);
  CHECK_FALSE(r.below_answer);
  REQUIRE(r.probes.size() == 1);
  CHECK(r.probes[0].value == 80);
  CHECK(*r.probes[0].lower > 0.05);
  CHECK(c.calls == std::vector<std::pair<int64_t, int>>{{80, 5}});
}

TEST_CASE("search: a target met at low answers low", "[search]") {
  Counted c{[](int64_t, int r) { return 0.001 * r; }, {}, {}};
  const SearchResult r = search(spec(10, 80, 0.05), c.evaluate());
  REQUIRE(r.answer);
  CHECK(*r.answer == 10);
  REQUIRE(r.at_answer);
  CHECK(r.at_answer->value == 10);
  CHECK_FALSE(r.below_answer);  // 9 is outside the range: not run
  CHECK(r.probes.size() == 2);
}

TEST_CASE("search: a value undecided at the cap fails and the answer stays conservative", "[search]") {
  // 49 has mean 0 = the target, with noise: its interval never decides. Above it -1, below it +1.
  Counted c{[](int64_t v, int r) { return v >= 50 ? -1.0 : v == 49 ? noise(v, r) : 1.0; }, {}, {}};
  const SearchResult r = search(spec(10, 80, 0.0), c.evaluate());
  REQUIRE(r.answer);
  CHECK(*r.answer == 50);
  REQUIRE(r.below_answer);
  CHECK(r.below_answer->value == 49);
  CHECK(r.below_answer->samples.size() == 40);
  CHECK_FALSE(r.below_answer->passes);
  CHECK(*r.below_answer->upper > 0);
  CHECK(*r.below_answer->lower <= 0);
  // 49 asked for 5, 10, 20 and 40 replications.
  std::vector<int> asked;
  for (const auto& [v, n] : c.calls)
    if (v == 49) asked.push_back(n);
  CHECK(asked == std::vector<int>{5, 10, 20, 40});
}

TEST_CASE("search: replications at a value are only ever added to", "[search]") {
  Counted c{[](int64_t v, int r) { return (40.5 - static_cast<double>(v)) * 0.3 + noise(v, r); }, {}, {}};
  const SearchResult r = search(spec(1, 100, 0.0), c.evaluate());
  std::map<int64_t, int> given;
  for (const auto& [v, n] : c.calls) {
    INFO("value " << v << " asked for " << n << " after " << given[v]);
    CHECK(n > given[v]);  // more than it already has: never below, never the same again
    given[v] = n;
  }
  // Each value is one probe, with every replication it was given.
  CHECK(r.probes.size() == c.runs.size());
  for (const Probe& p : r.probes) CHECK(static_cast<int>(p.samples.size()) == c.runs.at(p.value));
}

TEST_CASE("search: min equal to max judges each value once at that count", "[search]") {
  Search s = spec(0, 63, 0.0);
  s.min_replications = s.max_replications = 8;
  Counted c{[](int64_t v, int r) { return v >= 20 ? -1.0 : noise(v, r) * 0.01 + 1; }, {}, {}};
  const SearchResult r = search(s, c.evaluate());
  REQUIRE(r.answer);
  CHECK(*r.answer == 20);
  for (const auto& [v, n] : c.calls) CHECK(n == 8);
}
