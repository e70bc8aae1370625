// Each site's own Internet uplink (issue 14 §1): a failed "uplink:<site>" port, or the VLAN switch it is
// cabled to, loses the arrivals of the VSFs homed at that site only, in both fidelities; the other site's
// VSFs keep all theirs. Two sites built in C++ ("sanjose": cpu-0..1 on vsw0, "london": cpu-2..3 on vsw1),
// one VSF at each, faults from the schedule (so the target names resolve as a scenario file's do).
#include <catch2/catch.hpp>
#include <cmath>

#include "scenario/loader.hpp"
#include "sim/engine/rng.hpp"
#include "sim_support.hpp"
#include "traffic/rate.hpp"

using vsf::faults::FaultKind;
using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

constexpr double kDown = 200, kUp = 260;  // the fault's window

vsf::SiteSpec site(const std::string& name, int k, const vsf::Scenario& s) {
  vsf::SiteSpec x;
  x.name = name;
  x.pointer = "/sites/" + std::to_string(k);
  x.cpus = {2 * k, 2};
  x.vlan_switches = x.san_switches = x.arrays = {k, 1};
  x.control_hosts = {k, 1};
  x.vlan = s.grid.vlan_switches.spec;
  x.san = s.grid.san_switches.spec;
  return x;
}

// VSF "shop" at sanjose and "news" at london, one "srv" server each (0.05 s, no bytes), `rps` each.
vsf::Scenario two_sites(vsf::Fidelity fidelity, double rps) {
  vsf::Scenario s = base_scenario(4);
  s.grid.cpus = {vsf::CpuGroup{"standard", 2, {}, 0}, vsf::CpuGroup{"standard", 2, {}, 1}};
  s.grid.vlan_switches.count = 2;
  s.grid.san_switches.count = 2;
  s.grid.storage = {vsf::StorageArray{"array0", 400e6, 300e6, 1}, vsf::StorageArray{"array1", 400e6, 300e6, 1}};
  s.grid.control_plane.hosts = 2;
  s.grid.sites = {site("sanjose", 0, s), site("london", 1, s)};
  vsf::WanLink wan;
  wan.name = "sanjose-london";
  wan.a = 0;
  wan.b = 1;
  s.grid.wan = {wan};
  vsf::test::add_queueing_role(s, 0.05, 100);
  for (int k = 0; k < 2; ++k) {
    vsf::VsfSpec v = make_vsf(k == 0 ? "shop" : "news", {make_tier("srv", 1, 1, 1, "round_robin")}, false);
    v.site = k;
    v.fidelity = fidelity;
    v.traffic = {vsf::test::constant_rate(rps)};
    s.vsfs.push_back(v);
  }
  s.duration_s = 400;
  return s;
}

// One failure of `kind` named `target` over [kDown, kUp).
void fail(vsf::Scenario& s, FaultKind kind, const std::string& target) {
  vsf::faults::ScheduledFault f;
  f.at_s = kDown;
  f.subject.kind = kind;
  f.subject.targets = {vsf::faults::TargetRef{target, -1, "/faults/events/0/target"}};
  vsf::faults::Distribution d;
  d.value_s = kUp - kDown;
  f.repair = d;
  f.pointer = "/faults/events/0";
  s.faults.events = {f};
}

// Arrivals of VSF `v` of `s` in [t0, t1), replayed from the generator's seeded stream.
int arrivals(const vsf::Scenario& s, int v, double t0, double t1) {
  vsf::RateFunction rate(s.vsfs[v].traffic);
  vsf::ArrivalProcess p(rate, vsf::sim::stream_seed(s.seed, vsf::sim::Stream::Arrivals, v));
  int n = 0;
  for (double t = s.vsfs[v].start_s;;) {
    t = p.next(t, s.duration_s);
    if (!std::isfinite(t) || t >= s.duration_s || t >= t1) return n;
    if (t >= t0) ++n;
  }
}

double availability(const vsf::test::RunResult& r, int v) { return r.vsf(v)["availability"].get<double>(); }
double fault_drops(const vsf::test::RunResult& r, int v) { return r.vsf(v)["dropped_by_faults"].get<double>(); }

}  // namespace

TEST_CASE("sites: london's uplink fails and only london's VSF loses its arrivals") {
  vsf::Scenario s = two_sites(vsf::Fidelity::Request, 4);
  fail(s, FaultKind::VlanPort, "uplink:london");
  auto r = vsf::test::run(s);

  REQUIRE(r.of("fault").at(0)["target"] == "uplink:london");
  const int window = arrivals(s, 1, kDown, kUp);
  REQUIRE(window > 150);
  // Its requests carry no bytes, so none in flight at 200 crosses the uplink: exactly the window's.
  CHECK(fault_drops(r, 1) == window);
  CHECK(r.vsf(1)["requests"]["served"].get<int>() + window == arrivals(s, 1, 0, s.duration_s));
  CHECK(availability(r, 1) == Approx(1 - (kUp - kDown) / s.duration_s));
  CHECK(fault_drops(r, 0) == 0);
  CHECK(r.vsf(0)["requests"]["dropped"] == 0);
  CHECK(r.vsf(0)["requests"]["served"].get<int>() >= arrivals(s, 0, 0, s.duration_s) - 1);  // one in flight at the end
  CHECK(availability(r, 0) == Approx(1.0));
  const auto avail = r.of("vsf_availability");
  REQUIRE(avail.size() == 2);
  for (const auto& e : avail) CHECK(e["vsf"] == "news");
}

TEST_CASE("sites: in flow fidelity a site's uplink failure takes that site's flow only") {
  vsf::Scenario s = two_sites(vsf::Fidelity::Flow, 4);
  fail(s, FaultKind::VlanPort, "uplink:london");
  auto r = vsf::test::run(s);

  CHECK(fault_drops(r, 1) == Approx(4 * (kUp - kDown)).epsilon(1e-6));
  CHECK(availability(r, 1) == Approx(1 - (kUp - kDown) / s.duration_s));
  CHECK(fault_drops(r, 0) == 0);
  CHECK(availability(r, 0) == Approx(1.0));
}

TEST_CASE("sites: the VLAN switch of sanjose's uplink fails and london keeps its clients") {
  vsf::Scenario s = two_sites(vsf::Fidelity::Flow, 4);
  fail(s, FaultKind::VlanSwitch, "vsw0");  // sanjose's first switch: its uplink, its CPUs and the WAN's end
  auto r = vsf::test::run(s);

  CHECK(fault_drops(r, 0) >= Approx(4 * (kUp - kDown)).epsilon(1e-6));
  CHECK(availability(r, 0) < 1 - (kUp - kDown) / s.duration_s + 1e-9);
  CHECK(fault_drops(r, 1) == 0);
  CHECK(availability(r, 1) == Approx(1.0));
}

namespace {

// A CDN over two sites (tests/sim/cdn_test.cpp's, smaller): one-CPU edges at 40 requests/s each hit
// h(1) = 0.9 / 3 = 0.3, so each sends the origin (at newyork) 0.7 x 40 misses a second.
const char* const kCdn = R"({
  "name": "cdn-uplink", "duration": "1h", "fidelity": "flow", "flow": {"resolution": "60s"},
  "models": ["models/hardware.json", "models/roles.json", "models/switches.json"],
  "sites": [
    {"name": "sanjose", "grid": {"cpus": 10, "storage": [{"name": "sj-array"}]}},
    {"name": "newyork", "grid": {"cpus": 10, "storage": [{"name": "ny-array"}]}}],
  "wan": [{"between": ["sanjose", "newyork"], "latency": "35ms"}],
  "vsfs": [{
    "name": "c", "site": "newyork",
    "tiers": [{"role": "web", "initial": 1, "min": 1, "max": 1}, {"role": "app", "initial": 2, "min": 2, "max": 2}],
    "cdn": {"hit_ratio": {"max": 0.9, "cpus_for_half": 2}, "regions": [
      {"name": "west", "site": "sanjose", "traffic": {"type": "constant", "rate": 40}},
      {"name": "east", "site": "newyork", "traffic": {"type": "constant", "rate": 40}}]}
  }],
  "faults": {"events": [{"at": "10min", "kind": "vlan_port", "target": "uplink:sanjose", "repair": "10min"}]}
})";

}  // namespace

TEST_CASE("sites: a CDN edge behind a failed uplink sends its origin no misses") {
  vsf::Scenario s = vsf::load_scenario_json(std::string(VSFSIM_SOURCE_DIR) + "/cdn-uplink.json", kCdn).scenario;
  const vsf::test::RunResult r = vsf::test::run(s);
  const nlohmann::json& cdn = r.summary.at("cdn").at(0);
  REQUIRE(cdn["edges"][0]["name"] == "c@sanjose");
  REQUIRE(cdn["edges"][0]["hit_ratio"].get<double>() == Approx(0.3).epsilon(1e-9));
  // San Jose's clients reach nothing for 10 minutes; New York's edge and the origin lose none.
  const double origin_by_hand = 0.7 * 40 * (2 * 3600 - 600);
  CHECK(cdn["origin"]["requests"].get<double>() == Approx(origin_by_hand).epsilon(1e-6));
  // San Jose's cache saw no request in those 10 minutes: it counts none, hit or miss, as in request fidelity.
  const nlohmann::json& sj = cdn["edges"][0];
  CHECK(sj["requests"].get<double>() == Approx(40 * 3000).epsilon(1e-9));
  CHECK(sj["misses"].get<double>() == Approx(0.7 * 40 * 3000).epsilon(1e-9));
  CHECK(cdn["edges"][1]["requests"].get<double>() == Approx(40 * 3600).epsilon(1e-9));
  for (const auto& v : r.summary["vsfs"]) {
    INFO(v["name"]);
    const double lost = v["dropped_by_faults"].get<double>();
    CHECK(lost == (v["name"] == "c@sanjose" ? Approx(40 * 600).epsilon(1e-6) : Approx(0)));
  }
}
