// The customer API in a real engine (issue 13 §3): a call within its limits goes through the master and its
// CPUs serve later; a call beyond the plan's max_cpus, or on a fixed plan, is refused and logged; one beyond
// the tier's max is cut; one the idle pool cannot serve shows the master's denial; a -N releases the newest
// serving CPUs down to the tier's min; a rule calls when the tier's queue passes its threshold under an
// overload (request and flow fidelity) and respects its cooldown, and stays silent under a light load.
#include <catch2/catch.hpp>

#include "sim_support.hpp"

using vsf::test::base_scenario;
using vsf::test::make_tier;
using vsf::test::make_vsf;

namespace {

vsf::ApiCall call(const vsf::Scenario& s, int vsf, double at, int change) {
  vsf::ApiCall c;
  c.at_s = at;
  c.vsf = s.vsfs[static_cast<size_t>(vsf)].name;
  c.vsf_index = vsf;
  c.delta = change;
  c.pointer = "/api_calls/" + std::to_string(s.api_calls.size());
  return c;
}

vsf::ServicePlan plan(const std::string& name, std::optional<int> max_cpus, bool fixed = false) {
  vsf::ServicePlan p;
  p.name = name;
  p.max_cpus = max_cpus;
  p.sizing = fixed ? vsf::PlanSizing::Fixed : vsf::PlanSizing::Auto;
  return p;
}

// The api_call events of VSF `vsf`, in order.
std::vector<nlohmann::json> api_calls_of(const vsf::test::RunResult& r, const std::string& vsf) {
  std::vector<nlohmann::json> out;
  for (const auto& e : r.of("api_call"))
    if (e["vsf"] == vsf) out.push_back(e);
  return out;
}

}  // namespace

TEST_CASE("an API call within its limits gets its CPUs from the master and they serve later") {
  vsf::Scenario s = base_scenario(6);
  s.vsfs.push_back(make_vsf("shop", {make_tier("web", 1, 1, 4, "round_robin")}, false));
  s.api_calls.push_back(call(s, 0, 100, 2));
  auto r = vsf::test::run(s);
  const auto calls = r.of("api_call");
  REQUIRE(calls.size() == 1);
  CHECK(calls[0]["t"].get<double>() == Approx(100));
  CHECK(calls[0]["outcome"] == "accepted");
  CHECK(calls[0]["allowed"] == 2);
  CHECK(calls[0]["source"] == "call");
  const auto asks = r.of("scale_request");
  REQUIRE(asks.size() == 1);
  CHECK(asks[0]["reason"] == "api");
  CHECK(asks[0]["requested"] == 2);
  const auto grants = r.of("scale_grant");
  REQUIRE(grants.size() == 1);
  CHECK(grants[0]["granted"] == 2);
  CHECK(grants[0]["reason"] == "api");
  int joined = 0;
  for (const auto& e : r.of("cpu_serving"))
    if (e["t"].get<double>() > 100) ++joined;
  CHECK(joined == 2);  // they boot first: serving later than the call
  const auto& api = r.vsf(0)["api"];
  CHECK(api["calls"] == 1);
  CHECK(api["by_outcome"]["accepted"] == 1);
  CHECK(api["cpus_asked"] == 2);
  CHECK(api["cpus_released"] == 0);
}

TEST_CASE("an API call beyond the plan's max_cpus or on a fixed plan is refused and logged") {
  vsf::Scenario s = base_scenario(10);
  s.models.plans["small"] = plan("small", 3);
  s.models.plans["frozen"] = plan("frozen", std::nullopt, true);
  s.vsfs.push_back(make_vsf("capped", {make_tier("web", 2, 1, 8, "round_robin")}, false));
  s.vsfs.back().plan = "small";
  s.vsfs.push_back(make_vsf("fixed", {make_tier("web", 1, 1, 8, "round_robin")}, false));
  s.vsfs.back().plan = "frozen";
  s.api_calls.push_back(call(s, 0, 50, 2));  // 2 held + 2 > 3: refused whole, not cut
  s.api_calls.push_back(call(s, 0, 60, 1));  // 2 + 1 = 3: within the plan
  s.api_calls.push_back(call(s, 1, 70, 1));
  auto r = vsf::test::run(s);
  const auto capped = api_calls_of(r, "capped");
  REQUIRE(capped.size() == 2);
  CHECK(capped[0]["outcome"] == "refused");
  CHECK(capped[0]["reason"] == "beyond the plan's max_cpus");
  CHECK(capped[0]["held"] == 2);
  CHECK(capped[0]["max_cpus"] == 3);
  CHECK(capped[1]["outcome"] == "accepted");
  const auto fixed = api_calls_of(r, "fixed");
  REQUIRE(fixed.size() == 1);
  CHECK(fixed[0]["outcome"] == "refused");
  CHECK(fixed[0]["reason"] == "the plan is fixed");
  const auto asks = r.of("scale_request");
  REQUIRE(asks.size() == 1);  // the accepted call only
  CHECK(asks[0]["t"].get<double>() == Approx(60));
  CHECK(r.vsf(0)["api"]["by_outcome"]["refused"] == 1);
  CHECK(r.vsf(1)["api"]["by_outcome"]["refused"] == 1);
  CHECK(r.vsf(1)["api"]["cpus_asked"] == 0);
}

TEST_CASE("an API call beyond the tier's max is cut to it") {
  vsf::Scenario s = base_scenario(10);
  s.vsfs.push_back(make_vsf("shop", {make_tier("web", 1, 1, 3, "round_robin")}, false));
  s.api_calls.push_back(call(s, 0, 100, 5));
  s.api_calls.push_back(call(s, 0, 400, 1));  // the tier is at its max by then
  auto r = vsf::test::run(s);
  const auto calls = r.of("api_call");
  REQUIRE(calls.size() == 2);
  CHECK(calls[0]["outcome"] == "cut");
  CHECK(calls[0]["change"] == 5);
  CHECK(calls[0]["allowed"] == 2);
  CHECK(calls[0]["reason"] == "cut to the tier's max");
  CHECK(calls[1]["outcome"] == "refused");
  CHECK(calls[1]["reason"] == "the tier is at its max");
  const auto asks = r.of("scale_request");
  REQUIRE(asks.size() == 1);
  CHECK(asks[0]["requested"] == 2);
  CHECK(r.vsf(0)["api"]["cpus_asked"] == 2);
}

TEST_CASE("an API call the idle pool cannot serve shows the master's denial") {
  vsf::Scenario s = base_scenario(2);
  s.vsfs.push_back(make_vsf("shop", {make_tier("web", 2, 1, 5, "round_robin")}, false));
  s.api_calls.push_back(call(s, 0, 100, 2));
  auto r = vsf::test::run(s);
  const auto calls = r.of("api_call");
  REQUIRE(calls.size() == 1);
  CHECK(calls[0]["outcome"] == "accepted");  // within the plan and the tier: the master decides
  const auto grants = r.of("scale_grant");
  REQUIRE(grants.size() == 1);
  CHECK(grants[0]["granted"] == 0);
  const auto denials = r.of("denial");
  REQUIRE(denials.size() == 1);
  CHECK(denials[0]["reason"] == "idle pool empty");
  CHECK(denials[0]["refused"] == 2);
  CHECK(r.vsf(0)["denials"]["cpus_refused"] == 2);
}

TEST_CASE("an API release frees the newest serving CPUs down to the tier's min") {
  vsf::Scenario s = base_scenario(6);
  s.vsfs.push_back(make_vsf("shop", {make_tier("web", 4, 1, 6, "round_robin")}, false));
  s.api_calls.push_back(call(s, 0, 100, -2));
  s.api_calls.push_back(call(s, 0, 200, -5));  // 2 left, min 1: cut to -1
  s.api_calls.push_back(call(s, 0, 300, -1));  // at the min: refused
  auto r = vsf::test::run(s);
  const auto calls = r.of("api_call");
  REQUIRE(calls.size() == 3);
  CHECK(calls[0]["outcome"] == "accepted");
  CHECK(calls[0]["allowed"] == -2);
  CHECK(calls[1]["outcome"] == "cut");
  CHECK(calls[1]["allowed"] == -1);
  CHECK(calls[2]["outcome"] == "refused");
  CHECK(calls[2]["reason"] == "the tier is at its min");
  const auto released = r.of("cpu_release");
  REQUIRE(released.size() == 3);
  for (const auto& e : released) CHECK(e["reason"] == "api");
  // The newest first: the warm VSF's CPUs joined in id order, so cpu-3 and cpu-2 go first, then cpu-1.
  CHECK(released[0]["cpu"] == "cpu-3");
  CHECK(released[1]["cpu"] == "cpu-2");
  CHECK(released[2]["cpu"] == "cpu-1");
  CHECK(r.vsf(0)["api"]["cpus_released"] == 3);
  CHECK(r.of("scale_request").empty());
}

namespace {

// Two VSFs of one "srv" server (mean service 0.1 s: 10 requests/s), one overloaded at 25 requests/s, one
// light at 2; each with a rule asking for one CPU when its queue is above 20 (checked every 10 s, cooldown
// 60 s). The overloaded queue grows by ~15 requests/s, so the first check at 10 s finds it far above 20.
vsf::Scenario rule_scenario(vsf::Fidelity fidelity) {
  vsf::Scenario s = base_scenario(12);
  s.duration_s = 300;
  vsf::test::add_queueing_role(s, 0.1, 100000);
  for (const auto& [name, rate] : {std::pair<const char*, double>{"busy", 25}, {"light", 2}}) {
    s.vsfs.push_back(make_vsf(name, {make_tier("srv", 1, 1, 8, "shared_queue")}, false));
    s.vsfs.back().fidelity = fidelity;
    s.vsfs.back().timeout_s = 1000;
    s.vsfs.back().traffic = {vsf::test::constant_rate(rate)};
    vsf::ApiRule rule;
    rule.queue_above = 20;
    rule.ask = 1;
    rule.interval_s = 10;
    rule.cooldown_s = 60;
    rule.pointer = "/vsfs/" + std::to_string(s.vsfs.size() - 1) + "/api_rules/0";
    s.vsfs.back().api_rules.push_back(rule);
  }
  return s;
}

// `first_queue`: the queue the first check should read, (25 - 10) requests/s x 10 s = 150 (the fluid's exactly).
void check_rule_calls(const vsf::test::RunResult& r, Approx first_queue) {
  const auto busy = api_calls_of(r, "busy");
  REQUIRE(busy.size() >= 2);
  CHECK(busy[0]["t"].get<double>() == Approx(10));
  CHECK(busy[0]["queue"].get<double>() == first_queue);
  for (size_t i = 0; i < busy.size(); ++i) {
    CHECK(busy[i]["source"] == "rule");
    CHECK(busy[i]["queue"].get<double>() > 20);
    if (i > 0) CHECK(busy[i]["t"].get<double>() - busy[i - 1]["t"].get<double>() >= 60 - 1e-6);  // the cooldown
  }
  // Checks every 10 s, a call at most every 60 s over 300 s: 10, 70, 130, 190, 250 while the queue stays high.
  CHECK(busy.size() <= 5);
  CHECK(api_calls_of(r, "light").empty());
  for (const auto& e : r.of("scale_request")) CHECK(e["vsf"] == "busy");
  CHECK(r.vsf(0)["api"]["calls"].get<long>() == static_cast<long>(busy.size()));
  CHECK(r.vsf(1)["api"]["calls"] == 0);
}

}  // namespace

TEST_CASE("an API rule calls when the queue passes its threshold and respects its cooldown (request fidelity)") {
  // Poisson arrivals and exponential service: 150 +- 2 standard deviations (~sqrt(250 + 100) = 19).
  check_rule_calls(vsf::test::run(rule_scenario(vsf::Fidelity::Request)), Approx(150).margin(40));
}

TEST_CASE("an API rule calls when the queue passes its threshold and respects its cooldown (flow fidelity)") {
  check_rule_calls(vsf::test::run(rule_scenario(vsf::Fidelity::Flow)), Approx(150).epsilon(1e-9));
}

TEST_CASE("an API call before its VSF exists is refused") {
  vsf::Scenario s = base_scenario(4);
  s.vsfs.push_back(make_vsf("late", {make_tier("web", 1, 1, 4, "round_robin")}, false));
  s.vsfs.back().start_s = 200;
  s.api_calls.push_back(call(s, 0, 100, 1));
  auto r = vsf::test::run(s);
  const auto calls = r.of("api_call");
  REQUIRE(calls.size() == 1);
  CHECK(calls[0]["t"].get<double>() == Approx(100));
  CHECK(calls[0]["outcome"] == "refused");
  CHECK(calls[0]["reason"] == "the VSF does not exist yet");
}

TEST_CASE("an API call after its VSF's end is refused and counted") {
  vsf::Scenario s = base_scenario(4);
  s.vsfs.push_back(make_vsf("leaving", {make_tier("web", 1, 1, 4, "round_robin")}, false));
  s.vsfs.back().end_s = 200;
  s.api_calls.push_back(call(s, 0, 100, 1));
  s.api_calls.push_back(call(s, 0, 300, 1));
  auto r = vsf::test::run(s);
  const auto calls = r.of("api_call");
  REQUIRE(calls.size() == 2);
  CHECK(calls[0]["outcome"] == "accepted");
  CHECK(calls[1]["t"].get<double>() == Approx(300));
  CHECK(calls[1]["outcome"] == "refused");
  CHECK(calls[1]["reason"] == "the VSF has ended");
  CHECK(calls[1]["tier"] == "web");
  const auto& api = r.vsf(0)["api"];
  CHECK(api["calls"] == 2);
  CHECK(api["by_outcome"]["refused"] == 1);
}

TEST_CASE("a rule reads a stable flow tier's queue as M/M/1's mean queue length") {
  // One server of mean service 0.1 s offered 8 requests/s: rho = 0.8, Lq = rho^2 / (1 - rho) = 3.2 waiting.
  vsf::Scenario s = base_scenario(4);
  s.duration_s = 60;
  vsf::test::add_queueing_role(s, 0.1, 100000);
  s.vsfs.push_back(make_vsf("steady", {make_tier("srv", 1, 1, 1, "shared_queue")}, false));
  s.vsfs.back().fidelity = vsf::Fidelity::Flow;
  s.vsfs.back().timeout_s = 1000;
  s.vsfs.back().traffic = {vsf::test::constant_rate(8)};
  vsf::ApiRule rule;
  rule.queue_above = 3;  // just below Lq: the first check calls
  rule.interval_s = 20;
  rule.pointer = "/vsfs/0/api_rules/0";
  s.vsfs.back().api_rules.push_back(rule);
  auto r = vsf::test::run(s);
  const auto calls = r.of("api_call");
  REQUIRE(calls.size() == 1);  // then the cooldown (60 s) outlasts the run
  CHECK(calls[0]["t"].get<double>() == Approx(20));
  CHECK(calls[0]["queue"].get<double>() == Approx(3.2).epsilon(1e-6));
  CHECK(calls[0]["outcome"] == "refused");  // the tier's max is 1
}

TEST_CASE("an API release stops at the plan's min_cpus") {
  vsf::Scenario s = base_scenario(8);
  s.models.plans["floor"] = plan("floor", std::nullopt);
  s.models.plans["floor"].min_cpus = 4;
  s.vsfs.push_back(
      make_vsf("shop", {make_tier("web", 3, 1, 6, "round_robin"), make_tier("srv", 2, 1, 4, "round_robin")}, false));
  vsf::test::add_queueing_role(s, 0.1, 10);
  s.vsfs.back().plan = "floor";
  s.api_calls.push_back(call(s, 0, 100, -3));  // web could go to 1, but the VSF holds 5 and the plan keeps 4
  auto r = vsf::test::run(s);
  const auto calls = r.of("api_call");
  REQUIRE(calls.size() == 1);
  CHECK(calls[0]["outcome"] == "cut");
  CHECK(calls[0]["allowed"] == -1);
  CHECK(calls[0]["reason"] == "cut to the plan's min_cpus");
  CHECK(r.of("cpu_release").size() == 1);
}

TEST_CASE("API calls taken at one instant count each other's CPUs") {
  vsf::Scenario s = base_scenario(8);
  s.vsfs.push_back(make_vsf("shop", {make_tier("web", 1, 1, 3, "round_robin")}, false));
  s.vsfs.push_back(make_vsf("big", {make_tier("web", 3, 1, 3, "round_robin")}, false));
  s.api_calls.push_back(call(s, 0, 100, 2));
  s.api_calls.push_back(call(s, 0, 100, 2));  // the first's 2 are not granted yet, but count: at the max
  s.api_calls.push_back(call(s, 1, 100, -1));
  s.api_calls.push_back(call(s, 1, 100, -1));  // not the CPU the first call releases
  auto r = vsf::test::run(s);
  const auto shop = api_calls_of(r, "shop");
  REQUIRE(shop.size() == 2);
  CHECK(shop[0]["outcome"] == "accepted");
  CHECK(shop[1]["outcome"] == "refused");
  CHECK(shop[1]["reason"] == "the tier is at its max");
  const auto released = r.of("cpu_release");
  REQUIRE(released.size() == 2);
  CHECK(released[0]["cpu"] != released[1]["cpu"]);
  CHECK(r.vsf(1)["api"]["cpus_released"] == 2);
}
