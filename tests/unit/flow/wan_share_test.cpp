// The WAN links' shared bandwidth by hand (flow/wan_share.hpp): one rho per link direction for every kind of
// traffic on it, lent servers' and CDN misses' alike.
#include "flow/wan_share.hpp"

#include <catch2/catch.hpp>

#include "flow/cdn_wan.hpp"

using namespace vsf::flow;

namespace {

// Two links: 0 between sites 0 (a) and 1 (b), 1 MB/s; 1 between sites 1 (a) and 2 (b), 2 MB/s. A path from
// site 0 to site 2 crosses both forward.
std::vector<WanLinkState> two_links() { return {{1e6, 0.03, false}, {2e6, 0.04, false}}; }
const std::vector<WanHop> k0to2 = {{0, true}, {1, true}};

}  // namespace

TEST_CASE("wan share: a path's load lands on each hop's direction of travel") {
  WanLoads load(2, {0.0, 0.0});
  add_path_load(load, k0to2, true, 100);        // 0 -> 2: a to b on both
  add_path_load(load, k0to2, false, 300);       // 2 -> 0: b to a on both
  add_path_load(load, {{1, false}}, true, 50);  // from site 2 to site 1: link 1 crossed b to a
  CHECK(load[0][0] == 100);
  CHECK(load[0][1] == 300);
  CHECK(load[1][0] == 100);
  CHECK(load[1][1] == 350);
}

TEST_CASE("wan share: a path runs at its tightest link's spare bandwidth and reports its busiest direction") {
  const auto links = two_links();
  WanLoads load(2, {0.0, 0.0});
  load[0][0] = 5e5;  // rho 0.5: 0.5 MB/s spare
  load[1][0] = 1e6;  // rho 0.5: 1 MB/s spare
  const WanWay along = wan_way(k0to2, true, links, load);
  CHECK(along.rho == Approx(0.5));
  CHECK(along.spare_Bps == Approx(5e5));
  load[1][0] = 1.9e6;  // rho 0.95: 0.1 MB/s spare, now the bottleneck
  CHECK(wan_way(k0to2, true, links, load).spare_Bps == Approx(1e5));
  CHECK(wan_way(k0to2, false, links, load).spare_Bps == Approx(1e6));  // the other way is idle: link 0's C
  load[0][1] = 3e6;  // rho 3 back: priced at the cap, rho itself reported as is
  const WanWay back = wan_way(k0to2, false, links, load);
  CHECK(back.rho == Approx(3));
  CHECK(back.spare_Bps == Approx(1e6 * (1 - kSaturatedRho)));
  CHECK(wan_way({}, true, links, load).spare_Bps == INFINITY);
}

TEST_CASE("wan share: a CDN edge's misses pay the lent traffic's load on their link too") {
  // One edge, site 0 -> site 1 over link 0 (1 MB/s): 20 misses/s of 10 kB out, 25 kB back: 2e5 B/s out,
  // 5e5 B/s back. Lent servers put 3e5 B/s on the way out and 2e5 B/s on the way back: rho 0.5 and 0.7.
  EdgeMisses e;
  e.path = {{0, true}};
  e.rate = 20;
  e.request_bytes = 1e4;
  e.response_bytes = 2.5e4;
  const auto links = two_links();
  WanLoads lent(2, {0.0, 0.0});
  lent[0][0] = 3e5;
  lent[0][1] = 2e5;
  const EdgeWan with = solve_wan({e}, links, lent).front();
  CHECK(with.rho_request == Approx(0.5));
  CHECK(with.rho_response == Approx(0.7));
  CHECK(with.request_s == Approx(1e4 / (1e6 * 0.5)));
  CHECK(with.response_s == Approx(2.5e4 / (1e6 * 0.3)));
  CHECK(with.lost_share == 0);
  // Without the lent traffic: its own load alone, rho 0.2 and 0.5.
  const EdgeWan alone = solve_wan({e}, links).front();
  CHECK(alone.request_s == Approx(1e4 / (1e6 * 0.8)));
  CHECK(alone.response_s == Approx(2.5e4 / (1e6 * 0.5)));
  // Lent traffic that pushes the way back over capacity (rho 1.25) loses 1 - 1 / 1.25 of the misses.
  lent[0][1] = 7.5e5;
  CHECK(solve_wan({e}, links, lent).front().lost_share == Approx(0.2));
}

TEST_CASE("wan share: the same loads give a lent transfer and a miss the same PS time") {
  const auto links = two_links();
  WanLoads load(2, {0.0, 0.0});
  load[0][0] = 4e5;
  const double by_way = 1e4 / wan_way({{0, true}}, true, links, load).spare_Bps;
  CHECK(by_way == Approx(ps_transfer_s(1e4, 1e6, 0.4)));
  CHECK(by_way == Approx(1e4 / 6e5));
}
