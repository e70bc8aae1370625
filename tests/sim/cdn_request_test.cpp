// A CDN in request fidelity (sim/dataplane/requests.cpp cdn_miss): a lone miss by hand. Every request misses
// (hit ratio 0), one every 100 s (each under a second: no two meet), constant work, so a request takes
// exactly its hops: the client to the San Jose cache and back, and from the cache across the WAN to the
// New York origin and back (no LB: the hops are the caches' and the origin's).
#include <catch2/catch.hpp>
#include <cmath>

#include "scenario/loader.hpp"
#include "sim_support.hpp"

namespace {

using nlohmann::json;

constexpr double kTcpGamma = 4194304;  // SimGrid's default TCP window: a flow's rate <= gamma / (2 latency)

double hop(double bytes, double latency, double bandwidth) {
  if (bytes <= 0) return 0;
  return latency + bytes / std::min(bandwidth, kTcpGamma / (2 * latency));
}

const char* const kLoneMiss = R"({
  "name": "cdn-lone-miss", "duration": "2000s", "fidelity": "request",
  "models": ["models/hardware.json", "models/roles.json", "models/switches.json"],
  "sites": [
    {"name": "sanjose", "grid": {"cpus": 2, "storage": [{"name": "sj-array"}]}},
    {"name": "newyork", "grid": {"cpus": 2, "storage": [{"name": "ny-array"}]}}],
  "wan": [{"between": ["sanjose", "newyork"], "latency": "30ms", "bandwidth": "40Mbps"}],
  "vsfs": [{
    "name": "c", "site": "newyork", "warm": true, "lb": false,
    "tiers": [{"role": "web", "initial": 1, "min": 1, "max": 1}, {"role": "app", "initial": 1, "min": 1, "max": 1}],
    "policy": {"type": "none"},
    "cdn": {"hit_ratio": 0, "regions": [{"name": "west", "site": "sanjose",
                                         "traffic": {"type": "constant", "rate": 0.01}}]}
  }]
})";

const json& vsf_named(const json& summary, const std::string& name) {
  for (const auto& v : summary["vsfs"])
    if (v["name"] == name) return v;
  FAIL("no VSF " << name);
  throw;
}

}  // namespace

TEST_CASE("a lone CDN miss in request fidelity takes the edge's hops the WAN both ways and the origin's work",
          "[cdn]") {
  vsf::Scenario s = vsf::load_scenario_json(std::string(VSFSIM_SOURCE_DIR) + "/cdn-lone-miss.json", kLoneMiss).scenario;
  for (const char* role : {"web", "app"}) s.models.roles[role].work_distribution = vsf::WorkDistribution::Constant;
  const vsf::test::RunResult r = vsf::test::run(s);
  const vsf::SiteSpec& sj = s.grid.sites[0];
  const vsf::RoleBlueprint& web = s.models.roles.at("web");
  const vsf::RoleBlueprint& app = s.models.roles.at("app");
  const double speed = s.models.hardware.at(s.grid.cpus[0].profile).speed_flops;
  const vsf::WanLink& wan = s.grid.wan[0];
  // Client (San Jose's Internet host) to the cache: the uplink and the cache's port.
  const double l1 = sj.uplink_latency_s + sj.vlan.port_latency_s;
  const double b1 = std::min(sj.uplink_bandwidth_Bps, sj.vlan.port_bandwidth_Bps);
  // Cache to origin: the cache's port, the WAN, the origin's port.
  const double l2 = 2 * sj.vlan.port_latency_s + wan.latency_s;
  const double b2 = std::min(sj.vlan.port_bandwidth_Bps, wan.bandwidth_Bps);
  const double origin_s = hop(app.request_bytes, l2, b2) + app.work_flops / speed + hop(app.response_bytes, l2, b2);
  const double edge_s =
      hop(web.request_bytes, l1, b1) + web.work_flops / speed + origin_s + hop(web.response_bytes, l1, b1);
  const json& edge = vsf_named(r.summary, "c@sanjose");
  REQUIRE(edge["requests"]["served"].get<int>() > 10);
  CHECK(edge["requests"]["timed_out"] == 0);
  CHECK(edge["response_ms"]["mean"].get<double>() / 1000 == Approx(edge_s).margin(1e-6));
  // The origin counts each miss as its request, whose time is the WAN both ways and its work.
  const json& origin = vsf_named(r.summary, "c");
  CHECK(origin["requests"]["served"] == edge["requests"]["served"]);
  CHECK(origin["response_ms"]["mean"].get<double>() / 1000 == Approx(origin_s).margin(1e-6));
  const json& cdn = r.summary.at("cdn").at(0);
  CHECK(cdn["edges"][0]["hit_ratio"] == 0.0);
  CHECK(cdn["edges"][0]["miss_price_ms"].get<double>() / 1000 == Approx(origin_s).margin(1e-6));
  CHECK(cdn["edges"][0]["wan_gb"].get<double>() ==
        Approx(edge["requests"]["served"].get<double>() * (app.request_bytes + app.response_bytes) / 1e9));
}
