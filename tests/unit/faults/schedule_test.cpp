// make_schedule: determinism, independent streams, long-run availability of renewal processes, groups
// failing together, overlapping causes giving the documented transitions, and the total order.
#include "faults/schedule.hpp"

#include <cmath>
#include <map>

#include "test_support.hpp"
#include "util/errors.hpp"

using namespace vsf::faults;
using vsf::faults::test::numbered;
using vsf::faults::test::parse_ok;
using vsf::faults::test::small_grid;

namespace {

std::string dump(const std::vector<FaultEvent>& events) {
  std::string out;
  for (const auto& e : events) out += to_json(e).dump() + "\n";
  return out;
}

// The transitions of one target, as (t, 'F' or 'H').
std::vector<std::pair<double, char>> of(const std::vector<FaultEvent>& events, FaultKind kind, int target) {
  std::vector<std::pair<double, char>> out;
  for (const auto& e : events) {
    if (e.kind == kind && e.target == target) out.emplace_back(e.t_s, e.transition == Transition::Fail ? 'F' : 'H');
  }
  return out;
}

using Tx = std::vector<std::pair<double, char>>;

const char* kRandom = R"({
  "groups": [{"name": "rack", "members": {"cpu_range": [0, 3], "vlan_switches": [0]}}],
  "processes": [
    {"kind": "cpu", "ttf": {"dist": "weibull", "shape": 0.7, "scale": "2d"},
     "ttr": {"dist": "exponential", "mean": "4h"}},
    {"kind": "vlan_port", "ttf": {"dist": "exponential", "mean": "5d"}, "ttr": "30min"},
    {"groups": "all", "ttf": {"dist": "exponential", "mean": "4d"}, "ttr": "1h"},
    {"kind": "manager", "manager": "slave", "mode": "stall", "ttf": "2d", "ttr": "5min"}
  ]
})";

}  // namespace

TEST_CASE("the same spec, grid and seed give byte-identical schedules, another seed does not", "[faults][schedule]") {
  const FaultSpec spec = parse_ok(kRandom);
  const double month = 30 * 86400.0;
  const auto a = make_schedule(spec, small_grid(), month, 42);
  const auto b = make_schedule(spec, small_grid(), month, 42);
  REQUIRE(a.size() > 50);
  CHECK(dump(a) == dump(b));
  CHECK(dump(make_schedule(spec, small_grid(), month, 43)) != dump(a));

  // The section's own seed replaces the scenario's.
  FaultSpec seeded = spec;
  seeded.seed = 42;
  CHECK(dump(make_schedule(seeded, small_grid(), month, 999)) == dump(a));
}

TEST_CASE("streams are independent: more CPUs or a later process leave the others' draws alone", "[faults][schedule]") {
  const FaultSpec spec = parse_ok(R"({"processes": [
    {"kind": "cpu", "ttf": {"dist": "exponential", "mean": "3d"}, "ttr": {"dist": "exponential", "mean": "6h"}}]})");
  const double year = 365 * 86400.0;
  const auto eight = make_schedule(spec, small_grid(8), year, 5);
  const auto twenty = make_schedule(spec, small_grid(20), year, 5);
  for (int cpu = 0; cpu < 8; ++cpu) {
    INFO(cpu);
    CHECK(of(eight, FaultKind::Cpu, cpu) == of(twenty, FaultKind::Cpu, cpu));
    CHECK(of(eight, FaultKind::Cpu, cpu).size() > 50);
  }

  // Adding a process after the first one changes nothing of the first one's CPUs.
  FaultSpec more = parse_ok(R"({"processes": [
    {"kind": "cpu", "ttf": {"dist": "exponential", "mean": "3d"}, "ttr": {"dist": "exponential", "mean": "6h"}},
    {"kind": "storage", "ttf": "10d", "ttr": "1h"}]})");
  const auto with_storage = make_schedule(more, small_grid(8), year, 5);
  for (int cpu = 0; cpu < 8; ++cpu) CHECK(of(eight, FaultKind::Cpu, cpu) == of(with_storage, FaultKind::Cpu, cpu));
  CHECK_FALSE(of(with_storage, FaultKind::Storage, 0).empty());

  // A CPU's draws follow its name, not its position: the same names in another order keep their draws.
  FaultTargets reversed = small_grid(8);
  std::reverse(reversed.cpus.begin(), reversed.cpus.end());
  const auto rev = make_schedule(spec, reversed, year, 5);
  for (int cpu = 0; cpu < 8; ++cpu) {
    auto times = [](const Tx& tx) {
      std::vector<double> t;
      for (const auto& p : tx) t.push_back(p.first);
      return t;
    };
    CHECK(times(of(eight, FaultKind::Cpu, cpu)) == times(of(rev, FaultKind::Cpu, 7 - cpu)));
  }
}

TEST_CASE("the first failure times of different CPUs are uncorrelated", "[faults][schedule]") {
  const FaultSpec spec = parse_ok(R"({"processes": [{"kind": "cpu", "ttf": {"dist": "exponential", "mean": "1d"},
                                                      "ttr": "100000d"}]})");
  const int n = 4000;  // a repair longer than the run: one failure each
  const auto events = make_schedule(spec, small_grid(n), 1e9, 3);
  std::vector<double> first(n, -1);
  for (const auto& e : events) {
    if (e.transition == Transition::Fail && first[e.target] < 0) first[e.target] = e.t_s;
  }
  // Lag-1 correlation between neighbours (whose seeds differ in one input) and the mean of the draws.
  double mean = 0;
  for (double f : first) mean += f / n;
  double cov = 0, var = 0;
  for (int i = 0; i + 1 < n; ++i) cov += (first[i] - mean) * (first[i + 1] - mean);
  for (int i = 0; i < n; ++i) var += (first[i] - mean) * (first[i] - mean);
  CHECK(std::abs(cov / var) < 4 / std::sqrt(n));
  CHECK(std::abs(mean / 86400 - 1) < 4 / std::sqrt(n));
}

TEST_CASE("renewal availability converges to MTTF / (MTTF + MTTR)", "[faults][schedule]") {
  // Weibull time to failure (mean 30d * Gamma(1 + 1/0.7)) and exponential repair; renewal theory says the
  // long-run fraction of time up is MTTF / (MTTF + MTTR) whatever the distributions.
  const FaultSpec spec = parse_ok(R"({"processes": [{"kind": "cpu",
      "ttf": {"dist": "weibull", "shape": 0.7, "scale": "5d"}, "ttr": {"dist": "exponential", "mean": "12h"}}]})");
  const double mttf = spec.processes[0].ttf.mean(), mttr = spec.processes[0].ttr.mean();
  const double horizon = 20 * 365 * 86400.0;
  const int cpus = 100;
  const auto events = make_schedule(spec, small_grid(cpus), horizon, 11);
  const auto down = downtime_by_target(events, FaultKind::Cpu, ManagerRole::Master, ManagerMode::Crash, cpus, horizon);
  double total = 0;
  for (double d : down) total += d;
  const double availability = 1 - total / (cpus * horizon);
  const double expected = mttf / (mttf + mttr);
  INFO("availability " << availability << " expected " << expected);
  CHECK(std::abs(availability / expected - 1) < 0.02);
  CHECK(std::abs((1 - availability) / (1 - expected) - 1) < 0.02);  // the unavailability too: a stricter test
}

TEST_CASE("a group failure fails all its members at the same instant and heals them together", "[faults][schedule]") {
  const FaultSpec spec = parse_ok(R"({
    "groups": [{"name": "rack1", "members": {"cpu_range": [2, 5], "vlan_switches": ["vsw1"], "control_hosts": [0]}}],
    "events": [{"at": "2h", "group": "rack1", "repair": {"dist": "exponential", "mean": "30min"}}]})");
  const auto events = make_schedule(spec, small_grid(), 86400, 1);
  REQUIRE(events.size() == 12);
  std::map<std::string, int> fails, heals;
  const double heal_t = events.back().t_s;
  CHECK(heal_t > 7200);
  for (const auto& e : events) {
    CHECK(e.group == "rack1");
    CHECK(e.cause == "/faults/events/0");
    if (e.transition == Transition::Fail) {
      CHECK(e.t_s == 7200);
      fails[e.target_name]++;
    } else {
      CHECK(e.t_s == heal_t);
      heals[e.target_name]++;
    }
  }
  const std::map<std::string, int> members = {{"cpu-2", 1}, {"cpu-3", 1}, {"cpu-4", 1},
                                              {"cpu-5", 1}, {"vsw1", 1},  {"cp0", 1}};
  CHECK(fails == members);
  CHECK(heals == members);

  // A random process over the group: every cycle fails all members together.
  const FaultSpec proc = parse_ok(R"({
    "groups": [{"name": "rack1", "members": ["cpu-0", "cpu-1", "cpu-2"]}],
    "processes": [{"groups": ["rack1"], "ttf": {"dist": "exponential", "mean": "2d"}, "ttr": "1h"}]})");
  const auto p = make_schedule(proc, small_grid(), 365 * 86400.0, 9);
  REQUIRE(p.size() > 100);
  CHECK(of(p, FaultKind::Cpu, 0) == of(p, FaultKind::Cpu, 1));
  CHECK(of(p, FaultKind::Cpu, 0) == of(p, FaultKind::Cpu, 2));
  CHECK(of(p, FaultKind::Cpu, 3).empty());
}

TEST_CASE("overlapping causes: down while any cause holds, transitions only at the edges", "[faults][schedule]") {
  // cpu-1 fails alone at 1h (repair 2h: until 3h) and with its rack at 2h (repair 30min).
  const FaultSpec inside = parse_ok(R"({
    "groups": [{"name": "rack", "members": ["cpu-0", "cpu-1"]}],
    "events": [{"at": "1h", "kind": "cpu", "target": "cpu-1", "repair": "2h"},
               {"at": "2h", "group": "rack", "repair": "30min"}]})");
  auto ev = make_schedule(inside, small_grid(), 86400, 1);
  CHECK(of(ev, FaultKind::Cpu, 1) == Tx{{3600, 'F'}, {10800, 'H'}});
  CHECK(of(ev, FaultKind::Cpu, 0) == Tx{{7200, 'F'}, {9000, 'H'}});
  for (const auto& e : ev) {
    if (e.target == 1) CHECK(e.group.empty());  // the rack never changed cpu-1's state
  }

  // The rack's repair comes last: the heal is the rack's.
  const FaultSpec outlast = parse_ok(R"({
    "groups": [{"name": "rack", "members": ["cpu-0", "cpu-1"]}],
    "events": [{"at": "1h", "kind": "cpu", "target": "cpu-1", "repair": "2h"},
               {"at": "2h", "group": "rack", "repair": "2h"}]})");
  ev = make_schedule(outlast, small_grid(), 86400, 1);
  REQUIRE(of(ev, FaultKind::Cpu, 1) == Tx{{3600, 'F'}, {14400, 'H'}});
  for (const auto& e : ev) {
    if (e.target == 1 && e.transition == Transition::Heal) CHECK(e.group == "rack");
    if (e.target == 1 && e.transition == Transition::Fail) CHECK(e.cause == "/faults/events/0");
  }

  // One cause ends as another starts: no heal/fail flicker. A zero repair: fail then heal at one instant.
  const FaultSpec touching = parse_ok(R"({"events": [
    {"at": "2h", "kind": "cpu", "target": 0, "repair": "1h"},
    {"at": "1h", "kind": "cpu", "target": 0, "repair": "1h"},
    {"at": "5h", "kind": "cpu", "target": 1, "repair": "0"},
    {"at": "5h", "kind": "cpu", "target": 2}]})");
  ev = make_schedule(touching, small_grid(), 86400, 1);
  CHECK(of(ev, FaultKind::Cpu, 0) == Tx{{3600, 'F'}, {10800, 'H'}});
  CHECK(of(ev, FaultKind::Cpu, 1) == Tx{{18000, 'F'}, {18000, 'H'}});
  CHECK(of(ev, FaultKind::Cpu, 2) == Tx{{18000, 'F'}});  // never repaired: down at the end
  const auto down = downtime_by_target(ev, FaultKind::Cpu, ManagerRole::Master, ManagerMode::Crash, 3, 86400);
  CHECK(down == std::vector<double>{7200, 0, 86400 - 18000});

  // The same target written twice in one event list and by a process: still one state.
  const FaultSpec twice = parse_ok(R"({"events": [
    {"at": "1h", "kind": "cpu", "target": "cpu-0", "repair": "1h"},
    {"at": "1h", "kind": "cpu", "target": 0, "repair": "1h"}]})");
  CHECK(of(make_schedule(twice, small_grid(), 86400, 1), FaultKind::Cpu, 0) == Tx{{3600, 'F'}, {7200, 'H'}});
}

TEST_CASE("manager stalls and crashes are separate states, transitions after the run are dropped",
          "[faults][schedule]") {
  const FaultSpec spec = parse_ok(R"({"events": [
    {"at": "1h", "kind": "manager", "manager": "slave", "mode": "stall", "target": 1, "repair": "2h"},
    {"at": "2h", "kind": "manager", "manager": "slave", "mode": "crash", "target": 1, "repair": "10min"},
    {"at": "3h", "kind": "manager", "manager": "master", "repair": "1h"},
    {"at": "1d", "kind": "cpu", "target": 0, "repair": "1h"},
    {"at": "84600s", "kind": "registry", "repair": "1h"}]})");
  const auto ev = make_schedule(spec, small_grid(), 86400, 1);
  std::vector<std::string> lines;
  for (const auto& e : ev) lines.push_back(to_json(e).dump());
  const std::vector<std::string> expected = {
      R"({"cause":"/faults/events/0","index":1,"kind":"manager","manager":"slave","mode":"stall")"
      R"(,"t":3600.0,"target":"slave1","transition":"fail"})",
      R"({"cause":"/faults/events/1","index":1,"kind":"manager","manager":"slave","mode":"crash")"
      R"(,"t":7200.0,"target":"slave1","transition":"fail"})",
      R"({"cause":"/faults/events/1","index":1,"kind":"manager","manager":"slave","mode":"crash")"
      R"(,"t":7800.0,"target":"slave1","transition":"heal"})",
      R"({"cause":"/faults/events/2","index":0,"kind":"manager","manager":"master","mode":"crash")"
      R"(,"t":10800.0,"target":"master","transition":"fail"})",
      R"({"cause":"/faults/events/0","index":1,"kind":"manager","manager":"slave","mode":"stall")"
      R"(,"t":10800.0,"target":"slave1","transition":"heal"})",
      R"({"cause":"/faults/events/2","index":0,"kind":"manager","manager":"master","mode":"crash")"
      R"(,"t":14400.0,"target":"master","transition":"heal"})",
      R"({"cause":"/faults/events/4","index":0,"kind":"registry","t":84600.0,"target":"registry","transition":"fail"})",
  };
  CHECK(lines == expected);
}

TEST_CASE("partitions carry their sides, each partition entry is its own target", "[faults][schedule]") {
  const FaultSpec spec = parse_ok(R"({"events": [
    {"at": "1h", "kind": "cp_partition", "sides": [[2, "cp0"], ["cp1"]], "repair": "5min"},
    {"at": "1h", "kind": "cp_partition", "sides": [["cp0"], ["cp1"]], "repair": "1h"}]})");
  const auto ev = make_schedule(spec, small_grid(), 86400, 1);
  REQUIRE(ev.size() == 4);
  CHECK(ev[0].target == 0);
  CHECK(ev[0].target_name == "cp0+cp2|cp1");
  CHECK(ev[0].sides[0] == std::vector<int>{0, 2});
  CHECK(ev[0].sides[1] == std::vector<int>{1});
  CHECK(ev[1].target == 1);
  CHECK(ev[1].target_name == "cp0|cp1");
  CHECK(ev[2].target == 0);
  CHECK(ev[2].transition == Transition::Heal);
  CHECK(to_json(ev[0])["sides"] == nlohmann::json::parse("[[0, 2], [1]]"));
}

TEST_CASE("schedules are sorted by time, kind and target, and alternate fail/heal per target", "[faults][schedule]") {
  const FaultSpec spec = parse_ok(kRandom);
  // Constant times make many exact ties, which the order must break by kind and target.
  const FaultSpec ties = parse_ok(R"({"processes": [
    {"kind": "san_port", "ttf": "1d", "ttr": "1h"}, {"kind": "cpu", "ttf": "1d", "ttr": "1h"},
    {"kind": "control_host", "targets": [2, 0], "ttf": "1d", "ttr": "1h"}]})");
  for (const FaultSpec* s : {&spec, &ties}) {
    const auto ev = make_schedule(*s, small_grid(), 60 * 86400.0, 77);
    REQUIRE(ev.size() > 100);
    for (size_t i = 1; i < ev.size(); ++i) {
      const auto& a = ev[i - 1];
      const auto& b = ev[i];
      const auto ka = std::make_tuple(a.t_s, static_cast<int>(a.kind), static_cast<int>(a.manager),
                                      static_cast<int>(a.mode), a.target);
      const auto kb = std::make_tuple(b.t_s, static_cast<int>(b.kind), static_cast<int>(b.manager),
                                      static_cast<int>(b.mode), b.target);
      INFO(i);
      CHECK(ka <= kb);
    }
    std::map<std::tuple<int, int, int, int>, char> last;
    for (const auto& e : ev) {
      auto& l = last[{static_cast<int>(e.kind), static_cast<int>(e.manager), static_cast<int>(e.mode), e.target}];
      const char now = e.transition == Transition::Fail ? 'F' : 'H';
      CHECK(now != (l ? l : 'H'));
      l = now;
      CHECK(e.t_s < 60 * 86400.0);
    }
  }
  const auto ev = make_schedule(ties, small_grid(), 86400 * 1.5, 1);
  // At t = 1d: CPUs first (kind order), then control hosts 0 and 2, then the SAN ports.
  REQUIRE(ev.size() >= 3);
  CHECK(ev[0].kind == FaultKind::Cpu);
  CHECK(ev[0].target == 0);
  CHECK(ev[7].target == 7);
  CHECK(ev[8].kind == FaultKind::ControlHost);
  CHECK(ev[8].target == 0);
  CHECK(ev[9].target == 2);
  CHECK(ev[10].kind == FaultKind::SanPort);
}

TEST_CASE("processes respect start and end, failures in progress at the end still heal", "[faults][schedule]") {
  const FaultSpec spec = parse_ok(R"({"processes": [
    {"kind": "cpu", "targets": [0], "ttf": "1h", "ttr": "30min", "start": "10h", "end": "12h"}]})");
  const auto ev = make_schedule(spec, small_grid(), 86400, 1);
  // Up from 10h: fails at 11h, heals 11h30, next failure at 12h30 is past the end.
  CHECK(of(ev, FaultKind::Cpu, 0) == Tx{{39600, 'F'}, {41400, 'H'}});
  const FaultSpec late = parse_ok(R"({"processes": [
    {"kind": "cpu", "targets": [0], "ttf": "1h", "ttr": "2h", "end": "90min"}]})");
  CHECK(of(make_schedule(late, small_grid(), 86400, 1), FaultKind::Cpu, 0) == Tx{{3600, 'F'}, {10800, 'H'}});
}

TEST_CASE("a schedule that would not fit in memory is refused as bad input", "[faults][schedule]") {
  const FaultSpec spec = parse_ok(R"({"processes": [{"kind": "cpu", "ttf": "1ms", "ttr": "0"}]})");
  try {
    make_schedule(spec, small_grid(), 86400 * 365.0, 1);
    FAIL("expected an InputError");
  } catch (const vsf::InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics().items()[0].pointer == "/faults/processes/0");
    CHECK_THAT(e.diagnostics().items()[0].message, Catch::Contains("more than 1000000 failures"));
  }
}
