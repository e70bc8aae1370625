// Recorder::chrome_trace (--trace) driven by hand, no engine: CPU slices from the state changes (named by
// VSF and role, none in the idle pool, adding up to the summary's cpu_seconds), scaling instants as
// counted, master and down slices on a manager's track, counters at their interval's start, events kept
// for the trace with outputs.events off, and the same bytes twice. Expected times are in the comments.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "metrics/recorder.hpp"

using namespace vsf;

namespace {

Scenario scenario(bool events) {
  Scenario s;
  s.name = "trace-unit";
  s.seed = 5;
  s.duration_s = 200;
  s.grid.cpus = {CpuGroup{"standard", 2, {}}};
  s.outputs.events = events;
  VsfSpec shop;
  shop.name = "shop";
  Tier web;
  web.role = "web";
  shop.tiers = {web};
  s.vsfs = {shop};
  return s;
}

// cpu-a: idle until 10, then configuring 10-20, booting 20-50, serving 50-100, draining 100-130, idle.
// cpu-b stays idle. A failover: slave1 master from 1, crashed at 50, slave0 master from 60, slave1
// restarted (health check at 62, confirmed at 70). One scale-out, two intervals of 60 s from t = 0.
void fill(Recorder& r) {
  r.keep_trace();
  r.cpu_names({"cpu-a", "cpu-b"});
  r.cpu_state(0, -1, CpuState::Off, 0);
  r.cpu_state(1, -1, CpuState::Off, 0);
  r.event(1, "master_elected", {{"slave", "slave1"}, {"epoch", 1}, {"seq", 0}});
  r.event(10, "cpu_allocated", {{"cpu", "cpu-a"}, {"vsf", "shop"}, {"tier", "web"}, {"reason", "scale-out"}});
  r.scale(0, 0, 1, 10);
  r.cpu_state(0, 0, CpuState::Configuring, 10);
  r.cpu_state(0, 0, CpuState::Booting, 20);
  r.cpu_state(0, 0, CpuState::Serving, 50);
  r.event(50, "fault", {{"kind", "manager"}, {"transition", "fail"}, {"target", "master"}});
  r.event(50, "master_lost", {{"slave", "slave1"}, {"epoch", 1}, {"reason", "crash fault"}});
  r.event(50, "manager_down", {{"manager", "slave1"}, {"reason", "crash fault"}, {"incarnation", 1}});
  r.interval(0, 60, IntervalSample{1, 0, 0.5, 1, {}});
  r.event(60, "master_elected", {{"slave", "slave0"}, {"epoch", 2}, {"seq", 0}});
  r.cp_election(10);
  r.event(62, "restart", {{"manager", "slave1"}, {"by", "slave0"}, {"reason", "health check"}});
  r.event(70, "restart_confirmed", {{"manager", "slave1"}, {"by", "slave0"}});
  r.event(100, "cpu_release", {{"cpu", "cpu-a"}, {"vsf", "shop"}, {"tier", "web"}, {"reason", "policy"}});
  r.cpu_state(0, 0, CpuState::Draining, 100);
  r.cpu_state(0, -1, CpuState::Off, 130);
  r.interval(0, 120, IntervalSample{0, 0, 0, 0, {}});
  r.finish(200);
}

nlohmann::json trace_of(bool events) {
  Recorder r(scenario(events));
  fill(r);
  return nlohmann::json::parse(r.chrome_trace());
}

std::vector<nlohmann::json> of(const nlohmann::json& trace, const std::string& ph, int pid) {
  std::vector<nlohmann::json> out;
  for (const auto& e : trace["traceEvents"])
    if (e["ph"] == ph && e["pid"] == pid) out.push_back(e);
  return out;
}

std::string thread_name(const nlohmann::json& trace, int pid, int tid) {
  for (const auto& e : trace["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "thread_name" && e["pid"] == pid && e["tid"] == tid) return e["args"]["name"];
  return "";
}

}  // namespace

TEST_CASE("trace: a CPU's states are slices named by VSF and role and none in the idle pool") {
  const nlohmann::json t = trace_of(true);
  REQUIRE(t["displayTimeUnit"] == "ms");
  const auto slices = of(t, "X", 1);
  REQUIRE(slices.size() == 4);
  const std::vector<std::string> states = {"configuring", "booting", "serving", "draining"};
  const std::vector<double> starts = {10, 20, 50, 100}, ends = {20, 50, 100, 130};
  for (size_t i = 0; i < slices.size(); ++i) {
    CHECK(slices[i]["name"] == "shop web");
    CHECK(slices[i]["tid"] == 1);
    CHECK(slices[i]["args"]["state"] == states[i]);
    CHECK(slices[i]["ts"].get<double>() == Approx(starts[i] * 1e6));
    CHECK(slices[i]["ts"].get<double>() + slices[i]["dur"].get<double>() == Approx(ends[i] * 1e6));
  }
  CHECK(thread_name(t, 1, 1) == "cpu-a");
  CHECK(thread_name(t, 1, 2).empty());  // cpu-b never left the idle pool: no track
}

TEST_CASE("trace: serving slices add up to the summary's serving CPU-seconds") {
  Recorder r(scenario(true));
  fill(r);
  const nlohmann::json t = nlohmann::json::parse(r.chrome_trace());
  double serving_us = 0;
  for (const auto& e : of(t, "X", 1))
    if (e["args"]["state"] == "serving") serving_us += e["dur"].get<double>();
  CHECK(serving_us / 1e6 == Approx(r.summary()["vsfs"][0]["cpu_seconds"]["serving"].get<double>()));
  CHECK(serving_us / 1e6 == Approx(50));
}

TEST_CASE("trace: scale-outs as counted and control-plane events on the manager's track") {
  const nlohmann::json t = trace_of(true);
  int scale_outs = 0, elected = 0, faults = 0;
  for (const auto& e : of(t, "i", 3)) scale_outs += e["name"] == "scale-out" ? 1 : 0;
  for (const auto& e : of(t, "i", 2)) {
    elected += e["name"] == "master_elected" ? 1 : 0;
    faults += e["tid"] == 3 ? 1 : 0;
  }
  CHECK(scale_outs == 1);
  CHECK(elected == 2);
  CHECK(faults == 1);
  // tids: the 2 CPUs 1-2, faults 3, slave0 4, slave1 5. slave1: a slave from 0 to its crash at 50, master
  // of epoch 1 inside from 1, down 50-70 (restart confirmed), a slave again; slave0: master from 60.
  CHECK(thread_name(t, 2, 3) == "faults and hosts");
  CHECK(thread_name(t, 2, 4) == "slave0 (segment manager)");
  CHECK(thread_name(t, 2, 5) == "slave1 (segment manager)");
  using Slice = std::tuple<int, std::string, long, long>;  // tid, name, start and end in ms
  std::vector<Slice> got;
  for (const auto& e : of(t, "X", 2))
    got.emplace_back(e["tid"].get<int>(), e["name"].get<std::string>(), std::lround(e["ts"].get<double>() / 1e3),
                     std::lround((e["ts"].get<double>() + e["dur"].get<double>()) / 1e3));
  const std::vector<Slice> want = {{4, "slave", 0, 200000},
                                   {5, "slave", 0, 50000},
                                   {5, "master (epoch 1)", 1000, 50000},
                                   {5, "down", 50000, 70000},
                                   {4, "master (epoch 2)", 60000, 200000},
                                   {5, "slave", 70000, 200000}};
  CHECK(got == want);
}

TEST_CASE("trace: a track id names one track in the whole file") {
  const nlohmann::json t = trace_of(true);
  std::set<int> tids;
  int named = 0;
  for (const auto& e : t["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "thread_name") {
      ++named;
      tids.insert(e["tid"].get<int>());
    }
  CHECK(named >= 5);  // cpu-a, faults, 2 managers, the VSF
  CHECK(static_cast<int>(tids.size()) == named);
}

TEST_CASE("trace: an interval's counters sit at the interval's start") {
  const nlohmann::json t = trace_of(true);
  std::vector<double> at;
  for (const auto& e : of(t, "C", 3))
    if (e["name"] == "shop: CPUs") at.push_back(e["ts"].get<double>() / 1e6);
  CHECK(at == std::vector<double>{0, 60});
}

TEST_CASE("trace: events are kept for the trace with outputs.events off and not for events.jsonl alone") {
  const nlohmann::json with_events = trace_of(true), without = trace_of(false);
  CHECK(with_events == without);  // the trace does not depend on outputs.events
  Recorder plain(scenario(false));
  plain.event(1, "master_elected", {{"slave", "slave1"}, {"epoch", 1}});
  CHECK(plain.events_jsonl().empty());
}

TEST_CASE("trace: the same run gives the same bytes") {
  Recorder a(scenario(true)), b(scenario(true));
  fill(a);
  fill(b);
  CHECK(a.chrome_trace() == b.chrome_trace());
  CHECK(a.chrome_trace().back() == '\n');
}

TEST_CASE("trace: with sites a site's farm manager is a farm manager and starts with its VSF") {
  Recorder r(scenario(true));
  r.cpu_names({"cpu-a", "cpu-b"});
  r.event(0, "master_elected", {{"slave", "sanjose/slave0"}, {"epoch", 1}, {"seq", 0}, {"site", "sanjose"}});
  r.event(0, "vsf_created", {{"vsf", "shop"}});
  r.event(40, "manager_down",
          {{"manager", "sanjose/fm:shop"}, {"reason", "crash fault"}, {"incarnation", 1}, {"site", "sanjose"}});
  r.finish(200);
  const nlohmann::json t = nlohmann::json::parse(r.chrome_trace());
  // tids: the 2 CPUs 1-2, faults 3, then segment managers before farm managers.
  CHECK(thread_name(t, 2, 4) == "sanjose/slave0 (segment manager)");
  CHECK(thread_name(t, 2, 5) == "sanjose/fm:shop (farm manager)");
  bool fm_role = false;
  for (const auto& e : of(t, "X", 2))
    if (e["tid"] == 5) fm_role = fm_role || e["name"] == "farm manager";
  CHECK(fm_role);
}
