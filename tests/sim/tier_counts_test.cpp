// A tier's counts of serving, pending and draining CPUs are kept as CPUs join, change state, are lost and
// leave (World::join_members / set_state / set_lost / leave_members), not counted by a walk at each read:
// they must equal the walk (walk_tier) at every step of joins, releases, crashes and evictions, and after
// a CPU is listed in two tiers at once (the bug the audit reports), where count_tier walks. The same for a
// tier's newest member (newest_member: the last of `members`, or a walk once the list's order may break) and
// its hardware (newest_hw: kept in the tier).
#include <catch2/catch.hpp>
#include <functional>
#include <simgrid/s4u.hpp>

#include "sim/engine/world.hpp"
#include "sim/faults/fault_dataplane.hpp"
#include "sim/lifecycle/cpu_lifecycle.hpp"
#include "sim/managers/direct_allocation.hpp"
#include "sim_support.hpp"
#include "warm_start.hpp"

namespace sim = vsf::sim;
namespace sg4 = simgrid::s4u;

namespace {

struct Seen {
  int checks = 0, mismatches = 0;
  int newest_mismatches = 0;
  int max_serving = 0, max_pending = 0, max_draining = 0;
  bool walked = false;  // some tier counted by a walk (walk_counts)
};

void check_all(sim::World& w, Seen& seen) {
  for (auto& vp : w.vsfs)
    for (const sim::TierRuntime& t : vp->tiers) {
      const sim::TierCounts kept = sim::count_tier(t), walked = sim::walk_tier(t);
      ++seen.checks;
      if (kept.serving != walked.serving || kept.pending != walked.pending || kept.draining != walked.draining)
        ++seen.mismatches;
      const sim::CpuRuntime* newest = sim::walk_newest(t);
      if (sim::newest_member(t) != newest) ++seen.newest_mismatches;
      if (sim::newest_hw(t) != (newest != nullptr ? newest->hw : nullptr)) ++seen.newest_mismatches;
      seen.max_serving = std::max(seen.max_serving, walked.serving);
      seen.max_pending = std::max(seen.max_pending, walked.pending);
      seen.max_draining = std::max(seen.max_draining, walked.draining);
      seen.walked = seen.walked || t.walk_counts;
    }
}

sim::CpuRuntime* idle_cpu(sim::World& w) {
  for (sim::CpuRuntime& c : w.cpus)
    if (c.vsf < 0 && c.usable()) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("a tier's kept counts equal a walk over its members through joins, releases, losses and evictions") {
  vsf::Scenario s = vsf::test::base_scenario(8);
  vsf::test::add_queueing_role(s, 0.01, 100);
  vsf::VsfSpec a = vsf::test::make_vsf(
      "a", {vsf::test::make_tier("web", 2, 1, 6, "round_robin"), vsf::test::make_tier("srv", 1, 1, 4, "shared_queue")},
      false);
  a.traffic = {vsf::test::constant_rate(1)};
  s.vsfs.push_back(a);
  s.duration_s = 400;

  Seen seen;
  vsf::test::WarmWorld bench(s);
  sim::World* wp = &bench.world();
  sg4::Actor::create("script", wp->platform.fabric, [wp, &seen] {
    sim::World& w = *wp;
    for (auto& vp : w.vsfs) vsf::test::warm_start(w, *vp);
    check_all(w, seen);
    // Two CPUs join tier 0 (pending while they boot), one joins tier 1.
    for (int tier : {0, 0, 1}) {
      sim::CpuRuntime* c = idle_cpu(w);
      sim::allocate(w, *c, 0, tier, "test");
      sim::start_join(w, *c, sg4::Engine::get_clock());
    }
    auto& web = w.vsfs[0]->tiers[0];
    for (double t = 1; t <= 300; t += 1) {
      sg4::this_actor::sleep_until(t);
      if (t == 2) sim::mark_lost(w, *web.members.front(), "test");  // lost while serving: counted nowhere
      if (t == 3) sim::start_evict(w, *web.members.front(), "test");
      if (t == 150) sim::start_release(w, *web.members.back(), "test");  // draining, stopping, then gone
      // At 200 s a joining CPU is lost mid-boot, then evicted.
      if (t == 200) {
        sim::CpuRuntime* c = idle_cpu(w);
        sim::allocate(w, *c, 0, 0, "test");
        sim::start_join(w, *c, t);
        sg4::this_actor::sleep_for(0.5);
        check_all(w, seen);
        sim::mark_lost(w, *c, "test");
        check_all(w, seen);
        sim::start_evict(w, *c, "test");
      }
      if (t == 250) {  // an allocated CPU allocated again, to the other tier: listed in both
        sim::CpuRuntime* c = web.members.front();
        sim::allocate(w, *c, 0, 1, "test");
      }
      check_all(w, seen);
    }
  });
  bench.start_clock();
  bench.run();

  CHECK(seen.checks > 500);
  CHECK(seen.mismatches == 0);
  CHECK(seen.newest_mismatches == 0);
  // The script reached every count, and the doubly listed CPU made its tiers walk.
  CHECK(seen.max_serving >= 3);
  CHECK(seen.max_pending >= 2);
  CHECK(seen.max_draining >= 1);
  CHECK(seen.walked);
}

TEST_CASE("a tier member taken again as an LB, with a newer join_seq than the tier's last, is still its newest") {
  vsf::Scenario s = vsf::test::base_scenario(8);
  vsf::test::add_queueing_role(s, 0.01, 100);
  s.vsfs.push_back(vsf::test::make_vsf("b", {vsf::test::make_tier("srv", 3, 1, 6, "round_robin")}, true));
  s.duration_s = 10;

  const sim::CpuRuntime *before = nullptr, *after = nullptr, *walked = nullptr, *taken = nullptr;
  bool walks = false;
  vsf::test::WarmWorld bench(s);
  sim::World* wp = &bench.world();
  sg4::Actor::create("script", wp->platform.fabric, [&, wp] {
    sim::World& w = *wp;
    for (auto& vp : w.vsfs) vsf::test::warm_start(w, *vp);
    const sim::TierRuntime& t = w.vsfs[0]->tiers[0];
    before = sim::newest_member(t);
    taken = t.members.front();
    sim::allocate(w, *t.members.front(), 0, sim::kLbTier, "test");  // the bug the audit reports
    after = sim::newest_member(t);
    walked = sim::walk_newest(t);
    walks = t.walk_counts;
  });
  bench.start_clock();
  bench.run();

  REQUIRE(before != nullptr);
  CHECK(before != taken);  // the tier's last member was its newest
  CHECK(walks);            // taken again while listed: the tier is walked from now on
  CHECK(after == taken);   // now the taken CPU is (the highest join_seq), though not last in the list
  CHECK(after == walked);
}

TEST_CASE("a tier's newest hardware follows its last member as CPUs of different hardware join and leave") {
  vsf::Scenario s = vsf::test::base_scenario(8);
  vsf::test::add_queueing_role(s, 0.01, 100);
  s.duration_s = 10;
  vsf::HardwareProfile small, mid, big;             // three CPUs of the pool given distinct hardware
  std::vector<const vsf::HardwareProfile*> seen;    // newest_hw after each step
  std::vector<const vsf::HardwareProfile*> walked;  // the walk's newest's hardware at the same steps
  vsf::test::WarmWorld bench(s);
  sim::World* wp = &bench.world();
  sg4::Actor::create("script", wp->platform.fabric, [&, wp] {
    sim::World& w = *wp;
    sim::TierRuntime t;
    sim::CpuRuntime &a = w.cpus[0], &b = w.cpus[1], &c = w.cpus[2];
    a.hw = &small;
    b.hw = &mid;
    c.hw = &big;
    uint64_t seq = 0;
    auto note = [&] {
      seen.push_back(sim::newest_hw(t));
      const sim::CpuRuntime* n = sim::walk_newest(t);
      walked.push_back(n != nullptr ? n->hw : nullptr);
    };
    for (sim::CpuRuntime* x : {&a, &b, &c}) {
      x->join_seq = ++seq;
      w.join_members(*x, t);
      note();  // small, mid, big
    }
    w.leave_members(c, t);  // the last leaves: mid is the newest again
    note();
    w.leave_members(a, t);  // not the last: still mid
    note();
    w.leave_members(b, t);  // empty
    note();
  });
  bench.start_clock();
  bench.run();

  using P = const vsf::HardwareProfile*;
  CHECK(seen == std::vector<P>{&small, &mid, &big, &mid, &mid, nullptr});
  CHECK(seen == walked);
}
