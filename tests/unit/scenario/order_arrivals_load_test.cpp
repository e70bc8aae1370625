// order_arrivals as the loader expands them: CSV times become orders at those times (in seconds or
// durations), names and customers are NAME-k / CUSTOMER-k unless the template names its customer, a
// lifetime places a decommission order at build + lifetime, the same seed gives the same orders, and the
// explicit orders keep their steps whatever is generated after them.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>

#include "load_errors.hpp"
#include "scenario/loader.hpp"

using namespace vsf;
using namespace vsf::test;
using nlohmann::json;

namespace {

const std::string kFile = std::string(VSFSIM_SOURCE_DIR) + "/tests/unit/inline-test.json";

json base() {
  json doc = json::parse(R"({
    "name": "d", "duration": "10h", "seed": 3,
    "grid": {"cpus": 20, "storage": [{"name": "array0"}]},
    "vsfs": [{"name": "shop", "tiers": [{"role": "web"}], "traffic": {"type": "constant", "rate": 1}}],
    "provisioning": {"review": {"dist": "exponential", "mean": "1h"}, "credit_check": "10min"},
    "orders": [{"at": "1h", "vsf": {"name": "ordered", "tiers": [{"role": "web"}],
                                    "traffic": {"type": "constant", "rate": 1}}}]
  })");
  doc["models"] = {"../../models/hardware.json", "../../models/roles.json", "../../models/switches.json"};
  return doc;
}

json tmpl(const std::string& name) {
  return {{"vsf", {{"name", name}, {"tiers", {{{"role", "web"}}}}, {"traffic", {{"type", "constant"}, {"rate", 1}}}}}};
}

std::string write_csv(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("vsfsim-order-arrivals-" + name + ".csv");
  std::ofstream(path) << text;
  return path.string();
}

}  // namespace

TEST_CASE("order_arrivals from a CSV: one order per time, named NAME-k", "[scenario][orders]") {
  json doc = base();
  json own = tmpl("vip");
  own["customer"] = "bigco";
  doc["order_arrivals"] = {{{"csv", write_csv("a", "at\n2h\n600\n30h\n")}, {"templates", {tmpl("small")}}},
                           {{"csv", write_csv("b", "at\n3h\n")}, {"templates", {own}}}};
  const Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  REQUIRE(s.orders.size() == 4);  // the explicit one, two of small (30h is beyond the run), one of vip
  CHECK(s.orders[1].at_s == 600);
  CHECK(s.orders[1].vsf == "small-1");
  CHECK(s.orders[1].customer == "small-1");
  CHECK(s.orders[2].at_s == 7200);
  CHECK(s.orders[2].vsf == "small-2");
  CHECK(s.orders[3].vsf == "vip-1");
  CHECK(s.orders[3].customer == "bigco");
}

TEST_CASE("order_arrivals: same seed same orders and explicit orders keep their steps", "[scenario][orders]") {
  const Scenario plain = load_scenario_json(kFile, base().dump()).scenario;
  json doc = base();
  doc["order_arrivals"] = {{{"process", "poisson"}, {"rate", 3}, {"templates", {tmpl("a"), tmpl("b")}}}};
  const Scenario s1 = load_scenario_json(kFile, doc.dump()).scenario;
  const Scenario s2 = load_scenario_json(kFile, doc.dump()).scenario;
  REQUIRE(s1.orders.size() > 5);
  REQUIRE(s1.orders.size() == s2.orders.size());
  for (size_t i = 0; i < s1.orders.size(); ++i) {
    CHECK(s1.orders[i].at_s == s2.orders[i].at_s);
    CHECK(s1.orders[i].vsf == s2.orders[i].vsf);
    CHECK(s1.orders[i].steps.ready_s == s2.orders[i].steps.ready_s);
  }
  CHECK(s1.orders[0].steps.reviewed_s == plain.orders[0].steps.reviewed_s);
  doc["seed"] = 4;
  const Scenario other = load_scenario_json(kFile, doc.dump()).scenario;
  CHECK(other.orders[1].at_s != s1.orders[1].at_s);
}

TEST_CASE("order_arrivals: a lifetime places a decommission order at build plus lifetime", "[scenario][orders]") {
  json doc = base();
  doc["provisioning"] = {{"review", "30min"}, {"credit_check", "5min"}};
  json t = tmpl("short");
  t["lifetime"] = "2h";
  doc["order_arrivals"] = {{{"csv", write_csv("c", "at\n1h\n9h\n")}, {"templates", {t}}}};
  const Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  // 1h: built at 1h35, decommission ordered at 3h35, carried out after its 30 min review at 4h05.
  // 9h: built at 9h35, its lifetime ends beyond the run: no decommission order.
  REQUIRE(s.orders.size() == 4);
  const Order& d = s.orders[3];
  CHECK(d.kind == OrderKind::Decommission);
  CHECK(d.vsf == "short-1");
  CHECK(d.at_s == Approx(3.5 * 3600 + 300));
  CHECK(d.steps.ready_s == Approx(4 * 3600 + 300));
  const VsfSpec& v = s.vsfs[static_cast<size_t>(s.orders[1].vsf_index)];
  CHECK(v.name == "short-1");
  CHECK(v.end_s == Approx(4 * 3600 + 300));
  CHECK(v.decommission_order == 3);
}

TEST_CASE("order_arrivals: a template's vary draws each order's VSF as a group copy", "[scenario][orders]") {
  json doc = base();
  json t = tmpl("varied");
  t["vsf"]["tiers"] = {{{"role", "web"}, {"initial", 1}, {"max", 9}}};
  t["vary"] = {{"tiers", {{{"max", {{"dist", "uniform"}, {"min", 2}, {"max", 8}}}}}}};
  doc["order_arrivals"] = {{{"process", "poisson"}, {"rate", 4}, {"templates", {t}}}};
  const Scenario s = load_scenario_json(kFile, doc.dump()).scenario;
  std::set<int> maxes;
  int varied = 0;
  for (const VsfSpec& v : s.vsfs) {
    if (v.name.rfind("varied-", 0) != 0) continue;
    ++varied;
    CHECK(v.tiers[0].max >= 2);
    CHECK(v.tiers[0].max <= 8);
    maxes.insert(v.tiers[0].max);
  }
  REQUIRE(varied > 10);
  CHECK(maxes.size() > 2);  // drawn, not the template's 9 for all
  const Scenario again = load_scenario_json(kFile, doc.dump()).scenario;
  REQUIRE(again.vsfs.size() == s.vsfs.size());
  for (size_t i = 0; i < s.vsfs.size(); ++i) CHECK(again.vsfs[i].tiers[0].max == s.vsfs[i].tiers[0].max);
}
