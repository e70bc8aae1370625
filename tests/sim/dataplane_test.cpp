// Data plane: a lone request's response time is the sum of its hops (network path as built from the
// grid, CPU work, SAN reads); round-robin dispatch is the E_c/M/1 queue theory predicts; full queues
// drop and slow answers time out.
#include <catch2/catch.hpp>
#include <climits>
#include <cmath>

#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

constexpr double kTcpGamma = 4194304;  // SimGrid's default TCP window: a flow's rate <= gamma / (2 latency)

double hop(double bytes, double latency, double bandwidth) {
  if (bytes <= 0) return 0;
  return latency + bytes / std::min(bandwidth, kTcpGamma / (2 * latency));
}

vsf::RoleBlueprint role(const std::string& name, double work, double req, double resp, double san) {
  vsf::RoleBlueprint r;
  r.name = name;
  r.work_flops = work;
  r.work_distribution = vsf::WorkDistribution::Constant;
  r.request_bytes = req;
  r.response_bytes = resp;
  r.san_bytes = san;
  r.boot_image_bytes = 1e8;
  return r;
}

// LB + web/app/db, one CPU each (LB cpu-0, web cpu-1, app cpu-2, db cpu-3), 0.05 requests per second:
// requests never meet, so each takes exactly the sum of its hops.
void check_lone_request(int vlan_switches) {
  vsf::Scenario s = base_scenario(4);
  s.grid.vlan_switches.count = vlan_switches;
  // Small works and a 1 ms uplink, so the network is a large part of the response time (the trunk's
  // two crossings are over 1% of it).
  s.grid.uplink.latency_s = 0.001;
  s.models.roles["lb"] = role("lb", 2e5, 0, 0, 0);
  s.models.roles["web"] = role("web", 1e6, 2048, 16384, 0);
  s.models.roles["app"] = role("app", 2e6, 4096, 8192, 0);
  s.models.roles["db"] = role("db", 1.5e6, 1024, 4096, 65536);
  vsf::VsfSpec v = make_vsf("a",
                            {make_tier("web", 1, 1, 1, "round_robin"), make_tier("app", 1, 1, 1, "round_robin"),
                             make_tier("db", 1, 1, 1, "round_robin")},
                            true);
  v.traffic = {vsf::test::constant_rate(0.05)};
  s.vsfs.push_back(v);
  s.duration_s = 4000;
  auto r = vsf::test::run(s);

  const auto& lan = s.grid.vlan_switches.spec;
  const auto& san = s.grid.san_switches.spec;
  const double speed = s.models.hardware.at("standard").speed_flops;
  const double nic = lan.port_latency_s, bw = lan.port_bandwidth_Bps;
  const double up_lat = s.grid.uplink.latency_s + nic;  // uplink, LB NIC
  const double up_bw = std::min(s.grid.uplink.bandwidth_Bps, bw);
  // With two switches, cpu-2 and cpu-3 (app, db) sit on switch 1: web -> app crosses the trunk.
  const double trunk = vlan_switches > 1 ? lan.port_latency_s : 0;
  const auto& R = s.models.roles;
  const double db_san =
      std::max(65536 / s.grid.storage[0].read_Bps, 2 * san.port_latency_s + 65536 / san.port_bandwidth_Bps);
  const double db = hop(R.at("db").request_bytes, 2 * nic, bw) + R.at("db").work_flops / speed + db_san +
                    hop(R.at("db").response_bytes, 2 * nic, bw);
  const double app = hop(R.at("app").request_bytes, 2 * nic + trunk, bw) + R.at("app").work_flops / speed + db +
                     hop(R.at("app").response_bytes, 2 * nic + trunk, bw);
  const double web = hop(R.at("web").request_bytes, 2 * nic, bw) + R.at("web").work_flops / speed + app +
                     hop(R.at("web").response_bytes, 2 * nic, bw);
  const double expected = hop(R.at("web").request_bytes, up_lat, up_bw) + R.at("lb").work_flops / speed + web +
                          hop(R.at("web").response_bytes, up_lat, up_bw);

  const auto& out = r.summary["vsfs"][0];
  REQUIRE(out["requests"]["served"].get<int>() > 100);
  // The median is a lone request's time (to the histogram's 0.4%); a rare overlap of two requests on
  // one server may only lengthen the mean a little.
  CHECK(out["response_ms"]["p50"].get<double>() / 1000 == Approx(expected).epsilon(0.005));
  CHECK(out["response_ms"]["mean"].get<double>() / 1000 == Approx(expected).epsilon(0.005));
}

// GI/M/1 with Erlang-c interarrivals (each of c round-robin servers gets every c-th Poisson arrival):
// the mean response is 1 / (mu (1 - sigma)), sigma the root in (0, 1) of sigma = A*(mu (1 - sigma)),
// A*(s) = (lambda / (lambda + s))^c: c phases at the total arrival rate lambda.
double round_robin_response(int c, double lambda, double service_s) {
  const double mu = 1 / service_s;
  double sigma = 0;  // from 0 the iteration climbs to the smallest root, not the trivial sigma = 1
  for (int i = 0; i < 10000; ++i) sigma = std::pow(lambda / (lambda + mu * (1 - sigma)), c);
  return 1 / (mu * (1 - sigma));
}

}  // namespace

TEST_CASE("a lone request takes the sum of its hops through LB and three tiers") { check_lone_request(1); }

TEST_CASE("a request crossing VLAN switches also crosses the trunk between them") { check_lone_request(2); }

// A one-tier VSF of c one-core servers under Poisson load rho, exponential work; mean response time.
double run_dispatch(const std::string& dispatch, int c, double rho, double service_s, double requests) {
  vsf::Scenario s = base_scenario(c);
  vsf::RoleBlueprint srv = role("srv", service_s * 1e9, 0, 0, 0);
  srv.work_distribution = vsf::WorkDistribution::Exponential;
  srv.queue_limit = INT_MAX / 64;
  s.models.roles["srv"] = srv;
  vsf::VsfSpec v = make_vsf("d", {make_tier("srv", c, c, c, dispatch)}, false);
  v.timeout_s = 1e9;
  const double lambda = rho * c / service_s;
  v.traffic = {vsf::test::constant_rate(lambda)};
  s.vsfs.push_back(v);
  s.duration_s = requests / lambda;
  s.outputs.interval_s = s.duration_s / 4;
  auto r = vsf::test::run(s);
  return r.summary["vsfs"][0]["response_ms"]["mean"].get<double>() / 1000;
}

TEST_CASE("least-outstanding dispatch lies between the shared queue and round robin") {
  const double service_s = 0.1, rho = 0.8;
  const double mean = run_dispatch("least_outstanding", 2, rho, service_s, 400000);
  // M/M/2 (a shared queue, the best any dispatch can do) and E2/M/1 (round robin) bound it.
  const double lambda = rho * 2 / service_s;
  const double mm2 = vsf::test::erlang_c_response(2, lambda, service_s);
  const double rr = round_robin_response(2, lambda, service_s);
  WARN("least outstanding c=2 rho=0.8: mean " << mean << " s; M/M/2 " << mm2 << " s, round robin " << rr << " s");
  CHECK(mean > mm2 * 0.98);
  CHECK(mean < rr * 0.9);
}

TEST_CASE("round-robin dispatch over 2 servers matches the E2/M/1 queue") {
  const double service_s = 0.1, rho = 0.8;
  const double mean = run_dispatch("round_robin", 2, rho, service_s, 400000);
  const double expected = round_robin_response(2, rho * 2 / service_s, service_s);
  WARN("round robin c=2 rho=0.8: mean " << mean << " s, E2/M/1 " << expected << " s");
  CHECK(mean == Approx(expected).epsilon(0.05));
}

TEST_CASE("a full queue drops requests and answers after the deadline count as timed out") {
  vsf::Scenario s = base_scenario(1);
  vsf::RoleBlueprint srv = role("srv", 1e8, 0, 0, 0);  // 0.1 s per request
  srv.queue_limit = 5;
  s.models.roles["srv"] = srv;
  vsf::VsfSpec v = make_vsf("busy", {make_tier("srv", 1, 1, 1, "round_robin")}, false);
  v.timeout_s = 0.35;                          // the 4th request in line waits 0.3 s and is served at 0.4 s: too late
  v.traffic = {vsf::test::constant_rate(30)};  // three times what the server can do
  s.vsfs.push_back(v);
  s.duration_s = 200;
  auto r = vsf::test::run(s);
  const auto& q = r.summary["vsfs"][0]["requests"];
  const double offered = q["offered"], served = q["served"], dropped = q["dropped"], timed_out = q["timed_out"];
  CHECK(dropped > 0);
  CHECK(timed_out > 0);
  CHECK(served < 10.5 * s.duration_s);  // at most one per 0.1 s
  // Every request is accounted for, but those in flight at the end (at most the queue and the server).
  CHECK(offered - (served + dropped + timed_out) <= 6);
  CHECK(offered - (served + dropped + timed_out) >= 0);
}

TEST_CASE("an overloaded load balancer serves one request per core at a time and drops beyond its queue") {
  vsf::Scenario s = base_scenario(2);
  vsf::RoleBlueprint lb = role("lb", 1e8, 0, 0, 0);  // 0.1 s of LB work per request
  lb.queue_limit = 5;
  s.models.roles["lb"] = lb;
  s.models.roles["web"] = role("web", 1e6, 0, 0, 0);
  vsf::VsfSpec v = make_vsf("a", {make_tier("web", 1, 1, 1, "round_robin")}, true);
  v.traffic = {vsf::test::constant_rate(30)};  // three times what the LB can forward
  s.vsfs.push_back(v);
  s.duration_s = 200;
  auto r = vsf::test::run(s);
  const auto& q = r.summary["vsfs"][0]["requests"];
  CHECK(q["dropped"].get<double>() > 0.5 * q["offered"].get<double>());
  CHECK(q["served"].get<double>() <= 10 * s.duration_s + 1);
  CHECK(q["served"].get<double>() >= 9.5 * s.duration_s);
  // FCFS behind 5 waiting requests of 0.1 s: at most 0.6 s in the LB, plus 1 ms on the web server.
  CHECK(r.summary["vsfs"][0]["response_ms"]["p99"].get<double>() <= 602);
}

TEST_CASE("a tier called several times per request runs its work that many times") {
  vsf::Scenario s = base_scenario(2);
  s.models.roles["web"] = role("web", 1e7, 0, 0, 0);
  s.models.roles["app"] = role("app", 2e7, 0, 0, 0);
  vsf::Tier app = make_tier("app", 1, 1, 1, "round_robin");
  app.calls = 3;
  vsf::VsfSpec v = make_vsf("a", {make_tier("web", 1, 1, 1, "round_robin"), app}, false);
  v.traffic = {vsf::test::constant_rate(0.5)};
  s.vsfs.push_back(v);
  s.duration_s = 1000;
  auto r = vsf::test::run(s);
  // 10 ms on the web server, then three sequential 20 ms calls to the app server (the median: rare
  // overlaps of two requests only lengthen some).
  CHECK(r.summary["vsfs"][0]["response_ms"]["p50"].get<double>() == Approx(10 + 3 * 20).epsilon(0.005));
}
