// Fault distributions: sample moments against the analytic ones, the whole CDF against the analytic CDF
// (Kolmogorov-Smirnov), one rng() call per draw, and empirical distributions read from CSV files.
#include <algorithm>
#include <cmath>
#include <vector>

#include "model/faults_spec.hpp"
#include "test_support.hpp"

using namespace vsf::faults;
using vsf::faults::test::ScratchDir;

namespace {

struct Moments {
  double mean = 0, variance = 0;
};

Moments sample(const Distribution& d, int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = d.draw(rng);
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n;
  return Moments{mean, sum2 / n - mean * mean};
}

// Largest distance between the empirical CDF of n draws and `cdf`.
template <class Cdf>
double ks_statistic(const Distribution& d, int n, uint64_t seed, Cdf cdf) {
  std::mt19937_64 rng(seed);
  std::vector<double> xs(n);
  for (auto& x : xs) x = d.draw(rng);
  std::sort(xs.begin(), xs.end());
  double worst = 0;
  for (int i = 0; i < n; ++i) {
    const double f = cdf(xs[i]);
    worst = std::max({worst, std::abs(f - static_cast<double>(i) / n), std::abs(f - static_cast<double>(i + 1) / n)});
  }
  return worst;
}

}  // namespace

TEST_CASE("exponential draws match the analytic mean, variance and CDF", "[faults][distribution]") {
  const double mean = 4 * 3600;
  const Distribution d = Distribution::exponential(mean);
  CHECK(d.mean() == mean);
  CHECK(d.variance() == mean * mean);
  // 200k draws: the mean's standard error is 0.22%, so 1% is 4.5 sigma.
  const Moments m = sample(d, 200000, 7);
  CHECK(std::abs(m.mean / mean - 1) < 0.01);
  // The variance of an exponential's sample variance is 8 sigma^4 / n: 1M draws give 0.28%.
  const Moments big = sample(d, 1000000, 8);
  CHECK(std::abs(big.variance / (mean * mean) - 1) < 0.01);
  // 1.63 / sqrt(n) is the 1% critical value of the KS statistic.
  const int n = 200000;
  CHECK(ks_statistic(d, n, 9, [&](double x) { return 1 - std::exp(-x / mean); }) < 1.63 / std::sqrt(n));
}

TEST_CASE("Weibull draws match scale * Gamma(1 + 1/shape) and the Weibull CDF", "[faults][distribution]") {
  const double scale = 30 * 86400;
  const Distribution d = Distribution::weibull(0.7, scale);
  // Gamma(1 + 1/0.7) = 1.2658235060572833 (Python's math.gamma), independent of std::tgamma.
  CHECK(d.mean() == Approx(scale * 1.2658235060572833).epsilon(1e-12));
  CHECK(d.variance() ==
        Approx(scale * scale * (5.0291447021403055 - 1.2658235060572833 * 1.2658235060572833)).epsilon(1e-12));
  // Shape 0.7 has a coefficient of variation of 1.46: 200k draws give a 0.33% standard error.
  const Moments m = sample(d, 200000, 11);
  CHECK(std::abs(m.mean / d.mean() - 1) < 0.01);
  const int n = 200000;
  CHECK(ks_statistic(d, n, 12, [&](double x) { return 1 - std::exp(-std::pow(x / scale, 0.7)); }) <
        1.63 / std::sqrt(n));

  // Shape 2 (Rayleigh): mean scale * sqrt(pi)/2, variance scale^2 (1 - pi/4); light tails let 1M draws
  // pin the sample variance to 0.15%.
  const Distribution r = Distribution::weibull(2, 100);
  CHECK(r.mean() == Approx(100 * 0.886226925452758).epsilon(1e-12));
  const Moments mr = sample(r, 1000000, 13);
  CHECK(std::abs(mr.mean / r.mean() - 1) < 0.01);
  CHECK(std::abs(mr.variance / (100 * 100 * (1 - M_PI / 4)) - 1) < 0.01);
}

TEST_CASE("each draw consumes exactly one rng() call and is reproducible", "[faults][distribution]") {
  for (const Distribution& d : {Distribution::exponential(10), Distribution::weibull(1.5, 10),
                                Distribution::constant(3), Distribution::empirical({1, 2, 3})}) {
    std::mt19937_64 a(42), b(42);
    const double x = d.draw(a);
    b.discard(1);
    CHECK(a == b);
    std::mt19937_64 c(42);
    CHECK(d.draw(c) == x);
  }
  std::mt19937_64 rng(1);
  for (int i = 0; i < 100; ++i) CHECK(Distribution::constant(3).draw(rng) == 3);
}

TEST_CASE("an empirical distribution draws each sample with probability 1/n", "[faults][distribution]") {
  const Distribution d = Distribution::empirical({10, 1, 3, 2});  // sorted on construction
  REQUIRE(d.samples_s == std::vector<double>{1, 2, 3, 10});
  CHECK(d.mean() == 4);
  CHECK(d.variance() == Approx((9 + 4 + 1 + 36) / 4.0));
  std::mt19937_64 rng(5);
  std::vector<int> counts(11, 0);
  const int n = 200000;
  for (int i = 0; i < n; ++i) counts[static_cast<int>(d.draw(rng))]++;
  for (int v : {1, 2, 3, 10}) CHECK(std::abs(counts[v] / static_cast<double>(n) - 0.25) < 0.005);
  CHECK(counts[0] + counts[4] + counts[5] == 0);
}

TEST_CASE("a CSV distribution reads durations beside the scenario file", "[faults][distribution][csv]") {
  ScratchDir dir("csv-durations");
  dir.write("data/repairs.csv", "# repair log\nhost,ttr\na,4h\nb, 1800\n\nc,\"30min\"\nd,0\n");
  const std::string scenario = dir.file("scenario.json");
  vsf::Diagnostics diags;
  auto d = parse_distribution(nlohmann::json::parse(R"({"dist": "csv", "file": "data/repairs.csv", "column": "ttr"})"),
                              scenario, "/faults/processes/0/ttr", diags);
  INFO(diags.format());
  REQUIRE(diags.empty());
  REQUIRE(d);
  CHECK(d->type == Distribution::Type::Empirical);
  CHECK(d->samples_s == std::vector<double>{0, 1800, 1800, 14400});
  CHECK(d->file == dir.file("data/repairs.csv"));
  CHECK(d->mean() == Approx((1800 + 1800 + 14400) / 4.0));
}

TEST_CASE("a CSV of instants gives the gaps between them, a header is optional", "[faults][distribution][csv]") {
  ScratchDir dir("csv-instants");
  dir.write("failures.csv", "100\n250\n250\n1000\n");
  vsf::Diagnostics diags;
  auto d = parse_distribution(nlohmann::json::parse(R"({"dist": "csv", "file": "failures.csv", "values": "instants"})"),
                              dir.file("s.json"), "/p", diags);
  INFO(diags.format());
  REQUIRE(d);
  CHECK(d->samples_s == std::vector<double>{0, 150, 750});

  dir.write("named.csv", "when\n1h\n3h\n");
  auto h = parse_distribution(nlohmann::json::parse(R"({"dist": "csv", "file": "named.csv", "values": "instants"})"),
                              dir.file("s.json"), "/p", diags);
  REQUIRE(h);
  CHECK(h->samples_s == std::vector<double>{7200});
}

TEST_CASE("CSV problems are all reported with the file, line and the distribution's pointer",
          "[faults][distribution][csv]") {
  ScratchDir dir("csv-bad");
  dir.write("bad.csv", "ttr\n4h\n5MB\n-3\n\"open\n");
  dir.write("dec.csv", "t\n10\n5\n");
  dir.write("hdr.csv", "time,repair\n1,2\n");
  const std::string scenario = dir.file("s.json");
  const auto json = [](const char* text) { return nlohmann::json::parse(text); };

  vsf::Diagnostics diags;
  CHECK_FALSE(parse_distribution(json(R"({"dist": "csv", "file": "bad.csv"})"), scenario, "/d", diags));
  REQUIRE(diags.size() == 3);
  for (const auto& item : diags.items()) {
    CHECK(item.file == scenario);
    CHECK(item.pointer == "/d/file");
  }
  CHECK_THAT(diags.format(), Catch::Contains("bad.csv line 5: a quoted field is not closed"));
  CHECK_THAT(diags.format(), Catch::Contains("bad.csv line 3: expected a duration such as \"4h\" or a number of "
                                             "seconds, found \"5MB\""));
  CHECK_THAT(diags.format(), Catch::Contains("bad.csv line 4: expected a time >= 0, found \"-3\""));

  vsf::Diagnostics d2;
  CHECK_FALSE(
      parse_distribution(json(R"({"dist": "csv", "file": "dec.csv", "values": "instants"})"), scenario, "/d", d2));
  CHECK_THAT(d2.format(), Catch::Contains("dec.csv line 3: instants must not decrease, found 5 after 10"));

  vsf::Diagnostics d3;
  CHECK_FALSE(
      parse_distribution(json(R"({"dist": "csv", "file": "hdr.csv", "column": "repiar"})"), scenario, "/d", d3));
  CHECK_THAT(d3.format(), Catch::Contains("no column \"repiar\" in the header; did you mean \"repair\"?"));

  vsf::Diagnostics d4;
  CHECK_FALSE(parse_distribution(json(R"({"dist": "csv", "file": "nope.csv"})"), scenario, "/d", d4));
  CHECK_THAT(d4.format(), Catch::Contains("nope.csv: file not found"));

  vsf::Diagnostics d5;  // a folder is not a CSV file
  dir.write("folder/x.csv", "1\n");
  CHECK_FALSE(parse_distribution(json(R"({"dist": "csv", "file": "folder"})"), scenario, "/d", d5));
  CHECK_THAT(d5.format(), Catch::Contains("cannot read the file"));

  vsf::Diagnostics d6;  // a header and nothing else
  dir.write("empty.csv", "ttr\n");
  CHECK_FALSE(parse_distribution(json(R"({"dist": "csv", "file": "empty.csv", "column": "ttr"})"), scenario, "/d", d6));
  CHECK_THAT(d6.format(), Catch::Contains("expected at least one duration, found none"));
}

TEST_CASE("a CSV with thousands of bad rows reports 20 and a count", "[faults][distribution][csv]") {
  ScratchDir dir("csv-many");
  std::string text = "ttr\n";
  for (int i = 0; i < 1000; ++i) text += "x\n";
  dir.write("many.csv", text);
  vsf::Diagnostics diags;
  CHECK_FALSE(parse_distribution(nlohmann::json::parse(R"({"dist": "csv", "file": "many.csv", "column": "ttr"})"),
                                 dir.file("s.json"), "/d", diags));
  REQUIRE(diags.size() == 21);
  CHECK_THAT(diags.items().back().message, Catch::Contains("980 more problems not shown"));
}
