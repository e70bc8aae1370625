// Denied scale-outs counted as needs and attempts, and the CPUs a tier's bounds cut from a policy's
// step: a need refused at every tick counts once, a need ends when the load falls, and the cuts by
// max and min show in scale_decision and in summary.json.
#include <catch2/catch.hpp>

#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

constexpr double kTick = 10;

// Acts at the first observation past the threshold and again at the next tick: a refused scale-out is
// retried at every tick while the load lasts.
vsf::PolicySpec eager(int step = 1, double cooldown = 0) {
  vsf::PolicySpec p;
  p.type = vsf::PolicyType::Threshold;
  p.interval_s = kTick;
  p.high = 0.7;
  p.low = 0.3;
  p.window_s = 0;
  p.step = step;
  p.cooldown_s = cooldown;
  return p;
}

// Rates from each (time, rate) on.
vsf::TrafficComponent steps(std::vector<vsf::TrafficStep> s) {
  vsf::TrafficComponent c;
  c.kind = vsf::TrafficKind::Steps;
  c.steps = std::move(s);
  return c;
}

double t_of(const nlohmann::json& e) { return e["t"].get<double>(); }

}  // namespace

TEST_CASE("a scale-out refused at every tick is one need and one attempt per tick") {
  vsf::Scenario s = base_scenario(2);  // one CPU serves, one is left in the pool
  vsf::VsfSpec v = make_vsf("a", {make_tier("web", 1, 1, 4, "round_robin")}, false);
  v.policy = eager();
  v.traffic = {steps({{0, 20}, {50, 500}})};  // a traffic step to five servers' worth
  s.vsfs.push_back(v);
  s.duration_s = 300;
  auto r = vsf::test::run(s);

  const auto asks = r.of("scale_request");
  const auto denials = r.of("denial");
  REQUIRE(denials.size() >= 15);
  // The first ask (after the step) gets the idle CPU; every later tick asks again and is refused.
  REQUIRE(asks.size() == denials.size() + 1);
  CHECK(t_of(asks[0]) == Approx(60));
  for (size_t i = 0; i < denials.size(); ++i) {
    CHECK(denials[i]["attempt"] == i + 1);
    CHECK(denials[i]["requested"] == 1);
    CHECK(denials[i]["refused"] == 1);
    CHECK(denials[i]["idle_pool"] == 0);
    CHECK(t_of(denials[i]) == Approx(70 + kTick * static_cast<double>(i)).margin(0.5));  // every tick
  }
  const auto& d = r.vsf(0)["denials"];
  CHECK(d["needs"] == 1);
  CHECK(d["attempts"] == denials.size());
  CHECK(d["cpus_refused"] == denials.size());
  // Still open at the end: it counts until then.
  CHECK(d["open_s"]["total"].get<double>() == Approx(300 - t_of(denials[0])));
  CHECK(d["open_s"]["max"].get<double>() == Approx(300 - t_of(denials[0])));
  CHECK(r.summary["grid"]["denials"] == d);
  CHECK(r.vsf(0)["scale_outs"] == 1);
}

TEST_CASE("a need ends when the load falls, and a new one opens when it comes back") {
  vsf::Scenario s = base_scenario(2);
  vsf::VsfSpec v = make_vsf("a", {make_tier("web", 1, 1, 4, "round_robin")}, false);
  v.policy = eager();
  v.timeout_s = 5;  // the backlog of the first burst clears soon after it
  v.traffic = {steps({{0, 20}, {50, 500}, {120, 1}, {300, 500}})};
  s.vsfs.push_back(v);
  s.duration_s = 400;
  auto r = vsf::test::run(s);

  const auto denials = r.of("denial");
  std::vector<const nlohmann::json*> first, second;
  for (const auto& e : denials) (t_of(e) < 200 ? first : second).push_back(&e);
  REQUIRE(first.size() >= 3);
  REQUIRE(!second.empty());
  CHECK((*second.front())["attempt"] == 1);  // a new need
  CHECK((*second.back())["attempt"] == second.size());
  const auto& d = r.vsf(0)["denials"];
  CHECK(d["needs"] == 2);
  CHECK(d["attempts"] == denials.size());
  // The first need lasted from its first refusal to a tick after its last one, before the load came back.
  const double first_open = t_of(*first.front()), first_last = t_of(*first.back());
  const double second_open = 400 - t_of(*second.front());
  const double first_s = d["open_s"]["total"].get<double>() - second_open;
  CHECK(first_s >= first_last - first_open + kTick - 0.5);
  CHECK(first_s <= 300 - first_open);
  CHECK(d["open_s"]["max"].get<double>() == Approx(std::max(first_s, second_open)));
}

TEST_CASE("the CPUs a tier's max or min cut from the policy's step are counted and logged") {
  vsf::Scenario s = base_scenario(8);
  vsf::VsfSpec busy = make_vsf("busy", {make_tier("web", 1, 1, 2, "round_robin")}, false);
  busy.policy = eager(3, 60);
  busy.traffic = {vsf::test::constant_rate(500)};
  vsf::VsfSpec quiet = make_vsf("quiet", {make_tier("web", 3, 2, 4, "round_robin")}, false);
  quiet.policy = eager(3, 60);
  quiet.traffic = {vsf::test::constant_rate(1)};
  s.vsfs = {busy, quiet};
  s.duration_s = 200;
  auto r = vsf::test::run(s);

  std::vector<nlohmann::json> b, q;
  for (const auto& e : r.of("scale_decision")) (e["vsf"] == "busy" ? b : q).push_back(e);
  // busy: +3 wanted, 1 fits under max 2; after the cooldown the tier is at max: +3 cut to 0, once.
  REQUIRE(b.size() == 2);
  CHECK(b[0]["wanted"] == 3);
  CHECK(b[0]["applied"] == 1);
  CHECK(b[0]["cut_by_max"] == 2);
  CHECK(b[0]["cut_by_min"] == 0);
  CHECK(b[1]["wanted"] == 3);
  CHECK(b[1]["applied"] == 0);
  CHECK(b[1]["cut_by_max"] == 3);
  CHECK(t_of(b[1]) - t_of(b[0]) >= 60);
  const auto asks = r.of("scale_request");
  REQUIRE(asks.size() == 1);
  CHECK(asks[0]["requested"] == 1);
  CHECK(r.vsf(0)["cpus_cut_by_max"] == 5);
  CHECK(r.vsf(0)["cpus_cut_by_min"] == 0);
  // quiet: -3 wanted, 1 above min 2; then at min: -3 cut to 0, once.
  REQUIRE(q.size() == 2);
  CHECK(q[0]["wanted"] == -3);
  CHECK(q[0]["applied"] == -1);
  CHECK(q[0]["cut_by_min"] == 2);
  CHECK(q[1]["applied"] == 0);
  CHECK(q[1]["cut_by_min"] == 3);
  CHECK(r.vsf(1)["cpus_cut_by_min"] == 5);
  CHECK(r.vsf(1)["cpus_cut_by_max"] == 0);
  for (const auto& e : r.of("scale_decision")) CHECK(!e.contains("p95_s"));
  CHECK(b[0]["p95_ms"].get<double>() > 10);  // ms: a web request takes 10 ms of work alone
}
