// A CDN VSF through the loader (issue 14 §3): expanded into its origin (tier 1 at the VSF's site, no
// traffic) and one edge per site its regions name (tier 0, those regions' traffic, scaled), linked both
// ways, all billed to the CDN's customer; what a CDN cannot have is refused.
#include <catch2/catch.hpp>

#include "load_errors.hpp"
#include "scenario/loader.hpp"

using namespace vsf;
using nlohmann::json;
using vsf::test::has;
using vsf::test::join;
using vsf::test::load_errors;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/scenarios/inline-test.json";

json cdn_scenario() {
  return json::parse(R"({
    "name": "t", "duration": "1h", "fidelity": "flow", "traffic_scale": 2,
    "models": ["../models/hardware.json", "../models/roles.json", "../models/switches.json"],
    "sites": [{"name": "a", "grid": {"cpus": 8, "storage": [{}]}}, {"name": "b", "grid": {"cpus": 8, "storage": [{}]}},
              {"name": "c", "grid": {"cpus": 8, "storage": [{}]}}],
    "wan": [{"between": ["a", "b"]}, {"between": ["b", "c"]}],
    "vsfs": [
      {"name": "plain", "site": "a", "tiers": [{"role": "web"}], "traffic": {"type": "constant", "rate": 1}},
      {"name": "n", "site": "b", "customer": "acme",
       "tiers": [{"role": "web", "initial": 1, "max": 5}, {"role": "app", "initial": 2, "max": 3}],
       "cdn": {"hit_ratio": {"max": 0.8, "cpus_for_half": 3}, "regions": [
         {"name": "r1", "site": "c", "traffic": {"type": "constant", "rate": 10}},
         {"name": "r2", "site": "a", "traffic": {"type": "constant", "rate": 20}},
         {"name": "r3", "site": "c", "traffic": [{"type": "constant", "rate": 5}]}]}}
    ]
  })");
}

}  // namespace

TEST_CASE("a CDN VSF becomes its origin and one edge per site of its regions", "[cdn]") {
  const Scenario s = load_scenario_json(kFile, cdn_scenario().dump()).scenario;
  REQUIRE(s.vsfs.size() == 4);
  const VsfSpec& origin = s.vsfs[1];
  CHECK(origin.name == "n");
  CHECK(origin.site == 1);
  REQUIRE(origin.tiers.size() == 1);
  CHECK(origin.tiers[0].role == "app");
  CHECK(origin.tiers[0].initial == 2);
  CHECK(origin.traffic.empty());
  CHECK(origin.cdn_edges == std::vector<int>{2, 3});
  CHECK(origin.cdn_origin == -1);
  // Edges in the order the regions first name their sites: c, then a.
  const VsfSpec& c = s.vsfs[2];
  const VsfSpec& a = s.vsfs[3];
  CHECK(c.name == "n@c");
  CHECK(a.name == "n@a");
  CHECK(c.site == 2);
  CHECK(a.site == 0);
  for (const VsfSpec* e : {&c, &a}) {
    REQUIRE(e->tiers.size() == 1);
    CHECK(e->tiers[0].role == "web");
    CHECK(e->tiers[0].max == 5);
    CHECK(e->cdn_origin == 1);
    CHECK(e->hit_ratio.max == Approx(0.8));
    CHECK(e->hit_ratio.cpus_for_half == Approx(3));
    CHECK(e->customer == "acme");
    CHECK(!e->cdn);
  }
  CHECK(origin.customer == "acme");
  REQUIRE(c.traffic.size() == 2);  // r1 and r3
  CHECK(c.traffic[0].rate == Approx(10));
  CHECK(c.traffic[0].scale == Approx(2));  // the scenario's traffic_scale
  CHECK(c.traffic[1].rate == Approx(5));
  REQUIRE(a.traffic.size() == 1);
  CHECK(a.traffic[0].rate == Approx(20));
  CHECK(s.vsfs[0].cdn_origin == -1);  // a plain VSF is untouched
  CHECK(s.vsfs[0].cdn_edges.empty());
}

TEST_CASE("a constant hit ratio is max with no size dependence", "[cdn]") {
  json doc = cdn_scenario();
  doc["vsfs"][1]["cdn"]["hit_ratio"] = 0.6;
  const Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  CHECK(s.vsfs[2].hit_ratio.at(1) == Approx(0.6));
  CHECK(s.vsfs[2].hit_ratio.at(9) == Approx(0.6));
}

TEST_CASE("what a CDN VSF cannot have is refused all at once", "[cdn]") {
  json doc = cdn_scenario();
  json& n = doc["vsfs"][1];
  n["count"] = 2;
  n["cpu_demand"] = {{"rate", 1}, {"hold", "1min"}};
  n["tiers"][0]["cpus"] = json::array({"cpu-0"});
  n["cdn"]["regions"][1]["name"] = "r1";
  n["cdn"]["hit_ratio"] = "high";
  const auto errors = load_errors(kFile, doc);
  INFO(join(errors));
  CHECK(has(errors, "/vsfs/1/count: a CDN VSF has no \"count\""));
  CHECK(has(errors, "/vsfs/1/cpu_demand: a CDN VSF has no \"cpu_demand\""));
  CHECK(has(errors, "/vsfs/1/tiers/0/cpus: a CDN VSF's tiers pin no CPUs"));
  CHECK(has(errors, "/vsfs/1/cdn/regions/1/name: duplicate region name \"r1\""));
  CHECK(has(errors, "/vsfs/1/cdn/hit_ratio: expected a hit ratio"));
}

TEST_CASE("a CDN VSF needs sites", "[cdn]") {
  json doc = cdn_scenario();
  doc.erase("sites");
  doc.erase("wan");
  doc["grid"] = {{"cpus", 8}, {"storage", json::array({json::object()})}};
  doc["vsfs"][0].erase("site");
  doc["vsfs"][1].erase("site");
  const auto errors = load_errors(kFile, doc);
  INFO(join(errors));
  CHECK(has(errors, "/vsfs/1/cdn: a CDN VSF needs \"sites\""));
}
