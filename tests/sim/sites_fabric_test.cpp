// Two sites joined by a WAN link (issue 14), physical side: a CPU of the other site serving a VSF answers
// its lone requests in the local time plus the WAN crossed both ways (latency, and the bytes at the
// path's narrowest rate), and boots over the bridged SAN across the WAN; a local CPU does not cross it.
// The VSF names its CPU (tiers[].cpus), so no lending logic is involved: the fabric alone.
#include <catch2/catch.hpp>
#include <cmath>
#include <simgrid/s4u.hpp>

#include "sim/engine/engine_config.hpp"
#include "sim/engine/platform.hpp"
#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

constexpr double kTcpGamma = 4194304;  // SimGrid's default TCP window: a flow's rate <= gamma / (2 latency)
constexpr double kWanLatency = 0.03, kWanBandwidth = 5e6;

double hop(double bytes, double latency, double bandwidth) {
  if (bytes <= 0) return 0;
  return latency + bytes / std::min(bandwidth, kTcpGamma / (2 * latency));
}

// Site "sj": cpu-0, cpu-1 on vsw0/ssw0, array0, cp0. Site "ny": cpu-2, cpu-3 on vsw1/ssw1, array1, cp1.
// One VSF at sj, one tier of one CPU (named: `cpu`), constant work, no LB, no SAN bytes per request.
vsf::Scenario two_sites(const std::string& cpu) {
  vsf::Scenario s = base_scenario(4);
  s.grid.cpus = {vsf::CpuGroup{"standard", 2, {}, 0}, vsf::CpuGroup{"standard", 2, {}, 1}};
  s.grid.vlan_switches.count = 2;
  s.grid.san_switches.count = 2;
  s.grid.storage = {vsf::StorageArray{"array0", 400e6, 300e6, 1}, vsf::StorageArray{"array1", 400e6, 300e6, 1}};
  s.grid.control_plane = vsf::ControlPlane{2, "standard"};
  s.grid.uplink = vsf::Uplink{125e6, 0.001};
  for (int k = 0; k < 2; ++k) {
    vsf::SiteSpec site;
    site.name = k == 0 ? "sj" : "ny";
    site.pointer = "/sites/" + std::to_string(k);
    site.cpus = {2 * k, 2};
    site.vlan_switches = site.san_switches = site.arrays = {k, 1};
    site.control_hosts = {k, 1};
    site.vlan = s.grid.vlan_switches.spec;
    site.san = s.grid.san_switches.spec;
    site.uplink_bandwidth_Bps = s.grid.uplink.bandwidth_Bps;
    site.uplink_latency_s = s.grid.uplink.latency_s;
    s.grid.sites.push_back(site);
  }
  vsf::WanLink w;
  w.name = "sj-ny";
  w.a = 0;
  w.b = 1;
  w.latency_s = kWanLatency;
  w.bandwidth_Bps = kWanBandwidth;
  s.grid.wan = {w};
  s.global_manager.present = true;
  s.global_manager.lent_boot = vsf::LentBoot::BridgedSan;
  vsf::RoleBlueprint web;
  web.name = "web";
  web.work_flops = 1e6;
  web.work_distribution = vsf::WorkDistribution::Constant;
  web.request_bytes = 2048;
  web.response_bytes = 65536;
  web.boot_image_bytes = 5e7;
  web.queue_limit = 100;
  s.models.roles["web"] = web;
  vsf::Tier tier = make_tier("web", 1, 1, 1, "round_robin");
  tier.cpus = {cpu};
  vsf::VsfSpec v = make_vsf("shop", {tier}, false);
  v.site = 0;
  v.warm = false;  // its CPU boots: the image read crosses the WAN or not
  // Rare requests (one per 100 s, each under 0.2 s): no two meet, so each takes exactly its hops.
  v.traffic = {vsf::test::constant_rate(0.01)};
  s.vsfs.push_back(v);
  s.duration_s = 4000;
  return s;
}

// The lone request's time, internet (sj) -> the CPU -> back, crossing the WAN or not.
double lone_request_s(const vsf::Scenario& s, bool across_wan) {
  const auto& lan = s.grid.vlan_switches.spec;
  const auto& web = s.models.roles.at("web");
  const double latency = s.grid.uplink.latency_s + lan.port_latency_s + (across_wan ? kWanLatency : 0);
  double bw = std::min(s.grid.uplink.bandwidth_Bps, lan.port_bandwidth_Bps);
  if (across_wan) bw = std::min(bw, kWanBandwidth);
  return hop(web.request_bytes, latency, bw) + web.work_flops / s.models.hardware.at("standard").speed_flops +
         hop(web.response_bytes, latency, bw);
}

double mean_response_s(const vsf::test::RunResult& r) {
  const auto& out = r.summary["vsfs"][0];
  REQUIRE(out["requests"]["served"].get<int>() > 20);
  REQUIRE(out["requests"]["timed_out"].get<int>() == 0);
  return out["response_ms"]["mean"].get<double>() / 1000;
}

}  // namespace

TEST_CASE("sites: a lone request served by a CPU of the other site pays the WAN both ways") {
  vsf::Scenario s = two_sites("cpu-2");
  auto r = vsf::test::run(s);
  const double local = lone_request_s(s, false), remote = lone_request_s(s, true);
  // The WAN's latency twice, and its 5 MB/s narrower than the LAN for the bytes each way.
  const auto& web = s.models.roles.at("web");
  const double by_parts = local + 2 * kWanLatency +
                          (web.request_bytes + web.response_bytes) *
                              (1 / std::min(kWanBandwidth, kTcpGamma / (2 * (kWanLatency + 0.001 + 50e-6))) -
                               1 / std::min(125e6, kTcpGamma / (2 * (0.001 + 50e-6))));
  CHECK(remote == Approx(by_parts).margin(1e-9));
  CHECK(mean_response_s(r) == Approx(remote).margin(1e-6));
  // Its boot image came from sj's array0 over the bridged SAN: the disk and the path (array port, WAN,
  // HBA port) at once, the slower setting the pace.
  const auto boots = r.of("boot_image_read", "cpu-2");
  REQUIRE(boots.size() == 1);
  CHECK(boots[0]["array"] == "array0");
  const auto& san = s.grid.san_switches.spec;
  const double bytes = s.models.roles.at("web").boot_image_bytes;
  const double path = hop(bytes, 2 * san.port_latency_s + kWanLatency, std::min(san.port_bandwidth_Bps, kWanBandwidth));
  const double expected_boot = std::max(bytes / s.grid.storage[0].read_Bps, path);
  CHECK(boots[0]["duration_s"].get<double>() == Approx(expected_boot).margin(1e-6));
  CHECK(expected_boot > 10);  // the WAN, not the disk, set the pace
}

TEST_CASE("sites: a lone request served at its VSF's own site does not cross the WAN") {
  vsf::Scenario s = two_sites("cpu-1");
  auto r = vsf::test::run(s);
  CHECK(mean_response_s(r) == Approx(lone_request_s(s, false)).margin(1e-6));
  const auto boots = r.of("boot_image_read", "cpu-1");
  REQUIRE(boots.size() == 1);
  CHECK(boots[0]["duration_s"].get<double>() < 1);
}

TEST_CASE("sites: in flow fidelity a tier half lent pays the WAN on half its visits") {
  vsf::Scenario s = two_sites("cpu-1");
  vsf::VsfSpec& v = s.vsfs[0];
  v.fidelity = vsf::Fidelity::Flow;
  v.warm = true;
  v.tiers[0].initial = v.tiers[0].min = v.tiers[0].max = 2;
  v.tiers[0].cpus = {"cpu-1", "cpu-2"};           // one at sj (home), one lent from ny: half the cores
  v.traffic = {vsf::test::constant_rate(0.001)};  // no visit waits: each is its hops alone
  auto r = vsf::test::run(s);
  const double local = lone_request_s(s, false), remote = lone_request_s(s, true);
  const auto& out = r.summary["vsfs"][0];
  REQUIRE(out["requests"]["served"].get<double>() > 1);
  CHECK(out["response_ms"]["mean"].get<double>() / 1000 == Approx((local + remote) / 2).margin(1e-6));
  // The mixture's upper half is the lent server's time, its lower half the local one's (the histogram's
  // buckets: within 0.4 %).
  CHECK(out["response_ms"]["p95"].get<double>() / 1000 == Approx(remote).epsilon(0.005));
  CHECK(out["response_ms"]["p50"].get<double>() / 1000 == Approx(local).epsilon(0.005));
}

TEST_CASE("sites: in flow fidelity lending.response_s splits a half-lent tier's samples home and lent") {
  vsf::Scenario s = two_sites("cpu-1");
  vsf::VsfSpec& v = s.vsfs[0];
  v.fidelity = vsf::Fidelity::Flow;
  v.warm = true;
  v.tiers[0].initial = v.tiers[0].min = v.tiers[0].max = 2;
  v.tiers[0].cpus = {"cpu-1", "cpu-2"};           // one at sj (home), one from ny (its requests cross the WAN)
  v.traffic = {vsf::test::constant_rate(0.001)};  // no visit waits: each is its hops alone
  auto r = vsf::test::run(s);
  const double local = lone_request_s(s, false), remote = lone_request_s(s, true);
  const auto& rt = r.summary["lending"]["response_s"];
  const double served = r.summary["vsfs"][0]["requests"]["served"].get<double>();
  REQUIRE(served > 1);
  // Half the visits meet the lent server: each half is one point mass of the hand mixture.
  CHECK(rt["lent"]["p50"].get<double>() == Approx(remote).epsilon(0.005));
  CHECK(rt["lent"]["p95"].get<double>() == Approx(remote).epsilon(0.005));
  CHECK(rt["home"]["p50"].get<double>() == Approx(local).epsilon(0.005));
  CHECK(rt["home"]["p95"].get<double>() == Approx(local).epsilon(0.005));
  const double home_n = rt["home"]["count"].get<double>(), lent_n = rt["lent"]["count"].get<double>();
  CHECK(home_n + lent_n == Approx(served).margin(2));  // counts are rounded to whole requests
  CHECK(lent_n == Approx(served / 2).margin(2));
}

TEST_CASE("sites: in flow fidelity a lent server's SAN read over the bridged SAN holds its core") {
  // A half-lent tier whose requests read 1 MB from the VSF's array (at sj): the lent server (ny) reads it
  // across the WAN. No visit waits, so a request's mean response is the mixture of the lone requests'
  // hops and work plus its mean SAN read; that SAN read holds a core, so the tier's busy core-seconds per
  // request are the work plus that same mean SAN read, the lent server's longer one included.
  vsf::Scenario s = two_sites("cpu-1");
  s.models.roles["web"].san_bytes = 1e6;
  vsf::VsfSpec& v = s.vsfs[0];
  v.fidelity = vsf::Fidelity::Flow;
  v.warm = true;
  v.tiers[0].initial = v.tiers[0].min = v.tiers[0].max = 2;
  v.tiers[0].cpus = {"cpu-1", "cpu-2"};
  v.traffic = {vsf::test::constant_rate(0.001)};
  auto r = vsf::test::run(s);
  const auto& out = r.summary["vsfs"][0];
  const double served = out["requests"]["served"].get<double>();
  REQUIRE(served > 1);
  const double hops_and_work = (lone_request_s(s, false) + lone_request_s(s, true)) / 2;
  const double mean_san = out["response_ms"]["mean"].get<double>() / 1000 - hops_and_work;
  const double work = s.models.roles.at("web").work_flops / s.models.hardware.at("standard").speed_flops;
  const double local_san = 1e6 / 400e6;  // at least the disk's read time at home
  REQUIRE(mean_san > local_san);
  const double busy_per_request = r.summary["grid"]["cpu_hours"]["busy"].get<double>() * 3600 / served;
  CHECK(busy_per_request == Approx(work + mean_san).epsilon(1e-4));
}

namespace {

// Two flow VSFs at sj, each a tier of one home CPU and one lent from ny (half its cores, so half its visits
// cross the WAN), at `rate` and `other_rate` requests/s.
vsf::Scenario two_lenders(double rate, double other_rate) {
  vsf::Scenario s = two_sites("cpu-1");
  vsf::VsfSpec& v = s.vsfs[0];
  v.fidelity = vsf::Fidelity::Flow;
  v.warm = true;
  v.tiers[0].initial = v.tiers[0].min = v.tiers[0].max = 2;
  v.tiers[0].cpus = {"cpu-1", "cpu-2"};
  v.traffic = {vsf::test::constant_rate(rate)};
  vsf::VsfSpec other = v;
  other.name = "other";
  other.tiers[0].cpus = {"cpu-0", "cpu-3"};
  other.traffic = {vsf::test::constant_rate(other_rate)};
  s.vsfs.push_back(other);
  s.duration_s = 1200;
  return s;
}

// A lent visit's WAN transfers at the link's spare bandwidth, both VSFs' lent visits (lambda / 2 each)
// loading it: the request (2 KiB) sj -> ny, the response (64 KiB) ny -> sj.
double lent_transfers_s(const vsf::Scenario& s, double lent_visits) {
  const auto& web = s.models.roles.at("web");
  const double rho_in = lent_visits * web.request_bytes / kWanBandwidth;
  const double rho_out = lent_visits * web.response_bytes / kWanBandwidth;
  return web.request_bytes / (kWanBandwidth * (1 - rho_in)) + web.response_bytes / (kWanBandwidth * (1 - rho_out));
}

// The hand value of the first VSF's mean response: half its visits local, half lent (the lone request's time
// with its WAN transfers at the loaded rate instead of the unloaded one). The CPUs' waits at 1.5 % utilization
// are a few microseconds: the margin.
double lent_mix_mean_s(const vsf::Scenario& s, double lent_visits) {
  const auto& web = s.models.roles.at("web");
  const double unloaded = (web.request_bytes + web.response_bytes) / kWanBandwidth;
  return (lone_request_s(s, false) + lone_request_s(s, true) - unloaded + lent_transfers_s(s, lent_visits)) / 2;
}

double first_mean_s(const vsf::test::RunResult& r) {
  return r.summary["vsfs"][0]["response_ms"]["mean"].get<double>() / 1000;
}

}  // namespace

// 30 requests/s each: 15 lent visits/s each, 30 in all: 30 x 64 KiB = 1.97 MB/s back over 5 MB/s (rho 0.39),
// 30 x 2 KiB out (rho 0.012); alone, 15/s (rho 0.20 back). The two differ by 13 ms x (1 / 0.61 - 1 / 0.80) / 2,
// 2.6 ms, far above the margin.
TEST_CASE("sites: in flow fidelity two VSFs' lent servers share their WAN link's bandwidth") {
  const vsf::Scenario s = two_lenders(30, 30);
  const auto r = vsf::test::run(s);
  REQUIRE(r.summary["vsfs"][1]["requests"]["served"].get<double>() > 30000);
  CHECK(first_mean_s(r) == Approx(lent_mix_mean_s(s, 30)).margin(2e-5));
  CHECK(lent_mix_mean_s(s, 30) - lent_mix_mean_s(s, 15) > 0.002);
}

TEST_CASE("sites: in flow fidelity a lent server alone on its WAN link pays its own load") {
  const vsf::Scenario s = two_lenders(30, 0);
  const auto r = vsf::test::run(s);
  REQUIRE(r.summary["vsfs"][1]["requests"]["offered"].get<double>() == 0);
  CHECK(first_mean_s(r) == Approx(lent_mix_mean_s(s, 15)).margin(2e-5));
}

TEST_CASE("sites: in flow fidelity a lent server's WAN price follows another VSF's load at once") {
  // The other VSF ends at 600 s: its load leaves the link then, and the first VSF (constant rate, nothing of
  // its own changes) is priced again at that instant: 600 s at the shared price, 600 s at its own, its
  // requests spread evenly over the 1200 s.
  vsf::Scenario s = two_lenders(30, 30);
  s.vsfs[1].end_s = 600;
  const auto r = vsf::test::run(s);
  CHECK(first_mean_s(r) == Approx((lent_mix_mean_s(s, 30) + lent_mix_mean_s(s, 15)) / 2).margin(2e-5));
}

namespace {

// The links of the route from host `a` to host `b`, by name.
std::vector<std::string> route_names(const std::string& a, const std::string& b) {
  std::vector<simgrid::s4u::Link*> links;
  double latency = 0;
  simgrid::s4u::Host::by_name(a)->route_to(simgrid::s4u::Host::by_name(b), links, &latency);
  std::vector<std::string> out;
  for (const auto* l : links) out.push_back(l->get_name());
  return out;
}

}  // namespace

TEST_CASE("sites: the platform's WAN link carries the LAN route and the bridged SAN route") {
  vsf::Scenario s = two_sites("cpu-2");
  s.grid.sites[1].vlan.port_bandwidth_Bps = 1e9;  // ny's own switch profile: its CPUs' port links
  s.grid.sites[1].uplink_bandwidth_Bps = 3e8;
  vsf::sim::SimEngine engine;
  vsf::grid::GridModel grid(s);
  const vsf::sim::Platform p = vsf::sim::build_platform(s, grid);
  REQUIRE(p.internet_of_site.size() == 2);
  CHECK(p.internet_of_site[1]->get_name() == "net:internet:ny");
  CHECK(p.uplink_of_site[1]->get_name() == "uplink:ny");
  CHECK(p.uplink_of_site[1]->get_bandwidth() == 3e8);
  CHECK(p.internet == p.internet_of_site[0]);
  REQUIRE(p.wan.size() == 1);
  CHECK(p.wan[0]->get_name() == "wan:sj-ny");
  CHECK(p.wan[0]->get_latency() == kWanLatency);
  CHECK(p.lan_port[2].up->get_bandwidth() == 1e9);
  CHECK(p.lan_port[1].up->get_bandwidth() == 125e6);
  // LAN: sj's clients to ny's CPU over the WAN's UP direction; SAN: sj's array to ny's HBA over the same link.
  CHECK(route_names("net:internet:sj", "cpu:cpu-2") ==
        std::vector<std::string>{"uplink:sj_UP", "wan:sj-ny_UP", "lan:cpu-2_DOWN"});
  CHECK(route_names("array:array0", "hba:cpu-2") ==
        std::vector<std::string>{"san-array:array0_UP", "wan:sj-ny_UP", "san:cpu-2_DOWN"});
  CHECK(route_names("cpu:cpu-2", "net:internet:sj") ==
        std::vector<std::string>{"lan:cpu-2_UP", "wan:sj-ny_DOWN", "uplink:sj_DOWN"});
  // The WAN link ends at each site's first switches: a switch fault there cuts it.
  CHECK(p.vlan_trunks[1].size() == 1);
  CHECK(p.san_trunks[0].size() == 1);
}

TEST_CASE("sites: in a grid of flow VSFs a CPU is one host, its LAN routes run through its switch's stand-ins") {
  vsf::Scenario s = two_sites("cpu-2");
  for (vsf::VsfSpec& v : s.vsfs) v.fidelity = vsf::Fidelity::Flow;
  vsf::sim::SimEngine engine;
  vsf::grid::GridModel grid(s);
  const vsf::sim::Platform p = vsf::sim::build_platform(s, grid);
  REQUIRE(!p.cpu_lan);
  REQUIRE(p.lan_stand_in.size() == 2);
  const auto* cpu2 = simgrid::s4u::Host::by_name("cpu:cpu-2");
  CHECK(p.cpu[2] == cpu2);
  CHECK(p.hba[2] == cpu2);
  CHECK(simgrid::s4u::Host::by_name_or_null("hba:cpu-2") == nullptr);
  CHECK(p.lan_end(cpu2, true)->get_name() == "lan-stand-in:vlan1:dst");
  CHECK(p.lan_end(cpu2, false)->get_name() == "lan-stand-in:vlan1:src");
  CHECK(p.lan_end(p.internet, true) == p.internet);  // not a CPU: itself
  // The LAN routes of the CPU-LAN shape (the test above), with the CPU's NIC replaced by its twin.
  CHECK(route_names("net:internet:sj", "lan-stand-in:vlan1:dst") ==
        std::vector<std::string>{"uplink:sj_UP", "wan:sj-ny_UP", "lan-stand-in-port:vlan1:dst_DOWN"});
  CHECK(route_names("lan-stand-in:vlan1:src", "net:internet:sj") ==
        std::vector<std::string>{"lan-stand-in-port:vlan1:src_UP", "wan:sj-ny_DOWN", "uplink:sj_DOWN"});
  CHECK(route_names("lan-stand-in:vlan0:src", "lan-stand-in:vlan0:dst") ==
        std::vector<std::string>{"lan-stand-in-port:vlan0:src_UP", "lan-stand-in-port:vlan0:dst_DOWN"});
  // The SAN route ends at the CPU host itself, behind its plain port link.
  CHECK(route_names("array:array0", "cpu:cpu-2") ==
        std::vector<std::string>{"san-array:array0_UP", "wan:sj-ny_UP", "san:cpu-2"});
  const auto* twin = simgrid::s4u::Link::by_name("lan-stand-in-port:vlan1:dst_DOWN");  // ny's CPUs' NIC profile
  CHECK(twin->get_latency() == s.grid.sites[1].vlan.port_latency_s);
  CHECK(twin->get_bandwidth() == s.grid.sites[1].vlan.port_bandwidth_Bps);
}

TEST_CASE("sites: without a bridged SAN the sites' SANs are not joined") {
  vsf::Scenario s = two_sites("cpu-2");
  s.global_manager.lent_boot = vsf::LentBoot::Mirror;
  vsf::sim::SimEngine engine;
  vsf::grid::GridModel grid(s);
  const vsf::sim::Platform p = vsf::sim::build_platform(s, grid);
  CHECK(p.san_trunks[0].empty());
  CHECK(p.vlan_trunks[0].size() == 1);
  CHECK(route_names("array:array1", "hba:cpu-2") == std::vector<std::string>{"san-array:array1_UP", "san:cpu-2_DOWN"});
  CHECK_THROWS(route_names("array:array0", "hba:cpu-2"));
}
