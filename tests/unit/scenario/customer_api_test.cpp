// api_calls and vsfs[].api_rules: read in SI units, calls sorted by time (stable) with their VSF and tier
// resolved by name and role, a call to an ordered VSF accepted (judged at run time); each bad value refused
// with its pointer, all at once.
#include <catch2/catch.hpp>

#include "load_errors.hpp"
#include "scenario/loader.hpp"

using namespace vsf;
using namespace vsf::test;
using nlohmann::json;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/tests/unit/inline-test.json";

json doc_with(const json& calls, const json& rules) {
  json doc = json::parse(R"({
    "name": "api", "duration": "1h", "seed": 3,
    "grid": {"cpus": 20, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "shop", "tiers": [{"role": "web"}, {"role": "app"}], "traffic": {"type": "constant", "rate": 1}}],
    "orders": [{"at": "10min", "vsf": {"name": "later", "tiers": [{"role": "web"}], "traffic": {"type": "constant", "rate": 1}}}]
  })");
  doc["models"] = {"../../models/hardware.json", "../../models/roles.json", "../../models/switches.json"};
  doc["api_calls"] = calls;
  doc["vsfs"][0]["api_rules"] = rules;
  return doc;
}

}  // namespace

TEST_CASE("api_calls are sorted by time with VSF and tier resolved and rules are in SI units", "[scenario][api]") {
  const json calls = json::parse(R"([
    {"at": "30min", "vsf": "shop", "tier": "app", "change": -2},
    {"at": "5min", "vsf": "shop", "change": 3},
    {"at": "30min", "vsf": "later", "change": 1}
  ])");
  const json rules = json::parse(R"([{"tier": "app", "queue_above": 40, "ask": 2, "queue_below": 5, "interval": "30s",
                                      "cooldown": "2min"}, {"queue_above": 1}])");
  const Scenario s = load_scenario_json(kFile, doc_with(calls, rules).dump()).scenario;
  REQUIRE(s.api_calls.size() == 3);
  CHECK(s.api_calls[0].at_s == 300);
  CHECK(s.api_calls[0].delta == 3);
  CHECK(s.api_calls[0].tier_index == 0);
  CHECK(s.api_calls[0].pointer == "/api_calls/1");
  CHECK(s.api_calls[1].pointer == "/api_calls/0");  // ties keep the file's order
  CHECK(s.api_calls[1].tier_index == 1);
  CHECK(s.api_calls[1].delta == -2);
  CHECK(s.api_calls[2].vsf == "later");
  CHECK(s.api_calls[2].vsf_index == 1);  // the ordered VSF, approved at once with the default provisioning
  const std::vector<ApiRule>& r = s.vsfs[0].api_rules;
  REQUIRE(r.size() == 2);
  CHECK(r[0].tier_index == 1);
  CHECK(r[0].queue_above == 40);
  CHECK(r[0].queue_below == 5);
  CHECK(r[0].ask == 2);
  CHECK(r[0].release == 1);
  CHECK(r[0].interval_s == 30);
  CHECK(r[0].cooldown_s == 120);
  CHECK(r[1].tier_index == 0);
  CHECK(r[1].queue_below < 0);
  CHECK(r[1].pointer == "/vsfs/0/api_rules/1");
  // An order that is rejected has no VSF: its calls still load and are refused at run time.
  json rejected = doc_with(calls, rules);
  rejected["provisioning"] = {{"reject_probability", 1}};
  const Scenario t = load_scenario_json(kFile, rejected.dump()).scenario;
  REQUIRE(t.api_calls.size() == 3);
  CHECK(t.api_calls[2].vsf_index == -1);
}

TEST_CASE("api_calls and api_rules: every bad value is refused with its pointer and all at once", "[scenario][api]") {
  const json calls = json::parse(R"([
    {"at": "1h", "vsf": "shop", "change": 1},
    {"at": "1min", "vsf": "shpo", "change": 1},
    {"at": "1min", "vsf": "shop", "tier": "db", "change": 1},
    {"at": "1min", "vsf": "shop", "change": 0},
    {"at": "1min", "vsf": "shop"},
    {"at": "1min", "vsf": "shop", "change": 1, "chnage": 2}
  ])");
  const json rules = json::parse(R"([{"ask": 1}, {"queue_above": 3, "queue_below": 4}, {"queue_above": 1, "tier": "lb"},
                                     {"queue_above": 1, "interval": 0}])");
  const std::vector<std::string> e = load_errors(kFile, doc_with(calls, rules));
  INFO(join(e));
  CHECK(has(e, "/api_calls/0/at: expected a call before the end of the run"));
  CHECK(has(e, "/api_calls/1/vsf: unknown VSF \"shpo\""));
  CHECK(has(e, "/api_calls/2/tier: VSF \"shop\" has no tier \"db\""));
  CHECK(has(e, "/api_calls/3/change: expected a change other than 0"));
  CHECK(has(e, "/api_calls/4: missing required key \"change\""));
  CHECK(has(e, "/api_calls/5/chnage: unknown key \"chnage\""));
  CHECK(has(e, "/vsfs/0/api_rules/0: an API rule needs queue_above"));
  CHECK(has(e, "/vsfs/0/api_rules/1/queue_below: expected queue_below less than queue_above"));
  CHECK(has(e, "/vsfs/0/api_rules/2/tier: VSF \"shop\" has no tier \"lb\""));
  CHECK(has(e, "/vsfs/0/api_rules/3/interval"));
  CHECK(e.size() == 10);
}
