// A CDN's misses on the WAN (flow/cdn_wan.hpp, sim/dataplane/cdn_flow.hpp), real runs checked by hand.
// Three sites, the origin in New York, edges in San Jose and London with a constant hit ratio of 0.6 on
// fixed cache tiers (policy none), so an edge's misses are 0.4 x its rate at every instant.
#include <catch2/catch.hpp>
#include <cmath>

#include "scenario/loader.hpp"
#include "sim_support.hpp"

namespace {

using nlohmann::json;

// Edges: San Jose 20/s, London 30/s; links (the default bandwidth) sanjose-newyork (0), newyork-london (1),
// sanjose-london (2).
json cdn_scenario() {
  return json::parse(R"({
  "name": "cdn-wan", "duration": "30min", "fidelity": "flow", "flow": {"resolution": "60s"},
  "models": ["models/hardware.json", "models/roles.json", "models/switches.json"],
  "sites": [
    {"name": "sanjose", "grid": {"cpus": 6, "storage": [{"name": "sj-array"}]}},
    {"name": "newyork", "grid": {"cpus": 6, "storage": [{"name": "ny-array"}]}},
    {"name": "london", "grid": {"cpus": 6, "storage": [{"name": "ldn-array"}]}}],
  "wan": [{"between": ["sanjose", "newyork"], "latency": "35ms"},
          {"between": ["newyork", "london"], "latency": "40ms"},
          {"between": ["sanjose", "london"], "latency": "70ms"}],
  "vsfs": [{
    "name": "c", "site": "newyork",
    "tiers": [{"role": "web", "initial": 2, "min": 2, "max": 2}, {"role": "app", "initial": 2, "min": 2, "max": 2}],
    "policy": {"type": "none"},
    "cdn": {"hit_ratio": 0.6, "regions": [
      {"name": "west", "site": "sanjose", "traffic": {"type": "constant", "rate": 20}},
      {"name": "europe", "site": "london", "traffic": {"type": "constant", "rate": 30}}]}
  }],
  "outputs": {"interval": "5min", "events": true}
  })");
}

vsf::Scenario load(const json& j) {
  return vsf::load_scenario_json(std::string(VSFSIM_SOURCE_DIR) + "/cdn-wan-test.json", j.dump()).scenario;
}

json with_wan_fault(json j, const std::string& link) {
  j["faults"] = {{"events", json::array({{{"at", "600s"}, {"kind", "wan"}, {"target", link}, {"repair", "600s"}}})}};
  return j;
}

const json& vsf_named(const json& summary, const std::string& name) {
  for (const auto& v : summary["vsfs"])
    if (v["name"] == name) return v;
  FAIL("no VSF " << name);
  throw;
}

const json& edge_named(const json& cdn, const std::string& name) {
  for (const auto& e : cdn["edges"])
    if (e["name"] == name) return e;
  FAIL("no edge " << name);
  throw;
}

}  // namespace

TEST_CASE("a WAN link failure loses exactly the misses of the edge behind it for the window", "[cdn]") {
  const vsf::test::RunResult r = vsf::test::run(load(with_wan_fault(cdn_scenario(), "sanjose-newyork")));
  const json& cdn = r.summary.at("cdn").at(0);
  const json& sj = edge_named(cdn, "c@sanjose");
  const json& ldn = edge_named(cdn, "c@london");
  // San Jose: 20/s x 0.4 = 8 misses/s, all lost over the 600 s window: 4800; its hits all served.
  CHECK(sj["requests"].get<double>() == Approx(20 * 1800).epsilon(1e-9));
  CHECK(sj["misses"].get<double>() == Approx(8 * 1800).epsilon(1e-9));
  CHECK(sj["misses_lost"].get<double>() == Approx(8 * 600).epsilon(1e-9));
  const json& sj_vsf = vsf_named(r.summary, "c@sanjose");
  CHECK(sj_vsf["dropped_by_faults"].get<double>() == Approx(8 * 600).epsilon(1e-9));
  CHECK(sj_vsf["requests"]["served"].get<double>() == Approx(20 * 1800 - 8 * 600).epsilon(1e-6));
  // London's path does not cross the link: nothing lost.
  CHECK(ldn["misses_lost"] == 0);
  CHECK(vsf_named(r.summary, "c@london")["dropped_by_faults"] == 0);
  // The origin is offered 12/s from London all along and 8/s from San Jose outside the window.
  CHECK(cdn["origin"]["requests"].get<double>() == Approx(12 * 1800 + 8 * 1200).epsilon(1e-9));
  CHECK(vsf_named(r.summary, "c")["requests"]["offered"].get<double>() == Approx(12 * 1800 + 8 * 1200).epsilon(1e-9));
  // The miss bytes crossed (app: 4 KiB out, 8 KiB back) only for the misses carried.
  CHECK(sj["wan_gb"].get<double>() == Approx(8 * 1200 * 12288 / 1e9).epsilon(1e-9));
  CHECK(cdn["origin"]["wan_gb"].get<double>() == Approx((8 * 1200 + 12 * 1800) * 12288 / 1e9).epsilon(1e-9));
}

TEST_CASE("a WAN link failure on no edge's path changes nothing for the CDN", "[cdn]") {
  const vsf::test::RunResult r = vsf::test::run(load(with_wan_fault(cdn_scenario(), "sanjose-london")));
  const json& cdn = r.summary.at("cdn").at(0);
  for (const auto& e : cdn["edges"]) CHECK(e["misses_lost"] == 0);
  CHECK(cdn["origin"]["requests"].get<double>() == Approx((8 + 12) * 1800).epsilon(1e-9));
  CHECK(vsf_named(r.summary, "c@sanjose")["dropped_by_faults"] == 0);
  CHECK(vsf_named(r.summary, "c@london")["dropped_by_faults"] == 0);
}

TEST_CASE("misses loading their WAN link to rho 0.5 pay their transfers at twice the unloaded time", "[cdn]") {
  vsf::Scenario s = load(cdn_scenario());
  // Requests and responses of 8 KiB: San Jose's 8 misses/s send 65536 B/s each way; at 131072 B/s that is
  // rho = 0.5 in both directions (London's misses take the other link).
  s.models.roles["app"].request_bytes = 8192;
  s.models.roles["app"].response_bytes = 8192;
  s.grid.wan[0].bandwidth_Bps = 131072;
  const vsf::test::RunResult r = vsf::test::run(s);
  const json& cdn = r.summary.at("cdn").at(0);
  const json& sj = edge_named(cdn, "c@sanjose");
  const double unloaded_ms = 1000.0 * 8192 / 131072;  // 62.5 ms each way
  // London's link is idle but for its own misses: 12/s x 8 KiB, rho < 0.001.
  const double ldn_unloaded_ms = 1000.0 * 8192 / s.grid.wan[1].bandwidth_Bps;
  const json& ldn = edge_named(cdn, "c@london");
  // Both edges' misses get the same origin response: their prices differ by the WAN alone.
  CHECK(sj["miss_price_ms"].get<double>() - ldn["miss_price_ms"].get<double>() ==
        Approx((70 + 2 * 2 * unloaded_ms) - (80 + 2 * ldn_unloaded_ms)).epsilon(1e-3));
  // And the origin's part is its response less its Internet legs (a miss comes over the WAN): between 0
  // and the origin VSF's mean response.
  const double origin_ms = vsf_named(r.summary, "c")["response_ms"]["mean"].get<double>();
  CHECK(sj["miss_price_ms"].get<double>() > 70 + 2 * 2 * unloaded_ms);
  CHECK(sj["miss_price_ms"].get<double>() < 70 + 2 * 2 * unloaded_ms + origin_ms);
}

TEST_CASE("a lent tier's traffic on a CDN edge's WAN link raises its miss price by the PS share", "[cdn]") {
  // The previous case's link (131072 B/s, San Jose's misses at rho 0.5 each way) also carries a San Jose VSF's
  // visits to a server lent from New York (its tier: one home CPU, one of New York's, so half its visits):
  // 4 requests/s, 2 lent visits/s, 2 KiB out (4096 B/s) and 16 KiB back (32768 B/s). The misses then see rho
  // 0.53125 out and 0.75 back.
  json j = cdn_scenario();
  j["vsfs"].push_back(
      json::parse(R"({"name": "lender", "site": "sanjose", "fidelity": "flow", "policy": {"type": "none"},
    "tiers": [{"role": "web", "initial": 2, "min": 2, "max": 2, "cpus": ["cpu-4", "cpu-5"]}],
    "traffic": {"type": "constant", "rate": 4}})"));
  vsf::Scenario s = load(j);
  s.vsfs.back().tiers[0].cpus = {"cpu-5", "cpu-11"};  // cpu-11: New York's last CPU (the origin takes its first)
  s.models.roles["app"].request_bytes = 8192;
  s.models.roles["app"].response_bytes = 8192;
  s.grid.wan[0].bandwidth_Bps = 131072;
  const vsf::test::RunResult r = vsf::test::run(s);
  REQUIRE(vsf_named(r.summary, "lender")["requests"]["served"].get<double>() > 0.9 * 4 * 1800);
  const json& cdn = r.summary.at("cdn").at(0);
  const double out_s = 8192 / (131072 * (1 - 0.53125)), back_s = 8192 / (131072 * (1 - 0.75));
  const double ldn_unloaded_ms = 1000.0 * 8192 / s.grid.wan[1].bandwidth_Bps;
  CHECK(edge_named(cdn, "c@sanjose")["miss_price_ms"].get<double>() -
            edge_named(cdn, "c@london")["miss_price_ms"].get<double>() ==
        Approx((70 + 1000 * (out_s + back_s)) - (80 + 2 * ldn_unloaded_ms)).epsilon(1e-3));
  // 383 ms of transfers where the misses alone paid 250 (the previous case).
  CHECK(1000 * (out_s + back_s) == Approx(383.33).epsilon(1e-4));
}

TEST_CASE("misses above a saturated WAN link's capacity are dropped at the edge and the rest time out", "[cdn]") {
  vsf::Scenario s = load(cdn_scenario());
  // San Jose's 8 misses/s send 32768 B/s (app: 4 KiB) and get 65536 B/s back (8 KiB) over 32768 B/s: rho 1
  // out and 2 back, so half its misses are lost: 4/s, dropped (not by a fault).
  s.grid.wan[0].bandwidth_Bps = 32768;
  const vsf::test::RunResult r = vsf::test::run(s);
  const json& cdn = r.summary.at("cdn").at(0);
  const json& sj = edge_named(cdn, "c@sanjose");
  CHECK(sj["misses_lost"].get<double>() == Approx(4 * 1800).epsilon(1e-9));
  const json& sj_vsf = vsf_named(r.summary, "c@sanjose");
  CHECK(sj_vsf["dropped_by_faults"] == 0);
  CHECK(sj_vsf["requests"]["dropped"].get<double>() == Approx(4 * 1800).epsilon(1e-9));
  CHECK(cdn["origin"]["requests"].get<double>() == Approx((12 + 4) * 1800).epsilon(1e-9));
  // The carried misses see the link at rho 0.99: 4096 / 327.68 + 8192 / 327.68 = 37.5 s beyond the 70 ms round
  // trip, past the 30 s timeout: all 4/s time out, the 12 hits/s are served.
  CHECK(sj_vsf["requests"]["timed_out"].get<double>() == Approx(4 * 1800).epsilon(0.01));
  CHECK(sj_vsf["requests"]["served"].get<double>() == Approx(12 * 1800).epsilon(0.01));
}

TEST_CASE("in request fidelity an edge's misses are drawn at its hit ratio and become the origin's requests", "[cdn]") {
  json j = cdn_scenario();
  j["fidelity"] = "request";
  const vsf::test::RunResult r = vsf::test::run(load(j));
  const json& cdn = r.summary.at("cdn").at(0);
  double misses = 0;
  for (const std::string name : {"c@sanjose", "c@london"}) {
    const json& e = edge_named(cdn, name);
    const double n = e["requests"].get<double>(), h = e["hit_ratio"].get<double>();
    REQUIRE(n > 30000);  // 20/s and 30/s over 30 min
    // Bernoulli draws at h = 0.6: within 3 standard deviations, sqrt(0.24 / n) (under 0.003 here).
    CHECK(std::abs(h - 0.6) < 3 * std::sqrt(0.6 * 0.4 / n));
    CHECK(e["misses_lost"] == 0);
    misses += e["misses"].get<double>();
  }
  // Every miss is one request of the origin, which has no traffic of its own.
  CHECK(cdn["origin"]["requests"].get<double>() == misses);
  CHECK(vsf_named(r.summary, "c")["requests"]["offered"].get<double>() == misses);
  // A San Jose miss crosses the 35 ms link both ways: its price is above the 70 ms round trip.
  CHECK(edge_named(cdn, "c@sanjose")["miss_price_ms"].get<double>() > 70);
  CHECK(edge_named(cdn, "c@london")["miss_price_ms"].get<double>() > 80);
}
