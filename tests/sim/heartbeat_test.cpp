// A farm manager's heartbeat (ControlPlane::last_beat): every ping_interval from its start while it works,
// computed rather than beaten by a wake of its actor. Its slave restarts it ("no heartbeat") once no beat
// came for ping_interval + ping_timeout; a stall shorter than that, healed, is not noticed; one that
// resumes beats at once. Defaults: ping_interval 5 s, ping_timeout 2 s (stale after 7 s).
#include <catch2/catch.hpp>

#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

vsf::faults::ScheduledFault fm_stall(double t, double repair, int k) {
  vsf::faults::ScheduledFault f;
  f.at_s = t;
  f.subject.kind = vsf::faults::FaultKind::Manager;
  f.subject.manager = vsf::faults::ManagerRole::FarmManager;
  f.subject.mode = vsf::faults::ManagerMode::Stall;
  f.subject.targets = {vsf::faults::TargetRef{"shop", -1, "/faults/events/" + std::to_string(k) + "/target"}};
  vsf::faults::Distribution d;
  d.value_s = repair;
  f.repair = d;
  f.pointer = "/faults/events/" + std::to_string(k);
  return f;
}

vsf::Scenario one_shop() {
  vsf::Scenario s = base_scenario(4);
  vsf::test::add_queueing_role(s, 0.1, 100);
  vsf::VsfSpec v = make_vsf("shop", {make_tier("srv", 1, 1, 2, "round_robin")}, false);
  v.traffic = {vsf::test::constant_rate(1)};
  s.vsfs = {v};
  s.duration_s = 300;
  return s;
}

std::vector<double> no_heartbeat_restarts(const vsf::test::RunResult& r) {
  std::vector<double> t;
  for (const auto& e : r.of("restart"))
    if (e.value("reason", "") == "no heartbeat") t.push_back(e["t"].get<double>());
  return t;
}

}  // namespace

TEST_CASE("heartbeat: a farm manager stalled for a minute is restarted by its slave for want of heartbeats") {
  vsf::Scenario s = one_shop();
  s.faults.events = {fm_stall(100, 60, 0)};
  const auto r = vsf::test::run(s);
  const auto t = no_heartbeat_restarts(r);
  REQUIRE(t.size() == 1);
  // Its last beat was within the 5 s before the stall; the slave notices on its first check (every 5 s)
  // more than 7 s after that beat.
  CHECK(t[0] > 100 + 2);
  CHECK(t[0] <= 100 + 7 + 5);
}

TEST_CASE("heartbeat: a stall healed before the heartbeat goes stale is not noticed") {
  vsf::Scenario s = one_shop();
  s.faults.events = {fm_stall(100, 1, 0), fm_stall(150, 1, 1)};
  const auto r = vsf::test::run(s);
  CHECK(no_heartbeat_restarts(r).empty());
}

TEST_CASE("heartbeat: a resumed farm manager beats at once") {
  // Stalled 6 s at 100 (resumed at 106, beating then), stalled again at 108 for a minute: the slave may
  // only see a stale heartbeat more than 7 s after 106, whatever the beats before the first stall were.
  vsf::Scenario s = one_shop();
  s.faults.events = {fm_stall(100, 6, 0), fm_stall(108, 60, 1)};
  const auto r = vsf::test::run(s);
  const auto t = no_heartbeat_restarts(r);
  REQUIRE(t.size() == 1);
  CHECK(t[0] > 106 + 7);
  CHECK(t[0] <= 106 + 7 + 5);
}
