// A CDN's misses on the WAN by hand (flow/cdn_wan.hpp): the M/G/1-PS mean sojourn against an event-by-event
// processor-sharing queue, and the loads, transfer times and losses of edges sharing links.
#include "flow/cdn_wan.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using namespace vsf::flow;

namespace {

// Mean sojourn of `jobs` Poisson arrivals (rate lambda) of `bytes` each (constant sizes: PS's mean does not
// depend on the size law) on a processor-sharing link of `bw` bytes/s: between two events every job present
// gets bw / n.
double simulated_ps_sojourn(double lambda, double bytes, double bw, int jobs, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> gap(lambda);
  std::vector<std::pair<double, double>> present;  // (remaining bytes, arrival time)
  double t = 0, next_arrival = gap(rng), total = 0;
  int arrived = 0, done = 0;
  while (done < jobs) {
    double first_done = INFINITY;
    size_t first = 0;
    for (size_t i = 0; i < present.size(); ++i)
      if (present[i].first < first_done) first_done = present[first = i].first;
    const double rate = present.empty() ? 0 : bw / static_cast<double>(present.size());
    const double t_done = present.empty() ? INFINITY : t + first_done / rate;
    const double t_next = arrived < jobs ? next_arrival : INFINITY;
    const double t_event = std::min(t_done, t_next);
    for (auto& j : present) j.first -= rate * (t_event - t);
    t = t_event;
    if (t_done <= t_next) {
      total += t - present[first].second;
      ++done;
      present.erase(present.begin() + static_cast<long>(first));
    } else {
      present.emplace_back(bytes, t);
      ++arrived;
      next_arrival = t + gap(rng);
    }
  }
  return total / jobs;
}

WanLinkState link(double bw, double latency) { return {bw, latency, false}; }

}  // namespace

TEST_CASE("PS link mean transfer is bytes over spare bandwidth and matches an event-by-event PS queue", "[cdn]") {
  CHECK(ps_transfer_s(12288, 1.25e6, 0) == Approx(0.0098304));
  CHECK(ps_transfer_s(12288, 1.25e6, 0.5) == Approx(0.0196608));  // twice the unloaded time at rho = 0.5
  CHECK(ps_transfer_s(0, 1.25e6, 0.5) == 0);
  // 80 jobs/s of 10 kB on 1 MB/s: rho = 0.8, mean sojourn 0.01 / 0.2 = 50 ms. 200k jobs: the batch means'
  // relative error at rho = 0.8 is about 1 %, so 5 % can only fail if the closed form is wrong.
  const double closed = ps_transfer_s(1e4, 1e6, 0.8);
  CHECK(closed == Approx(0.05));
  CHECK(simulated_ps_sojourn(80, 1e4, 1e6, 200000, 14) == Approx(closed).epsilon(0.05));
  // rho = 0.5: 20 ms.
  CHECK(simulated_ps_sojourn(50, 1e4, 1e6, 200000, 15) == Approx(ps_transfer_s(1e4, 1e6, 0.5)).epsilon(0.05));
}

TEST_CASE("an edge alone loads each direction of its link with its misses' request and response bytes", "[cdn]") {
  // 100 misses/s of 2000 B out and 3000 B back on 1 MB/s: rho 0.2 out, 0.3 back.
  const std::vector<EdgeWan> out = solve_wan({{{{0, true}}, true, 100, 2000, 3000}}, {link(1e6, 0.035)});
  REQUIRE(out.size() == 1);
  CHECK_FALSE(out[0].cut);
  CHECK(out[0].lost_share == 0);
  CHECK(out[0].rho_request == Approx(0.2));
  CHECK(out[0].rho_response == Approx(0.3));
  CHECK(out[0].round_trip_s == Approx(0.070));
  CHECK(out[0].request_s == Approx(2000 / (1e6 * 0.8)));
  CHECK(out[0].response_s == Approx(3000 / (1e6 * 0.7)));
  CHECK(out[0].wan_s() == Approx(0.070 + 0.0025 + 3000 / 0.7e6));
}

TEST_CASE("two edges crossing a link in opposite directions load both of its directions", "[cdn]") {
  // A sends requests a->b, B b->a: each direction carries one edge's requests and the other's responses.
  const std::vector<EdgeWan> out =
      solve_wan({{{{0, true}}, true, 100, 2000, 3000}, {{{0, false}}, true, 100, 2000, 3000}}, {link(1e6, 0.035)});
  for (const EdgeWan& e : out) {
    CHECK(e.rho_request == Approx(0.5));
    CHECK(e.rho_response == Approx(0.5));
    CHECK(e.request_s == Approx(2 * 2000 / 1e6));  // twice the unloaded time
    CHECK(e.response_s == Approx(2 * 3000 / 1e6));
  }
}

TEST_CASE("a path runs at its tightest link and pays every link's latency", "[cdn]") {
  // Link 0 (10 MB/s, 35 ms) carries an edge X of 1000 misses/s of 4000 B out (rho 0.4); the edge E crosses
  // link 1 (1 MB/s idle, 40 ms) then link 0 backwards (b->a), its 100 x 2000 B responses on link 0's a->b.
  const std::vector<EdgeWan> out =
      solve_wan({{{{1, true}, {0, false}}, true, 100, 1000, 2000}, {{{0, true}}, true, 1000, 4000, 0}},
                {link(1e7, 0.035), link(1e6, 0.040)});
  // E's requests: link 1 a->b (rho 0.1, spare 0.9 MB/s) and link 0 b->a (rho 0.01, spare 9.9 MB/s).
  CHECK(out[0].request_s == Approx(1000 / 0.9e6));
  // E's responses: link 0 a->b (rho (4e6 + 2e5) / 1e7 = 0.42, spare 5.8 MB/s), link 1 b->a (rho 0.2, 0.8 MB/s).
  CHECK(out[0].response_s == Approx(2000 / 0.8e6));
  CHECK(out[0].rho_response == Approx(0.42));
  CHECK(out[0].round_trip_s == Approx(2 * 0.075));
}

TEST_CASE("above saturation the excess share of misses is lost and the rest see a saturated link", "[cdn]") {
  // 500 misses/s: 1 MB/s out (rho 1.0), 1.5 MB/s back (rho 1.5): a third of the misses lost.
  const std::vector<EdgeWan> out = solve_wan({{{{0, true}}, true, 500, 2000, 3000}}, {link(1e6, 0.01)});
  CHECK(out[0].lost_share == Approx(1.0 / 3));
  CHECK_FALSE(out[0].cut);
  CHECK(out[0].response_s == Approx(3000 / (1e6 * (1 - kSaturatedRho))));
}

TEST_CASE("a failed link cuts every miss of the edges crossing it and loads nothing", "[cdn]") {
  std::vector<WanLinkState> links{link(1e6, 0.035), link(1e6, 0.040)};
  links[0].down = true;
  // A crosses the failed link 0; B crosses link 1 only; C is at the origin's site (empty path).
  const std::vector<EdgeWan> out = solve_wan(
      {{{{0, true}}, true, 400, 2000, 3000}, {{{1, true}}, true, 100, 2000, 3000}, {{}, true, 50, 2000, 3000}}, links);
  CHECK(out[0].cut);
  CHECK(out[0].lost_share == 1);
  CHECK_FALSE(out[1].cut);
  CHECK(out[1].lost_share == 0);
  CHECK(out[1].rho_request == Approx(0.2));
  CHECK(out[2].wan_s() == 0);
  CHECK(out[2].lost_share == 0);
  // No path at all: cut as well.
  CHECK(solve_wan({{{}, false, 10, 1, 1}}, links)[0].cut);
}
