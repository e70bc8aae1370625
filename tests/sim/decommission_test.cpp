// Decommissioned VSFs in a real engine (issue 13 §1): at its end a VSF's traffic stops, its CPUs go back
// to the idle pool through the release lifecycle, its bill and CPU-seconds stop, and its farm manager
// leaves the registry, so the slave the master added for it (max_vsfs_per_slave = 1) is removed again.
#include <catch2/catch.hpp>

#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

// "leave" from 300 s to 1500 s with 3 CPUs, "stay" from 0 with 2, on 10 CPUs; one slave wanted, one VSF per
// slave at most, on two control hosts: at start the master adds slave1 and moves "stay"'s farm manager
// there; slave1 becomes master once it is up (slave0 alone is no majority of two), and slave0, which only
// runs "leave"'s farm manager, is left with none at 1500 s.
vsf::Scenario two_vsfs(vsf::Fidelity fidelity) {
  vsf::Scenario s = base_scenario(10);
  s.duration_s = 2400;
  s.grid.control_plane.hosts = 2;
  s.control.slaves = 1;
  s.control.max_vsfs_per_slave = 1;
  vsf::ServicePlan plan;
  plan.name = "p";
  plan.flat_fee = 1;
  plan.included_cpus = 1;
  plan.rate = 1;  // per extra CPU-hour
  plan.billing_period_s = 600;
  s.models.plans["p"] = plan;
  s.vsfs.push_back(make_vsf("leave", {make_tier("web", 3, 3, 3, "round_robin")}, false));
  s.vsfs.push_back(make_vsf("stay", {make_tier("web", 2, 2, 2, "round_robin")}, false));
  for (vsf::VsfSpec& v : s.vsfs) {
    v.traffic = {vsf::test::constant_rate(5)};
    v.fidelity = fidelity;
    v.customer = v.name;
    v.plan = "p";
  }
  s.vsfs[0].start_s = 300;
  s.vsfs[0].end_s = 1500;
  return s;
}

}  // namespace

TEST_CASE("a decommissioned VSF returns its CPUs and stops its traffic and bill") {
  auto r = vsf::test::run(two_vsfs(vsf::Fidelity::Request));
  const auto ended = r.of("vsf_decommissioned");
  REQUIRE(ended.size() == 1);
  CHECK(ended[0]["t"].get<double>() == 1500);
  CHECK(ended[0]["vsf"] == "leave");
  CHECK(ended[0]["cpus_released"].get<int>() == 3);
  // Its three CPUs go back through the release: the idle pool is again 10 - 2 (stay's), as before 300 s.
  std::vector<nlohmann::json> back;
  for (const auto& e : r.of("cpu_idle"))
    if (e.value("from", "") == "leave") back.push_back(e);
  REQUIRE(back.size() == 3);
  CHECK(back.back()["t"].get<double>() > 1500);
  CHECK(back.back()["idle_pool"].get<int>() == 8);
  for (const auto& e : r.of("cpu_release")) CHECK(e["reason"] == "decommission");
  // No arrival after 1500 s: 5/s over 1200 s is 6000 (sd 77); running on to 2400 s would give 10500.
  CHECK(std::abs(r.vsf(0)["requests"]["offered"].get<double>() - 6000) < 400);
  CHECK(std::abs(r.vsf(1)["requests"]["offered"].get<double>() - 12000) < 600);
  CHECK(r.vsf(0)["ended_s"].get<double>() == 1500);
  CHECK(r.vsf(1)["ended_s"].is_null());
  CHECK(r.vsf(0)["cpu_seconds"]["serving"].get<double>() == Approx(3 * 1200));
  // Billed periods start at 300 and 900 only; 2 extra CPUs for 1200 s at 1 per CPU-hour.
  const auto& bill = r.summary["billing"]["vsfs"][0];
  CHECK(bill["flat_fees"]["periods"].get<int>() == 2);
  CHECK(bill["extra"]["amount"].get<double>() == Approx(2 * 1200 / 3600.0));
  // The slave added for it at start is removed once its farm manager is gone; the registry stays whole.
  REQUIRE(r.of("slave_created").size() == 1);
  const auto removed = r.of("slave_removed");
  REQUIRE(removed.size() == 1);
  CHECK(removed[0]["t"].get<double>() > 1500);
  CHECK(removed[0]["slave"] == "slave0");
  CHECK(r.summary["control_plane"]["invariant_violations"].empty());
}

TEST_CASE("a decommissioned flow VSF offers nothing after its end") {
  auto r = vsf::test::run(two_vsfs(vsf::Fidelity::Flow));
  REQUIRE(r.of("vsf_decommissioned").size() == 1);
  CHECK(r.vsf(0)["requests"]["offered"].get<double>() == Approx(5 * 1200).margin(1));
  CHECK(r.vsf(1)["requests"]["offered"].get<double>() == Approx(5 * 2400).margin(1));
}
