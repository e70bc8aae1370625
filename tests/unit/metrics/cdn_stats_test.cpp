// summary.json's "cdn" from tallies by hand (metrics/cdn_stats.hpp): misses lost on the WAN, the bytes the
// carried misses put on it, and a miss's price averaged over the misses carried only.
#include "metrics/cdn_stats.hpp"

#include <catch2/catch.hpp>

using namespace vsf;

TEST_CASE("cdn summary counts lost misses apart and prices only the misses carried", "[cdn]") {
  CdnTallies c;
  c.name = "c";
  c.site = "newyork";
  c.origin_offered = 300;
  // San Jose: 1000 requests, 400 misses of which 100 lost; 300 carried at 12288 B and 0.2 s each.
  c.edges.push_back({"c@sanjose", "sanjose", 1000, 600, 400, 100, 300 * 12288.0, 300 * 0.2});
  // New York: at the origin's site, no miss (no price, no bytes).
  c.edges.push_back({"c@newyork", "newyork", 500, 500, 0, 0, 0, 0});
  const nlohmann::ordered_json j = cdn_json({c}, 100);
  REQUIRE(j.size() == 1);
  const auto& sj = j[0]["edges"][0];
  CHECK(sj["misses"] == 400.0);
  CHECK(sj["misses_lost"] == 100.0);
  CHECK(sj["wan_gb"].get<double>() == Approx(300 * 12288.0 / 1e9));
  CHECK(sj["miss_price_ms"].get<double>() == Approx(200));  // over the 300 carried, not the 400
  CHECK(sj["hit_ratio"].get<double>() == Approx(0.6));
  CHECK(j[0]["edges"][1]["miss_price_ms"].is_null());
  CHECK(j[0]["edges"][1]["wan_gb"] == 0.0);
  CHECK(j[0]["origin"]["wan_gb"].get<double>() == Approx(300 * 12288.0 / 1e9));
  CHECK(j[0]["origin"]["mean_rps"].get<double>() == Approx(3));
  CHECK(j[0]["miss_price_ms"].get<double>() == Approx(200));
}
