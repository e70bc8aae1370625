// Rolling boot-image update of a web tier under constant traffic: the max_unavailable budget holds at
// every instant, waves follow allocation order, the duration is the waves' reboot times rounded up to
// the control ticks, the capacity dip is exactly the budget, and every CPU ends on the new version.
// The test drives rollout_tick from its own control actor (a farm manager's tick, without the control
// plane), with a VSF created directly, so it exercises the rollout alone.
#include "sim/lifecycle/rollout.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <simgrid/s4u.hpp>

#include "sim/engine/world.hpp"
#include "sim_support.hpp"
#include "warm_start.hpp"

namespace sg4 = simgrid::s4u;
using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

constexpr double kTick = 30;     // the control tick of the driving actor
constexpr double kPublish = 60;  // the update's publication, on a tick
constexpr int kWeb = 8;

// A scenario of one warm VSF "a": an LB and 8 web servers, 100 requests/s (10 ms each: 12.5% of the
// tier, 17% with 6 serving), and one update of "web" to "v2" at 60 s with max_unavailable 0.25.
vsf::Scenario rolling_scenario(double duration) {
  vsf::Scenario s = base_scenario(12);
  vsf::VsfSpec v = make_vsf("a", {make_tier("web", kWeb, kWeb, kWeb, "least_outstanding")}, true);
  v.traffic = {vsf::test::constant_rate(100)};
  s.vsfs.push_back(v);
  vsf::ImageUpdate u;
  u.at_s = kPublish;
  u.role = "web";
  u.version = "v2";
  u.max_unavailable = 0.25;
  u.pointer = "/image_updates/0";
  s.image_updates = {u};
  s.duration_s = duration;
  return s;
}

// What the test actors saw inside the run.
struct Observed {
  int max_web_down = 0;                    // web CPUs not serving, sampled every second
  std::vector<std::string> final_images;   // web CPUs' image at the end
  std::map<double, std::string> image_at;  // current_image("web", t)
};

struct Run {
  vsf::test::RunResult result;
  Observed seen;
};

// One run of the scenario: VSF created warm at 0 (LB cpu-0, web cpu-1..8 in that allocation order)
// with its traffic, a control actor calling rollout_tick every kTick, a monitor, and a clock that calls
// rollout_finish at the end.
Run run_rollout(const vsf::Scenario& s) {
  using namespace vsf::sim;
  vsf::test::WarmWorld bench(s);
  World& w = bench.world();
  VsfRuntime& v = *w.vsfs[0];
  vsf::test::warm_start(w, v);

  Observed seen;
  RolloutState state;
  World* wp = &w;
  VsfRuntime* vp = &v;
  Observed* op = &seen;
  RolloutState* sp = &state;
  sg4::Host* host = w.control_host(0);
  sg4::Actor::create("control", host, [wp, vp, sp] {
    for (long k = 1;; ++k) {
      const double t = static_cast<double>(k) * kTick;
      if (t >= wp->end_s) return;
      sg4::this_actor::sleep_until(t);
      rollout_tick(*wp, *vp, *sp, t);
    }
  });
  sg4::Actor::create("monitor", host, [wp, vp, op] {
    for (long k = 1;; ++k) {
      const double t = static_cast<double>(k);
      if (t >= wp->end_s) return;
      sg4::this_actor::sleep_until(t);
      int down = 0;
      for (const CpuRuntime* c : vp->tiers[0].members)
        if (c->state != vsf::CpuState::Serving) ++down;
      op->max_web_down = std::max(op->max_web_down, down);
    }
  });
  bench.start_clock([wp, vp, op, sp] {
    rollout_finish(*wp, *vp, *sp, wp->end_s);
    for (const CpuRuntime* c : vp->tiers[0].members) op->final_images.push_back(c->image);
    for (double t : {0.0, kPublish - 1, kPublish, wp->end_s}) op->image_at[t] = current_image(*wp, "web", t);
  });

  Run out;
  out.result = bench.run();
  out.seen = seen;
  return out;
}

double t_of(const nlohmann::json& e) { return e["t"].get<double>(); }

}  // namespace

TEST_CASE("a rolling update of 8 web servers at max_unavailable 0.25 goes in 4 waves of 2") {
  const vsf::Scenario s = rolling_scenario(900);
  const Run run = run_rollout(s);
  const auto& r = run.result;

  // Waves in allocation order, two CPUs each, each started at a tick.
  const auto steps = r.of("rollout_step");
  REQUIRE(steps.size() == 4);
  const std::vector<std::vector<std::string>> waves = {
      {"cpu-1", "cpu-2"}, {"cpu-3", "cpu-4"}, {"cpu-5", "cpu-6"}, {"cpu-7", "cpu-8"}};
  for (size_t i = 0; i < 4; ++i) {
    CHECK(steps[i]["cpus"].get<std::vector<std::string>>() == waves[i]);
    CHECK(steps[i]["budget"] == 2);
    CHECK(std::fmod(t_of(steps[i]), kTick) == Approx(0).margin(1e-9));
  }
  CHECK(t_of(steps[0]) == Approx(kPublish));
  const auto start = r.of("rollout_start");
  REQUIRE(start.size() == 1);
  CHECK(start[0]["serving"] == kWeb);
  CHECK(start[0]["budget"] == 2);

  // Never more than 2 web CPUs down: sampled every second, and from the lifecycle's own events.
  CHECK(run.seen.max_web_down == 2);
  const auto starts = r.of("reboot_start"), dones = r.of("reboot_done");
  REQUIRE(starts.size() == kWeb);
  REQUIRE(dones.size() == kWeb);
  std::vector<std::pair<double, int>> sweep;
  for (const auto& e : starts) sweep.emplace_back(t_of(e), +1);
  for (const auto& e : dones) sweep.emplace_back(t_of(e), -1);
  std::sort(sweep.begin(), sweep.end());  // at equal times a -1 sorts first: an end frees its slot
  int down = 0, max_down = 0;
  for (const auto& [t, d] : sweep) max_down = std::max(max_down, down += d);
  CHECK(max_down == 2);

  // Each CPU's reboot time, from its own events; bounds from the models: shutdown + POST + image read
  // (alone at best, the array shared with the wave's other CPU at worst) + OS init, plus the LB removal
  // and addition and a drain of the few requests in flight at worst.
  const auto& hw = s.models.hardware.at("standard");
  const auto& web = s.models.roles.at("web");
  const auto& san = s.grid.san_switches.spec;
  const double image_alone = web.boot_image_bytes / std::min(san.port_bandwidth_Bps, s.grid.storage[0].read_Bps);
  const double r_min = hw.shutdown_s + hw.post_s + image_alone + web.os_init_s;
  const double r_max = r_min + image_alone + 2 * s.vsfs[0].lb.reconfig_s + 1.0;
  std::map<std::string, double> began, took;
  for (const auto& e : starts) began[e["cpu"]] = t_of(e);
  for (const auto& e : dones) took[e["cpu"]] = t_of(e) - began.at(e["cpu"]);
  REQUIRE(took.size() == static_cast<size_t>(kWeb));
  for (const auto& [cpu, d] : took) {
    CHECK(d >= r_min - 1e-6);
    CHECK(d <= r_max);
  }

  // Duration: each wave starts at a tick and the next starts at the first tick after both its reboots
  // end; the rollout completes at the tick after the last wave. Exactly, from the measured reboots ...
  double t = kPublish;
  for (const auto& wave : waves) {
    const double end = t + std::max(took.at(wave[0]), took.at(wave[1]));
    t = std::ceil(end / kTick - 1e-9) * kTick;
  }
  const auto& rollouts = r.summary["rollouts"];
  REQUIRE(rollouts.size() == 1);
  const auto& ro = rollouts[0];
  CHECK(ro["vsf"] == "a");
  CHECK(ro["tier"] == "web");
  CHECK(ro["role"] == "web");
  CHECK(ro["version"] == "v2");
  CHECK(ro["published_s"].get<double>() == Approx(kPublish));
  CHECK(ro["completed_s"].get<double>() == Approx(t));
  // ... and within the bounds the models give: 4 waves of one reboot rounded up to the tick.
  const double lo = 4 * std::ceil(r_min / kTick) * kTick, hi = 4 * std::ceil(r_max / kTick) * kTick;
  CHECK(ro["duration_s"].get<double>() >= lo);
  CHECK(ro["duration_s"].get<double>() <= hi);
  CHECK(ro["rebooted"] == kWeb);
  CHECK(r.of("rollout_done").at(0)["rebooted"] == kWeb);
  CHECK(ro["min_capacity_fraction"].get<double>() == Approx(0.75));
  const auto done = r.of("rollout_done");
  REQUIRE(done.size() == 1);
  CHECK(done[0]["duration_s"].get<double>() == Approx(ro["duration_s"].get<double>()));
  CHECK(done[0]["min_capacity_fraction"].get<double>() == Approx(0.75));

  // Every web CPU runs v2; the LB was not touched; nothing unfinished.
  CHECK(run.seen.final_images == std::vector<std::string>(kWeb, "v2"));
  CHECK(r.of("reboot_start", "cpu-0").empty());
  CHECK(r.of("rollout_unfinished").empty());
  CHECK(run.seen.image_at.at(0.0).empty());
  CHECK(run.seen.image_at.at(kPublish - 1).empty());
  CHECK(run.seen.image_at.at(kPublish) == "v2");
  CHECK(run.seen.image_at.at(s.duration_s) == "v2");
  CHECK(r.summary["grid"]["isolation_violations"] == 0);
}

TEST_CASE("a rollout still running at the end of the run is reported unfinished") {
  // 60 s + two waves of ~100 s: the run ends during the second or third wave.
  const vsf::Scenario s = rolling_scenario(300);
  const Run run = run_rollout(s);
  const auto& r = run.result;
  const auto& rollouts = r.summary["rollouts"];
  REQUIRE(rollouts.size() == 1);
  CHECK(rollouts[0]["completed_s"].is_null());
  CHECK(rollouts[0]["duration_s"].is_null());
  const int finished = rollouts[0]["rebooted"].get<int>();
  CHECK(finished >= 2);
  CHECK(finished < kWeb);
  CHECK(static_cast<int>(r.of("reboot_done").size()) >= finished);
  CHECK(rollouts[0]["min_capacity_fraction"].get<double>() == Approx(0.75));
  const auto unfinished = r.of("rollout_unfinished");
  REQUIRE(unfinished.size() == 1);
  CHECK(unfinished[0]["rebooted"] == finished);
  CHECK(r.of("rollout_done").empty());
}
