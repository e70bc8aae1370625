// expand: the cross product's order, exclusions, point ids, multi-pointer axes and labels; the seeds
// (SplitMix64) and common random numbers (replication r's seed and draws the same at every point); the
// uncertainty draws' distributions; check_points through the scenario loader.
#include "sweep/expand.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "sweep_support.hpp"
#include "util/units.hpp"

using namespace vsf;
using namespace vsf::sweep;
using namespace vsf::sweep::test;

namespace {

SweepSpec two_axes() {
  json doc = base_sweep();
  doc["axes"] = json::parse(R"([
    {"name": "cpus", "pointer": "/grid/cpus", "range": {"from": 30, "to": 50, "step": 10}},
    {"name": "policy", "pointers": ["/vsfs/0/policy/high", "/vsfs/0/policy/low"],
     "values": [[0.7, 0.3], [0.8, 0.4]], "labels": ["tight", "loose"]}
  ])");
  doc["exclude"] = json::parse(R"([{"cpus": "30", "policy": "loose"}])");
  doc["replications"] = 3;
  return load(doc);
}

std::vector<std::string> ids(const Expanded& e) {
  std::vector<std::string> out;
  for (const Point& p : e.points) out.push_back(p.id);
  return out;
}

// The value a run sets at `pointer` (the last set wins, as with --set), or null.
json set_value(const RunSpec& r, const std::string& pointer) {
  json v;
  for (const auto& [p, value] : r.sets)
    if (p == pointer) v = value;
  return v;
}

// The sets of a run that come from its uncertainty draws.
std::vector<std::pair<std::string, json>> draws_of(const RunSpec& r) {
  std::vector<std::pair<std::string, json>> out;
  for (const auto& s : r.sets)
    if (s.first.find("traffic_scale") != std::string::npos || s.first.find("traffic_shift") != std::string::npos)
      out.push_back(s);
  return out;
}

const json& quickstart_doc() {
  static const json doc = base_document(load(base_sweep()));
  return doc;
}

SweepSpec with_uncertainty(const std::string& uncertainty, int replications, const std::string& axes = "[]") {
  json doc = base_sweep();
  doc["uncertainty"] = json::parse(uncertainty);
  doc["replications"] = replications;
  doc["axes"] = json::parse(axes);
  return load(doc);
}

}  // namespace

TEST_CASE("points are the cross product, first axis slowest, minus the excluded ones", "[sweep][expand]") {
  const Expanded e = expand(two_axes(), quickstart_doc());
  CHECK(ids(e) == std::vector<std::string>{"cpus=30,policy=tight", "cpus=40,policy=tight", "cpus=40,policy=loose",
                                           "cpus=50,policy=tight", "cpus=50,policy=loose"});
  REQUIRE(e.runs.size() == 15);
  CHECK(e.runs[0].key() == "cpus=30,policy=tight/r1");
  CHECK(e.runs[2].key() == "cpus=30,policy=tight/r3");
  CHECK(e.runs[3].key() == "cpus=40,policy=tight/r1");
  // A multi-pointer axis sets each of its pointers; the range's last value is its 'to'.
  const Point& p = e.points[4];
  CHECK(p.labels == std::vector<std::string>{"50", "loose"});
  REQUIRE(p.sets.size() == 3);
  CHECK(p.sets[0] == std::make_pair(std::string("/grid/cpus"), json(50)));
  CHECK(p.sets[1] == std::make_pair(std::string("/vsfs/0/policy/high"), json(0.8)));
  CHECK(p.sets[2] == std::make_pair(std::string("/vsfs/0/policy/low"), json(0.4)));
}

TEST_CASE("a run applies the sweep's sets, then the point's, in that order", "[sweep][expand]") {
  json doc = base_sweep();
  doc["set"] = {{"/grid/cpus", 20}, {"/duration", "10min"}};
  doc["axes"] = json::parse(R"([{"pointer": "/grid/cpus", "values": [35]}])");
  const SweepSpec s = load(doc);
  const Expanded e = expand(s, base_document(s));
  REQUIRE(e.runs.size() == 1);
  const auto& sets = e.runs[0].sets;
  REQUIRE(sets.size() == 3);
  CHECK(sets[0].first == "/duration");
  CHECK(sets[1] == std::make_pair(std::string("/grid/cpus"), json(20)));
  CHECK(sets[2] == std::make_pair(std::string("/grid/cpus"), json(35)));
  CHECK(base_document(s)["grid"]["cpus"] == json(20));
}

TEST_CASE("point ids: labels, default labels and characters unsafe in a path", "[sweep][expand]") {
  CHECK(expand(load(base_sweep()), quickstart_doc()).points.at(0).id == "all");
  json doc = base_sweep();
  doc["axes"] = json::parse(R"([
    {"pointer": "/vsfs/1/traffic/peak", "values": ["2/s", 100.5]},
    {"name": "lim its", "pointers": ["/vsfs/0/tiers/0/max", "/vsfs/0/tiers/1/max"], "values": [[4, 6]]},
    {"pointer": "/vsfs/0/policy/type", "values": ["none"], "labels": ["no scaling, at all"]}
  ])");
  const Expanded e = expand(load(doc), quickstart_doc());
  CHECK(ids(e) == std::vector<std::string>{"peak=2_s,lim_its=4+6,type=no_scaling__at_all",
                                           "peak=100.5,lim_its=4+6,type=no_scaling__at_all"});
  CHECK(e.points[0].labels == std::vector<std::string>{"2/s", "4+6", "no scaling, at all"});
}

TEST_CASE("two points whose labels reduce to the same id are refused", "[sweep][expand]") {
  json doc = base_sweep();
  doc["axes"] = json::parse(R"([{"pointer": "/vsfs/1/traffic/peak", "values": ["2/s", "2 s"]}])");
  CHECK_THROWS_WITH(expand(load(doc), quickstart_doc()), Catch::Contains("both give the point name \"peak=2_s\""));
}

TEST_CASE("replication seeds are SplitMix64's outputs from the sweep's seed", "[sweep][expand]") {
  // The first outputs of SplitMix64 started at state 0 (Vigna's reference splitmix64.c).
  CHECK(replication_seed(0, 1) == 0xE220A8397B1DCDAFULL);
  CHECK(replication_seed(0, 2) == 0x6E789E6AA1B965F4ULL);
  CHECK(replication_seed(0, 3) == 0x06C45D188009454FULL);
  CHECK(replication_seed(1, 1) != replication_seed(2, 1));
}

TEST_CASE("common random numbers: replication r has one seed and one set of draws at every point", "[sweep][expand]") {
  const SweepSpec s = with_uncertainty(
      R"({"traffic_scale": {"dist": "lognormal", "median": 1, "sigma": 0.3},
          "phase": {"dist": "uniform", "min": "0s", "max": "30min"}})",
      4,
      R"([{"pointer": "/grid/cpus", "values": [30, 40, 50]}, {"pointer": "/vsfs/0/policy/high", "values": [0.6, 0.9]}])");
  const Expanded e = expand(s, quickstart_doc());
  REQUIRE(e.points.size() == 6);
  std::map<int, std::pair<uint64_t, std::vector<std::pair<std::string, json>>>> first;
  for (const RunSpec& r : e.runs) {
    const auto draws = draws_of(r);
    CHECK(draws.size() == 4);  // 2 VSFs x (scale, shift)
    auto [it, fresh] = first.emplace(r.replication, std::make_pair(r.seed, draws));
    if (!fresh) {
      INFO(r.key());
      CHECK(r.seed == it->second.first);
      CHECK(draws == it->second.second);
    }
  }
  REQUIRE(first.size() == 4);
  for (int a = 1; a <= 4; ++a)
    for (int b = a + 1; b <= 4; ++b) {
      CHECK(first[a].first != first[b].first);
      CHECK(first[a].second != first[b].second);
    }
  // Two VSF entries draw from their own streams.
  const auto& d = first[1].second;
  CHECK(d[0].second != d[2].second);
}

TEST_CASE("a drawn traffic_scale multiplies the entry's own, as the point leaves it", "[sweep][expand]") {
  const SweepSpec s = with_uncertainty(R"({"traffic_scale": {"dist": "uniform", "min": 0.5, "max": 1.5},
                                          "vsfs": ["blog"]})",
                                       2, R"([{"pointer": "/vsfs/1/traffic_scale", "values": [1, 3]}])");
  const Expanded e = expand(s, quickstart_doc());
  REQUIRE(e.runs.size() == 4);
  for (int r = 0; r < 2; ++r) {
    const RunSpec& at1 = e.runs[r];
    const RunSpec& at3 = e.runs[2 + r];
    CHECK(set_value(at1, "/vsfs/0/traffic_scale").is_null());  // only the selected entry
    const double x1 = set_value(at1, "/vsfs/1/traffic_scale").get<double>();
    const double x3 = set_value(at3, "/vsfs/1/traffic_scale").get<double>();
    CHECK(x1 >= 0.5);
    CHECK(x1 < 1.5);
    CHECK(x3 == Approx(3 * x1));
    CHECK(at1.sets.back().first == "/vsfs/1/traffic_scale");  // the draws come last, after the point's value
  }
}

TEST_CASE("an uncertainty naming a VSF the scenario lacks is refused", "[sweep][expand]") {
  const SweepSpec s = with_uncertainty(R"({"traffic_scale": {"dist": "uniform", "min": 1, "max": 2},
                                          "vsfs": ["shpo"]})",
                                       1);
  CHECK_THROWS_WITH(
      expand(s, quickstart_doc()),
      Catch::Contains("/uncertainty/vsfs/0: the scenario has no VSF entry \"shpo\"; did you mean \"shop\"?"));
}

// Sample moments of 10,000 replications' draws for VSF entry 0, against the distribution's: the mean
// within 3 standard errors (a check that fails about 3 times in 1000 for a correct sampler, but with a
// fixed seed it either always passes or always fails).
TEST_CASE("uncertainty draws follow their distributions", "[sweep][expand]") {
  constexpr int kN = 10000;
  auto samples = [&](const std::string& uncertainty, const std::string& pointer) {
    const SweepSpec s = with_uncertainty(uncertainty, kN);
    const Expanded e = expand(s, quickstart_doc());
    std::vector<double> xs;
    for (const RunSpec& r : e.runs) {
      const json v = set_value(r, pointer);
      xs.push_back(v.is_string() ? *parse_duration(v.get<std::string>()) : v.get<double>());
    }
    return xs;
  };
  auto mean = [](const std::vector<double>& xs) {
    double m = 0;
    for (double x : xs) m += x;
    return m / static_cast<double>(xs.size());
  };
  const double se = 1 / std::sqrt(double(kN));

  SECTION("uniform traffic scale") {
    const auto xs =
        samples(R"({"traffic_scale": {"dist": "uniform", "min": 0.5, "max": 1.5}})", "/vsfs/0/traffic_scale");
    CHECK(std::abs(mean(xs) - 1.0) < 3 * se * std::sqrt(1.0 / 12));
    CHECK(*std::min_element(xs.begin(), xs.end()) >= 0.5);
    CHECK(*std::max_element(xs.begin(), xs.end()) < 1.5);
  }
  SECTION("normal traffic scale") {
    const auto xs = samples(R"({"traffic_scale": {"dist": "normal", "mean": 1, "sd": 0.1}})", "/vsfs/0/traffic_scale");
    CHECK(std::abs(mean(xs) - 1.0) < 3 * se * 0.1);
    double var = 0;
    for (double x : xs) var += (x - 1) * (x - 1);
    CHECK(std::sqrt(var / kN) == Approx(0.1).epsilon(0.05));
  }
  SECTION("normal draws below 0 are 0") {
    const auto xs = samples(R"({"traffic_scale": {"dist": "normal", "mean": 0, "sd": 1}})", "/vsfs/0/traffic_scale");
    const auto zeros = std::count(xs.begin(), xs.end(), 0.0);
    CHECK(std::abs(zeros - kN / 2) < 3 * std::sqrt(kN * 0.25));
    CHECK(*std::min_element(xs.begin(), xs.end()) == 0.0);
  }
  SECTION("lognormal traffic scale") {
    const auto xs =
        samples(R"({"traffic_scale": {"dist": "lognormal", "median": 2, "sigma": 0.5}})", "/vsfs/0/traffic_scale");
    std::vector<double> logs;
    for (double x : xs) logs.push_back(std::log(x / 2));
    CHECK(std::abs(mean(logs)) < 3 * se * 0.5);
    const auto below = std::count_if(xs.begin(), xs.end(), [](double x) { return x < 2; });
    CHECK(std::abs(below - kN / 2) < 3 * std::sqrt(kN * 0.25));
  }
  SECTION("uniform phase, as durations") {
    const auto xs = samples(R"({"phase": {"dist": "uniform", "min": "0s", "max": "30min"}})", "/vsfs/0/traffic_shift");
    CHECK(std::abs(mean(xs) - 900) < 3 * se * 1800 * std::sqrt(1.0 / 12));
    CHECK(*std::min_element(xs.begin(), xs.end()) >= 0);
  }
}

TEST_CASE("check_points accepts a sweep whose every point loads", "[sweep][expand]") {
  json doc = base_sweep();
  doc["set"] = {{"/duration", "10min"}};
  doc["axes"] = json::parse(R"([{"pointer": "/grid/cpus", "values": [30, 40]},
                               {"pointer": "/vsfs/0/policy/high", "values": [0.6, 0.9]}])");
  const SweepSpec s = load(doc);
  CHECK_NOTHROW(check_points(s, expand(s, base_document(s))));
}

TEST_CASE("check_points reports every bad point at once, naming it", "[sweep][expand]") {
  json doc = base_sweep();
  doc["axes"] = json::parse(R"([{"pointer": "/grid/cpus", "values": [40, -5, "many"]},
                               {"pointer": "/vsfs/0/policy/high", "values": [0.7, 0.9]}])");
  const SweepSpec s = load(doc);
  try {
    check_points(s, expand(s, base_document(s)));
    FAIL("no error");
  } catch (const InputError& e) {
    const std::string text = e.diagnostics().format();
    INFO(text);
    CHECK(e.diagnostics().size() == 2);  // one per problem, each naming its points
    CHECK_THAT(text, Catch::Contains("/grid/cpus: at points \"cpus=-5,high=0.7\", \"cpus=-5,high=0.9\" (2 of 6):"));
    CHECK_THAT(text, Catch::Contains("at points \"cpus=many,high=0.7\", \"cpus=many,high=0.9\" (2 of 6):"));
    CHECK(e.diagnostics().items()[0].file == kQuickstart);
  }
}

TEST_CASE("check_points names at most 20 problems, then how many more", "[sweep][expand]") {
  json doc = base_sweep();
  doc["axes"] = {{{"pointer", "/grid/cpus"}, {"range", {{"from", -25}, {"to", -1}, {"step", 1}}}}};
  const SweepSpec s = load(doc);
  try {
    check_points(s, expand(s, base_document(s)));
    FAIL("no error");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 21);
    CHECK(e.diagnostics().items().back().message == "and 5 more problems at the points of the sweep");
    CHECK_THAT(e.diagnostics().items()[0].message, Catch::StartsWith("at point \"cpus=-25\": "));
  }
}

TEST_CASE("base_document refuses a fixed set whose parent is missing", "[sweep][expand]") {
  json doc = base_sweep();
  doc["set"] = {{"/nothing/here", 1}};
  CHECK_THROWS_WITH(base_document(load(doc)), Catch::Contains("/set/~1nothing~1here: cannot set /nothing/here"));
}

TEST_CASE("uncertainty on a scenario whose vsfs is not an array draws nothing and does not throw", "[sweep][expand]") {
  const SweepSpec s = with_uncertainty(R"({"traffic_scale": {"dist": "uniform", "min": 1, "max": 2}})", 1);
  Point p;
  p.id = "all";
  for (const json& doc : {json::parse(R"({"vsfs": {"a": 1}})"), json::parse(R"({"vsfs": 3})"), json::array()}) {
    INFO(doc.dump());
    RunSpec r;
    REQUIRE_NOTHROW(r = make_run(s, p, 1, doc));
    CHECK(draws_of(r).empty());
  }
  // Entries that are not objects are still entries: their base scale is 1.
  const RunSpec r = make_run(s, p, 1, json::parse(R"({"vsfs": [3, {"name": "x", "traffic_scale": 2}]})"));
  REQUIRE(draws_of(r).size() == 2);
  CHECK(draws_of(r)[1].second.get<double>() >= 2);
}

TEST_CASE("a point name too long for a directory is refused", "[sweep][expand]") {
  json doc = base_sweep();
  doc["axes"] = {{{"pointer", "/description"}, {"values", {std::string(150, 'a'), std::string(250, 'b')}}}};
  try {
    (void)expand(load(doc), quickstart_doc());
    FAIL("no error");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);  // the 150-character label gives a 162-character name: fine
    CHECK_THAT(e.diagnostics().items()[0].message, Catch::Contains("has 262 characters; it names a directory"));
  }
}
