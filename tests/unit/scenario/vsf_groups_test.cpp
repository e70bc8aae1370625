// VSF groups ("count" and "vary"): the loader expands a group into plain VSFs named NAME-1 ... NAME-N;
// the draws are reproducible and depend on the seed and the group's position only; errors name the
// group's pointer, and the copies a draw breaks.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <set>

#include "load_errors.hpp"
#include "scenario/loader.hpp"

using namespace vsf;
using namespace vsf::test;
using nlohmann::json;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/scenarios/inline-test.json";

// A vector, not a json: `with_vsfs({one})` would be the object `one` itself under clang, an array of it
// under g++ (a one-element braced list and nlohmann::json's initializer-list constructor).
json with_vsfs(std::vector<json> vsfs, int cpus = 400) {
  json doc = json::parse(R"({
    "name": "g", "duration": "10min", "seed": 7,
    "models": ["../models/hardware.json", "../models/roles.json", "../models/switches.json"],
    "grid": {"storage": [{"name": "array0"}], "vlan_switches": {"count": 20}, "san_switches": {"count": 20}}
  })");
  doc["grid"]["cpus"] = cpus;
  doc["vsfs"] = json(std::move(vsfs));
  return doc;
}

json shop(int count) {
  json v = json::parse(R"({"name": "shop", "tiers": [{"role": "web", "initial": 2, "min": 1, "max": 6}],
                           "traffic": {"type": "diurnal", "peak": 40, "trough": 5, "period": "1h", "phase": "5min"}})");
  v["count"] = count;
  return v;
}

json varied(int count) {
  json v = shop(count);
  v["vary"] = json::parse(R"({"phase": {"dist": "uniform", "min": "0s", "max": "1h"},
                               "traffic_scale": {"dist": "lognormal", "median": 1, "sigma": 0.5},
                               "tiers": [{"max": {"dist": "uniform", "min": 4, "max": 9}}]})");
  return v;
}

Scenario load(const json& doc) { return load_scenario_json(kFile, doc.dump()).scenario; }

struct Draws {
  double phase, scale;
  int max;
  bool operator==(const Draws& o) const { return phase == o.phase && scale == o.scale && max == o.max; }
};
Draws draws_of(const VsfSpec& v) { return {v.traffic[0].phase_s, v.traffic_scale, v.tiers[0].max}; }

}  // namespace

TEST_CASE("a group of N is N plain VSFs named NAME-1 ... NAME-N, in place", "[scenario][groups]") {
  Scenario s = load(with_vsfs(
      {{{"name", "first"}, {"tiers", {{{"role", "web"}}}}, {"traffic", {{"type", "constant"}, {"rate", 1}}}},
       shop(3),
       {{"name", "last"}, {"tiers", {{{"role", "web"}}}}, {"traffic", {{"type", "constant"}, {"rate", 1}}}}}));
  REQUIRE(s.vsfs.size() == 5);
  CHECK(s.vsfs[0].name == "first");
  CHECK(s.vsfs[1].name == "shop-1");
  CHECK(s.vsfs[2].name == "shop-2");
  CHECK(s.vsfs[3].name == "shop-3");
  CHECK(s.vsfs[4].name == "last");
  for (int i = 1; i <= 3; ++i) {  // no vary: exact copies of the definition
    CHECK(s.vsfs[i].pointer == "/vsfs/1");
    CHECK(s.vsfs[i].tiers[0].max == 6);
    CHECK(s.vsfs[i].traffic[0].phase_s == 300);
    CHECK(s.vsfs[i].traffic_scale == 1);
  }
  CHECK(s.vsfs[4].pointer == "/vsfs/2");
  CHECK(load(with_vsfs({shop(1)})).vsfs.at(0).name == "shop-1");  // count 1 is a group too
}

TEST_CASE("vary draws differ between copies, stay in range and are reproducible", "[scenario][groups]") {
  Scenario a = load(with_vsfs({varied(20)}));
  Scenario b = load(with_vsfs({varied(20)}));
  REQUIRE(a.vsfs.size() == 20);
  std::set<double> phases, scales;
  std::set<int> maxes;
  for (size_t i = 0; i < 20; ++i) {
    CHECK(draws_of(a.vsfs[i]) == draws_of(b.vsfs[i]));
    const Draws d = draws_of(a.vsfs[i]);
    CHECK(d.phase >= 300);  // the definition's phase plus a draw in [0, 1h]
    CHECK(d.phase <= 300 + 3600);
    CHECK(d.scale > 0);
    CHECK(d.max >= 4);
    CHECK(d.max <= 9);
    CHECK(a.vsfs[i].traffic[0].scale == d.scale);  // the traffic is scaled by the drawn factor
    phases.insert(d.phase);
    scales.insert(d.scale);
    maxes.insert(d.max);
  }
  CHECK(phases.size() == 20);
  CHECK(scales.size() == 20);
  CHECK(maxes.size() >= 3);
}

TEST_CASE("draws depend on the seed and the group's position, not on other groups or on count", "[scenario][groups]") {
  const std::vector<VsfSpec> base = load(with_vsfs({varied(5)})).vsfs;
  // More copies: the first five keep their values.
  const std::vector<VsfSpec> more = load(with_vsfs({varied(8)})).vsfs;
  for (size_t i = 0; i < 5; ++i) CHECK(draws_of(more[i]) == draws_of(base[i]));
  // Another group after it changes nothing in this one.
  json other = varied(4);
  other["name"] = "blog";
  const std::vector<VsfSpec> two = load(with_vsfs({varied(5), other})).vsfs;
  for (size_t i = 0; i < 5; ++i) CHECK(draws_of(two[i]) == draws_of(base[i]));
  // The same definition at another position draws other values; so does another seed.
  CHECK(!(draws_of(two[5]) == draws_of(base[0])));
  json reseeded = with_vsfs({varied(5)});
  reseeded["seed"] = 8;
  CHECK(!(draws_of(load(reseeded).vsfs[0]) == draws_of(base[0])));
  // Without vary.phase the other keys keep their draws (one stream per key).
  json no_phase = varied(5);
  no_phase["vary"].erase("phase");
  const std::vector<VsfSpec> np = load(with_vsfs({no_phase})).vsfs;
  for (size_t i = 0; i < 5; ++i) {
    CHECK(np[i].traffic_scale == base[i].traffic_scale);
    CHECK(np[i].traffic[0].phase_s == 300);
  }
}

TEST_CASE("errors in a group's definition name the group's pointer, once", "[scenario][groups]") {
  json bad = shop(50);
  bad["name"] = "cart";
  bad["tiers"][0]["max"] = 0;
  auto errors = load_errors(kFile, with_vsfs({shop(2), bad}));
  INFO(join(errors));
  CHECK(has(errors, "/vsfs/1/tiers/0/max: max must be >= 1"));
  CHECK(errors.size() == 1);
}

TEST_CASE("an error only some draws make names the copies, once per key", "[scenario][groups]") {
  json v = shop(40);
  v["vary"]["tiers"] = json::parse(R"([{"min": {"dist": "uniform", "min": 1, "max": 8}}])");
  auto errors = load_errors(kFile, with_vsfs({v}));
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors, "/vsfs/0/vary/tiers/0/min: in copies \"shop-"));
  CHECK(has(errors, " more ("));
  CHECK(has(errors, "of 40): min ("));
  // The same draws with room for them tell which copies a lower max breaks: those the message names.
  json one = shop(3);
  one["vary"]["tiers"] = json::parse(R"([{"initial": {"dist": "uniform", "min": 3, "max": 4}}])");
  std::vector<std::string> fours;
  for (const VsfSpec& c : load(with_vsfs({one})).vsfs)
    if (c.tiers[0].initial == 4) fours.push_back(c.name);
  one["tiers"][0]["max"] = 3;
  auto e1 = load_errors(kFile, with_vsfs({one}));
  INFO(join(e1));
  REQUIRE(e1.size() == (fours.empty() ? 0u : 1u));
  if (fours.size() == 1) CHECK(has(e1, "/vsfs/0/vary/tiers/0/initial: in copy \"" + fours[0] + "\": initial (4)"));
  if (fours.size() > 1) CHECK(has(e1, fmt::format("({} of 3)", fours.size())));
}

TEST_CASE("group bounds: count, names, pinned CPUs, vary without count, bad distributions", "[scenario][groups]") {
  auto errors_of = [](json v) { return load_errors(kFile, with_vsfs({std::move(v)})); };
  CHECK(has(errors_of(shop(0)), "/vsfs/0/count"));
  CHECK(has(errors_of(shop(100001)), "/vsfs/0/count"));
  json long_name = shop(10);
  long_name["name"] = std::string(62, 'a');
  CHECK(has(errors_of(long_name), "/vsfs/0/name: the copies' names"));
  json pinned = shop(2);
  pinned["tiers"][0]["cpus"] = {"cpu0"};
  CHECK(has(errors_of(pinned), "/vsfs/0/tiers/0/cpus: a group of 2 VSFs"));
  json no_count = varied(2);
  no_count.erase("count");
  CHECK(has(errors_of(no_count), "/vsfs/0/vary: vary draws values for each copy"));
  json bad_dist = varied(2);
  bad_dist["vary"]["phase"] = {{"dist", "uniform"}, {"min", "2h"}, {"max", "1h"}};
  CHECK(has(errors_of(bad_dist), "/vsfs/0/vary/phase/max: max (3600) must be >= min (7200)"));
  bad_dist["vary"]["phase"] = {{"dist", "normal"}};
  CHECK(has(errors_of(bad_dist), "/vsfs/0/vary/phase/dist"));
  bad_dist["vary"]["phase"] = {{"dist", "lognormal"}, {"median", "1h"}, {"sigma", 0.1}, {"mean", 2}};
  INFO(join(errors_of(bad_dist)));
  CHECK(has(errors_of(bad_dist), "/vsfs/0/vary/phase/mean: unknown key \"mean\""));
  json too_many_tiers = varied(2);
  too_many_tiers["vary"]["tiers"].push_back(json::object());
  CHECK(has(errors_of(too_many_tiers), "/vsfs/0/vary/tiers: 2 entries for a VSF of 1 tier"));
  json constant = varied(2);
  constant["traffic"] = {{"type", "constant"}, {"rate", 1}};
  CHECK(has(errors_of(constant),
            "/vsfs/0/vary/phase: phase shifts the VSF's traffic in time, and this VSF's traffic is constant"));
}

TEST_CASE("copy names that clash with other VSFs are duplicates, listed cut", "[scenario][groups]") {
  json hand = shop(1);
  hand.erase("count");
  hand["name"] = "shop-2";
  auto errors = load_errors(kFile, with_vsfs({shop(3), hand}));
  INFO(join(errors));
  CHECK(has(errors, "/vsfs/1/name: duplicate VSF name \"shop-2\""));
  errors = load_errors(kFile, with_vsfs({shop(30), shop(30)}));
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors, "/vsfs/1/name: the group's copies \"shop-1\", "));
  CHECK(has(errors, "and 22 more clash"));
}

TEST_CASE("too few CPUs for 800 VSFs: the message names the first few and counts the rest",
          "[scenario][groups][list_cut]") {
  auto errors = load_errors(kFile, with_vsfs({shop(800)}, 100));
  INFO(join(errors));
  REQUIRE(errors.size() == 1);
  CHECK(has(errors, "/grid/cpus: the grid has 100 CPUs but the VSFs need 2400"));
  CHECK(has(errors, "shop-1 3, shop-2 3,"));
  CHECK(has(errors, "shop-8 3 and 792 more)"));
  CHECK(errors[0].size() < 300);
}
