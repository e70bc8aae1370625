// Recorder: state integration, intervals, p95 and SLA, the summary's keys, deterministic files.
#include "metrics/recorder.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/errors.hpp"

using namespace vsf;

namespace {

Scenario scenario() {
  Scenario s;
  s.name = "unit";
  s.seed = 7;
  s.duration_s = 3600;
  s.grid.cpus = {CpuGroup{"standard", 12, {}}};
  VsfSpec a;
  a.name = "shop";
  a.sla_s = 0.5;
  VsfSpec b;
  b.name = "blog, \"b\"";  // needs CSV quoting
  b.sla_s = 0.2;
  s.vsfs = {a, b};
  s.outputs.interval_s = 60;
  return s;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path temp_dir(const std::string& name) {
  auto p = std::filesystem::temp_directory_path() / ("vsfsim-unit-metrics-" + name);
  std::filesystem::remove_all(p);
  return p;
}

// A VSF's sample without tier rows; its CPUs all allocated (serving or booting).
IntervalSample vsf_sample(int serving, int booting, double utilization) {
  IntervalSample s;
  s.serving = serving;
  s.booting = booting;
  s.utilization = utilization;
  s.allocated = serving + booting;
  return s;
}

// A small but complete run, the same every time it is called.
void fill(Recorder& r) {
  r.idle_pool(0, 5);
  for (int cpu = 0; cpu < 3; ++cpu) r.cpu_state(cpu, -1, CpuState::Off, 0);
  r.cpu_state(0, 0, CpuState::Serving, 0);
  r.cpu_state(1, 1, CpuState::Configuring, 10);
  r.cpu_state(1, 1, CpuState::Booting, 15);
  r.cpu_state(1, 1, CpuState::Serving, 75);
  r.idle_pool(10, 4);
  for (int i = 0; i < 100; ++i) {
    r.offered(0, i * 0.6);
    r.served(0, i * 0.6 + 0.1, 0.1 + 0.001 * i);
  }
  r.offered(1, 30);
  r.dropped(1, 30);
  r.offered(1, 59);  // still in flight when the run ends
  r.offered(1, 59.5);
  r.interval(0, 60, vsf_sample(1, 0, 0.4));
  r.interval(1, 60, vsf_sample(0, 1, 0));
  r.grid_interval(60, GridSample{1, 1, 2, 0.4});
  r.scale(0, 0, 1, 61);
  r.event(61, "scale_out", {{"vsf", "shop"}, {"tier", 0}, {"delta", 1}, {"reason", "utilization 0.9 > high 0.75"}});
  r.denial(0, 0, 62);
  r.event(62, "denial", {{"vsf", "shop"}, {"tier", 0}});
  r.reconfiguration(SwitchKind::Vlan, 2);
  r.reconfiguration(SwitchKind::San, 1);
  r.time_to_serve(1, 65);
  r.energy(7.2e6);
  r.interval(1, 120, vsf_sample(1, 0, 0.25));
  r.interval(0, 120, vsf_sample(1, 0, 0.5));
  r.grid_interval(120, GridSample{2, 0, 2, 0.4});
  r.finish(120);
}

}  // namespace

TEST_CASE("cpu_seconds are integrated per state, per VSF and grid-wide") {
  Recorder r(scenario());
  r.cpu_state(0, -1, CpuState::Off, 0);
  r.cpu_state(0, 0, CpuState::Configuring, 100);
  r.cpu_state(0, 0, CpuState::Booting, 105);
  r.cpu_state(0, 0, CpuState::Serving, 170);
  r.cpu_state(0, 0, CpuState::Draining, 1000);
  r.cpu_state(0, 0, CpuState::Stopping, 1010);
  r.cpu_state(0, -1, CpuState::Off, 1020);
  r.cpu_state(1, -1, CpuState::Off, 0);
  r.cpu_state(1, 1, CpuState::Serving, 0);
  r.finish(3600);
  r.finish(3600);  // idempotent
  auto s = r.summary();
  auto v0 = s["vsfs"][0]["cpu_seconds"];
  CHECK(v0["off"] == 0.0);
  CHECK(v0["configuring"] == 5.0);
  CHECK(v0["booting"] == 65.0);
  CHECK(v0["serving"] == 830.0);
  CHECK(v0["draining"] == 10.0);
  CHECK(v0["stopping"] == 10.0);
  CHECK(s["vsfs"][1]["cpu_seconds"]["serving"] == 3600.0);
  auto g = s["grid"]["cpu_seconds"];
  CHECK(g["off"] == 100.0 + 2580.0);
  CHECK(g["serving"] == 830.0 + 3600.0);
  CHECK(g["booting"] == 65.0);
}

TEST_CASE("intervals: rates, p95 per interval and SLA violation time") {
  Recorder r(scenario());
  // Interval 1 (0-60 s): 100 served at 100 ms: p95 100 ms <= 500 ms.
  for (int i = 0; i < 120; ++i) r.offered(0, i * 0.5);
  for (int i = 0; i < 100; ++i) r.served(0, i * 0.5, 0.1);
  r.interval(0, 60, vsf_sample(3, 1, 0.5));
  // Interval 2 (60-120 s): 90 at 100 ms and 10 at 2 s: p95 2 s > 500 ms, 60 s of violation.
  for (int i = 0; i < 90; ++i) r.served(0, 61, 0.1);
  for (int i = 0; i < 10; ++i) r.served(0, 62, 2.0);
  r.interval(0, 120, vsf_sample(3, 0, 0.9));
  // Interval 3 (120-150 s, partial): nothing served: no violation, empty p95.
  r.offered(0, 130);
  r.interval(0, 150, vsf_sample(3, 0, 0));
  r.finish(150);
  auto s = r.summary();
  CHECK(s["vsfs"][0]["sla_violation_s"] == 60.0);
  CHECK(s["vsfs"][0]["requests"]["offered"] == 121);
  CHECK(s["vsfs"][0]["requests"]["served"] == 200);
  CHECK(s["vsfs"][0]["response_ms"]["mean"].get<double>() == Approx((190 * 100.0 + 10 * 2000.0) / 200));
  CHECK(s["vsfs"][0]["response_ms"]["p50"].get<double>() == Approx(100).epsilon(0.01));
  CHECK(s["vsfs"][0]["response_ms"]["p99"].get<double>() == Approx(2000).epsilon(0.01));
  CHECK(r.timeseries_csv() ==
        "t_s,vsf,tier,offered_rps,served_rps,cpus_serving,cpus_booting,cpus_allocated,utilization,p95_ms,idle_pool,"
        "idle_pool_min,denials\n"
        "60,shop,,2,1.66667,3,1,4,0.5,100,,,0\n"
        "120,shop,,0,1.66667,3,0,3,0.9,2000,,,0\n"
        "150,shop,,0.0333333,0,3,0,3,0,,,,0\n");
}

TEST_CASE("idle pool: minimum, time-weighted mean, time at zero, and time to serve") {
  Recorder r(scenario());
  r.idle_pool(0, 5);
  r.idle_pool(100, 0);
  r.idle_pool(160, 3);
  r.time_to_serve(0, 70);
  r.time_to_serve(0, 90);
  r.finish(200);
  auto s = r.summary();
  CHECK(s["grid"]["idle_pool"]["min"] == 0);
  CHECK(s["grid"]["idle_pool"]["mean"].get<double>() == Approx((5 * 100 + 0 * 60 + 3 * 40) / 200.0));
  CHECK(s["grid"]["idle_pool"]["seconds_at_zero"] == 60.0);
  CHECK(s["vsfs"][0]["time_to_serve_s"]["mean"] == 80.0);
  CHECK(s["vsfs"][0]["time_to_serve_s"]["max"] == 90.0);
  CHECK(s["vsfs"][1]["time_to_serve_s"]["mean"].is_null());
  CHECK(s["vsfs"][1]["response_ms"]["p95"].is_null());
}

TEST_CASE("summary.json has every documented key, in order") {
  Recorder r(scenario());
  fill(r);
  auto s = r.summary_ordered();
  auto keys = [](const nlohmann::ordered_json& o) {
    std::vector<std::string> k;
    for (auto it = o.begin(); it != o.end(); ++it) k.push_back(it.key());
    return k;
  };
  CHECK(keys(s) == std::vector<std::string>{"scenario", "seed", "duration_s", "vsfs", "grid", "control_plane", "faults",
                                            "rollouts"});
  CHECK(s["scenario"] == "unit");
  CHECK(s["seed"] == 7);
  CHECK(s["duration_s"] == 3600.0);
  REQUIRE(s["vsfs"].size() == 2);
  CHECK(keys(s["vsfs"][0]) == std::vector<std::string>{"name", "requests", "response_ms", "sla_violation_s",
                                                       "cpu_seconds", "scale_outs", "scale_ins", "denials",
                                                       "denial_probability", "cpus_cut_by_max", "cpus_cut_by_min",
                                                       "time_to_serve_s", "availability", "dropped_by_faults"});
  CHECK(keys(s["vsfs"][0]["denials"]) == std::vector<std::string>{"needs", "attempts", "cpus_refused", "open_s"});
  CHECK(keys(s["vsfs"][0]["denials"]["open_s"]) == std::vector<std::string>{"total", "max"});
  CHECK(keys(s["vsfs"][0]["requests"]) ==
        std::vector<std::string>{"offered", "served", "dropped", "timed_out", "in_flight_at_end"});
  // The four outcomes add up to offered: requests the end of the run caught are in flight.
  CHECK(s["vsfs"][0]["requests"]["in_flight_at_end"] == 0);
  CHECK(s["vsfs"][1]["requests"]["offered"] == 3);
  CHECK(s["vsfs"][1]["requests"]["dropped"] == 1);
  CHECK(s["vsfs"][1]["requests"]["in_flight_at_end"] == 2);
  CHECK(keys(s["vsfs"][0]["response_ms"]) == std::vector<std::string>{"mean", "p50", "p95", "p99"});
  CHECK(keys(s["vsfs"][0]["cpu_seconds"]) ==
        std::vector<std::string>{"off", "configuring", "booting", "serving", "draining", "stopping"});
  CHECK(keys(s["vsfs"][0]["time_to_serve_s"]) == std::vector<std::string>{"mean", "p50", "p95", "p99", "max"});
  CHECK(keys(s["grid"]) ==
        std::vector<std::string>{"cpus", "idle_pool", "denials", "scale_out_needs", "denials_per_scale_out",
                                 "sla_violation_s_per_vsf_hour", "denial_probability", "time_to_serve_s", "cpu_hours",
                                 "reconfigurations", "energy_j", "isolation_violations", "cpu_seconds"});
  CHECK(keys(s["grid"]["idle_pool"]) ==
        std::vector<std::string>{"min", "mean", "seconds_at_zero", "fraction_at_zero", "percentiles"});
  CHECK(keys(s["grid"]["reconfigurations"]) == std::vector<std::string>{"vlan", "san", "vlan_ports", "san_ports"});
  CHECK(s["grid"]["cpus"] == 12);
  CHECK(s["grid"]["denials"]["needs"] == 1);
  CHECK(s["grid"]["denials"]["attempts"] == 1);
  CHECK(s["grid"]["reconfigurations"]["vlan"] == 1);
  CHECK(s["grid"]["reconfigurations"]["vlan_ports"] == 2);
  CHECK(s["grid"]["energy_j"] == 7.2e6);
  CHECK(s["vsfs"][0]["scale_outs"] == 1);
  CHECK(s["vsfs"][0]["denials"] == s["grid"]["denials"]);
  CHECK(s["vsfs"][1]["denials"]["needs"] == 0);
  CHECK(s["vsfs"][1]["denials"]["open_s"]["max"].is_null());
  CHECK(s["vsfs"][1]["requests"]["dropped"] == 1);
  CHECK(r.summary() == nlohmann::json(s));
}

TEST_CASE("write(): files created, byte-identical for identical runs, CSV header and quoting") {
  auto dir_a = temp_dir("a"), dir_b = temp_dir("b");
  {
    Recorder a(scenario()), b(scenario());
    fill(a);
    fill(b);
    a.write((dir_a / "nested" / "out").string());
    b.write((dir_b / "nested" / "out").string());
  }
  for (const char* f : {"summary.json", "timeseries.csv", "events.jsonl"}) {
    INFO(f);
    auto pa = dir_a / "nested" / "out" / f, pb = dir_b / "nested" / "out" / f;
    REQUIRE(std::filesystem::exists(pa));
    CHECK(slurp(pa) == slurp(pb));
    CHECK(!slurp(pa).empty());
  }
  std::string csv = slurp(dir_a / "nested" / "out" / "timeseries.csv");
  CHECK(csv.rfind("t_s,vsf,tier,offered_rps,served_rps,cpus_serving,cpus_booting,cpus_allocated,utilization,p95_ms,"
                  "idle_pool,idle_pool_min,denials\n",
                  0) == 0);
  // Rows sorted by (t, VSF order) although interval() was called for VSF 1 before VSF 0 at t = 120.
  CHECK(csv.find("120,shop,") < csv.find("120,\"blog, \"\"b\"\"\","));
  std::string events = slurp(dir_a / "nested" / "out" / "events.jsonl");
  CHECK(events ==
        "{\"t\":61.0,\"type\":\"scale_out\",\"delta\":1,\"reason\":\"utilization 0.9 > high 0.75\",\"tier\":0,"
        "\"vsf\":\"shop\"}\n"
        "{\"t\":62.0,\"type\":\"denial\",\"tier\":0,\"vsf\":\"shop\"}\n");
  std::string summary = slurp(dir_a / "nested" / "out" / "summary.json");
  CHECK(summary.rfind("{\n  \"scenario\": \"unit\",\n  \"seed\": 7,\n", 0) == 0);
  CHECK(summary.back() == '\n');
  std::filesystem::remove_all(dir_a);
  std::filesystem::remove_all(dir_b);
}

TEST_CASE("write(): outputs flags, unwritable directory") {
  auto s = scenario();
  s.outputs.events = false;
  s.outputs.timeseries = false;
  Recorder r(s);
  fill(r);
  auto dir = temp_dir("flags");
  r.write(dir.string());
  CHECK(std::filesystem::exists(dir / "summary.json"));
  CHECK_FALSE(std::filesystem::exists(dir / "timeseries.csv"));
  CHECK_FALSE(std::filesystem::exists(dir / "events.jsonl"));
  // A regular file where the directory should be.
  std::ofstream(dir / "file") << "x";
  CHECK_THROWS_AS(r.write((dir / "file" / "sub").string()), InputError);
  std::filesystem::remove_all(dir);
}

TEST_CASE("human summary: a table per VSF and the grid line") {
  Recorder r(scenario());
  fill(r);
  std::string h = r.human_summary();
  INFO(h);
  CHECK(h.find("scenario \"unit\", seed 7, 3600 s simulated") != std::string::npos);
  CHECK(h.find("offered") != std::string::npos);
  CHECK(h.find("timed out") != std::string::npos);
  CHECK(h.find("shop") != std::string::npos);
  CHECK(h.find("idle pool min 4") != std::string::npos);
  CHECK(h.find("energy 2.000 kWh") != std::string::npos);
  CHECK(h.find("isolation violations 0") != std::string::npos);
}

TEST_CASE("denials: a retried need counts once, attempts and CPUs refused count every retry") {
  Recorder r(scenario());
  // shop, tier 0: refused at 100, 110, 120 (2 CPUs at 110), granted in full at 130.
  CHECK(r.denial(0, 0, 100) == 1);
  CHECK(r.denial(0, 0, 110, 2) == 2);
  CHECK(r.denial(0, 0, 120) == 3);
  r.need_closed(0, 0, 130);
  r.need_closed(0, 0, 140);  // no open need: nothing
  // shop, the LB (-1) and tier 1 at once: separate needs; tier 1 is still open at the end.
  CHECK(r.denial(0, -1, 200) == 1);
  CHECK(r.denial(0, 1, 200) == 1);
  r.need_closed(0, -1, 205);
  CHECK(r.denial(0, 0, 300) == 1);  // tier 0 again: a new need
  r.need_closed(0, 0, 310);
  // blog: a need open until the end (3600).
  CHECK(r.denial(1, 0, 3500) == 1);
  CHECK(r.denial(1, 0, 3510) == 2);
  r.decision_cut(0, 0, 2, 0);
  r.decision_cut(0, 0, 3, 0);
  r.decision_cut(1, 0, 0, 1);
  r.finish(3600);
  auto s = r.summary_ordered();
  const auto& shop = s["vsfs"][0]["denials"];
  CHECK(shop["needs"] == 4);
  CHECK(shop["attempts"] == 6);
  CHECK(shop["cpus_refused"] == 7);
  CHECK(shop["open_s"]["total"] == 30.0 + 5 + 3400 + 10);
  CHECK(shop["open_s"]["max"] == 3400.0);
  const auto& blog = s["vsfs"][1]["denials"];
  CHECK(blog["needs"] == 1);
  CHECK(blog["attempts"] == 2);
  CHECK(blog["open_s"]["total"] == 100.0);
  const auto& grid = s["grid"]["denials"];
  CHECK(grid["needs"] == 5);
  CHECK(grid["attempts"] == 8);
  CHECK(grid["cpus_refused"] == 9);
  CHECK(grid["open_s"]["total"] == 3545.0);
  CHECK(grid["open_s"]["max"] == 3400.0);
  CHECK(s["vsfs"][0]["cpus_cut_by_max"] == 5);
  CHECK(s["vsfs"][0]["cpus_cut_by_min"] == 0);
  CHECK(s["vsfs"][1]["cpus_cut_by_min"] == 1);
  const std::string h = r.human_summary();
  INFO(h);
  CHECK(h.find("needs (attempts)") != std::string::npos);
  CHECK(h.find("4 (6)") != std::string::npos);
  CHECK(h.find("denied needs 5 (8 attempts)") != std::string::npos);
}

TEST_CASE("planner metrics: denials per scale-out need and idle pool fraction at zero and SLA seconds per VSF-hour") {
  Scenario sc = scenario();
  sc.vsfs[1].start_s = 1800;  // blog exists for the second half hour only: 1.5 VSF-hours in all
  Recorder r(sc);
  // shop, tier 0: met at once (10), a need refused twice then met (20-40), met at once (50); the LB met
  // at once (60). blog, tier 0: refused at 1900 and still open at the end. 2 denied of 5 needs.
  r.granted_in_full(0, 0, 10);
  r.denial(0, 0, 20);
  r.denial(0, 0, 30);
  r.granted_in_full(0, 0, 40);
  r.granted_in_full(0, 0, 50);
  r.granted_in_full(0, -1, 60);
  r.denial(1, 0, 1900);
  // The pool is empty from 900 s to 1800 s: a quarter of the hour.
  r.idle_pool(0, 2);
  r.idle_pool(900, 0);
  r.idle_pool(1800, 1);
  // shop's first interval misses its SLA (p95 2 s > 0.5 s): 60 s; blog's (100 ms < 0.2 s) does not.
  for (int i = 0; i < 10; ++i) r.served(0, 30, 2.0);
  r.interval(0, 60, vsf_sample(1, 0, 0.5));
  for (int i = 0; i < 10; ++i) r.served(1, 1830, 0.1);
  r.interval(1, 1860, vsf_sample(1, 0, 0.5));
  r.finish(3600);
  auto g = r.summary()["grid"];
  CHECK(g["denials"]["needs"] == 2);
  CHECK(g["scale_out_needs"] == 5);
  CHECK(g["denials_per_scale_out"] == 0.4);
  CHECK(g["idle_pool"]["seconds_at_zero"] == 900.0);
  CHECK(g["idle_pool"]["fraction_at_zero"] == 0.25);
  CHECK(g["sla_violation_s_per_vsf_hour"].get<double>() == Approx(60 / 1.5));
}

TEST_CASE("planner metrics are null when there is nothing to divide by") {
  Scenario sc = scenario();
  for (VsfSpec& v : sc.vsfs) v.start_s = sc.duration_s;  // created at the end: no VSF-hours
  Recorder r(sc);
  r.finish(sc.duration_s);
  auto g = r.summary()["grid"];
  CHECK(g["scale_out_needs"] == 0);
  CHECK(g["denials_per_scale_out"].is_null());
  CHECK(g["sla_violation_s_per_vsf_hour"].is_null());
  CHECK(g["idle_pool"]["fraction_at_zero"] == 0.0);
}

TEST_CASE("a VSF index out of range is a programming error, reported as such") {
  Recorder r(scenario());
  CHECK_THROWS_AS(r.offered(2, 0), std::out_of_range);
  CHECK_THROWS_AS(r.cpu_state(0, 5, CpuState::Serving, 0), std::out_of_range);
  CHECK(to_string(CpuState::Configuring) == std::string("configuring"));
}

TEST_CASE("a VSF's billed CPUs are those it holds in any state: its cpu_seconds summed", "[recorder][billing]") {
  Scenario s = scenario();
  s.models.hardware["standard"] = HardwareProfile{};
  ServicePlan p;
  p.name = "hourly";
  p.rate = 2;  // per CPU-hour, nothing included
  s.models.plans["hourly"] = p;
  s.vsfs[0].plan = "hourly";
  s.vsfs[0].customer = "acme";
  Recorder r(s);
  for (int cpu = 0; cpu < 12; ++cpu) r.cpu_state(cpu, -1, CpuState::Off, 0);
  // in time order, as the simulation reports
  r.cpu_state(0, 0, CpuState::Configuring, 0);
  r.cpu_state(2, 1, CpuState::Serving, 0);  // blog has no plan
  r.cpu_state(0, 0, CpuState::Serving, 100);
  r.cpu_state(1, 0, CpuState::Booting, 600);
  r.cpu_state(0, 0, CpuState::Off, 1000);   // crashed, awaiting eviction: still the VSF's
  r.cpu_state(0, -1, CpuState::Off, 1200);  // back in the idle pool
  r.finish(3600);
  const auto j = r.summary();
  double cpu_s = 0;
  for (const auto& [state, seconds] : j["vsfs"][0]["cpu_seconds"].items()) cpu_s += seconds.get<double>();
  CHECK(cpu_s == Approx(1200 + 3000));
  const auto& billed = j["billing"]["vsfs"];
  REQUIRE(billed.size() == 1);
  CHECK(billed[0]["name"] == "shop");
  CHECK(billed[0]["cpu_hours"]["held"].get<double>() * 3600 == Approx(cpu_s));
  CHECK(billed[0]["amount"].get<double>() == Approx(2 * 4200 / 3600.0));
  CHECK(j["billing"]["customers"][0]["name"] == "acme");
}

TEST_CASE("no plan and no energy price: no billing section", "[recorder][billing]") {
  Recorder r(scenario());
  r.finish(3600);
  CHECK_FALSE(r.summary().contains("billing"));
}
