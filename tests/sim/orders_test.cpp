// Provisioning orders in a real engine: a cold ordered VSF is created when its review and credit check
// are done (times from the order state machine's draws) and serves once its CPU has booted, so the lead
// time is review + credit check + the lifecycle's time to serve; under "wait" a short pool delays it to
// the first control tick after CPUs free up.
#include <catch2/catch.hpp>

#include "orders/order_flow.hpp"
#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

// Orders `v` at `at_s`, resolved as the loader does (constant review and credit-check times).
void order(vsf::Scenario& s, vsf::VsfSpec v, double at_s) {
  s.provisioning.review = vsf::faults::Distribution::constant(600);
  s.provisioning.credit_check = vsf::faults::Distribution::constant(120);
  vsf::Order o;
  o.at_s = at_s;
  o.pointer = "/orders/0";
  o.vsf = v.name;
  o.customer = v.name;
  std::mt19937_64 rng = vsf::orders::order_stream(s.seed, 0);
  o.steps = vsf::orders::run_order(s.provisioning, at_s, vsf::orders::draw_order(s.provisioning, rng));
  v.start_s = o.steps.ready_s;
  v.order = 0;
  v.customer = v.name;
  o.vsf_index = static_cast<int>(s.vsfs.size());
  s.vsfs.push_back(std::move(v));
  s.orders.push_back(std::move(o));
}

}  // namespace

TEST_CASE("a cold ordered VSF serves after review plus credit check plus its boot") {
  vsf::Scenario s = base_scenario(4);
  s.duration_s = 1800;
  order(s, make_vsf("ordered", {make_tier("web", 1, 1, 1, "round_robin")}, false), 60);
  s.vsfs.back().warm = false;
  auto r = vsf::test::run(s);
  const auto created = r.of("vsf_created");
  REQUIRE(created.size() == 1);
  CHECK(created[0]["t"].get<double>() == 60 + 600 + 120);
  const auto building = r.of("order_building");
  REQUIRE(building.size() == 1);
  CHECK(building[0]["t"].get<double>() == 780);
  const auto serving_cpu = r.of("cpu_serving");
  const auto serving = r.of("order_serving");
  REQUIRE(serving_cpu.size() == 1);
  REQUIRE(serving.size() == 1);
  const double t_serve = serving_cpu[0]["t"].get<double>();
  CHECK(t_serve > 780 + 60);  // at least the power-on self test after the build
  CHECK(serving[0]["t"].get<double>() == t_serve);
  CHECK(serving[0]["lead_time_s"].get<double>() == Approx(t_serve - 60));
  CHECK(r.summary["orders"]["lead_time_s"]["max"].get<double>() == Approx(t_serve - 60));
}

TEST_CASE("an ordered VSF refused for a short pool is never created") {
  vsf::Scenario s = base_scenario(2);
  s.duration_s = 1200;
  s.vsfs.push_back(make_vsf("given", {make_tier("web", 2, 2, 2, "round_robin")}, false));
  s.provisioning.when_pool_short = vsf::PoolShort::Refuse;
  order(s, make_vsf("ordered", {make_tier("web", 1, 1, 1, "round_robin")}, false), 0);
  auto r = vsf::test::run(s);
  const auto refused = r.of("order_refused");
  REQUIRE(refused.size() == 1);
  CHECK(refused[0]["t"].get<double>() == 720);
  CHECK(refused[0]["idle_pool"].get<int>() == 0);
  CHECK(r.of("vsf_created").size() == 1);  // "given" only
  CHECK(r.summary["orders"]["refused"].get<int>() == 1);
}
