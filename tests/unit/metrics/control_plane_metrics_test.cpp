// Recorder, faults and control plane: unmanaged and availability integrals, control-plane counters and
// {mean, max} samples, hosts-on time weighting, faults by kind, rollouts, nulls, key order, determinism.
// Expected values are computed by hand in the comments next to them.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "metrics/recorder.hpp"

using namespace vsf;

namespace {

Scenario scenario() {
  Scenario s;
  s.name = "cp-unit";
  s.seed = 11;
  s.duration_s = 3600;
  s.grid.cpus = {CpuGroup{"standard", 8, {}}};
  VsfSpec a;
  a.name = "shop";
  VsfSpec b;
  b.name = "blog";
  s.vsfs = {a, b};
  return s;
}

std::vector<std::string> keys(const nlohmann::ordered_json& o) {
  std::vector<std::string> k;
  for (auto it = o.begin(); it != o.end(); ++it) k.push_back(it.key());
  return k;
}

// A run with faults and a failover, the same every time.
void fill(Recorder& r) {
  r.vsf_available(0, true, 0);
  r.vsf_available(1, true, 0);
  r.cp_hosts_on(0, 3);
  r.cp_masters(0, 1);
  r.fault(faults::FaultKind::ControlHost);
  r.cp_unmanaged(0, true, 100);
  r.cp_masters(130, 0);
  r.cp_detection(12);
  r.cp_election(3);
  r.cp_masters(145, 1);
  r.cp_restart();
  r.cp_recovery(40);
  r.cp_unmanaged(0, false, 140);
  r.fault(faults::FaultKind::Cpu);
  r.vsf_available(1, false, 200);
  r.dropped_by_fault(1, 200);
  r.vsf_available(1, true, 260);
  r.cp_hosts_on(300, 2);
  r.rollout(Recorder::Rollout{"shop", "web", "web", "v2", 500, 800, 4, 0.75});
  r.cp_energy(1.5e6);
  r.finish(1000);
}

}  // namespace

TEST_CASE("control plane: unmanaged VSF-seconds integrate per VSF, open spans end at finish") {
  Recorder r(scenario());
  r.cp_unmanaged(0, true, 100);
  r.cp_unmanaged(0, true, 120);  // a repeated report keeps the open span: 100..160
  r.cp_unmanaged(0, false, 160);
  r.cp_unmanaged(0, true, 1000);  // still unmanaged at the end: 1000..1200
  r.cp_unmanaged(1, false, 0);
  r.cp_unmanaged(1, true, 300);
  r.cp_unmanaged(1, false, 335);
  r.finish(1200);
  r.finish(1200);  // idempotent
  auto cp = r.summary()["control_plane"];
  CHECK(cp["unmanaged_vsf_seconds"] == 60.0 + 200.0 + 35.0);
}

TEST_CASE("control plane: counters, max masters, {mean, max} samples and nulls") {
  Recorder r(scenario());
  r.cp_masters(0, 1);
  r.cp_masters(10, 2);
  r.cp_masters(20, 1);
  r.cp_detection(2);
  r.cp_detection(4);
  r.cp_election(0.5);
  r.cp_election(1.5);
  r.cp_restart();
  r.cp_reassignment();
  r.cp_reassignment();
  r.cp_new_slave();
  r.cp_energy(1e5);
  r.cp_energy(2e5);  // set once at the end: the last value counts
  r.finish(100);
  auto cp = r.summary()["control_plane"];
  CHECK(cp["elections"] == 2);
  CHECK(cp["max_simultaneous_masters"] == 2);
  CHECK(cp["detection_latency_s"]["mean"] == 3.0);
  CHECK(cp["detection_latency_s"]["max"] == 4.0);
  CHECK(cp["election_duration_s"]["mean"] == 1.0);
  CHECK(cp["election_duration_s"]["max"] == 1.5);
  CHECK(cp["recovery_s"]["mean"].is_null());
  CHECK(cp["recovery_s"]["max"].is_null());
  CHECK(cp["restarts"] == 1);
  CHECK(cp["reassignments"] == 2);
  CHECK(cp["new_slaves"] == 1);
  CHECK(cp["energy_j"] == 2e5);
  CHECK(cp["hosts_on"]["mean"].is_null());  // never reported
  CHECK(cp["hosts_on"]["max"].is_null());
}

TEST_CASE("control plane: hosts_on is time-weighted over [0, t_end], 0 before the first report") {
  SECTION("reported from t = 0") {
    Recorder r(scenario());
    r.cp_hosts_on(0, 3);
    r.cp_hosts_on(100, 5);
    r.cp_hosts_on(400, 2);
    r.finish(1000);
    auto h = r.summary()["control_plane"]["hosts_on"];
    CHECK(h["mean"].get<double>() == Approx((3 * 100 + 5 * 300 + 2 * 600) / 1000.0));  // 3.0
    CHECK(h["max"] == 5);
  }
  SECTION("first reported at t = 200") {
    Recorder r(scenario());
    r.cp_hosts_on(200, 4);
    r.finish(1000);
    auto h = r.summary()["control_plane"]["hosts_on"];
    CHECK(h["mean"].get<double>() == Approx(4 * 800 / 1000.0));  // 3.2
    CHECK(h["max"] == 4);
  }
}

TEST_CASE("per VSF: availability from the first report to the end, null if never reported") {
  Recorder r(scenario());
  r.vsf_available(0, true, 50);  // created at 50
  r.vsf_available(0, false, 150);
  r.vsf_available(0, true, 250);
  r.vsf_available(0, true, 500);  // repeated: no change
  r.finish(1050);
  auto s = r.summary();
  CHECK(s["vsfs"][0]["availability"].get<double>() == Approx((100 + 800) / 1000.0));  // 0.9
  CHECK(s["vsfs"][1]["availability"].is_null());

  Recorder late(scenario());
  late.vsf_available(0, false, 0);
  late.vsf_available(1, true, 1000);  // reported only at the end: no time to measure
  late.finish(1000);
  auto l = late.summary();
  CHECK(l["vsfs"][0]["availability"] == 0.0);
  CHECK(l["vsfs"][1]["availability"].is_null());
}

TEST_CASE("per VSF: requests dropped by faults are counted in dropped too") {
  Recorder r(scenario());
  r.dropped(0, 1);
  r.dropped(0, 2);
  for (int i = 0; i < 3; ++i) r.dropped_by_fault(0, 10 + i);
  r.finish(100);
  auto s = r.summary();
  CHECK(s["vsfs"][0]["requests"]["dropped"] == 5);
  CHECK(s["vsfs"][0]["dropped_by_faults"] == 3);
  CHECK(s["vsfs"][1]["requests"]["dropped"] == 0);
  CHECK(s["vsfs"][1]["dropped_by_faults"] == 0);
}

TEST_CASE("faults: every kind in enum order with 0 by default") {
  Recorder r(scenario());
  r.fault(faults::FaultKind::Cpu);
  r.fault(faults::FaultKind::Registry);
  r.fault(faults::FaultKind::Cpu);
  r.finish(10);
  auto f = r.summary_ordered()["faults"];
  CHECK(keys(f) == std::vector<std::string>{"cpu", "control_host", "manager", "vlan_switch", "vlan_port", "san_switch",
                                            "san_port", "storage", "cp_partition", "registry"});
  CHECK(f["cpu"] == 2);
  CHECK(f["registry"] == 1);
  CHECK(f["control_host"] == 0);
}

TEST_CASE("rollouts: call order, duration, null when not completed") {
  Recorder r(scenario());
  r.rollout(Recorder::Rollout{"shop", "web", "web", "v2", 100, 400, 6, 0.5});
  Recorder::Rollout open;
  open.vsf = "blog";
  open.tier = "app";
  open.role = "app";
  open.version = "v3";
  open.published_s = 900;
  open.rebooted = 1;
  r.rollout(open);
  r.finish(1000);
  auto a = r.summary_ordered()["rollouts"];
  REQUIRE(a.size() == 2);
  CHECK(keys(a[0]) == std::vector<std::string>{"vsf", "tier", "role", "version", "published_s", "completed_s",
                                               "duration_s", "rebooted", "min_capacity_fraction"});
  CHECK(a[0]["vsf"] == "shop");
  CHECK(a[0]["duration_s"] == 300.0);
  CHECK(a[0]["completed_s"] == 400.0);
  CHECK(a[0]["rebooted"] == 6);
  CHECK(a[0]["min_capacity_fraction"] == 0.5);
  CHECK(a[1]["vsf"] == "blog");
  CHECK(a[1]["completed_s"].is_null());
  CHECK(a[1]["duration_s"].is_null());
  CHECK(a[1]["min_capacity_fraction"] == 1.0);
}

TEST_CASE("invariant violations: {} when none, counted by what, keys sorted") {
  Recorder clean(scenario());
  clean.finish(10);
  auto c = clean.summary_ordered()["control_plane"]["invariant_violations"];
  CHECK(c.is_object());
  CHECK(c.empty());
  CHECK(clean.summary_ordered().dump().find("\"invariant_violations\":{}") != std::string::npos);

  Recorder r(scenario());
  r.cp_invariant_violation("two_masters_same_epoch");
  r.cp_invariant_violation("cpu_in_two_vsfs");
  r.cp_invariant_violation("two_masters_same_epoch");
  r.finish(10);
  auto v = r.summary_ordered()["control_plane"]["invariant_violations"];
  CHECK(keys(v) == std::vector<std::string>{"cpu_in_two_vsfs", "two_masters_same_epoch"});
  CHECK(v["two_masters_same_epoch"] == 2);
  CHECK(r.human_summary().find("INVARIANT VIOLATIONS 3") != std::string::npos);
}

TEST_CASE("control_plane: keys in documented order, an idle run gives zeros and nulls") {
  Recorder r(scenario());
  r.finish(3600);
  auto cp = r.summary_ordered()["control_plane"];
  CHECK(keys(cp) == std::vector<std::string>{"elections", "max_simultaneous_masters", "detection_latency_s",
                                             "election_duration_s", "recovery_s", "unmanaged_vsf_seconds", "restarts",
                                             "reassignments", "new_slaves", "hosts_on", "energy_j",
                                             "invariant_violations"});
  for (const char* k : {"detection_latency_s", "election_duration_s", "recovery_s", "hosts_on"}) {
    INFO(k);
    CHECK(keys(cp[k]) == std::vector<std::string>{"mean", "max"});
    CHECK(cp[k]["mean"].is_null());
    CHECK(cp[k]["max"].is_null());
  }
  CHECK(cp["elections"] == 0);
  CHECK(cp["max_simultaneous_masters"] == 0);
  CHECK(cp["unmanaged_vsf_seconds"] == 0.0);
  // The summary is held: a range-for over items() of a temporary's member would outlive the temporary.
  auto summary = r.summary_ordered();
  for (auto& [kind, n] : summary["faults"].items()) {
    INFO(kind);
    CHECK(n == 0);
  }
  CHECK(r.summary_ordered()["rollouts"] == nlohmann::ordered_json::array());
  // Nothing happened: the human summary has no control-plane or faults line.
  CHECK(r.human_summary().find("control plane:") == std::string::npos);
  CHECK(r.human_summary().find("faults:") == std::string::npos);
}

TEST_CASE("a failover run: values, human summary lines, determinism") {
  Recorder a(scenario()), b(scenario());
  fill(a);
  fill(b);
  CHECK(a.summary_ordered().dump(2) == b.summary_ordered().dump(2));
  CHECK(a.human_summary() == b.human_summary());
  auto s = a.summary();
  CHECK(s["control_plane"]["unmanaged_vsf_seconds"] == 40.0);                             // VSF 0, 100..140
  CHECK(s["control_plane"]["hosts_on"]["mean"] == Approx((3 * 300 + 2 * 700) / 1000.0));  // 2.3
  CHECK(s["control_plane"]["max_simultaneous_masters"] == 1);
  CHECK(s["control_plane"]["energy_j"] == 1.5e6);
  CHECK(s["vsfs"][0]["availability"] == 1.0);
  CHECK(s["vsfs"][1]["availability"].get<double>() == Approx(940 / 1000.0));  // down 200..260
  CHECK(s["vsfs"][1]["requests"]["dropped"] == 1);
  CHECK(s["vsfs"][1]["dropped_by_faults"] == 1);
  CHECK(s["faults"]["cpu"] == 1);
  CHECK(s["faults"]["control_host"] == 1);
  CHECK(s["rollouts"][0]["duration_s"] == 300.0);
  std::string h = a.human_summary();
  INFO(h);
  CHECK(h.find("control plane: 1 election, max 1 master, 1 restart, 0 reassignments, 0 new slaves; "
               "unmanaged 40.0 VSF-s\n") != std::string::npos);
  CHECK(h.find("faults: 2 (cpu 1, control_host 1)\n") != std::string::npos);
  // Existing lines are unchanged and come first.
  CHECK(h.find("isolation violations 0\ncontrol plane:") != std::string::npos);
}

TEST_CASE("fault and control-plane calls with a VSF index out of range are programming errors") {
  Recorder r(scenario());
  CHECK_THROWS_AS(r.cp_unmanaged(2, true, 0), std::out_of_range);
  CHECK_THROWS_AS(r.vsf_available(-1, true, 0), std::out_of_range);
  CHECK_THROWS_AS(r.dropped_by_fault(5, 0), std::out_of_range);
}
