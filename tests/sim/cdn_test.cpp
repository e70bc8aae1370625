// A CDN VSF over three sites (issue 14 §3), one real run: Europe's traffic grows tenfold at 10 min, so
// the London edge's caches grow (from London's pool) while the San Jose and New York edges, whose regions
// stay quiet, keep their one cache CPU. Checked by hand: a one-CPU edge's hit ratio is h(1) = 0.9 / 3 = 0.3
// over the whole run; the origin is offered exactly the edges' misses; a miss costs at least the WAN round
// trip (2 x 35 ms from San Jose) plus the origin's response.
#include <catch2/catch.hpp>

#include "scenario/loader.hpp"
#include "sim_support.hpp"

namespace {

const char* const kCdn = R"({
  "name": "cdn-test", "duration": "1h", "fidelity": "flow", "flow": {"resolution": "60s"},
  "models": ["models/hardware.json", "models/roles.json", "models/switches.json"],
  "sites": [
    {"name": "sanjose", "grid": {"cpus": 10, "storage": [{"name": "sj-array"}]}},
    {"name": "newyork", "grid": {"cpus": 10, "storage": [{"name": "ny-array"}]}},
    {"name": "london", "grid": {"cpus": 10, "storage": [{"name": "ldn-array"}]}}],
  "wan": [{"between": ["sanjose", "newyork"], "latency": "35ms"}, {"between": ["newyork", "london"], "latency": "40ms"}],
  "vsfs": [{
    "name": "c", "site": "newyork",
    "tiers": [{"role": "web", "initial": 1, "min": 1, "max": 8}, {"role": "app", "initial": 2, "min": 1, "max": 6}],
    "policy": {"type": "threshold", "interval": "30s", "high": 0.75, "low": 0.3, "window": "30s", "step": 1,
               "cooldown": "60s"},
    "cdn": {"hit_ratio": {"max": 0.9, "cpus_for_half": 2}, "regions": [
      {"name": "west", "site": "sanjose", "traffic": {"type": "constant", "rate": 40}},
      {"name": "east", "site": "newyork", "traffic": {"type": "constant", "rate": 40}},
      {"name": "europe", "site": "london",
       "traffic": {"type": "steps", "steps": [{"at": "0s", "rate": 40}, {"at": "10min", "rate": 400}]}}]}
  }],
  "outputs": {"interval": "5min", "events": true}
})";

const nlohmann::json& vsf_named(const nlohmann::json& summary, const std::string& name) {
  for (const auto& v : summary["vsfs"])
    if (v["name"] == name) return v;
  FAIL("no VSF " << name);
  throw;
}

}  // namespace

TEST_CASE("a CDN's cache grows at the site whose region's traffic grows and nowhere else", "[cdn]") {
  vsf::Scenario s = vsf::load_scenario_json(std::string(VSFSIM_SOURCE_DIR) + "/cdn-test.json", kCdn).scenario;
  REQUIRE(s.vsfs.size() == 4);  // the origin c, then c@sanjose, c@newyork, c@london
  const vsf::test::RunResult r = vsf::test::run(s);
  CHECK(vsf_named(r.summary, "c@london")["scale_outs"].get<int>() >= 3);
  CHECK(vsf_named(r.summary, "c@sanjose")["scale_outs"] == 0);
  CHECK(vsf_named(r.summary, "c@newyork")["scale_outs"] == 0);
  // Each London cache CPU came from London's pool: its scale grants name that site.
  int london_grants = 0;
  for (const auto& e : r.of("scale_grant"))
    if (e.value("vsf", "") == "c@london") {
      ++london_grants;
      CHECK(e.value("site", "") == "london");
    }
  CHECK(london_grants >= 3);

  const nlohmann::json& cdn = r.summary.at("cdn").at(0);
  CHECK(cdn["name"] == "c");
  CHECK(cdn["origin_site"] == "newyork");
  double misses = 0;
  for (const auto& e : cdn["edges"]) misses += e["misses"].get<double>();
  const auto& sj = cdn["edges"][0];
  const auto& ldn = cdn["edges"][2];
  REQUIRE(sj["name"] == "c@sanjose");
  REQUIRE(ldn["name"] == "c@london");
  CHECK(sj["requests"].get<double>() == Approx(40 * 3600).epsilon(1e-6));
  CHECK(sj["hit_ratio"].get<double>() == Approx(0.3).epsilon(1e-9));  // h(1) all along
  CHECK(ldn["hit_ratio"].get<double>() > 0.5);  // a bigger cache hits more: h(4) = 0.6, h(6) = 0.675
  // The origin is offered exactly the edges' misses (the origin VSF's own count agrees).
  CHECK(cdn["origin"]["requests"].get<double>() == Approx(misses).epsilon(1e-6));
  CHECK(vsf_named(r.summary, "c")["requests"]["offered"].get<double>() == Approx(misses).epsilon(1e-6));
  // A San Jose miss: the WAN both ways (70 ms) plus an origin response (its mean is a few tens of ms).
  const double origin_mean_ms = vsf_named(r.summary, "c")["response_ms"]["mean"].get<double>();
  CHECK(sj["miss_price_ms"].get<double>() > 70);
  CHECK(sj["miss_price_ms"].get<double>() < 70 + 3 * origin_mean_ms);
  // The edge's answered requests carry it: mean = own time + 0.7 x price, above 0.7 x 70 ms.
  CHECK(vsf_named(r.summary, "c@sanjose")["response_ms"]["mean"].get<double>() > 0.7 * 70);
}
